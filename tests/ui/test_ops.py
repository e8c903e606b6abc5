"""ui.ops: a change commits on a worker and announces its tables; a read commits nothing;
a failing change leaves nothing behind; a stale save reaches the screen's conflict handler."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtWidgets import QWidget

from gazette.db.models import Setting
from gazette.office.conflicts import ConflictError
from ui import ops
from ui.tasks import TaskRunner


class Screen(QWidget):
    def __init__(self, ctx: Any) -> None:
        super().__init__()
        self.ctx, self.runner = ctx, TaskRunner(self)
        self.errors: list[str] = []


@pytest.fixture
def screen(qtbot, ctx):  # type: ignore[no-untyped-def]
    widget = Screen(ctx)
    qtbot.addWidget(widget)
    yield widget
    widget.runner.shutdown()


def _value(ctx: Any, key: str) -> Any:
    with ctx.uow() as uow:
        row = uow.session.get(Setting, key)
        return None if row is None else row.value


def test_op_commits_and_announces_changed_tables(qtbot, screen) -> None:
    seen: list[frozenset[str]] = []
    results: list[str] = []
    screen.runner.changed.connect(seen.append)

    def change(uow: Any) -> str:
        uow.session.add(Setting(key="ops.probe", value="甲"))
        return "已保存"

    ops.run_op(screen, "保存", change, results.append)
    qtbot.waitUntil(lambda: results == ["已保存"])
    assert _value(screen.ctx, "ops.probe") == "甲"
    assert any("settings" in tables for tables in seen)


def test_query_commits_nothing(qtbot, screen) -> None:
    results: list[int] = []

    def read(uow: Any) -> int:
        uow.session.add(Setting(key="ops.read", value="乙"))
        uow.session.flush()
        return uow.session.query(Setting).filter_by(key="ops.read").count()

    ops.run_query(screen, "读取", read, results.append)
    qtbot.waitUntil(lambda: results == [1])
    assert _value(screen.ctx, "ops.read") is None


def test_failed_op_saves_nothing_and_reports(qtbot, screen) -> None:
    errors: list[str] = []

    def change(uow: Any) -> None:
        uow.session.add(Setting(key="ops.fail", value="丙"))
        uow.session.flush()
        raise ValueError("第3行“部门名称”不能为空")

    ops.run_op(screen, "保存", change, on_error=lambda m, _d: errors.append(m))
    qtbot.waitUntil(lambda: bool(errors))
    assert errors == ["第3行“部门名称”不能为空"]
    assert _value(screen.ctx, "ops.fail") is None


def test_a_jobs_conflict_goes_to_the_screens_handler_and_nothing_is_announced(
    qtbot, screen
) -> None:
    conflicts: list[ConflictError] = []
    seen: list[frozenset[str]] = []
    screen.runner.changed.connect(seen.append)

    def job(_reporter: Any) -> None:
        raise ConflictError("documents", 7, None)

    ops.run_job(
        screen,
        "保存",
        job,
        on_conflict=conflicts.append,
        on_error=lambda *_: None,
        changes=frozenset({"documents"}),
    )
    qtbot.waitUntil(lambda: bool(conflicts))
    assert conflicts[0].record_id == 7 and seen == []


def test_conflict_goes_to_the_screens_handler(qtbot, screen) -> None:
    conflicts: list[ConflictError] = []

    def change(_uow: Any) -> None:
        raise ConflictError("settings", "ops.probe", None)

    ops.run_op(screen, "保存", change, on_conflict=conflicts.append, on_error=lambda *_: None)
    qtbot.waitUntil(lambda: bool(conflicts))
    assert conflicts[0].record_id == "ops.probe"
