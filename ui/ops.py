"""Screens change and read the office's data only through these, on a worker thread.

In the spirit of Anki's ``CollectionOp``/``QueryOp``: a screen hands over a function of the unit
of work, and this module opens the unit of work on a worker, runs the function, commits, and
brings the result back to the GUI thread. The screen never opens a transaction, never writes SQL
and never blocks the event loop.

- ``run_op``: a change. Commits; a ``ConflictError`` goes to ``on_conflict`` (the conflict
  dialog) when the screen gives one; afterwards ``TaskRunner.changed`` tells every screen which
  tables changed, so each refreshes only what it shows.
- ``run_query``: a read. Nothing is committed.
- ``run_job``: long core work that keeps its own transactions (a build, an OCR batch, an
  import in batches), with progress and cancel.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Protocol, TypeVar, cast

from PySide6.QtWidgets import QWidget

from gazette.context import AppContext
from gazette.db import UnitOfWork
from gazette.office.conflicts import ConflictError
from gazette.progress import Reporter
from ui.errors import show_error
from ui.tasks import Task, TaskRunner

T = TypeVar("T")


class OpOwner(Protocol):
    """A screen: it knows the office's context and the app's task runner (attributes, or
    properties where the context comes later, as on the first-run wizard's pages)."""

    @property
    def ctx(self) -> AppContext: ...

    @property
    def runner(self) -> TaskRunner: ...


def _on_error(
    owner: OpOwner, title: str, on_error: Callable[[str, str], None] | None
) -> Callable[[str, str], None]:
    if on_error is not None:
        return on_error
    parent = owner if isinstance(owner, QWidget) else None
    return lambda message, details: show_error(parent, title, message, details)


def _wants_reporter(fn: Callable[..., object]) -> bool:
    try:
        return len(inspect.signature(fn).parameters) >= 2
    except (TypeError, ValueError):
        return False


def run_op(
    owner: OpOwner,
    title: str,
    fn: Callable[[UnitOfWork], T] | Callable[[UnitOfWork, Reporter], T],
    on_done: Callable[[T], None] | None = None,
    *,
    on_error: Callable[[str, str], None] | None = None,
    on_conflict: Callable[[ConflictError], None] | None = None,
    on_progress: Callable[[int, int, str], None] | None = None,
) -> Task:
    """Run ``fn(uow)`` (or ``fn(uow, reporter)``) in one transaction on a worker and commit it.

    Nothing is saved when ``fn`` raises. The committed tables go out on ``runner.changed``
    before ``on_done`` sees the result.
    """
    ctx, runner = owner.ctx, owner.runner
    with_reporter = _wants_reporter(fn)

    def work(reporter: Reporter) -> tuple[T, frozenset[str]]:
        with ctx.uow() as uow:
            if with_reporter:
                result = cast(Callable[[UnitOfWork, Reporter], T], fn)(uow, reporter)
            else:
                result = cast(Callable[[UnitOfWork], T], fn)(uow)
            uow.commit()
            return result, frozenset(uow.changed)

    def done(outcome: tuple[T, frozenset[str]]) -> None:
        result, changed = outcome
        if changed:
            runner.changed.emit(changed)
        if on_done is not None:
            on_done(result)

    return runner.submit(
        title,
        work,
        done,
        _on_error(owner, title, on_error),
        on_progress,
        on_conflict,
    )


def run_query(
    owner: OpOwner,
    title: str,
    fn: Callable[[UnitOfWork], T],
    on_done: Callable[[T], None],
    *,
    on_error: Callable[[str, str], None] | None = None,
) -> Task:
    """Run ``fn(uow)`` read-only on a worker; whatever it changed is rolled back."""
    ctx = owner.ctx

    def work(_reporter: Reporter) -> T:
        with ctx.uow() as uow:
            return fn(uow)

    return owner.runner.submit(title, work, on_done, _on_error(owner, title, on_error))


def run_job(
    owner: OpOwner,
    title: str,
    fn: Callable[[Reporter], T],
    on_done: Callable[[T], None] | None = None,
    *,
    on_error: Callable[[str, str], None] | None = None,
    on_progress: Callable[[int, int, str], None] | None = None,
    on_conflict: Callable[[ConflictError], None] | None = None,
    changes: frozenset[str] = frozenset(),
) -> Task:
    """Core work that keeps its own transactions (a build in batches, a save that opens its
    own unit of work), with progress and cancel; a stale save reaches ``on_conflict``.

    ``changes`` names the tables the job writes, announced on ``runner.changed`` when it ends.
    """
    runner = owner.runner

    def done(result: T) -> None:
        if changes:
            runner.changed.emit(changes)
        if on_done is not None:
            on_done(result)

    return runner.submit(
        title, fn, done, _on_error(owner, title, on_error), on_progress, on_conflict
    )
