"""Errata and validity services: input checks, notices kept on re-release, versions, links."""

from __future__ import annotations

import datetime as dt

import pytest
from pypdf import PdfReader

from gazette.demo.issues import add_document
from gazette.issues import errata, validity
from gazette.issues import planning as issues
from gazette.issues.render import render_issue
from gazette.texts.model import Block, DocumentText
from tests.gazette import workflow_setup


def _doc(uow, title: str, number: str | None, kind: str = "公文") -> int:
    text = DocumentText(
        title=title,
        doc_number=number,
        blocks=[Block("paragraph", "现将有关事项通知如下。")],
        signature=["宿迁市人民政府"],
        date="2026年11月2日",
        disclosure="（此件公开发布）" if kind == "公文" else None,
    )
    return add_document(uow.session, text, kind, "宿迁市人民政府", dt.date(2026, 11, 2))


def _issue(ctx, number: int, publish: bool) -> tuple[int, int]:
    """An issue with a document in every section (issue id, first document), published if asked."""
    kinds = {"人事任免": "人事任免", "政策解读": "政策解读"}
    with ctx.uow() as uow:
        issue_id = issues.create_issue(uow, 2026, number, 300 + number, dt.date(2026, number, 15))
        first = 0
        for k, sec in enumerate(issues.ensure_sections(uow)):
            kind = kinds.get(sec.name, "公文")
            number_text = f"宿政发〔2026〕{number * 10 + k}号" if kind == "公文" else None
            doc_id = _doc(uow, f"关于第{number}期{sec.name}事项的通知", number_text, kind)
            issues.add_item(uow, issue_id, doc_id, sec.id)
            first = first or doc_id
        uow.commit()
    if publish:
        workflow_setup.publish(ctx, issue_id, ctx.data_dir / f"workflow-{number}")
    return issue_id, first


def _text(path) -> str:
    return "".join(p.extract_text() for p in PdfReader(path).pages).replace(" ", "")


def test_record_names_the_field_at_fault(ctx) -> None:
    first, doc = _issue(ctx, 1, publish=True)
    with ctx.uow() as uow:
        with pytest.raises(issues.IssueError, match="出错位置"):
            errata.record(uow, first, doc, "  ", "事项", "事宜")
        with pytest.raises(issues.IssueError, match="太长"):
            errata.record(uow, first, doc, "第1页" * 50, "事项", "事宜")
        eid = errata.record(uow, first, doc, " 第1页第1段 ", "事项", "事宜", "录入笔误")
        uow.commit()
    with ctx.uow() as uow:
        (row,) = errata.errata_of(uow, first)
    assert (row.id, row.location, row.reason, row.recorded_by) == (
        eid,
        "第1页第1段",
        "录入笔误",
        "admin",
    )
    assert row.title == "关于第1期市政府文件事项的通知" and row.notice_label == ""


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def any_ctx(request):
    """The embedded database and the shared PostgreSQL one: the same queries must hold on both."""
    return request.getfixturevalue("ctx" if request.param == "sqlite" else "pg_ctx")


def test_a_printed_notice_is_not_moved_and_a_re_release_keeps_it(any_ctx, tmp_path) -> None:
    ctx = any_ctx
    first, doc1 = _issue(ctx, 1, publish=True)
    second, doc2 = _issue(ctx, 2, publish=False)
    third, _ = _issue(ctx, 3, publish=False)
    with ctx.uow() as uow:
        assert [label for _i, label in errata.notice_targets(uow, first)] == [
            "2026年第2期",
            "2026年第3期",
        ]
        e1 = errata.record(uow, first, doc1, "第1页", "有关事项", "有关事宜")
        errata.print_in(uow, e1, second)
        uow.commit()
    workflow_setup.publish(ctx, second, tmp_path / "workflow")
    render_issue(ctx, second, tmp_path / "v1", edition="web")
    with ctx.uow() as uow:
        with pytest.raises(issues.IssueError, match="已刊登在2026年第2期"):
            errata.print_in(uow, e1, third)
        errata.record(uow, second, doc2, "第2页", "通知如下", "通告如下")
        assert errata.errata_of(uow, first)[0].notice_label == "2026年第2期"
        uow.commit()
    errata.rerelease(ctx, second, tmp_path / "v2")
    text = _text(tmp_path / "v2" / "2026-02-电子版.pdf")
    # the re-release prints its own correction and still carries the notice it printed before
    assert "“通知如下”应为“通告如下”" in text
    assert "“有关事项”应为“有关事宜”" in text
    with ctx.uow() as uow:
        rows = errata.versions(uow, second)
    assert [(r.version, r.note) for r in rows] == [(1, ""), (2, "勘误版：含勘误1条")]
    old = errata.export_version(ctx, rows[0], tmp_path / "open")
    assert old.name == "2026-02-电子版-第1版.pdf"
    assert "通告如下" not in _text(old) and "有关事宜" in _text(old)


def test_rebuilding_a_re_released_issue_keeps_its_errata_in_the_e_edition(ctx, tmp_path) -> None:
    """`gazette issue build` of the demo's 第10期 after its 勘误版 recorded an e-edition without
    the erratum as the newest version, 首次发布, which the website then served."""
    first, doc1 = _issue(ctx, 1, publish=True)
    with ctx.uow() as uow:
        errata.record(uow, first, doc1, "第1页", "有关事项", "有关事宜")
        uow.commit()
    errata.rerelease(ctx, first, tmp_path / "v2")
    result = render_issue(ctx, first, tmp_path / "again", edition="both")
    web, printed = result.of("web")[0].path, result.of("print")[0].path
    assert "“有关事项”应为“有关事宜”" in _text(web)
    assert "有关事宜" not in _text(printed)  # the print edition stays as it was printed
    with ctx.uow() as uow:
        rows = errata.versions(uow, first)
    # the same e-edition as the 勘误版, so no new version says 首次发布
    assert [(r.version, r.note) for r in rows] == [(1, ""), (2, "勘误版：含勘误1条")]


def test_links_are_checked_and_can_be_removed(any_ctx) -> None:
    ctx = any_ctx
    with ctx.uow() as uow:
        old = _doc(uow, "宿迁市政府信息公开办法", "宿政规〔2018〕1号")
        new = _doc(uow, "关于修改《宿迁市政府信息公开办法》的决定", "宿政规〔2022〕2号")
        validity.link(uow, new, old, "修改")
        with pytest.raises(ValueError, match="已登记过“修改”"):
            validity.link(uow, new, old, "修改")
        with pytest.raises(ValueError, match="找不到文件"):
            validity.link(uow, new, 99999, "废止")
        uow.commit()
    with ctx.uow() as uow:
        (ref,) = validity.lookup(uow, old).changed_by
        validity.unlink(uow, ref.link_id)
        uow.commit()
    with ctx.uow() as uow:
        assert validity.lookup(uow, old).changed_by == []
        with pytest.raises(ValueError, match="可能已被他人删除"):
            validity.unlink(uow, ref.link_id)
    with ctx.uow() as uow:
        found = validity.candidates(uow, "宿政规〔2018〕1号", exclude=new)
    assert [r.id for r in found] == [old]
    with ctx.uow() as uow:
        assert validity.candidates(uow, "信息公开办法", exclude=old)[0].id == new
