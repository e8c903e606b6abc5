"""公报编排 at 1366×768: every item's whole title is shown (wrapped, never cut to "…"), and its
tooltip gives the title with its 发文字号."""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QFontMetrics

from ui.issues.models import PlanModel
from ui.issues.screen import Screen
from ui.tasks import TaskRunner


def test_titles_wrap_whole_at_1366_by_768(qtbot, demo_ctx) -> None:
    runner = TaskRunner()
    screen = Screen(demo_ctx, runner)
    qtbot.addWidget(screen)
    screen.resize(1366 - 180, 768 - 120)  # the main window's room beside the navigation
    screen.show()
    qtbot.waitUntil(lambda: screen.snapshot is not None and not runner.active)
    view, model = screen.plan_view, screen.plan_model
    metrics = QFontMetrics(view.font())
    titles = wrapped = 0
    for s in range(model.rowCount()):
        section = model.index(s, 0)
        for r in range(model.rowCount(section)):
            index = model.index(r, PlanModel.COL_TITLE, section)
            item = model.item_at(index)
            view.scrollTo(index)
            rect = view.visualRect(index)
            needed = metrics.boundingRect(
                QRect(0, 0, rect.width() - 8, 100_000), int(Qt.TextFlag.TextWordWrap), item.title
            )
            assert needed.height() <= rect.height(), f"{item.title} is cut at {rect}"
            wrapped += rect.height() >= 2 * metrics.lineSpacing()
            tip = model.data(index, Qt.ItemDataRole.ToolTipRole)
            assert item.title in tip and (item.doc_number or item.kind) in tip
            titles += 1
    assert titles >= 10
    assert wrapped, "no title needed a second line: the test would prove nothing"
    runner.shutdown()
