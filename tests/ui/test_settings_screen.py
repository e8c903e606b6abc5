"""The settings screen: gazette settings, data location, the working calendar."""

from __future__ import annotations

import datetime as dt
import json
import socket

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton

from gazette import config
from gazette.calendar import admin as calendar_admin
from gazette.calendar.store import YearCoverage
from gazette.office import settings
from ui.settings.models import CoverageModel, DaysModel
from ui.settings.screen import Screen
from ui.tasks import TaskRunner

NOTICE_2027 = {
    "year": 2027,
    "papers": [],
    "days": [
        {"name": "元旦", "date": "2027-01-01", "isOffDay": True},
        {"name": "春节", "date": "2027-02-08", "isOffDay": True},
        {"name": "春节", "date": "2027-02-06", "isOffDay": False},
    ],
}


def test_models_pass_modeltester(qtmodeltester) -> None:
    years = CoverageModel()
    years.set_rows([YearCoverage(2026, "chinese-calendar", 0), YearCoverage(2027, "导入：x", 3)])
    qtmodeltester.check(years)
    days = DaysModel()
    days.set_rows([calendar_admin.DayRow(dt.date(2027, 2, 6), True, "春节调休", "导入：x")])
    qtmodeltester.check(days)
    assert days.index(0, DaysModel.COL_WEEKDAY).data() == "星期六"


def click(qtbot, button: QPushButton) -> None:
    assert button.isEnabled(), button.text()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def _screen(qtbot, ctx) -> tuple[Screen, TaskRunner]:
    runner = TaskRunner()
    screen = Screen(ctx, runner)
    qtbot.addWidget(screen)
    qtbot.waitUntil(lambda: not runner.active and screen.calendar.years.rowCount() > 0)
    return screen, runner


def test_gazette_settings_and_location(qtbot, ctx, tmp_path) -> None:
    screen, runner = _screen(qtbot, ctx)
    assert screen.gazette_name.text() == settings.SUGGESTED["gazette_name"]  # as configured
    screen.gazette_name.setText("宿迁市人民政府公报（试）")
    screen.frequency.setCurrentIndex(screen.frequency.findData("semimonthly"))
    click(qtbot, screen.save_gazette)
    qtbot.waitUntil(lambda: screen.gazette_status.text() == "已保存")
    assert settings.get(ctx, "gazette_name") == "宿迁市人民政府公报（试）"
    assert settings.get(ctx, "frequency") == "semimonthly"

    screen.database_url.setText("not a url")
    click(qtbot, screen.test_button)
    qtbot.waitUntil(lambda: not runner.active and "格式不正确" in screen.location_status.text())

    screen.data_dir.setText(str(tmp_path / "office"))
    screen.database_url.setText("postgresql+psycopg://editor@db.example/gazette")
    click(qtbot, screen.save_location)
    qtbot.waitUntil(lambda: "重新启动" in screen.location_status.text())
    saved = config.load_saved()
    assert saved["data_dir"] == str(tmp_path / "office")
    assert saved["database_url"] == "postgresql+psycopg://editor@db.example/gazette"
    runner.shutdown()


def test_location_is_said_in_words_and_a_refused_connection_explained(qtbot, ctx) -> None:
    screen, runner = _screen(qtbot, ctx)
    shown = " ".join(label.text() for label in screen.findChildren(QLabel))
    shown += " ".join(edit.placeholderText() for edit in screen.findChildren(QLineEdit))
    assert "由启动参数指定" in shown  # the fixture opens its data folder as --data-dir would
    assert "--" not in shown and "://" not in shown and "GAZETTE_" not in shown
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    screen.database_url.setText(f"postgresql+psycopg://editor@127.0.0.1:{port}/gazette")
    click(qtbot, screen.test_button)
    qtbot.waitUntil(lambda: not runner.active and "无法连接" in screen.location_status.text())
    assert screen.location_status.text() == f"无法连接到 127.0.0.1:{port}：服务器未启动或地址有误"
    runner.shutdown()


def test_import_notice_and_edit_a_day(qtbot, ctx, tmp_path) -> None:
    screen, runner = _screen(qtbot, ctx)
    panel = screen.calendar
    assert 2027 not in {r.year for r in panel.years.rows()}
    path = tmp_path / "2027.json"
    path.write_text(json.dumps(NOTICE_2027, ensure_ascii=False), encoding="utf-8")
    panel.import_file(path)
    qtbot.waitUntil(lambda: not runner.active and panel.last_message.startswith("已导入 2027"))
    qtbot.waitUntil(  # the 2027 rows themselves, not the previous year's still on show
        lambda: (
            panel.selected_year() == 2027
            and panel.days.rowCount() >= 3
            and all(r.day.year == 2027 for r in panel.days.rows())
        )
    )
    years = {r.year: r for r in panel.years.rows()}
    assert "2027.json" in years[2027].source
    names = {r.day: (r.is_workday, r.name) for r in panel.days.rows()}
    assert names[dt.date(2027, 2, 6)] == (True, "春节调休")
    assert names[dt.date(2027, 1, 1)] == (False, "元旦")

    panel.day_edit.setDate(panel.day_edit.date().fromString("2027-01-04", "yyyy-MM-dd"))
    qtbot.waitUntil(lambda: not runner.active and panel.day_label.text().startswith("工作日"))
    panel.day_kind.setCurrentIndex(1)
    panel.day_name.setText("元旦补休")
    panel._save_day()
    qtbot.waitUntil(lambda: not runner.active and "已手工修改" in panel.day_label.text())
    assert panel.day_label.text().startswith("休息日（元旦补休）")
    with ctx.uow() as uow:
        status = calendar_admin.day_status(uow.session, dt.date(2027, 1, 4))
    assert (status.is_workday, status.overridden) == (False, True)

    bad = tmp_path / "2028.json"
    bad.write_text('{"year": 2028, "days": []}', encoding="utf-8")
    panel.import_file(bad)
    qtbot.waitUntil(lambda: bool(panel.last_error))
    assert "2028.json" in panel.last_error and "days" in panel.last_error
    runner.shutdown()


def test_uncovered_day_shows_instead_of_crashing(qtbot, ctx) -> None:
    screen, runner = _screen(qtbot, ctx)
    panel = screen.calendar
    panel.day_edit.setDate(panel.day_edit.date().fromString("2031-05-06", "yyyy-MM-dd"))
    qtbot.waitUntil(lambda: not runner.active and panel.day_label.text() == "日历未覆盖")
    runner.shutdown()


def test_drop_notice_onto_calendar(qtbot, ctx, tmp_path) -> None:
    from tests.ui.test_departments_screen import _drop

    screen, runner = _screen(qtbot, ctx)
    path = tmp_path / "2027.json"
    path.write_text(json.dumps(NOTICE_2027, ensure_ascii=False), encoding="utf-8")
    _drop(screen.calendar, path)
    qtbot.waitUntil(
        lambda: not runner.active and 2027 in {r.year for r in screen.calendar.years.rows()}
    )
    runner.shutdown()
