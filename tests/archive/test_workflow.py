"""The workflow: steps record who and when, send-back needs a reason, batch actions, queues."""

from __future__ import annotations

import pytest

from archive import register, workflow
from archive.register import Period
from archive.workflow import WorkflowError
from gazette.office.auth import PermissionDenied


@pytest.fixture
def entries(ctx) -> list[int]:
    with ctx.uow() as uow:
        register.register_period(uow, Period((1990, 1), (1993, 12), "monthly", 1))
        uow.commit()
    with ctx.uow() as uow:
        return [r.entry_id for r in register.rows(uow)]


def test_locate_a_box_then_steps_record_who_and_when(ctx, entries) -> None:
    box = entries[:12]
    with ctx.uow() as uow:
        assert workflow.locate(uow, box, "市档案馆 2 号库", box="B-1990") == 12
        uow.commit()
    ctx.user = "王扫描"
    with ctx.uow() as uow:
        workflow.advance(uow, box[:3])
        uow.commit()
    with ctx.uow() as uow:
        got = register.rows(uow, box[:4])
        hist = register.history(uow, box[0])
    assert [r.state for r in got] == ["scanned", "scanned", "scanned", "located"]
    assert got[0].state_by == "王扫描" and got[0].state_at is not None
    assert got[0].box == "B-1990"
    assert [(h[2], h[3], h[4]) for h in hist] == [
        ("advance", "to_locate", "located"),
        ("advance", "located", "scanned"),
    ]
    assert hist[1][1] == "王扫描"


def test_located_needs_a_location(ctx, entries) -> None:
    with ctx.uow() as uow, pytest.raises(WorkflowError, match="馆藏位置"):
        workflow.advance(uow, entries[:1])


def test_advance_step_by_step_and_send_back_with_reason(ctx, entries) -> None:
    e = entries[0]
    with ctx.uow() as uow:
        assert workflow.advance(uow, [e], "ocred", location="市档案馆") == 3
        uow.commit()
    with ctx.uow() as uow:
        assert workflow.advance(uow, [e], "proofread") == 1
        uow.commit()
    with ctx.uow() as uow:
        with pytest.raises(WorkflowError, match="原因"):
            workflow.send_back(uow, [e], "scanned", "  ")
        with pytest.raises(WorkflowError, match="更早"):
            workflow.send_back(uow, [e], "catalogued", "错了")
        workflow.send_back(uow, [e], "已扫描", "第 3 页缺角，需重扫")
        uow.commit()
    with ctx.uow() as uow:
        (row,) = register.rows(uow, [e])
        hist = register.history(uow, e)
    assert row.state == "scanned"
    assert hist[-1][2:] == ("send_back", "proofread", "scanned", "第 3 页缺角，需重扫")
    with ctx.uow() as uow, pytest.raises(WorkflowError, match="不能前进"):
        workflow.advance(uow, [e], "located")


def test_batch_assign_and_queues(ctx, entries) -> None:
    with ctx.uow() as uow:
        workflow.assign(uow, entries[:40], "李档案")
        workflow.assign(uow, entries[40:45], "赵校对")
        workflow.locate(uow, entries[:2], "市档案馆")
        uow.commit()
    with ctx.uow() as uow:
        q = workflow.queue(uow, "李档案")
        assert len(q) == 40
        assert q[0].state == "to_locate" and q[-1].state == "located"
        assert workflow.people(uow) == [("李档案", 40), ("赵校对", 5)]
        counts = {c.code: c.count for c in workflow.counts(uow)}
    assert counts["to_locate"] == 46 and counts["located"] == 2


def test_missing_issue_blocks_advance_until_found(ctx, entries) -> None:
    with ctx.uow() as uow:
        with pytest.raises(WorkflowError, match="何处查找"):
            workflow.mark_missing(uow, entries[5:6], "")
        workflow.mark_missing(uow, entries[5:6], "市档案馆、省图书馆")
        with pytest.raises(WorkflowError, match="缺期"):
            workflow.advance(uow, entries[5:6], location="x")
        workflow.locate(uow, entries[5:6], "旧书市场购得")
        uow.commit()
    with ctx.uow() as uow:
        (row,) = register.rows(uow, entries[5:6])
    assert row.state == "located" and not row.missing


def test_reader_may_not_change_the_workflow(ctx, entries) -> None:
    ctx.role = "reader"
    with ctx.uow() as uow, pytest.raises(PermissionDenied):
        workflow.assign(uow, entries[:1], "某人")


@pytest.mark.postgres
def test_register_workflow_and_plan_on_postgresql(pg_ctx) -> None:
    import datetime as dt

    from archive import plan

    with pg_ctx.uow() as uow:
        register.register_period(uow, Period((2000, 1), (2000, 12), "semimonthly", 1))
        plan.create_plan(uow, dt.date(2026, 1, 5))
        uow.commit()
    with pg_ctx.uow() as uow:
        ids = [r.entry_id for r in register.rows(uow)]
        workflow.advance(uow, ids[:6], "scanned", location="档案馆", at=dt.datetime(2026, 2, 1))
        workflow.send_back(uow, ids[:1], "located", "重扫", at=dt.datetime(2026, 2, 8))
        uow.commit()
    with pg_ctx.uow() as uow:
        st = plan.status(uow, dt.date(2026, 3, 2))
        gaps = register.find_gaps(uow)
    assert len(ids) == 24 and gaps.empty
    assert {s.step: s.done for s in st.steps}["scanned"] == 5


def test_only_a_recognised_issue_becomes_proofread(ctx, entries) -> None:
    """已校对 checks recognised text: a jump from 已扫描 across 已识别 is refused, nothing moves."""
    e = entries[0]
    with ctx.uow() as uow:
        workflow.advance(uow, [e], "scanned", location="市档案馆")
        uow.commit()
    with ctx.uow() as uow, pytest.raises(WorkflowError, match="识别完成（已识别）后才能校对"):
        workflow.advance(uow, [e], "proofread")
    with ctx.uow() as uow:
        (row,) = register.rows(uow, [e])
    assert row.state == "scanned"
