"""Two people editing the same record: the second, stale save is refused with a ConflictError
naming the first person and the field they changed, on SQLite and on PostgreSQL.

Each test opens two real contexts (张编辑 and 李编辑) on one database; 李编辑 reads what a
screen would show, 张编辑 saves a change, then 李编辑 saves against what they saw.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from archive import catalogue, ocr, register, workflow
from archive.catalogue import Article
from archive.models import OcrPage, ScanFile, ScanPage
from gazette.calendar import admin as calendar_admin
from gazette.context import AppContext, open_context
from gazette.db.models import Document, ProofRound, StoredFile
from gazette.issues import planning as issues
from gazette.office import settings, users
from gazette.office.conflicts import ConflictError, merge
from gazette.submissions import queries, selection
from gazette.submissions.register import SubmissionData, record
from gazette.texts.model import Block, DocumentText
from gazette.texts.store import load_text, save_corrections
from tests.gazette.submissions_setup import make_departments


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def pair(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[AppContext, ...]]:
    """张编辑 and 李编辑, each with their own context on one shared database."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path}/shared.sqlite3"
    else:
        url = request.getfixturevalue("pg_url")
    zhang = open_context(url, tmp_path / "a", user="zhang")
    li = open_context(url, tmp_path / "b", user="li")
    with zhang.uow() as uow:
        users.create_user(uow.session, "zhang", "张编辑", "admin", "张编辑密码2026")
        users.create_user(uow.session, "li", "李编辑", "admin", "李编辑密码2026")
        uow.commit()
    yield zhang, li
    zhang.close()
    li.close()


def refused(save: Callable[[], Any], field: str) -> ConflictError:
    with pytest.raises(ConflictError) as caught:
        save()
    message = str(caught.value)
    where = (caught.value.table, caught.value.record_id, caught.value.version)
    assert "张编辑" in message and field in message, (message, where)
    return caught.value


def _awaited(ctx: AppContext) -> queries.DeskRow:
    depts = make_departments(ctx)
    data = SubmissionData(
        depts["市教育局"], "关于印发某办法的通知", "宿教发〔2026〕3号", dt.date(2026, 3, 2)
    )
    with ctx.uow() as uow:
        record(uow.session, data)
        uow.commit()
    return _row(ctx)


def _row(ctx: AppContext) -> queries.DeskRow:
    with ctx.uow() as uow:
        (row,) = queries.desk(uow.session, dt.date(2026, 3, 20)).rows
    return row


def _arrival(row: queries.DeskRow, received: dt.date, channel: str, liaison: str) -> SubmissionData:
    return SubmissionData(
        row.department_id,
        row.title,
        row.doc_number,
        row.issued_on,
        received,
        channel,
        row.disclosure,
        row.is_normative,
        liaison,
    )


def _save_arrival(ctx: AppContext, data: SubmissionData, version: int | None) -> str:
    with ctx.uow() as uow:
        out = record(uow.session, data, expected_version=version)
        uow.commit()
    return out.action


def test_arrival_edit(pair: tuple[AppContext, AppContext]) -> None:
    zhang, li = pair
    seen = _awaited(zhang)  # 李编辑 fills the form from this row …
    assert _save_arrival(zhang, _arrival(seen, dt.date(2026, 3, 5), "纸质", ""), seen.version)
    mine = _arrival(seen, dt.date(2026, 3, 6), "电子邮件", "李强")
    error = refused(lambda: _save_arrival(li, mine, seen.version), "报送日期")
    assert error.current["received_on"] == "2026-03-05" and error.version == seen.version + 1
    assert _row(li).received_on == dt.date(2026, 3, 5)  # nothing overwritten
    # merged against the new version, the save corrects the arrival
    assert _save_arrival(li, mine, error.version) == "更正到达"
    now = _row(zhang)
    assert (now.received_on, now.channel, now.liaison_name) == (
        dt.date(2026, 3, 6),
        "电子邮件",
        "李强",
    )


def test_selection_decision(pair: tuple[AppContext, AppContext]) -> None:
    zhang, li = pair
    awaited = _awaited(zhang)
    _save_arrival(zhang, _arrival(awaited, dt.date(2026, 3, 5), "纸质", ""), None)
    seen = _row(li)

    def decide(ctx: AppContext, decision: str, reason: str = "") -> None:
        with ctx.uow() as uow:
            selection.decide(
                uow.session, seen.document_id, decision, reason, expected_version=seen.version
            )
            uow.commit()

    decide(zhang, "选登")
    refused(lambda: decide(li, "不予选登", "内容已过时"), "选登决定")
    assert _row(li).decision == "选登"


