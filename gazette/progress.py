"""Progress reporting and cancellation for long core work, with no dependency on Qt.

Core functions take ``progress: Progress | None``; the UI supplies an object that forwards to Qt
signals, the CLI one that prints, tests a recorder.
"""

from __future__ import annotations

import threading
from typing import Protocol


class Cancelled(Exception):
    """Raised inside core work when the user cancelled it; callers roll back."""


class Progress(Protocol):
    def __call__(self, done: int, total: int, message: str = "") -> None: ...


class CancelToken:
    """A thread-safe flag checked by long loops between steps."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def check(self) -> None:
        if self._event.is_set():
            raise Cancelled("操作已取消")


def null_progress(done: int, total: int, message: str = "") -> None:
    """A Progress that ignores everything."""


class Reporter:
    """Bundles a progress callback and a cancel token, the pair every long operation takes."""

    def __init__(self, progress: Progress | None = None, cancel: CancelToken | None = None):
        self.progress: Progress = progress or null_progress
        self.cancel = cancel or CancelToken()

    def step(self, done: int, total: int, message: str = "") -> None:
        self.cancel.check()
        self.progress(done, total, message)
