"""Issue planning: numbering, rules with reasons, freezing, permissions, proofs, errata, validity."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from gazette.db import UnitOfWork
from gazette.db.models import AdOverride, BuiltFile, Issue
from gazette.demo.issues import add_document
from gazette.issues import errata, proofs, validity
from gazette.issues import planning as issues
from gazette.issues.render import BuildRefused
from gazette.issues.rules import is_public, override_ad
from gazette.office import settings
from gazette.office.auth import PermissionDenied
from gazette.texts.model import Block, DocumentText
from tests.gazette.workflow_setup import finalise, publish


def _doc(
    uow,
    title: str,
    number: str | None,
    kind: str = "公文",
    disclosure: str | None = "（此件公开发布）",
    body: str = "现将有关事项通知如下。",
) -> int:
    text = DocumentText(
        title=title,
        doc_number=number,
        blocks=[Block("paragraph", body)],
        signature=["宿迁市人民政府"],
        date="2026年11月2日",
        disclosure=disclosure,
    )
    return add_document(uow.session, text, kind, "宿迁市人民政府", dt.date(2026, 11, 2))


def _full_issue(ctx, number: int = 1, extra: str = "") -> tuple[int, dict[str, int]]:
    """An issue with one short document in every section."""
    with ctx.uow() as uow:
        secs = {s.name: s.id for s in issues.ensure_sections(uow)}
        issue_id = issues.create_issue(uow, 2026, number, 200 + number, dt.date(2026, number, 15))
        kinds = {"人事任免": "人事任免", "政策解读": "政策解读"}
        for k, (name, sid) in enumerate(secs.items()):
            kind = kinds.get(name, "公文")
            doc_id = _doc(
                uow,
                f"关于{name}事项{number}的通知",
                f"宿政发〔2026〕{number * 10 + k}号" if kind == "公文" else None,
                kind,
                "（此件公开发布）" if kind == "公文" else None,
                "现将有关事项通知如下。" + extra,
            )
            issues.add_item(uow, issue_id, doc_id, sid)
        uow.commit()
    return issue_id, secs


def test_numbering_is_suggested_from_the_previous_issue_and_frequency(ctx) -> None:
    with ctx.uow() as uow:
        s = uow.session
        first = issues.suggest_next(uow, "monthly", today=dt.date(2026, 1, 10))
        assert (first.year, first.number, first.serial) == (2026, 1, 1)
        s.add(Issue(year=2026, number=11, serial=179, published_on=dt.date(2026, 11, 15)))
        s.flush()
        nxt = issues.suggest_next(uow, "monthly")
        assert (nxt.year, nxt.number, nxt.serial, nxt.published_on) == (
            2026,
            12,
            180,
            dt.date(2026, 12, 15),
        )
        s.add(Issue(year=2026, number=12, serial=180, published_on=dt.date(2026, 12, 15)))
        s.flush()
        new_year = issues.suggest_next(uow, "monthly")
        assert (new_year.year, new_year.number, new_year.serial) == (2027, 1, 181)
        assert issues.suggest_next(uow, "weekly").published_on == dt.date(2026, 12, 22)
        assert issues.suggest_next(uow, "semimonthly").published_on == dt.date(2027, 1, 1)
        with pytest.raises(issues.IssueError, match="已经存在"):
            issues.create_issue(uow, 2026, 12, 999, None)
        with pytest.raises(issues.IssueError, match="总第180期"):
            issues.create_issue(uow, 2027, 1, 180, None)


@pytest.mark.parametrize(
    ("kind", "disclosure", "ok"),
    [
        ("公文", "此件公开发布", True),
        ("公文", "（此件公开发布）", True),
        ("公文", "此件依申请公开", False),
        ("公文", "此件部分公开", False),
        ("公文", "此件不予公开", False),
        ("公文", None, False),
        ("政策解读", None, True),
        ("人事任免", None, True),
        ("公告", None, True),
    ],
)
def test_disclosure_rule(kind: str, disclosure: str | None, ok: bool) -> None:
    assert is_public(kind, disclosure)[0] is ok


def test_rule_violations_are_reported_with_reasons_and_refuse_final(ctx) -> None:
    issue_id, secs = _full_issue(ctx, extra="本店商品全场特价，欢迎选购。")
    with ctx.uow() as uow:
        bad = _doc(uow, "关于内部事项的通知", "宿政发〔2026〕77号", disclosure="（此件依申请公开）")
        issues.add_item(uow, issue_id, bad, secs["市政府文件"])
        with pytest.raises(issues.IssueError, match="两次"):
            issues.add_item(uow, issue_id, bad, secs["部门文件"])
        problems = issues.check(uow, issue_id)
        codes = {p.code for p in problems}
        assert {"disclosure", "advertising"} <= codes
        assert any(
            "依申请公开" in p.message and "宿政发〔2026〕77号" in p.message for p in problems
        )
        assert any(p.word == "特价" for p in problems)
        with pytest.raises(issues.IssueError, match="还没有校样"):
            issues.set_status(uow, issue_id, "proof")
        uow.commit()
    with pytest.raises(BuildRefused, match="规则检查未通过"):
        proofs.new_round(ctx, issue_id, ctx.data_dir / "proof")


def test_an_editor_override_of_an_advertising_alarm_is_recorded(ctx) -> None:
    issue_id, _secs = _full_issue(ctx, extra="请拨打订购热线。")
    with ctx.uow() as uow:
        hits = [p for p in issues.check(uow, issue_id) if p.code == "advertising"]
        assert hits
        with pytest.raises(ValueError, match="理由"):
            override_ad(uow, issue_id, hits[0].document_id, hits[0].word, " ")
        for p in hits:
            override_ad(uow, issue_id, p.document_id, p.word, "12345 政务热线，不是商业广告")
        uow.commit()
    with ctx.uow() as uow:
        assert issues.check(uow, issue_id) == []
        row = uow.session.scalars(select(AdOverride)).first()
        assert row.by == "admin" and "政务热线" in row.reason


def test_empty_sections_and_empty_issues_are_refused(ctx) -> None:
    with ctx.uow() as uow:
        secs = {s.name: s.id for s in issues.ensure_sections(uow)}
        issue_id = issues.create_issue(uow, 2026, 3, 3, None)
        assert [p.code for p in issues.check(uow, issue_id)] == ["empty_issue"]
        doc = _doc(uow, "关于某事的通知", "宿政发〔2026〕1号")
        issues.add_item(uow, issue_id, doc, secs["市政府文件"])
        problems = issues.check(uow, issue_id)
        assert {p.section for p in problems if p.code == "empty_section"} == set(secs) - {
            "市政府文件"
        }


def test_a_final_issue_is_frozen_and_items_keep_their_order(ctx, tmp_path) -> None:
    issue_id, secs = _full_issue(ctx)
    with ctx.uow() as uow:
        plan = issues.plan(uow, issue_id)
        assert [s.name for s in plan.sections] == list(issues.DEFAULT_SECTIONS)
        sec = plan.sections[0]
        extra = _doc(uow, "关于第二件事的通知", "宿政发〔2026〕88号")
        new_item = issues.add_item(uow, issue_id, extra, sec.id)
        issues.reorder(uow, issue_id, sec.id, [new_item, sec.items[0].id])
        uow.commit()
    with ctx.uow() as uow:
        assert (
            next(i.doc_number for i in issues.plan(uow, issue_id).sections[0].items)
            == "宿政发〔2026〕88号"
        )
    finalise(ctx, issue_id, tmp_path)
    with ctx.uow() as uow:
        with pytest.raises(issues.IssueError, match="冻结"):
            issues.add_item(
                uow, issue_id, _doc(uow, "迟到的通知", "宿政发〔2026〕89号"), secs["部门文件"]
            )
        item = issues.plan(uow, issue_id).sections[0].items[0].id
        with pytest.raises(issues.IssueError, match="冻结"):
            issues.remove_item(uow, item)
        with pytest.raises(issues.IssueError, match="不能从"):
            issues.set_status(uow, issue_id, "planning", reason="跳过校样")


def test_a_reader_may_not_plan_or_publish(ctx) -> None:
    ctx.role = "reader"
    with ctx.uow() as uow, pytest.raises(PermissionDenied):
        issues.create_issue(uow, 2026, 5, 5, None)


def test_proof_rounds_watermark_sign_off_and_diff(ctx, tmp_path) -> None:
    issue_id, _secs = _full_issue(ctx)
    number, pdf = proofs.new_round(ctx, issue_id, tmp_path)
    assert number == 1 and pdf.pages % 4 == 0
    from pypdf import PdfReader

    assert (
        "校样" in PdfReader(pdf.path).pages[2].extract_text()
        and "第1校" in PdfReader(pdf.path).pages[2].extract_text()
    )
    check = proofs.proof_with_diff(ctx, issue_id, tmp_path)
    assert check.round == 2 and len(check.diffs) == 5
    assert all(changes == [] for changes in check.diffs.values()), check.diffs
    with ctx.uow() as uow:
        with pytest.raises(issues.IssueError, match="最新"):
            proofs.sign_off(uow, issue_id, 1)
        with pytest.raises(issues.IssueError, match="由admin制作"):
            proofs.sign_off(uow, issue_id, 2)  # the proof's maker may not sign it
    with UnitOfWork(ctx.db, user="王审签", role="editor") as uow:
        proofs.sign_off(uow, issue_id, 2, "同意付印")
        uow.commit()
    with ctx.uow() as uow:
        rows = proofs.rounds(uow, issue_id)
        assert [(r.round, r.signed_by) for r in rows] == [(1, None), (2, "王审签")]
        assert rows[1].signed_at is not None
        with pytest.raises(issues.IssueError, match="已由王审签审签"):
            proofs.sign_off(uow, issue_id, 2)
        assert uow.session.get(Issue, issue_id).status == "proof"
    changes = proofs.text_diff("现将有关事项通知如下。", "现将有关事顶通知如下")
    assert [(c.op, c.source, c.typeset) for c in changes] == [
        ("replace", "项", "顶"),
        ("delete", "。", ""),
    ]


def test_errata_are_printed_later_and_the_e_edition_re_released(ctx, tmp_path) -> None:
    first, _ = _full_issue(ctx, 1)
    later, _ = _full_issue(ctx, 2)
    from gazette.issues.render import render_issue

    with ctx.uow() as uow:
        doc_id = issues.plan(uow, first).sections[0].items[0].document_id
        with pytest.raises(issues.IssueError, match="已发布"):
            errata.record(uow, first, doc_id, "第1页第1段", "事项", "事宜")
    publish(ctx, first, tmp_path / "v1")
    with ctx.uow() as uow:
        eid = errata.record(uow, first, doc_id, "第1页第1段", "事项", "事宜")
        with pytest.raises(issues.IssueError, match="之后"):
            errata.print_in(uow, eid, first)
        errata.print_in(uow, eid, later)
        uow.commit()
    res = render_issue(ctx, later, tmp_path / "later", edition="print")
    from pypdf import PdfReader

    text = "".join(p.extract_text() for p in PdfReader(res.of("print")[0].path).pages).replace(
        " ", ""
    )
    assert "勘" in text and "“事项”应为“事宜”" in text
    errata.rerelease(ctx, first, tmp_path / "v2")
    with ctx.uow() as uow:
        webs = uow.session.scalars(
            select(BuiltFile)
            .where(BuiltFile.issue_id == first, BuiltFile.kind == "web")
            .order_by(BuiltFile.version)
        ).all()
        assert [w.version for w in webs] == [1, 2]
        assert all(ctx.filestore().verify(w.sha256) for w in webs)  # the old version is kept
        assert errata.errata_of(uow, first)[0].rereleased_version == 2
    meta = PdfReader(tmp_path / "v2" / "2026-01-电子版.pdf").metadata
    assert "勘误版" in meta.subject


def test_validity_with_links_to_amending_and_repealing_documents(ctx) -> None:
    with ctx.uow() as uow:
        old = _doc(uow, "宿迁市政府信息公开办法", "宿政规〔2018〕1号")
        amend = _doc(uow, "关于修改《宿迁市政府信息公开办法》的决定", "宿政规〔2022〕2号")
        repeal = _doc(uow, "关于废止部分规范性文件的决定", "宿政规〔2026〕3号")
        validity.link(uow, amend, old, "修改")
        assert validity.lookup(uow, old).status == "有效"
        validity.link(uow, repeal, old, "废止")
        uow.commit()
    with ctx.uow() as uow:
        v = validity.lookup(uow, old)
        assert v.status == "废止"
        assert [(r.doc_number, r.relation) for r in v.changed_by] == [
            ("宿政规〔2022〕2号", "修改"),
            ("宿政规〔2026〕3号", "废止"),
        ]
        assert [r.relation for r in validity.lookup(uow, repeal).changes] == ["废止"]
        with pytest.raises(ValueError):
            validity.set_status(uow, old, "作废")


def test_colophon_and_style_sheet_settings(ctx, tmp_path) -> None:
    from gazette.issues.render import save_style_sheet, style_sheet

    with ctx.uow() as uow:
        settings.save_colophon(uow, printer="宿迁报业印务有限公司", print_run="2500册")
        with pytest.raises(KeyError):
            settings.save_colophon(uow, 广告="x")
        sheet = tmp_path / "office.json"
        sheet.write_text('{"page": {"size": "B5", "pad_multiple": 2}}', "utf-8")
        save_style_sheet(uow, sheet)
        bad = tmp_path / "bad.json"
        bad.write_text("{", "utf-8")
        with pytest.raises(ValueError, match=r"bad\.json"):
            save_style_sheet(uow, bad)
        uow.commit()
    with ctx.uow() as uow:
        assert settings.colophon(uow)["printer"] == "宿迁报业印务有限公司"
    ss = style_sheet(ctx)
    assert ss.page.pad_multiple == 2 and round(ss.page.width) == 499  # B5, other keys kept
    assert ss["body"].size == 16


def test_folios_run_on_through_the_year_when_configured(ctx, tmp_path) -> None:
    from pypdf import PdfReader

    from gazette.issues.render import render_issue, save_style_sheet

    sheet = tmp_path / "continuous.json"
    sheet.write_text('{"page": {"continuous_folios": true}}', "utf-8")
    with ctx.uow() as uow:
        save_style_sheet(uow, sheet)
        uow.commit()
    first, _ = _full_issue(ctx, 1)
    second, _ = _full_issue(ctx, 2)
    one = render_issue(ctx, first, tmp_path / "1", edition="web")
    two = render_issue(ctx, second, tmp_path / "2", edition="web")
    last_folio = one.first_folio + one.typeset.body_pages - 1
    assert one.first_folio == 1 and two.first_folio == last_folio + 1
    reader = PdfReader(two.of("web")[0].path)
    assert str(last_folio + 1) in reader.page_labels


def test_addable_documents_and_item_versions_follow_a_reorder(ctx) -> None:
    from gazette.issues import picking

    issue_id, secs = _full_issue(ctx, number=5)
    with ctx.uow() as uow:
        assert picking.addable_documents(uow.session, issue_id) == []
        spare = _doc(uow, "关于备用事项的通知", "宿政发〔2026〕99号")
        uow.commit()
    with ctx.uow() as uow:
        found = picking.addable_documents(uow.session, issue_id)
        assert [(d.id, d.doc_number, d.kind) for d in found] == [
            (spare, "宿政发〔2026〕99号", "公文")
        ]
        section = next(s for s in issues.plan(uow, issue_id).sections if s.items)
        first = section.items[0]
        before = picking.item_versions(uow.session, [first.id])
        assert before == {first.id: first.version}
        elsewhere = next(sid for sid in secs.values() if sid != section.id)
        issues.reorder(uow, issue_id, elsewhere, [first.id])
        uow.commit()
    with ctx.uow() as uow:
        after = picking.item_versions(uow.session, [first.id, 10**9])
        assert picking.item_versions(uow.session, []) == {}
    assert set(after) == {first.id} and after[first.id] > before[first.id]
