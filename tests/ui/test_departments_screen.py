"""The departments screen: models, import through the screen, editing, history."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from openpyxl import Workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from gazette.departments import roster as deps
from gazette.departments.xlsx import TEMPLATE_COLUMNS, RowIssue
from ui.departments.absences_panel import NO_ABSENCES
from ui.departments.models import (
    ROW_ROLE,
    DepartmentsModel,
    DepartmentsProxy,
    HistoryModel,
    IssuesModel,
)
from ui.departments.screen import Screen
from ui.tasks import TaskRunner

SHOTS = os.environ.get("GAZETTE_TEST_SHOTS")  # a folder for screenshots a person looks at


def _shot(widget, name: str) -> None:  # type: ignore[no-untyped-def]
    if SHOTS:  # for a person to look at; the assertions do not need it
        widget.grab().save(str(Path(SHOTS) / name))


def _row(i: int, active: bool = True) -> deps.DepartmentRow:
    return deps.DepartmentRow(i, f"部门{i}", "", ("宿甲发",), active, liaison="王堃")


def test_models_pass_modeltester(qtmodeltester) -> None:
    model = DepartmentsModel()
    model.set_rows([_row(1), _row(2, active=False)])
    qtmodeltester.check(model)
    proxy = DepartmentsProxy()
    proxy.setSourceModel(model)
    qtmodeltester.check(proxy)
    assert proxy.rowCount() == 1
    proxy.set_show_inactive(True)
    assert proxy.rowCount() == 2
    history = HistoryModel()
    history.set_rows(
        [deps.LiaisonRow(1, "primary", "陈珺", "", "", "", "", dt.date(2025, 1, 1), None)]
    )
    qtmodeltester.check(history)
    assert history.index(0, HistoryModel.COL_TO).data() == "至今"
    issues = IssuesModel()
    issues.set_rows([RowIssue(3, "手机", "不是 11 位手机号码")])
    qtmodeltester.check(issues)


def _runner(qtbot) -> TaskRunner:
    runner = TaskRunner()
    return runner


def test_import_through_screen(qtbot, ctx, tmp_path) -> None:
    runner = _runner(qtbot)
    screen = Screen(ctx, runner)
    qtbot.addWidget(screen)
    qtbot.waitUntil(lambda: not runner.active)
    assert screen.model.rowCount() == 0
    book = Workbook()
    sheet = book.active
    sheet.append(list(TEMPLATE_COLUMNS))
    sheet.append(["宿迁市财政局", "市财政局", "宿财发、宿财规", "王堃", "", "", "13912345678"])
    sheet.append(["宿迁市教育局", "", "宿教发", "李喆", "", "", "1234"])
    path = tmp_path / "部门.xlsx"
    book.save(path)

    screen.import_file(path)
    qtbot.waitUntil(lambda: screen.last_report is not None and not runner.active)
    assert screen.model.rowCount() == 1
    assert screen.model.index(0, DepartmentsModel.COL_LIAISON).data() == "王堃"
    dialog = screen.report_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.issues.rowCount() == 1
    assert dialog.issues.index(0, IssuesModel.COL_COLUMN).data() == "手机"
    dialog.close()

    screen.filter.setText("宿财规")
    assert screen.proxy.rowCount() == 1
    screen.filter.setText("不存在")
    assert screen.proxy.rowCount() == 0
    screen.filter.clear()

    bad = tmp_path / "notes.txt"
    bad.write_text("x", encoding="utf-8")
    screen.import_file(bad)
    qtbot.waitUntil(lambda: bool(screen.last_error))
    assert ".xlsx" in screen.last_error
    runner.shutdown()


def test_edit_liaison_shows_history(qtbot, demo_ctx, tmp_path) -> None:
    runner = _runner(qtbot)
    screen = Screen(demo_ctx, runner)
    qtbot.addWidget(screen)
    qtbot.waitUntil(lambda: screen.model.rowCount() >= 35 and not runner.active)
    with demo_ctx.uow() as uow:
        dep_id = deps.find_by_name(uow, "宿迁市财政局")
        assert dep_id is not None
        expected = deps.liaison_history(uow, dep_id)
    before = len(expected)
    assert before >= 2
    screen.select_department(dep_id)
    # this department's history, not the first row's that the initial load showed
    qtbot.waitUntil(lambda: screen.history.rows() == expected and not runner.active)

    screen.edit(dep_id)
    qtbot.waitUntil(lambda: screen._dialog is not None and screen._dialog.isVisible())
    dialog = screen._dialog
    dialog.liaison.name.setText("郑珺")
    dialog.liaison.mobile.setText("1380000")  # a typo is caught in the dialog
    save = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save)
    assert save.isVisible() and save.isEnabled()
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and "手机" in dialog.error.text()
    dialog.liaison.mobile.setText("13800001111")
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not runner.active and screen.history.rowCount() == before + 1)
    row = screen.selected_row()
    assert row is not None and row.liaison == "郑珺"
    current = [r for r in screen.history.rows() if r.role == "primary" and r.ended_on is None]
    assert [r.name for r in current] == ["郑珺"]
    assert screen.table.selectionModel().selectedRows()[0].data(ROW_ROLE).id == dep_id

    out = tmp_path / "导出.xlsx"
    screen.export_file(out)
    qtbot.waitUntil(lambda: out.exists() and not runner.active)
    runner.shutdown()


def _drop(widget, path) -> None:
    from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
    from PySide6.QtGui import QDropEvent

    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    event = QDropEvent(
        QPointF(10, 10),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    widget.dropEvent(event)


def test_drop_xlsx_onto_screen_imports_it(qtbot, ctx, tmp_path) -> None:
    runner = _runner(qtbot)
    screen = Screen(ctx, runner)
    qtbot.addWidget(screen)
    qtbot.waitUntil(lambda: not runner.active)
    book = Workbook()
    book.active.append(list(TEMPLATE_COLUMNS))
    book.active.append(["宿迁市审计局", "市审计局", "宿审发", "吴珺"])
    path = tmp_path / "审计.xlsx"
    book.save(path)
    _drop(screen, tmp_path / "ignored.txt")  # not a spreadsheet: nothing happens
    assert screen.last_report is None and not runner.active
    _drop(screen, path)
    qtbot.waitUntil(lambda: screen.last_report is not None and screen.model.rowCount() == 1)
    assert screen.last_report.created == ["宿迁市审计局"]
    runner.shutdown()


def test_record_end_and_delete_absence_from_screen(qtbot, ctx) -> None:
    from PySide6.QtCore import QDate, Qt

    from gazette.departments import absences
    from tests.gazette.submissions_setup import make_departments

    dep_id = make_departments(ctx)["市教育局"]
    runner = _runner(qtbot)
    screen = Screen(ctx, runner)
    qtbot.addWidget(screen)
    qtbot.waitUntil(lambda: screen.model.rowCount() == 3 and not runner.active)
    screen.select_department(dep_id)
    panel = screen.absences
    # the panel shows this department (set at once), and its load has landed
    qtbot.waitUntil(
        lambda: panel.department_id == dep_id and panel.person.count() == 2 and not runner.active
    )
    assert panel.person.itemText(0) == "联络员 李强"
    screen.resize(1366, 768)
    screen.show()
    qtbot.waitUntil(panel.empty_note.isVisible)  # the empty list says why it is empty
    assert panel.empty_note.text() == NO_ABSENCES
    _shot(screen, "absences-empty.png")

    today = dt.date.today()
    yesterday = today - dt.timedelta(days=1)
    panel.starts.setDate(QDate(yesterday.year, yesterday.month, yesterday.day))
    panel.open_ended.setChecked(True)
    panel.reason.setCurrentText("休假")
    panel.note.setText("年休假")
    qtbot.mouseClick(panel.add_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.model.rowCount() == 1 and not runner.active)
    assert not panel.empty_note.isVisible()  # gone once a row arrives

    def contact_cell() -> str:
        for r in range(screen.model.rowCount()):
            if screen.model.row_at(r).id == dep_id:
                return screen.model.index(r, DepartmentsModel.COL_CONTACT).data()
        return ""

    qtbot.waitUntil(lambda: contact_cell() == "刘洋（李强休假）" and not runner.active)
    with ctx.uow() as uow:  # stored, so every other client and the CLI see it
        choice = absences.who_to_contact(uow.session, dep_id, today)
    assert choice.contact is not None and choice.contact.name == "刘洋"

    qtbot.mouseClick(panel.add_button, Qt.MouseButton.LeftButton)  # the same period again
    qtbot.waitUntil(lambda: "重叠" in panel.error.text() and not runner.active)
    assert panel.model.rowCount() == 1

    panel.table.selectRow(0)
    panel.last_day.setDate(QDate(today.year, today.month, today.day))
    qtbot.mouseClick(panel.end_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.model.rowCount() == 1 and panel.model.row_at(0).ends_on == today)
    qtbot.waitUntil(lambda: not runner.active)
    panel.table.selectRow(0)
    qtbot.mouseClick(panel.delete_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.model.rowCount() == 0 and not runner.active)
    assert panel.empty_note.isVisible()
    qtbot.waitUntil(lambda: contact_cell() == "李强" and not runner.active)
    runner.shutdown()


def test_reader_sees_absences_but_cannot_change_them(qtbot, ctx) -> None:
    from tests.gazette.submissions_setup import make_departments

    make_departments(ctx)
    ctx.role = "reader"
    runner = _runner(qtbot)
    screen = Screen(ctx, runner)
    qtbot.addWidget(screen)
    qtbot.waitUntil(lambda: screen.absences.person.count() == 2 and not runner.active)
    assert not screen.absences.add_button.isEnabled()
    runner.shutdown()
