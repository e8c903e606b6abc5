"""上移 / 下移 and Ctrl+↑ / Ctrl+↓ move the chosen item within its section, saved like a drag,
and the item stays chosen so a second press moves it further."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from tests.ui.person import click, click_row
from ui.issues.screen import Screen
from ui.tasks import TaskRunner


def _titles(screen: Screen, section: int) -> list[str]:
    assert screen.snapshot is not None
    return [i.title for i in screen.snapshot.plan.sections[section].items]


def test_items_move_by_button_and_keyboard(qtbot, demo_ctx) -> None:
    runner = TaskRunner()
    screen = Screen(demo_ctx, runner)
    qtbot.addWidget(screen)
    screen.resize(1366 - 180, 768 - 120)
    screen.show()
    qtbot.waitUntil(lambda: screen.snapshot is not None and not runner.active)
    assert screen.snapshot.plan.issue.status == "planning"
    model, view = screen.plan_model, screen.plan_view
    section = next(s for s, sec in enumerate(screen.snapshot.plan.sections) if len(sec.items) >= 3)
    before = _titles(screen, section)
    assert not screen.up_btn.isEnabled() and not screen.down_btn.isEnabled()  # nothing chosen
    click_row(qtbot, view, model.index(0, 0, model.index(section, 0)))
    assert not screen.up_btn.isEnabled()  # already first
    click(qtbot, screen.down_btn)
    qtbot.waitUntil(lambda: _titles(screen, section)[1] == before[0])
    assert _titles(screen, section)[:2] == [before[1], before[0]]
    click(qtbot, screen.down_btn)  # still chosen: it moves on
    qtbot.waitUntil(lambda: _titles(screen, section)[2] == before[0])
    if os.environ.get("GAZETTE_TEST_SHOTS"):
        screen.grab().save(str(Path(os.environ["GAZETTE_TEST_SHOTS"]) / "issues-reorder.png"))
    view.setFocus()
    for _ in range(2):
        shown = _titles(screen, section)
        QTest.keyClick(view, Qt.Key.Key_Up, Qt.KeyboardModifier.ControlModifier)
        qtbot.waitUntil(lambda s=shown: _titles(screen, section) != s)
    assert _titles(screen, section) == before  # back where it was, saved
    qtbot.waitUntil(lambda: not runner.active)
    runner.shutdown()
