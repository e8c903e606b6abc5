"""The conflict dialog on real screens: 李编辑's stale save opens it, and its reload and merge
paths leave the form and the database as a gazette editor expects (SQLite and PostgreSQL)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from gazette.calendar import admin as calendar_admin
from gazette.context import AppContext, open_context
from gazette.db.models import Document, ProofRound
from gazette.departments import roster as deps
from gazette.issues import planning as issues
from gazette.office import settings, users
from gazette.submissions import queries, selection
from gazette.submissions.register import SubmissionData, record
from gazette.texts.store import import_document, load_text, save_corrections
from tests.conftest import configure_office
from tests.gazette.submissions_setup import make_departments
from tests.ui import modal_clicks
from ui.admin.screen import Screen as AdminScreen
from ui.app import register_fonts, ui_font_family
from ui.conflict_dialog import THEIRS, ConflictDialog
from ui.departments.dialogs import DepartmentDialog
from ui.departments.screen import Screen as DepartmentsScreen
from ui.issues.screen import Screen as IssuesScreen
from ui.settings.screen import Screen as SettingsScreen
from ui.submissions.form import pydate, qdate
from ui.submissions.screen import Screen as DeskScreen
from ui.tasks import TaskRunner
from ui.texts.proofread import ProofreadWidget


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def pair(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[AppContext, ...]]:
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
    configure_office(zhang)  # the office has a name and publisher, as after the first-run form
    yield zhang, li
    zhang.close()
    li.close()


@pytest.fixture(autouse=True)
def _chinese_font(qapp) -> Iterator[None]:
    """The bundled fonts, as the app registers them, so a grabbed dialog shows characters;
    the application font is put back afterwards, for the tests that follow."""
    before = qapp.font()
    family = ui_font_family(register_fonts())
    if family:
        font = qapp.font()
        font.setFamily(family)
        qapp.setFont(font)
    yield
    qapp.setFont(before)


def _dialog(qtbot, screen) -> ConflictDialog:
    qtbot.waitUntil(lambda: getattr(screen, "conflict_dialog", None) is not None)
    dialog = screen.conflict_dialog
    qtbot.waitUntil(dialog.isVisible)
    return dialog


def _arrival(zhang: AppContext, received: dt.date, channel: str, version: int) -> None:
    with zhang.uow() as uow:
        (row,) = queries.desk(uow.session, dt.date(2026, 3, 20)).rows
        data = SubmissionData(
            row.department_id, row.title, row.doc_number, row.issued_on, received, channel
        )
        record(uow.session, data, expected_version=version)
        uow.commit()


def test_submission_form_reload_then_merge(qtbot, pair, tmp_path) -> None:
    zhang, li = pair
    depts = make_departments(zhang)
    with zhang.uow() as uow:
        data = SubmissionData(
            depts["市教育局"], "关于印发某办法的通知", "宿教发〔2026〕3号", dt.date(2026, 3, 2)
        )
        record(uow.session, data)
        uow.commit()
    runner = TaskRunner()
    screen = DeskScreen(li, runner)
    qtbot.addWidget(screen)
    screen.resize(1200, 800)
    qtbot.waitUntil(lambda: screen.loads >= 1)
    (row,) = screen.model.all_rows
    form = screen.form
    form.prefill_arrival(row, dt.date(2026, 3, 6))  # 李编辑 records the arrival …
    form.channel.setCurrentText("电子邮件")
    form.liaison.setText("李强")
    _arrival(zhang, dt.date(2026, 3, 5), "纸质", row.version)  # … 张编辑 saves first
    form.save.click()
    dialog = _dialog(qtbot, screen)
    labels = [dialog.table.item(r, 0).text() for r in range(dialog.table.rowCount())]
    assert labels == ["报送日期", "报送方式", "报送联络员"]
    assert dialog.table.item(0, 1).text() == "2026-03-05"
    assert dialog.table.item(0, 2).text() == "2026-03-06"
    assert "张编辑" in dialog.findChildren(type(form.message))[0].text()
    dialog.grab().save(str(tmp_path / "conflict_submission.png"))

    dialog.reload_button.click()  # take theirs: the form now shows what 张编辑 saved
    assert pydate(form.received.date()) == dt.date(2026, 3, 5)
    assert form.channel.currentText() == "纸质" and form.liaison.text() == ""

    # a second round: both change the date, only 张编辑 the channel, only 李编辑 the liaison
    _arrival(zhang, dt.date(2026, 3, 7), "公文交换系统", row.version + 1)
    form.received.setDate(qdate(dt.date(2026, 3, 8)))
    form.liaison.setText("李强")
    screen.conflict_dialog = None
    form.save.click()
    dialog = _dialog(qtbot, screen)
    assert set(dialog.picks) == {"received_on"}  # the one field both changed
    dialog.pick("received_on", THEIRS)
    dialog.merge_button.click()
    qtbot.waitUntil(lambda: "更正到达" in form.message.text())
    with zhang.uow() as uow:
        (now,) = queries.desk(uow.session, dt.date(2026, 3, 20)).rows
    assert (now.received_on, now.channel, now.liaison_name) == (
        dt.date(2026, 3, 7),
        "公文交换系统",
        "李强",
    )
    runner.shutdown()


def test_settings_merge_then_reload(qtbot, pair, tmp_path) -> None:
    zhang, li = pair
    runner = TaskRunner()
    screen = SettingsScreen(li, runner)
    qtbot.addWidget(screen)
    qtbot.waitUntil(lambda: not runner.active and bool(screen.gazette_versions))
    settings.put(zhang, publisher="宿迁市人民政府办公室公报编辑部")  # 张编辑 saves first
    screen.gazette_name.setText("宿迁政报")
    screen.save_gazette.click()
    dialog = _dialog(qtbot, screen)
    assert not dialog.picks  # nobody changed the same field: nothing to choose
    dialog.grab().save(str(tmp_path / "conflict_settings.png"))
    dialog.merge_button.click()  # theirs for 主办单位, mine for 公报名称
    qtbot.waitUntil(lambda: screen.gazette_status.text() == "已保存")
    assert settings.get(zhang, "gazette_name") == "宿迁政报"
    assert settings.get(zhang, "publisher") == "宿迁市人民政府办公室公报编辑部"

    qtbot.waitUntil(lambda: not runner.active)
    settings.put(zhang, gazette_name="宿迁市政府公报")
    screen.conflict_dialog = None
    screen.gazette_name.setText("宿迁公报")
    screen.save_gazette.click()
    dialog = _dialog(qtbot, screen)
    assert set(dialog.picks) == {"gazette_name"}
    dialog.reload_button.click()
    qtbot.waitUntil(lambda: screen.gazette_name.text() == "宿迁市政府公报")
    assert settings.get(li, "gazette_name") == "宿迁市政府公报"
    runner.shutdown()


def test_keep_editing_loses_nothing(qtbot, pair) -> None:
    zhang, li = pair
    runner = TaskRunner()
    screen = SettingsScreen(li, runner)
    qtbot.addWidget(screen)
    qtbot.waitUntil(lambda: not runner.active and bool(screen.gazette_versions))
    settings.put(zhang, gazette_name="宿迁市政府公报")
    screen.gazette_name.setText("宿迁公报")
    screen.save_gazette.click()
    _dialog(qtbot, screen).edit_button.click()
    assert screen.gazette_name.text() == "宿迁公报"
    assert settings.get(li, "gazette_name") == "宿迁市政府公报"
    runner.shutdown()


def test_issue_order_merge_and_status_reload(qtbot, pair) -> None:
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
    runner = TaskRunner()
    screen = IssuesScreen(li, runner)
    qtbot.addWidget(screen)
    qtbot.waitUntil(lambda: screen.snapshot is not None)
    ids = [i.id for i in screen.snapshot.plan.sections[0].items]
    with zhang.uow() as uow:  # 张编辑 puts the second item first …
        issues.reorder(uow, issue_id, section, [ids[1], ids[0], ids[2]])
        uow.commit()
    screen.plan_model.move(0, 0, [ids[-1]])  # … while 李编辑 drags the last one there
    dialog = _dialog(qtbot, screen)
    assert set(dialog.picks) == {"order"}
    assert dialog.table.item(0, 1).text().startswith("1. 文件1")
    dialog.merge_button.click()  # mine is the default pick
    mine = [ids[2], ids[0], ids[1]]
    qtbot.waitUntil(lambda: [i.id for i in screen.snapshot.plan.sections[0].items] == mine)

    qtbot.waitUntil(lambda: not runner.active)
    with zhang.uow() as uow:  # a proof round made (its PDF is not what this test is about)
        uow.session.add(ProofRound(issue_id=issue_id, round=1))
        uow.session.flush()
        issues.set_status(uow, issue_id, "proof")
        uow.commit()
    screen.reload()
    qtbot.waitUntil(
        lambda: screen.snapshot is not None and screen.snapshot.plan.issue.status == "proof",
    )
    qtbot.waitUntil(lambda: not runner.active)
    shown = screen.snapshot.plan.issue
    with zhang.uow() as uow:  # 张编辑 sends it back while 李编辑 asks for 定稿
        issues.set_status(
            uow, issue_id, "planning", reason="顺序再调整", expected_version=shown.version
        )
        uow.commit()
    screen.conflict_dialog = None
    modal_clicks.answer(qtbot, "confirmAction")
    qtbot.mouseClick(screen.status_btn, Qt.MouseButton.LeftButton)
    dialog = _dialog(qtbot, screen)
    assert "状态" in dialog.table.item(0, 0).text() and dialog.table.item(0, 1).text() == "编排中"
    dialog.reload_button.click()
    qtbot.waitUntil(
        lambda: screen.snapshot is not None and screen.snapshot.plan.issue.status == "planning",
    )
    runner.shutdown()


def test_proofreading_merge_keeps_their_title_and_my_paragraph(qtbot, pair, tmp_path) -> None:
    zhang, li = pair
    fixture = Path(__file__).parents[1] / "gazette" / "texts_fixtures" / "jiance.docx"
    doc_id = import_document(zhang, fixture).document_id
    runner = TaskRunner()
    widget = ProofreadWidget(li, runner)
    qtbot.addWidget(widget)
    with qtbot.waitSignal(widget.loaded):
        widget.load_document(doc_id)
    with zhang.uow() as uow:
        seen = load_text(uow, doc_id)
        theirs = seen.text
        theirs.title = "市生态环境局关于开展自行监测专项检查的通知"
        save_corrections(uow, doc_id, theirs, version=seen.version)  # 张编辑 fixes the title
        uow.commit()
    model = widget.model
    row = next(
        r
        for r in range(model.rowCount())
        if model.index(r, model.COL_TEXT).data() == "一、检查对象"
    )
    model.setData(model.index(row, model.COL_TEXT), "一、检查的对象")  # 李编辑 a heading
    widget.save_button.click()
    dialog = _dialog(qtbot, widget)
    labels = [dialog.table.item(r, 0).text() for r in range(dialog.table.rowCount())]
    assert labels == ["标题", "正文段落"] and not dialog.picks
    dialog.grab().save(str(tmp_path / "conflict_proofread.png"))
    with qtbot.waitSignal(widget.saved) as saved:
        dialog.merge_button.click()
    assert saved.args == [1], widget.status.text()  # my heading; their title was already saved
    with zhang.uow() as uow:
        now = load_text(uow, doc_id).text
    assert now.title == theirs.title
    assert any(b.text == "一、检查的对象" for b in now.blocks)
    runner.shutdown()


def test_department_merge(qtbot, pair) -> None:
    zhang, li = pair
    with zhang.uow() as uow:
        dep_id = deps.save(
            uow, deps.DepartmentInput("宿迁市水利局", "市水利局", ("宿水发",), None)
        ).id
        uow.commit()
    runner = TaskRunner()
    screen = DepartmentsScreen(li, runner)
    qtbot.addWidget(screen)
    with li.uow() as uow:
        detail = deps.get_detail(uow, dep_id)
    dialog = DepartmentDialog(detail, screen)
    qtbot.addWidget(dialog)
    with zhang.uow() as uow:
        inp = detail.as_input()
        changed = deps.DepartmentInput(inp.name, "水利局", inp.issuer_codes, inp.liaison)
        deps.save(uow, changed, dep_id=dep_id, expected_version=detail.version)
        uow.commit()
    dialog.name.setText("宿迁市水务局")
    screen._save(dialog)
    conflict = _dialog(qtbot, screen)
    assert "张编辑" in dialog.error.text()
    assert [conflict.table.item(r, 0).text() for r in range(2)] == ["名称", "简称"]
    conflict.merge_button.click()
    qtbot.waitUntil(lambda: not runner.active)
    with zhang.uow() as uow:
        now = deps.get_detail(uow, dep_id)
    assert (now.name, now.short_name) == ("宿迁市水务局", "水利局")
    runner.shutdown()


def test_calendar_day_merge(qtbot, pair) -> None:
    zhang, li = pair
    runner = TaskRunner()
    screen = SettingsScreen(li, runner)
    qtbot.addWidget(screen)
    panel = screen.calendar
    qtbot.waitUntil(lambda: not runner.active and bool(screen.gazette_versions))
    panel.day_edit.setDate(qdate(dt.date(2026, 5, 11)))
    qtbot.waitUntil(
        lambda: panel.day_shown is not None and panel.day_shown.day == dt.date(2026, 5, 11),
    )
    shown = panel.day_shown
    with zhang.uow() as uow:  # 张编辑 turns the day over …
        calendar_admin.correct_day(
            uow.session, shown.day, not shown.is_workday, shown.name, expected_version=0
        )
        uow.commit()
    panel.day_name.setText("防汛值班")  # … while 李编辑 only names it
    panel._save_day()
    dialog = _dialog(qtbot, panel)
    assert [dialog.table.item(r, 0).text() for r in range(2)] == ["是否工作日", "名称"]
    dialog.merge_button.click()
    qtbot.waitUntil(lambda: not runner.active and "已手工修改" in panel.day_label.text())
    with zhang.uow() as uow:
        now = calendar_admin.day_status(uow.session, shown.day)
    assert (now.is_workday, now.name) == (not shown.is_workday, "防汛值班")
    runner.shutdown()


def test_user_role_reload(qtbot, pair) -> None:
    zhang, li = pair
    with zhang.uow() as uow:
        users.create_user(uow.session, "wang", "王敏", "clerk", "王敏的密码2026")
        uow.commit()
    runner = TaskRunner()
    screen = AdminScreen(li, runner)
    qtbot.addWidget(screen)
    tab = screen.users

    def wang() -> users.UserRow | None:
        return next((r for r in tab.model.rows() if r.username == "wang"), None)

    qtbot.waitUntil(lambda: wang() is not None)
    shown = wang()
    assert shown is not None
    with zhang.uow() as uow:
        users.set_role(uow.session, "wang", "editor", expected_version=shown.version)
        uow.commit()
    tab._edit("修改角色", shown, "role", "reader")
    dialog = _dialog(qtbot, tab)
    assert dialog.table.item(0, 1).text() == "编辑" and dialog.table.item(0, 2).text() == "只读"
    dialog.reload_button.click()
    qtbot.waitUntil(lambda: (row := wang()) is not None and row.role == "editor")
    runner.shutdown()


def test_selection_decision_pick_mine(qtbot, pair) -> None:
    zhang, li = pair
    depts = make_departments(zhang)
    with zhang.uow() as uow:
        data = SubmissionData(
            depts["市教育局"],
            "关于印发某办法的通知",
            "宿教发〔2026〕3号",
            dt.date(2026, 3, 2),
            dt.date(2026, 3, 5),
        )
        record(uow.session, data)
        uow.commit()
    runner = TaskRunner()
    screen = DeskScreen(li, runner)
    qtbot.addWidget(screen)
    qtbot.waitUntil(lambda: screen.loads >= 1)
    screen.view.selectRow(0)
    (row,) = screen.model.all_rows
    with zhang.uow() as uow:  # 张编辑 declines it first
        selection.decide(
            uow.session, row.document_id, "不予选登", "内容已过时", expected_version=row.version
        )
        uow.commit()
    screen.select_button.click()  # 李编辑 selects it
    dialog = _dialog(qtbot, screen)
    assert dialog.table.item(0, 1).text() == "不予选登：内容已过时"
    assert dialog.table.item(0, 2).text() == "选登" and set(dialog.picks) == {"decision"}
    dialog.merge_button.click()  # mine is the default pick: 选登, without their reason
    loads = screen.loads
    qtbot.waitUntil(lambda: screen.loads > loads and not runner.active)
    with zhang.uow() as uow:
        (now,) = queries.desk(uow.session, dt.date(2026, 3, 20)).rows
    assert (now.decision, now.decision_reason) == ("选登", "")
    runner.shutdown()
