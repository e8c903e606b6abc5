"""Pausing Python's cyclic garbage collector while an issue is built.

A build allocates a few million short-lived objects (lines, flowables, PDF operators, pypdf
objects) and nearly all of them die by reference counting. The cyclic collector still runs
every 700 allocations and, now and then, walks every live object: about a tenth of a first
build's time went to it, reclaiming almost nothing. While a build runs the collector is off; the
few cycles a build leaves behind are collected as usual once it is back on.

The pause is counted, so overlapping builds on worker threads leave the collector off until the
last one ends, and a collector that was already off stays off.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from typing import ParamSpec, TypeVar

_lock = threading.Lock()
_depth = 0
_was_enabled = False

P = ParamSpec("P")
R = TypeVar("R")


@contextmanager
def collector_paused() -> Iterator[None]:
    global _depth, _was_enabled
    with _lock:
        if _depth == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0 and _was_enabled:
                gc.enable()


def paused(fn: Callable[P, R]) -> Callable[P, R]:
    """Run ``fn`` with the collector paused."""

    @wraps(fn)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        with collector_paused():
            return fn(*args, **kwargs)

    return run
