"""The OCR worker pool: processes that stay warm for the app's lifetime and share each page.

Loading the models takes seconds, and proofreaders recognise a few pages at a time, so the pool
is started once (when the archive wing first opens, or on first use) and kept until the app
exits. Recognition is CPU-bound: pages go to spawned worker processes with one ONNX thread each.
A page is split so both processes work on it: one detects its lines, then its lines are read in
chunks by whichever process is free, the earliest page's chunks first. Pages therefore finish in
order, the first one in about half the time a single process needs, and a long job keeps both
processes busy (the next page is detected while the last chunks of one are read).
"""

from __future__ import annotations

import atexit
import heapq
import itertools
import math
import multiprocessing as mp
import os
import queue
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from multiprocessing.pool import Pool
from typing import Any

import numpy as np

from archive.ocr_engine import Engine, Line, RapidOcrEngine, load_rgb, reading_order

EngineFactory = Callable[[], Engine]
CHUNK_LINES = 6  # lines read per task: RapidOCR's recognition batch
CHUNKS_PER_WORKER = 2  # a page is cut into at least this many chunks per worker

# worker processes ------------------------------------------------------------------------------

_ENGINE: Engine | None = None
_IMAGES: OrderedDict[str, np.ndarray] = OrderedDict()  # the pages this worker holds, newest last


def _init_worker(factory: EngineFactory) -> None:
    global _ENGINE
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    _ENGINE = factory()
    _ENGINE.warm()


def _image(path: str) -> np.ndarray:
    if path not in _IMAGES:
        _IMAGES[path] = load_rgb(path)
        while len(_IMAGES) > 3:
            _IMAGES.popitem(last=False)
    return _IMAGES[path]


def _ping(_: int) -> int:
    return os.getpid()


def _detect(path: str) -> tuple[list[Any] | None, float, str]:
    """Line boxes of a page (or None and the error), and the seconds spent."""
    assert _ENGINE is not None
    t0 = time.perf_counter()
    try:
        boxes = [np.asarray(b).tolist() for b in _ENGINE.detect(_image(path))]
    except Exception as exc:  # reported per page; the job goes on
        return None, time.perf_counter() - t0, f"{type(exc).__name__}: {exc}"
    return boxes, time.perf_counter() - t0, ""


def _read(path: str, boxes: list[Any]) -> tuple[list[Line] | None, float, str]:
    """Lines read from some boxes of a page (or None and the error), and the seconds spent."""
    assert _ENGINE is not None
    t0 = time.perf_counter()
    try:
        lines = _ENGINE.read(_image(path), [np.asarray(b, dtype=np.float32) for b in boxes])
    except Exception as exc:
        return None, time.perf_counter() - t0, f"{type(exc).__name__}: {exc}"
    return lines, time.perf_counter() - t0, ""


# the pool --------------------------------------------------------------------------------------


@dataclass
class PageDone:
    """One page's result: lines in reading order, or an error."""

    page_id: int
    lines: list[Line] | None
    seconds: float  # worker time spent on the page
    engine: str
    error: str = ""


@dataclass
class _Page:
    page_id: int
    path: str
    order: int
    parts: int = 0
    lines: list[Line] = field(default_factory=list)
    seconds: float = 0.0
    error: str = ""


def engine_name(factory: EngineFactory) -> str:
    """The name saved with each page, without loading the engine in this process."""
    if factory is RapidOcrEngine:
        from importlib.metadata import version

        return f"rapidocr-{version('rapidocr')}"
    return str(getattr(factory, "name", getattr(factory, "__name__", "ocr")))


def chunks(boxes: list[Any], workers: int) -> list[list[Any]]:
    """A page's boxes cut into tasks: RapidOCR batches, at least CHUNKS_PER_WORKER per worker."""
    if not boxes:
        return []
    count = max(math.ceil(len(boxes) / CHUNK_LINES), workers * CHUNKS_PER_WORKER)
    size = math.ceil(len(boxes) / min(count, len(boxes)))
    return [boxes[i : i + size] for i in range(0, len(boxes), size)]