def test_issue_status_and_order(pair: tuple[AppContext, AppContext]) -> None:
    zhang, li = pair
    with zhang.uow() as uow:
        issue_id = issues.create_issue(uow, 2026, 3, 63, dt.date(2026, 3, 15))
        section = issues.ensure_sections(uow)[0].id
        docs = [Document(kind="公文", title=f"文件{i}") for i in range(3)]
        uow.session.add_all(docs)
        uow.session.flush()
        for doc in docs:
            issues.add_item(uow, issue_id, doc.id, section)
        uow.commit()
    with li.uow() as uow:
        shown = issues.plan(uow, issue_id)
    items = shown.sections[0].items
    versions = {i.id: i.version for i in items}
    order = [i.id for i in items]

    def reorder(ctx: AppContext, ids: list[int]) -> None:
        with ctx.uow() as uow:
            issues.reorder(uow, issue_id, section, ids, expected_versions=versions)
            uow.commit()

    reorder(zhang, order[::-1])
    refused(lambda: reorder(li, [order[1], order[0], order[2]]), "顺序")

    def advance(ctx: AppContext, status: str) -> None:
        with ctx.uow() as uow:
            issues.set_status(uow, issue_id, status, expected_version=shown.issue.version)
            uow.commit()

    with zhang.uow() as uow:  # a proof round made (its PDF is not what this test is about)
        uow.session.add(ProofRound(issue_id=issue_id, round=1))
        uow.commit()
    advance(zhang, "proof")
    refused(lambda: advance(li, "proof"), "状态")


def test_text_corrections(pair: tuple[AppContext, AppContext]) -> None:
    zhang, li = pair
    text = DocumentText(title="关于做好春节期间工作的通知", blocks=[Block("paragraph", "各单位：")])
    with zhang.uow() as uow:
        doc = Document(kind="公文", title=text.title, structure=text.to_json())
        uow.session.add(doc)
        uow.commit()
        doc_id = doc.id
    with li.uow() as uow:
        seen = load_text(uow, doc_id)

    def save(ctx: AppContext, text: DocumentText, version: int) -> None:
        with ctx.uow() as uow:
            save_corrections(uow, doc_id, text, version=version)
            uow.commit()

    theirs = DocumentText.from_json(seen.text.to_json())
    theirs.title = "关于做好元宵节期间工作的通知"
    save(zhang, theirs, seen.version)
    mine = DocumentText.from_json(seen.text.to_json())
    mine.blocks.append(Block("paragraph", "现将有关事项通知如下。"))
    error = refused(lambda: save(li, mine, seen.version), "标题")
    # a merge keeps their title and my paragraph
    merged = merge(seen.text.to_json(), mine.to_json(), error.current)
    assert merged["title"] == theirs.title and len(merged["blocks"]) == 2
    assert error.version is not None
    save(li, DocumentText.from_json(merged), error.version)
    with zhang.uow() as uow:
        now = load_text(uow, doc_id).text
    assert now.title == theirs.title and now.blocks[-1].text == "现将有关事项通知如下。"


def test_gazette_settings(pair: tuple[AppContext, AppContext]) -> None:
    zhang, li = pair
    settings.put(zhang, gazette_name="宿迁市人民政府公报")
    _values, versions = settings.snapshot(li)
    settings.put(zhang, expected_versions=versions, gazette_name="宿迁政报")
    error = refused(
        lambda: settings.put(li, expected_versions=versions, gazette_name="宿迁市政府公报"),
        "公报名称",
    )
    assert error.current["gazette_name"] == "宿迁政报"
    assert settings.get(li, "gazette_name") == "宿迁政报"
    # a setting nobody had saved yet (version 0) is guarded too
    settings.put(zhang, expected_versions=versions, frequency="weekly")
    refused(lambda: settings.put(li, expected_versions=versions, frequency="monthly"), "刊期")
    settings.put(li, expected_versions=error.versions, gazette_name="宿迁市政府公报")


def test_user_role(pair: tuple[AppContext, AppContext]) -> None:
    zhang, li = pair
    with zhang.uow() as uow:
        users.create_user(uow.session, "wang", "王敏", "clerk", "王敏的密码2026")
        uow.commit()
    with li.uow() as uow:
        seen = next(r for r in users.list_users(uow.session) if r.username == "wang")

    def change(ctx: AppContext, fn: Callable[..., None], value: Any) -> None:
        with ctx.uow() as uow:
            fn(uow.session, "wang", value, expected_version=seen.version)
            uow.commit()

    change(zhang, users.set_role, "editor")
    refused(lambda: change(li, users.set_role, "reader"), "角色")
    refused(lambda: change(li, users.set_active, False), "角色")


def test_calendar_day(pair: tuple[AppContext, AppContext]) -> None:
    zhang, li = pair
    day = dt.date(2026, 5, 9)
    with li.uow() as uow:
        seen = calendar_admin.day_status(uow.session, day)
    assert seen.version == 0

    def correct(ctx: AppContext, is_workday: bool, name: str) -> None:
        with ctx.uow() as uow:
            calendar_admin.correct_day(
                uow.session, day, is_workday, name, expected_version=seen.version
            )
            uow.commit()

    correct(zhang, True, "劳动节调休上班")
    refused(lambda: correct(li, False, "劳动节"), "是否工作日")


