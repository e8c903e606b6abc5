"""The OCR worker pool: processes that stay warm for the app's lifetime and share each page.

Loading the models takes seconds, and proofreaders recognise a few pages at a time, so the pool
is started once (when the archive wing first opens, or on first use) and kept until the app
exits: every job after the first finds the same processes with their models loaded.
Recognition is CPU-bound: pages go to spawned worker processes (archive.ocr_worker) with one ONNX
thread each. A page is split so both processes work on it: one detects its lines, then its lines
are read in chunks by whichever process is free, the earliest page's chunks first. The first
page therefore comes back in about half the time one process needs, and a long job keeps both
processes busy (the next page is detected while the last chunks of one are read).

Each worker holds at most one task, so the pool knows what a worker was doing when it died: the
task goes to the others (once; a page that kills two workers fails alone) and a fresh worker
replaces the dead one. A cancelled job stops handing out tasks and returns at once; the tasks
already running finish in the background and their results are dropped, so the processes stay
warm for the next job.
"""

from __future__ import annotations

import atexit
import contextlib
import heapq
import itertools
import math
import multiprocessing as mp
import os
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from multiprocessing.connection import wait
from typing import Any

from archive.ocr_engine import Line, RapidOcrEngine, reading_order
from archive.ocr_worker import EngineFactory, serve

CHUNK_LINES = 6  # lines read per task: RapidOCR's recognition batch
CHUNKS_PER_WORKER = 2  # a page is cut into at least this many chunks per worker
POLL = 0.2  # seconds between checks for a cancel while the workers are busy
CRASHED = "识别进程意外退出"


@dataclass
class PageDone:
    """One page's result: lines in reading order, or an error."""

    page_id: int
    lines: list[Line] | None
    seconds: float  # worker time spent on the page
    engine: str
    error: str = ""
    pids: set[int] = field(default_factory=set)  # the processes that worked on it


@dataclass
class _Page:
    page_id: int
    path: str
    order: int
    parts: int = 0
    lines: list[Line] = field(default_factory=list)
    seconds: float = 0.0
    error: str = ""
    crashes: int = 0
    pids: set[int] = field(default_factory=set)


@dataclass
class _Task:
    job: int
    kind: str  # "detect" or "read"
    page: _Page
    boxes: list[Any] | None = None


