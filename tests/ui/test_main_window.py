"""The main window opens offscreen and every wing can be visited."""

from __future__ import annotations

import json

from ui.main_window import MainWindow, PlaceholderWing
from ui.wings import WINGS, available


def test_visit_every_wing(qtbot, ctx, tmp_path) -> None:
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    assert "内置数据库" in window.db_label.text()
    for wing in WINGS:
        screen = window.open_wing(wing.key)
        assert window.stack.currentWidget() is screen
        if available(wing):
            assert not isinstance(screen, PlaceholderWing), wing.title
        qtbot.waitUntil(lambda: not window.runner.active, timeout=30000)  # the wing has loaded
    window.grab().save(str(tmp_path / "window.png"))
    assert (tmp_path / "window.png").stat().st_size > 1000
    window.close()


def test_start_up_says_when_next_years_holiday_notice_is_needed(qtbot, ctx, tmp_path) -> None:
    from gazette.calendar.admin import notice_needed, notice_reminder

    with ctx.uow() as uow:
        missing = notice_needed(uow.session)
        expected = notice_reminder(missing)
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    window.open_wing("departments")
    qtbot.waitUntil(lambda: not window.runner.active, timeout=30000)
    assert window.notices.get("calendar", "") == expected
    assert window.notice.isVisible() == bool(expected)
    if expected:  # from November until next year's notice is imported
        assert "导入节假日通知" in window.notice.text()
        window.open_wing("submissions")  # the desk's own banner says it there
        assert "calendar" in window.notices and not window.notice.isVisible()
        # importing the notice in 设置 clears the reminder: the window follows the change
        panel = window.open_wing("settings").calendar
        for year in missing:
            notice = tmp_path / f"{year}.json"
            days = [{"name": "元旦", "date": f"{year}-01-01", "isOffDay": True}]
            notice.write_text(json.dumps({"year": year, "days": days}), encoding="utf-8")
            panel.import_file(notice)
        qtbot.waitUntil(lambda: "calendar" not in window.notices, timeout=30000)
    window.close()


def test_every_menu_has_unique_accelerators(qtbot, ctx) -> None:
    import re

    from PySide6.QtWidgets import QMenu

    window = MainWindow(ctx)
    qtbot.addWidget(window)
    menus = [a.menu() for a in window.menuBar().actions() if isinstance(a.menu(), QMenu)]
    assert len(menus) >= 5
    for menu in menus:
        keys = [m.group(1).upper() for a in menu.actions() if (m := re.search(r"&(\w)", a.text()))]
        assert len(keys) == len(set(keys)), (menu.title(), keys)
    window.close()