def test_merge_takes_each_side_where_only_it_changed() -> None:
    base = {"a": 1, "b": 1, "c": 1, "d": 1}
    mine = {"a": 2, "b": 1, "c": 3, "d": 1}
    theirs = {"a": 1, "b": 2, "c": 4, "d": 1}
    assert merge(base, mine, theirs) == {"a": 2, "b": 2, "c": 3, "d": 1}
    assert merge(base, mine, theirs, {"c": "theirs"}) == {"a": 2, "b": 2, "c": 4, "d": 1}


def test_catalogue_draft(pair: tuple[AppContext, AppContext]) -> None:
    zhang, li = pair
    with zhang.uow() as uow:
        register.register_period(uow, register.Period((2003, 1), (2003, 12), "monthly", 39))
        uow.commit()
    with zhang.uow() as uow:
        entry = register.find_entry(uow, 2003, 7)
    assert entry is not None
    with li.uow() as uow:
        seen = catalogue.draft_version(uow, entry)

    def save(ctx: AppContext, title: str) -> None:
        with ctx.uow() as uow:
            catalogue.save_draft(uow, entry, [Article(title)], expected_version=seen)
            uow.commit()

    save(zhang, "宿迁市人民政府关于加强档案管理工作的通知")
    refused(lambda: save(li, "关于加强档案管理的通知"), "编目草稿")
    with li.uow() as uow, pytest.raises(ConflictError):
        catalogue.confirm(uow, entry, [Article("关于加强档案管理的通知")], expected_version=seen)
    with li.uow() as uow:
        titles = [a.title for a in catalogue.proposals(uow, entry)]
    assert titles == ["宿迁市人民政府关于加强档案管理工作的通知"]


def test_archive_workflow_actions(pair: tuple[AppContext, AppContext]) -> None:
    zhang, li = pair
    with zhang.uow() as uow:
        register.register_period(uow, register.Period((2003, 1), (2003, 12), "monthly", 39))
        uow.commit()
    with li.uow() as uow:
        shown = register.rows(uow)[:2]
    ids = [r.entry_id for r in shown]
    seen = {r.entry_id: r.version for r in shown}
    with zhang.uow() as uow:
        workflow.assign(uow, ids[:1], "王档案", expected_versions=seen)
        uow.commit()
    with li.uow() as uow:  # two clicks on 分配 / 整盒征集 must not both land
        refused(lambda: workflow.assign(uow, ids, "李档案", expected_versions=seen), "分配给")
    with li.uow() as uow:
        refused(lambda: workflow.locate(uow, ids, "市档案馆", expected_versions=seen), "分配给")
    with li.uow() as uow:
        assert register.rows(uow, ids)[0].assignee == "王档案"


def test_ocr_line_corrections(pair: tuple[AppContext, AppContext]) -> None:
    zhang, li = pair
    with zhang.uow() as uow:
        register.register_period(uow, register.Period((2003, 1), (2003, 12), "monthly", 39))
        uow.commit()
    with zhang.uow() as uow:
        s = uow.session
        entry = register.find_entry(uow, 2003, 7)
        s.add(StoredFile(sha256="a" * 64, size=1, original_name="x.png"))
        s.flush()
        scan = ScanFile(sha256="a" * 64, entry_id=entry, name="x.png", kind="image")
        s.add(scan)
        s.flush()
        page = ScanPage(
            scan_file_id=scan.id, entry_id=entry, source_index=1, page_no=1, image_sha256="a" * 64
        )
        s.add(page)
        s.flush()
        lines = [
            {"text": t, "box": None, "conf": 0.5, "chars": None, "corrected": None}
            for t in ("宿迁市人民政府公振", "2003年第7朗")
        ]
        s.add(OcrPage(page_id=page.id, engine="test", lines=lines))
        uow.commit()
        page_id = page.id
    with li.uow() as uow:
        seen = ocr.page_version(uow, page_id)
        lines = ocr.page_lines(uow, page_id)
    shown = {ocr.line_key(i): ocr.line_text(ln) for i, ln in enumerate(lines)}
    ocr.correct_line(zhang, page_id, 0, "宿迁市人民政府公报", expected_version=seen)
    with pytest.raises(ConflictError) as caught:  # OCR pages keep no audit trail: no name
        ocr.correct_line(li, page_id, 1, "2003年第7期", expected_version=seen)
    error = caught.value
    mine = {**shown, "第2行": "2003年第7期"}
    merged = merge(shown, mine, error.current)
    assert merged == {"第1行": "宿迁市人民政府公报", "第2行": "2003年第7期"}
    assert error.version is not None
    ocr.correct_lines(li, page_id, {1: merged["第2行"]}, expected_version=error.version)
    with zhang.uow() as uow:
        assert ocr.page_text(ocr.page_lines(uow, page_id)) == "宿迁市人民政府公报\n2003年第7期"
