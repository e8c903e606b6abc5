"""At 1366×768 on the demo office, the columns a newcomer reads are not cut off: the issue
list's 篇数 in 公报编排, 退回 in 赠阅发行's 各期发行, and whole department names in 催报."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QTableView, QWidget

from tests.ui.person import click_tab, open_wing

SHOTS = os.environ.get("GAZETTE_TEST_SHOTS")  # a folder for screenshots a person looks at


def _window(qtbot, ctx):  # type: ignore[no-untyped-def]
    """The main window at 1366×768, as a newcomer sees it (navigation list included)."""
    if SHOTS:  # as the app does at start-up, so the screenshot shows Chinese, not boxes
        from ui.app import register_fonts

        register_fonts()
    from ui.main_window import MainWindow

    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    return window


def _shot(widget: QWidget, name: str) -> None:
    if SHOTS:
        widget.grab().save(str(Path(SHOTS) / name))


def _header_fits(view: QTableView, label: str) -> None:
    """The column headed ``label`` is at least as wide as its header text, and wholly shown."""
    model = view.model()
    col = next(
        c
        for c in range(model.columnCount())
        if model.headerData(c, Qt.Orientation.Horizontal) == label
    )
    header = view.horizontalHeader()
    text = QFontMetrics(header.font()).horizontalAdvance(label)
    assert header.sectionSize(col) >= text, (label, header.sectionSize(col), text)
    right = header.sectionViewportPosition(col) + header.sectionSize(col)
    assert header.sectionViewportPosition(col) >= 0 and right <= view.viewport().width(), (
        label,
        right,
        view.viewport().width(),
    )


def test_issue_list_shows_the_article_count(qtbot, demo_ctx) -> None:
    window = _window(qtbot, demo_ctx)
    screen = open_wing(qtbot, window, "issues")
    runner = screen.runner
    qtbot.waitUntil(lambda: screen.issue_model.rowCount() > 0 and not runner.active)
    _shot(window, "issues-list.png")
    _header_fits(screen.issue_view, "篇数")


def test_distribution_issue_list_shows_returned(qtbot, demo_ctx) -> None:
    window = _window(qtbot, demo_ctx)
    screen = open_wing(qtbot, window, "distribution")
    runner = screen.runner
    tab = screen.issues_tab
    qtbot.waitUntil(lambda: tab.lines.rowCount() > 0 and not runner.active)
    _shot(window, "distribution-issues.png")
    _header_fits(tab.issue_view, "退回")
    _header_fits(tab.issue_view, "未确认")


def test_reminder_list_shows_whole_department_names(qtbot, demo_ctx) -> None:
    window = _window(qtbot, demo_ctx)
    screen = open_wing(qtbot, window, "submissions")
    runner = screen.runner
    qtbot.waitUntil(lambda: screen.loads >= 1 and not runner.active)
    click_tab(qtbot, screen.tabs, "催报")
    panel = screen.reminders
    assert panel.list.count() > 0
    _shot(window, "reminders.png")
    metrics = QFontMetrics(panel.list.font())
    for i in range(panel.list.count()):
        item = panel.list.item(i)
        first = item.text().splitlines()[0]
        assert item.toolTip() == item.text()  # whatever is cut is still readable
        assert metrics.horizontalAdvance(first) <= panel.list.viewport().width(), first