class _Worker:
    """One spawned process and the parent's end of its pipe."""

    def __init__(self, factory: EngineFactory) -> None:
        ctx = mp.get_context("spawn")
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(
            target=serve, args=(child, factory), daemon=True, name="gazette-ocr"
        )
        self.process.start()
        child.close()
        self.ready = False
        self.task: _Task | None = None

    @property
    def pid(self) -> int:
        return int(self.process.pid or 0)

    def give(self, task: _Task) -> bool:
        """Hand over a task; False when the process is already gone."""
        args = (task.page.path,) if task.kind == "detect" else (task.page.path, task.boxes)
        try:
            self.conn.send((task.kind, args))
        except OSError:
            return False
        self.task = task
        return True

    def messages(self) -> tuple[list[Any], bool]:
        """What the process has sent, and whether it is gone."""
        got: list[Any] = []
        try:
            while self.conn.poll():
                got.append(self.conn.recv())
        except (EOFError, OSError):
            return got, True
        return got, not self.process.is_alive()

    def stop(self, wait_s: float = 0.0) -> None:
        if wait_s:
            with contextlib.suppress(OSError):
                self.conn.send(None)
            self.process.join(wait_s)
        if self.process.is_alive():
            self.process.terminate()
        self.process.join()
        self.conn.close()


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
    """Spawned worker processes holding a loaded engine each, kept across jobs.

    ``start`` returns at once; the processes load their engine meanwhile, and a job starts on
    whichever is ready first. Jobs run one at a time (a second one waits, and can be cancelled
    while it waits).
    """

    def __init__(self, workers: int | None = None, engine: EngineFactory = RapidOcrEngine) -> None:
        self.workers = workers or max(1, min(2, os.cpu_count() or 1))
        self.engine = engine
        self.name = engine_name(engine)
        self.closed = False
        self.started = 0  # processes started so far: one per worker, plus one per restart
        self.loads = 0  # engines loaded so far (a process announces its engine once)
        self.load_error = ""  # why a worker could not load its engine (then none is restarted)
        self._procs: list[_Worker] = []
        self._lock = threading.Lock()  # the process list
        self._job_lock = threading.Lock()  # one job drives the processes at a time
        self._jobs = itertools.count(1)
        self._job = 0  # the running job; a task of any other one is stale

    # processes ---------------------------------------------------------------------------------

    def start(self) -> OcrPool:
        """Start the missing processes (returns at once; they load their engine meanwhile)."""
        with self._lock:
            if self.closed:
                raise RuntimeError("识别进程已关闭")
            while len(self._procs) < self.workers and not self.load_error:
                self._procs.append(_Worker(self.engine))
                self.started += 1
        return self

    def pids(self) -> list[int]:
        with self._lock:
            return [w.pid for w in self._procs]

    def wait_ready(self, timeout: float | None = None) -> None:
        """Block until every process has loaded its engine (TimeoutError after ``timeout``)."""
        self.start()
        if not self._job_lock.acquire(timeout=-1 if timeout is None else timeout):
            raise TimeoutError("识别进程忙")
        try:
            deadline = None if timeout is None else time.monotonic() + timeout
            while not all(w.ready for w in self._procs):
                if self.load_error:
                    raise RuntimeError(self.load_error)
                left = None if deadline is None else deadline - time.monotonic()
                if left is not None and left <= 0:
                    raise TimeoutError("识别进程未在限定时间内载入模型")
                for _worker, _message in self._events(POLL if left is None else min(POLL, left)):
                    pass  # a result here is stale: no job is running
        finally:
            self._job_lock.release()

    def close(self) -> None:
        """Stop for good: each process finishes its task and exits; no new job can start."""
        self._stop(wait_s=30.0)

    def shutdown(self) -> None:
        """Stop for good at once (the app is closing)."""
        self._stop(wait_s=0.0)

    def _stop(self, wait_s: float) -> None:
        with self._lock:
            self.closed = True
            procs, self._procs = self._procs, []
        for w in procs:
            w.stop(wait_s)

    def __enter__(self) -> OcrPool:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.shutdown()

    def _events(self, timeout: float) -> Iterator[tuple[_Worker, Any]]:
        """Messages from the processes within ``timeout``; a dead process is replaced and
        reported with the message None (its task, if any, is still on it)."""
        with self._lock:
            procs = list(self._procs)
        if not procs:  # all replaced or stopped: nothing to wait on
            time.sleep(timeout)
            return
        try:
            wait([w.conn for w in procs] + [w.process.sentinel for w in procs], timeout)
        except (OSError, ValueError):  # a pipe closed by a shutdown from another thread
            return
        for w in procs:
            got, gone = w.messages()
            for message in got:
                if isinstance(message, tuple) and message[:1] == ("ready",):
                    w.ready = True
                    self.loads += 1
                elif isinstance(message, tuple) and message[:1] == ("failed",):
                    self.load_error = f"识别引擎无法载入：{message[1]}"
                else:
                    task, w.task = w.task, None
                    if task is not None and task.job == self._job:
                        yield w, (task, message)
            if gone:
                self._replace(w)
                yield w, None

    def _replace(self, dead: _Worker) -> None:
        with self._lock:
            if dead in self._procs:
                self._procs.remove(dead)
        dead.stop()
        if not self.closed and not self.load_error and dead.ready:
            with contextlib.suppress(RuntimeError):  # closed meanwhile: the app is exiting
                self.start()
        elif not dead.ready and not self.load_error:  # died while loading: do not loop
            self.load_error = f"识别进程启动时退出（退出码 {dead.process.exitcode}）"

    # jobs --------------------------------------------------------------------------------------

    def recognise(
        self,
        jobs: list[tuple[int, str]],
        cancelled: Callable[[], bool] = lambda: False,
        on_start: Callable[[int, int], None] | None = None,
    ) -> Iterator[PageDone]:
        """Recognise (page id, image path) pages, yielding each page when all of it is read.

        ``on_start(page id, process id)`` is called when a page goes to a process. Only pages
        within ``workers`` of the earliest unfinished one are open, so the first pages are not
        held up by later ones. When ``cancelled()`` turns true the iteration ends at once (it is
        checked between any two results, and every POLL seconds).
        """
        while not self._job_lock.acquire(timeout=POLL):
            if cancelled():
                return
        try:
            self.start()
            self._job = next(self._jobs)
            yield from self._run(jobs, cancelled, on_start or (lambda _page, _pid: None))
        finally:
            self._job = 0  # whatever is still running belongs to no job now
            self._job_lock.release()

    def _run(
        self,
        jobs: list[tuple[int, str]],
        cancelled: Callable[[], bool],
        on_start: Callable[[int, int], None],
    ) -> Iterator[PageDone]:
        pages = [_Page(pid, path, n) for n, (pid, path) in enumerate(jobs)]
        waiting = list(reversed(pages))  # popped from the end: the first page first
        ready: list[tuple[int, int, _Task]] = []  # read tasks by page order
        unfinished = set(range(len(pages)))
        tie = itertools.count()

        def requeue(task: _Task) -> None:
            if task.kind == "detect":
                waiting.append(task.page)
            else:
                heapq.heappush(ready, (task.page.order, next(tie), task))

        def dispatch() -> None:
            procs = list(self._procs)
            # one detection at a time: a free process reads the page just detected rather than
            # detecting the next one, so the first page is read by both processes at once
            detecting = any(
                w.task and w.task.job == self._job and w.task.kind == "detect" for w in procs
            )
            for w in procs:
                if not w.ready or w.task is not None:
                    continue
                if ready:
                    task = heapq.heappop(ready)[2]
                elif (
                    waiting and not detecting and waiting[-1].order < min(unfinished) + self.workers
                ):
                    task = _Task(self._job, "detect", waiting.pop())
                    detecting = True
                else:
                    return
                if not w.give(task):
                    requeue(task)  # it died before taking the task; _events replaces it
                elif task.kind == "detect":
                    on_start(task.page.page_id, w.pid)

        def finish(page: _Page) -> PageDone:
            unfinished.discard(page.order)
            lines = None if page.error else reading_order(page.lines)
            return PageDone(page.page_id, lines, page.seconds, self.name, page.error, page.pids)

        while unfinished:
            if cancelled():
                return
            if self.closed:
                raise RuntimeError("识别进程已关闭")
            if self.load_error and not self._procs:
                for page in pages:
                    if page.order in unfinished:
                        page.error = self.load_error
                        yield finish(page)
                return
            dispatch()
            for w, event in self._events(POLL):
                if event is None:  # the process died; a fresh one is starting
                    if w.task is None or w.task.job != self._job:
                        continue
                    task, w.task = w.task, None
                    task.page.crashes += 1
                    if task.page.crashes < 2:
                        requeue(task)
                        continue
                    result: tuple[Any, float, str] = (None, 0.0, CRASHED)
                else:
                    task, result = event
                found, secs, error = result
                page = task.page
                page.seconds += secs
                page.error = page.error or error
                page.pids.add(w.pid)
                if task.kind == "detect" and found:
                    parts = chunks(found, self.workers)
                    page.parts = len(parts)
                    for part in parts:
                        heapq.heappush(
                            ready, (page.order, next(tie), _Task(self._job, "read", page, part))
                        )
                    continue
                if task.kind == "read":
                    page.lines += found or []
                    page.parts -= 1
                    if page.parts > 0:
                        continue
                done = finish(page)
                dispatch()  # the next page starts before the caller saves this one
                yield done
                if cancelled():
                    return


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
