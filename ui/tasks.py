"""Runs core operations on worker threads, with progress and cancel, never blocking the UI.

A task is a plain function ``fn(reporter) -> result``; the core knows nothing about Qt. Results and
errors come back on the GUI thread through queued signals. A ConflictError (someone saved the
record first) comes back whole to ``on_conflict`` when the caller gives one, so the screen can
offer reload or merge.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, ParamSpec, TypeVar

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from gazette.office.conflicts import ConflictError
from gazette.progress import Cancelled, CancelToken, Reporter

log = logging.getLogger(__name__)

T = TypeVar("T")
P = ParamSpec("P")


class _Bridge(QObject):
    """Carries a worker's messages to the GUI thread (signals only; the work is not a QObject)."""

    progress = Signal(int, int, str)
    finished = Signal(object)
    failed = Signal(str, str)
    conflict = Signal(object)  # the ConflictError itself
    cancelled = Signal()


@dataclass
class Task:
    title: str
    token: CancelToken = field(default_factory=CancelToken)
    bridge: _Bridge = field(default_factory=_Bridge)
    done: bool = False
    wants_conflicts: bool = False

    def cancel(self) -> None:
        self.token.cancel()


class _Runnable(QRunnable):
    def __init__(self, task: Task, fn: Callable[[Reporter], object]) -> None:
        super().__init__()
        self.task, self.fn = task, fn
        self.setAutoDelete(True)

    def run(self) -> None:
        bridge = self.task.bridge
        reporter = Reporter(lambda d, t, m="": bridge.progress.emit(d, t, m), self.task.token)
        try:
            result = self.fn(reporter)
        except Cancelled:
            bridge.cancelled.emit()
        except ConflictError as exc:
            if self.task.wants_conflicts:
                bridge.conflict.emit(exc)
            else:
                bridge.failed.emit(str(exc), traceback.format_exc())
        except Exception as exc:
            log.exception("任务失败：%s", self.task.title)
            bridge.failed.emit(str(exc) or type(exc).__name__, traceback.format_exc())
        else:
            bridge.finished.emit(result)


def owner_of(callback: Callable[..., Any]) -> QObject | None:
    """The Qt object a callback belongs to: a bound method's object, or the first one a lambda
    closes over (``lambda res: self._show(res)`` closes over the screen)."""
    bound = getattr(callback, "__self__", None)
    if isinstance(bound, QObject):
        return bound
    for cell in getattr(callback, "__closure__", None) or ():
        try:
            value = cell.cell_contents
        except ValueError:  # an empty cell
            continue
        if isinstance(value, QObject):
            return value
    return None


def guarded(callback: Callable[P, None]) -> Callable[P, None]:
    """The callback, skipped once its widget is gone.

    A result can arrive after the screen that asked for it was closed and deleted (a search
    still running when the window closes); calling into a deleted widget raises from inside
    the event loop. The work is done and saved either way: only the display is skipped.
    """
    owner = owner_of(callback)
    if owner is None:
        return callback

    def call(*args: P.args, **kwargs: P.kwargs) -> None:
        if shiboken6.isValid(owner):
            callback(*args, **kwargs)
        else:
            log.debug("结果到达时窗口已关闭，不再显示")

    return call


class TaskRunner(QObject):
    """Owns the worker pool; the main window shows its active task in the status bar."""

    started = Signal(object)  # Task
    ended = Signal(object)  # Task
    changed = Signal(object)  # frozenset of the tables a committed op changed (ui.ops)

    def __init__(self, parent: QObject | None = None, max_threads: int = 2) -> None:
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(max_threads)
        self.active: list[Task] = []

    def submit(
        self,
        title: str,
        fn: Callable[[Reporter], T],
        on_done: Callable[[T], None] | None = None,
        on_error: Callable[[str, str], None] | None = None,
        on_progress: Callable[[int, int, str], None] | None = None,
        on_conflict: Callable[[ConflictError], None] | None = None,
    ) -> Task:
        task = Task(title, wants_conflicts=on_conflict is not None)
        bridge = task.bridge
        # Queued slots run as separate events: end the task first, so a callback (or anything
        # that runs between the two events) never sees a finished task still listed as active.
        for sig in (bridge.finished, bridge.failed, bridge.conflict, bridge.cancelled):
            sig.connect(lambda *_a, t=task: self._end(t))
        if on_progress:
            bridge.progress.connect(guarded(on_progress))
        if on_done:
            bridge.finished.connect(guarded(on_done))
        if on_error:
            bridge.failed.connect(guarded(on_error))
        if on_conflict:
            bridge.conflict.connect(guarded(on_conflict))
        self.active.append(task)
        self.started.emit(task)
        self.pool.start(_Runnable(task, fn))
        return task

    def _end(self, task: Task) -> None:
        if task.done:
            return
        task.done = True
        if task in self.active:
            self.active.remove(task)
        self.ended.emit(task)

    def cancel_all(self) -> None:
        for task in list(self.active):
            task.cancel()

    def shutdown(self, timeout_ms: int = 30000) -> bool:
        """Cancel running work and wait for it; True when every worker stopped in time."""
        self.cancel_all()
        return self.pool.waitForDone(timeout_ms)
