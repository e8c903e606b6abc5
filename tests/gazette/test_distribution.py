"""The recipients list and each issue's distribution: checks, history, freezing at 定稿, the 印数
in the colophon, the editor's override, receipts, and the roles."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from gazette.db import UnitOfWork
from gazette.db.models import AuditEntry, Department
from gazette.departments import roster as deps
from gazette.departments.fields import FieldError
from gazette.distribution import issue as dist
from gazette.distribution import recipients as rcp
from gazette.issues import planning as issues
from gazette.issues.render import load_input
from gazette.layout import styles
from gazette.layout.fonts import font_set
from gazette.layout.para import Typesetter
from gazette.layout.pdfwrite import write_pdf
from gazette.layout.typeset import typeset_colophon
from gazette.office import settings
from gazette.office.auth import PermissionDenied
from tests.gazette.distribution_setup import many
from tests.gazette.test_issues import _full_issue
from tests.gazette.workflow_setup import SIGNER, finalise


def _save(ctx, inputs: list[rcp.RecipientInput]) -> list[int]:  # type: ignore[no-untyped-def]
    with ctx.uow() as uow:
        ids = [rcp.save(uow.session, inp)[0] for inp in inputs]
        uow.commit()
    return ids


@pytest.mark.parametrize(
    ("change", "column"),
    [
        ({"postcode": "22380"}, "邮政编码"),
        ({"postcode": "023800"}, "邮政编码"),
        ({"phone": "打电话"}, "电话"),
        ({"copies": 0}, "每期份数"),
        ({"category": "企业"}, "类别"),
        ({"method": "快递"}, "发送方式"),
        ({"name": "  "}, "单位名称"),
        ({"from_issue": "2026-05", "to_issue": "2026-03"}, "截止期次"),
    ],
)
def test_a_bad_field_is_named_in_chinese(ctx, change: dict, column: str) -> None:
    inp = many(1)[0].__class__(**{**many(1)[0].__dict__, **change})
    with ctx.uow() as uow, pytest.raises(FieldError) as err:
        rcp.save(uow.session, inp)
    assert err.value.field == column


def test_copies_history_reads_in_the_offices_clock(ctx, monkeypatch) -> None:
    import datetime as dt
    import time

    from gazette.db.models import RecipientCopies

    monkeypatch.setenv("TZ", "Asia/Shanghai")
    time.tzset()
    try:
        (rid,) = _save(ctx, many(1))
        with ctx.uow() as uow:
            row = uow.session.scalars(
                select(RecipientCopies).where(RecipientCopies.recipient_id == rid)
            ).one()
            row.at = dt.datetime(2026, 3, 31, 17, 30)  # UTC, as stored: 1 April 01:30 in 宿迁
            uow.commit()
        with ctx.uow() as uow:
            ((when, copies, _by),) = rcp.copies_history(uow.session, rid)
        assert (when, copies) == ("2026-04-01 01:30", 1)
    finally:
        monkeypatch.undo()
        time.tzset()


def test_one_unit_at_one_address_only_and_copies_keep_their_history(ctx) -> None:
    (rid,) = _save(ctx, many(1))
    with ctx.uow() as uow, pytest.raises(FieldError, match="已有发行对象"):
        rcp.save(uow.session, many(1)[0])
    inp = many(1)[0]
    with ctx.uow() as uow:
        rcp.save(uow.session, inp.__class__(**{**inp.__dict__, "copies": 5}), recipient_id=rid)
        rcp.save(uow.session, inp.__class__(**{**inp.__dict__, "copies": 3}), recipient_id=rid)
        uow.commit()
    with ctx.uow() as uow:
        assert [c for _, c, _ in rcp.copies_history(uow.session, rid)] == [1, 5, 3]
        audited = uow.session.scalars(
            select(AuditEntry).where(AuditEntry.table_name == "recipients")
        ).all()
    assert len(audited) == 3


def test_departments_fill_incomplete_recipients_once(ctx) -> None:
    with ctx.uow() as uow:
        deps.save(uow, deps.DepartmentInput("宿迁市财政局", "市财政局", ("宿财发",)))
        deps.save(uow, deps.DepartmentInput("宿迁市教育局", "市教育局", ("宿教发",)))
        uow.commit()
    with ctx.uow() as uow:
        assert rcp.from_departments(uow.session) == 2
        uow.commit()
    with ctx.uow() as uow:
        assert rcp.from_departments(uow.session) == 0
        rows = rcp.list_recipients(uow.session)
        count = len(uow.session.scalars(select(Department)).all())
    assert count == 2
    assert {r.name for r in rows} == {"宿迁市财政局", "宿迁市教育局"}
    assert all(r.incomplete and r.state == "资料不全" and r.category == "机关" for r in rows)


def test_reader_may_not_change_the_list(ctx) -> None:
    with UnitOfWork(ctx.db, user="只读者", role="reader") as uow:
        with pytest.raises(PermissionDenied):
            rcp.save(uow.session, many(1)[0])
        with pytest.raises(PermissionDenied):
            dist.save_reserve(uow.session, 5)
    with UnitOfWork(ctx.db, user="张编辑", role="editor") as uow:
        rcp.save(uow.session, many(1)[0])  # 编辑 may


def test_print_run_is_frozen_at_final_and_printed_in_the_colophon(ctx, tmp_path: Path) -> None:
    inputs = many(12)
    inputs[3] = inputs[3].__class__(**{**inputs[3].__dict__, "to_issue": "2025-12"})  # ended
    ids = _save(ctx, inputs)
    with ctx.uow() as uow:
        dist.save_reserve(uow.session, 25)
        settings.save_colophon(uow, print_run="3000册")
        uow.commit()
    issue_id, _ = _full_issue(ctx, number=3)
    expected = sum(i.copies for k, i in enumerate(inputs) if k != 3)
    with ctx.uow() as uow:
        preview = dist.view(uow.session, issue_id)
    assert not preview.frozen and preview.print_run == expected + 25
    finalise(ctx, issue_id, tmp_path)
    # a later change of the list does not rewrite the frozen issue
    with ctx.uow() as uow:
        inp = rcp.get(uow.session, ids[0]).as_input()
        rcp.save(uow.session, inp.__class__(**{**inp.__dict__, "copies": 50}), recipient_id=ids[0])
        dist.save_reserve(uow.session, 99)
        uow.commit()
    with ctx.uow() as uow:
        frozen = dist.view(uow.session, issue_id)
    assert frozen.frozen and len(frozen.lines) == 11
    assert (frozen.recipient_copies, frozen.reserve) == (expected, 25)
    assert frozen.print_run == frozen.recipient_copies + frozen.reserve
    facts = load_input(ctx, issue_id, styles.load(None)).facts
    assert facts.colophon["print_run"] == f"{expected + 25}册"
    # the editor overrides with a reason, and the colophon follows
    with UnitOfWork(ctx.db, user=SIGNER, role="editor") as uow:
        with pytest.raises(dist.DistributionError, match="原因"):
            dist.override_print_run(uow.session, issue_id, 500, " ")
        dist.override_print_run(uow.session, issue_id, 500, "加印 260 册供两会使用")
        uow.commit()
    assert load_input(ctx, issue_id, styles.load(None)).facts.colophon["print_run"] == "500册"


def test_reopening_thaws_and_receipts_flag_a_returned_recipient(ctx, tmp_path: Path) -> None:
    ids = _save(ctx, many(4))
    issue_id, _ = _full_issue(ctx, number=4)
    finalise(ctx, issue_id, tmp_path)
    with UnitOfWork(ctx.db, user=SIGNER, role="editor") as uow:
        dist.mark(uow.session, issue_id, ids[0], "received")
        with pytest.raises(dist.DistributionError, match="原因"):
            dist.mark(uow.session, issue_id, ids[1], "returned")
        dist.mark(uow.session, issue_id, ids[1], "returned", "地址不详")
        uow.commit()
    with ctx.uow() as uow:
        shown = dist.view(uow.session, issue_id)
        flagged = rcp.get(uow.session, ids[1])
        history = dist.recipient_history(uow.session, ids[1])
    assert shown.counts() == {"received": 1, "returned": 1, "pending": 2}
    assert flagged.needs_review and flagged.state == "待核实"
    assert history == [("2026年第4期", 2, "退回", "地址不详")]
    with UnitOfWork(ctx.db, user=SIGNER, role="editor") as uow:
        issues.set_status(uow, issue_id, "proof", reason="补一份文件")
        uow.commit()
    with ctx.uow() as uow:
        assert not dist.view(uow.session, issue_id).frozen


def test_the_colophon_lists_reading_points_when_the_style_sheet_asks(ctx, tmp_path: Path) -> None:
    _save(ctx, many(40))
    issue_id, _ = _full_issue(ctx, number=6)
    plain = styles.load(None)
    assert load_input(ctx, issue_id, plain).facts.reading_points == ()
    ss = styles.load(None, {"colophon": {"reading_points": True}})
    inp = load_input(ctx, issue_id, ss)
    assert len(inp.facts.reading_points) == 40
    part = typeset_colophon(inp, ss, Typesetter(font_set(ss.fonts)))
    (tmp_path / "colophon.pdf").write_bytes(write_pdf([part], {}, bytes(16)))
    text = PdfReader(tmp_path / "colophon.pdf").pages[0].extract_text().replace("\n", "")
    assert "纸质公报查阅点" in text
    assert all(name.replace(" ", "") in text.replace(" ", "") for name in inp.facts.reading_points)
