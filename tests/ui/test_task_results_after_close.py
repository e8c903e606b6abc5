"""A result that arrives after its screen was deleted is dropped, not delivered to a dead widget."""

from __future__ import annotations

import threading

import shiboken6
from PySide6.QtWidgets import QLabel

from ui.tasks import TaskRunner, owner_of


def test_result_for_a_deleted_screen_is_skipped(qtbot) -> None:
    runner = TaskRunner()
    label = QLabel("检索中")
    release = threading.Event()
    delivered: list[str] = []

    def work(_r: object) -> str:
        release.wait(10)
        return "找到 3 篇"

    def show(text: str) -> None:
        delivered.append(text)
        label.setText(text)  # raises on a deleted widget

    task = runner.submit("检索", work, lambda text: show(text) or label.update())
    shiboken6.delete(label)  # the screen is closed while the search runs
    # the test's slot is connected after the screen's callback, so it runs after it
    with qtbot.waitSignal(task.bridge.finished):
        release.set()
    assert task.done and delivered == []
    runner.shutdown()


def test_result_for_a_live_screen_is_delivered(qtbot) -> None:
    runner = TaskRunner()
    label = QLabel("检索中")
    qtbot.addWidget(label)
    with qtbot.waitSignal(runner.ended):
        runner.submit("检索", lambda _r: "找到 3 篇", label.setText)
    qtbot.waitUntil(lambda: label.text() == "找到 3 篇")
    runner.shutdown()


def test_owner_is_found_in_bound_methods_and_closures(qtbot) -> None:
    label = QLabel()
    qtbot.addWidget(label)
    assert owner_of(label.setText) is label
    assert owner_of(lambda t: label.setText(t)) is label
    assert owner_of(print) is None