class OcrPool:
    """Spawned worker processes holding a loaded engine each.

    ``start`` returns at once; the processes load their engine meanwhile. A cancelled job
    terminates the processes (a page may take seconds) and starts fresh ones at once.
    """

    def __init__(self, workers: int | None = None, engine: EngineFactory = RapidOcrEngine) -> None:
        self.workers = workers or max(1, min(2, os.cpu_count() or 1))
        self.engine = engine
        self.name = engine_name(engine)
        self._pool: Pool | None = None
        self._lock = threading.Lock()
        self.closed = False

    def start(self) -> OcrPool:
        self.pool()
        return self

    def pool(self) -> Pool:
        with self._lock:
            if self.closed:
                raise RuntimeError("识别进程已关闭")
            if self._pool is None:
                self._pool = mp.get_context("spawn").Pool(
                    self.workers, initializer=_init_worker, initargs=(self.engine,)
                )
            return self._pool

    def wait_ready(self, timeout: float | None = None) -> None:
        """Block until the engine is loaded: one small task per worker has run."""
        self.pool().map_async(_ping, range(self.workers), chunksize=1).get(timeout)

    def restart(self) -> None:
        """Stop the processes now (pages in progress are dropped) and warm fresh ones."""
        self.terminate()
        if not self.closed:
            self.start()

    def terminate(self) -> None:
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.terminate()
            pool.join()

    def close(self) -> None:
        """Stop for good: the processes finish their task and exit; no new job can start."""
        with self._lock:
            self.closed = True
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.close()
            pool.join()

    def shutdown(self) -> None:
        """Stop for good at once (the app is closing)."""
        with self._lock:
            self.closed = True
        self.terminate()

    def __enter__(self) -> OcrPool:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.shutdown()

    def recognise(
        self, jobs: list[tuple[int, str]], cancelled: Callable[[], bool] = lambda: False
    ) -> Iterator[PageDone]:
        """Recognise (page id, image path) pages, yielding each page when all of it is read.

        When ``cancelled()`` turns true, the processes are restarted and the iteration ends.
        """
        pool = self.pool()
        inbox: queue.Queue[tuple[str, _Page, tuple[Any, ...]]] = queue.Queue()
        waiting = [_Page(pid, path, n) for n, (pid, path) in enumerate(jobs)]
        waiting.reverse()  # popped from the end: the first page first
        ready: list[tuple[int, int, _Page, list[Any]]] = []  # (page order, n, page, boxes)
        tie = itertools.count()
        busy = 0

        def post(kind: str, page: _Page) -> Callable[[Any], None]:
            return lambda res: inbox.put((kind, page, res))

        def fail(page: _Page) -> Callable[[BaseException], None]:
            return lambda exc: inbox.put(("read", page, (None, 0.0, f"{type(exc).__name__}")))

        while True:
            if cancelled():  # checked between any two results, and every 0.2 s
                self.restart()
                return
            while busy < self.workers and (ready or waiting):
                if ready:
                    _, _, page, boxes = heapq.heappop(ready)
                    pool.apply_async(
                        _read,
                        (page.path, boxes),
                        callback=post("read", page),
                        error_callback=fail(page),
                    )
                else:
                    page = waiting.pop()
                    pool.apply_async(
                        _detect,
                        (page.path,),
                        callback=post("detect", page),
                        error_callback=fail(page),
                    )
                busy += 1
            if busy == 0:
                return
            try:
                kind, page, (found, secs, error) = inbox.get(timeout=0.2)
            except queue.Empty:
                continue
            busy -= 1
            page.seconds += secs
            page.error = page.error or error
            if kind == "detect":
                if found:
                    parts = chunks(found, self.workers)
                    page.parts = len(parts)
                    for part in parts:
                        heapq.heappush(ready, (page.order, next(tie), page, part))
                    continue
            else:
                page.lines += found or []
                page.parts -= 1
                if page.parts > 0:
                    continue
            lines = None if page.error else reading_order(page.lines)
            yield PageDone(page.page_id, lines, page.seconds, self.name, page.error)


# the app's pool --------------------------------------------------------------------------------

_SHARED: OcrPool | None = None
_FACTORY: EngineFactory = RapidOcrEngine
_SHARED_LOCK = threading.Lock()


def shared_pool() -> OcrPool:
    """The app's warm pool, started on first use and kept until the app exits."""
    global _SHARED
    with _SHARED_LOCK:
        if _SHARED is None or _SHARED.closed:
            _SHARED = OcrPool(engine=_FACTORY)
            atexit.register(_SHARED.shutdown)
        pool = _SHARED
    return pool.start()


def warm_up() -> None:
    """Start the app's pool now, so the first job finds the models loaded (returns at once)."""
    shared_pool()


def use_engine(factory: EngineFactory) -> None:
    """Declare the engine the app's pool runs (the fake one in tests not about recognition)."""
    global _FACTORY
    shutdown()
    _FACTORY = factory


def shutdown() -> None:
    """Stop the app's pool (the app is closing); the next use starts a new one."""
    global _SHARED
    with _SHARED_LOCK:
        pool, _SHARED = _SHARED, None
    if pool is not None:
        pool.shutdown()
        atexit.unregister(pool.shutdown)
