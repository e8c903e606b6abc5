"""The plan: targets, burn-down replayed from events, velocity and forecast arithmetic."""

from __future__ import annotations

import datetime as dt

import pytest

from archive import plan, register, workflow
from archive.register import Period

TODAY = dt.date(2026, 3, 2)


@pytest.fixture
def backlog(ctx) -> list[int]:
    with ctx.uow() as uow:
        register.register_period(uow, Period((1996, 1), (2005, 12), "monthly", 1))  # 120
        uow.commit()
    with ctx.uow() as uow:
        ids = [r.entry_id for r in register.rows(uow)]
        plan.create_plan(uow, dt.date(2026, 1, 5))
        uow.commit()
    return ids


def test_quarter_ends_and_default_deadline(ctx, backlog) -> None:
    assert plan.quarter_end(dt.date(2026, 1, 1), 1) == dt.date(2026, 3, 31)
    assert plan.quarter_end(dt.date(2026, 1, 1), 12) == dt.date(2028, 12, 31)
    with ctx.uow() as uow:
        p = plan.current_plan(uow)
        assert p is not None
        assert p.deadline == dt.date(2029, 1, 5)
        targets = {(t.quarter, t.step): t.done for t in p.targets}
    assert targets[(12, "published")] == 120 and targets[(6, "scanned")] == 60


def test_velocity_forecast_and_needed_rate(ctx, backlog) -> None:
    # 2 issues located per week over the last 8 weeks: 16 done, 104 left
    for week in range(8):
        when = dt.datetime(2026, 1, 6, 10) + dt.timedelta(weeks=week)
        with ctx.uow() as uow:
            workflow.advance(uow, backlog[2 * week : 2 * week + 2], location="档案馆", at=when)
            uow.commit()
    with ctx.uow() as uow:
        st = plan.status(uow, TODAY)
    located = st.steps[0]
    assert (located.step, located.done, located.remaining) == ("located", 16, 104)
    assert located.per_week == pytest.approx(2.0)
    assert located.forecast == TODAY + dt.timedelta(weeks=52)  # 104 / 2 per week
    assert not located.late
    weeks_left = (dt.date(2029, 1, 5) - TODAY).days / 7
    scanned = st.steps[1]
    assert scanned.forecast is None and scanned.late
    assert scanned.needed_per_week == pytest.approx(120 / weeks_left)
    assert st.forecast is None and st.late
    assert any("已扫描" in w and "每周 0.8 期" in w for w in st.warnings())
    # burn-down: first week 120 left, today 104; the plan line falls linearly
    assert st.actual["located"][0] == 120 and st.actual["located"][-1] == 104
    assert st.planned["located"][0] == 120 and st.planned["located"][-1] < 120
    assert st.by_person == [("admin", 16)]


def test_send_back_moves_the_burn_down_back_up(ctx, backlog) -> None:
    when = dt.datetime(2026, 2, 10, 9)
    with ctx.uow() as uow:
        workflow.advance(uow, backlog[:10], "scanned", location="档案馆", at=when)
        workflow.send_back(uow, backlog[:4], "located", "扫描模糊", at=when + dt.timedelta(days=7))
        uow.commit()
    with ctx.uow() as uow:
        st = plan.status(uow, TODAY)
    scanned = {s.step: s for s in st.steps}["scanned"]
    assert scanned.done == 6 and scanned.per_week == pytest.approx(6 / 8)
    assert st.actual["scanned"][-1] == 114


def test_a_slow_step_is_late_with_the_rate_needed(ctx, backlog) -> None:
    with ctx.uow() as uow:
        workflow.advance(uow, backlog[:1], location="档案馆", at=dt.datetime(2026, 2, 20))
        uow.commit()
    with ctx.uow() as uow:
        st = plan.status(uow, TODAY)
    located = st.steps[0]
    # 1 issue in 8 weeks = 0.125/week; 119 left → 952 weeks, far past the deadline
    assert located.forecast == TODAY + dt.timedelta(weeks=952)
    assert located.late


def test_one_page_report_pdf(ctx, backlog, tmp_path) -> None:
    from pypdf import PdfReader

    from archive.plan_report import write_report

    with ctx.uow() as uow:
        workflow.advance(
            uow, backlog[:30], "scanned", location="档案馆", at=dt.datetime(2026, 2, 1)
        )
        workflow.assign(uow, backlog[:5], "李档案")
        uow.commit()
    with ctx.uow() as uow:
        st = plan.status(uow, TODAY)
    out = write_report(st, tmp_path / "report.pdf", "宿迁市人民政府公报")
    reader = PdfReader(out)
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    assert "宿迁市人民政府公报历史公报数字化进度报告" in text
    assert "已扫描" in text and "需每周" in text and "admin" in text
