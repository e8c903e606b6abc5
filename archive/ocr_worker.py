"""One OCR worker process: loads its engine once, then serves page tasks until told to stop.

The pool (archive.ocr_pool) talks to each worker over its own pipe and gives it one task at a
time, so it always knows which task a worker holds: a worker that dies takes only that task with
it, and the pool gives the task to a fresh worker. Messages from the worker: ``("ready", pid)``
once the engine is loaded and run once, ``("failed", error)`` if it cannot load, then one
``(result, seconds, error)`` per task.
"""

from __future__ import annotations

import os
import time
from collections import OrderedDict
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any

import numpy as np

from archive.ocr_engine import Engine, load_rgb

EngineFactory = Callable[[], Engine]
Result = tuple[Any, float, str]  # (boxes or lines, or None on error; seconds; error)

_ENGINE: Engine | None = None
_IMAGES: OrderedDict[str, np.ndarray] = OrderedDict()  # the pages this worker holds, newest last
KEEP_IMAGES = 3  # a page is read while the next ones are detected


def serve(conn: Connection, factory: EngineFactory) -> None:
    """The worker's life: load the engine, announce it, run tasks until ``None`` or EOF."""
    global _ENGINE
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    try:
        _ENGINE = factory()
        _ENGINE.warm()
    except Exception as exc:  # reported, so the pool does not restart a worker that cannot load
        conn.send(("failed", f"{type(exc).__name__}: {exc}"))
        return
    conn.send(("ready", os.getpid()))
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):  # the app is gone
            return
        if task is None:
            return
        kind, args = task
        conn.send(detect(*args) if kind == "detect" else read(*args))


def _image(path: str) -> np.ndarray:
    if path not in _IMAGES:
        _IMAGES[path] = load_rgb(path)
        while len(_IMAGES) > KEEP_IMAGES:
            _IMAGES.popitem(last=False)
    return _IMAGES[path]


def detect(path: str) -> Result:
    """Line boxes of a page (or None and the error), and the seconds spent."""
    assert _ENGINE is not None
    t0 = time.perf_counter()
    try:
        boxes = [np.asarray(b).tolist() for b in _ENGINE.detect(_image(path))]
    except Exception as exc:  # reported per page; the job goes on
        return None, time.perf_counter() - t0, f"{type(exc).__name__}: {exc}"
    return boxes, time.perf_counter() - t0, ""


def read(path: str, boxes: list[Any]) -> Result:
    """Lines read from some boxes of a page (or None and the error), and the seconds spent."""
    assert _ENGINE is not None
    t0 = time.perf_counter()
    try:
        lines = _ENGINE.read(_image(path), [np.asarray(b, dtype=np.float32) for b in boxes])
    except Exception as exc:
        return None, time.perf_counter() - t0, f"{type(exc).__name__}: {exc}"
    return lines, time.perf_counter() - t0, ""
