"""The warm worker pool: a page shared by two processes reads as in one, pages are saved as they
finish, and the processes end with the app (no orphans)."""

from __future__ import annotations

import multiprocessing as mp
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from archive import ocr_pool
from archive.ocr_engine import RapidOcrEngine, load_rgb
from archive.ocr_fake import FakeEngine, fake_text
from archive.ocr_pool import OcrPool, chunks
from archive.synth import render_page
from gazette.progress import CancelToken

ROOT = Path(__file__).resolve().parents[2]


def _python(script: str, timeout: float) -> subprocess.CompletedProcess[str]:
    """Run ``script`` in a fresh interpreter from the project folder, as a worker would start."""
    return subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def test_a_page_is_cut_into_chunks_for_every_worker() -> None:
    boxes = list(range(31))
    parts = chunks(boxes, 2)
    assert [b for part in parts for b in part] == boxes  # every line once, in order
    assert len(parts) >= 4 and max(len(p) for p in parts) <= 6
    assert chunks(list(range(3)), 2) == [[0], [1], [2]]
    assert chunks([], 2) == []


def test_two_processes_read_a_page_as_one_engine_does(engine, tmp_path) -> None:
    """Recognition through the pool (real RapidOCR): the page is detected in one process and its
    lines read in chunks by both, yet the result equals the in-process engine's, in order."""
    page = render_page(
        42, columns=2, heading="关于加强档案管理的通知", lines_per_column=6, size=(1800, 1400)
    )
    path = tmp_path / "p.png"
    page.image.save(path)
    with OcrPool(workers=2, engine=RapidOcrEngine) as pool:
        (done,) = list(pool.recognise([(7, str(path))]))
    assert done.page_id == 7 and not done.error and done.engine.startswith("rapidocr-")
    assert done.lines is not None
    assert [ln["text"] for ln in done.lines] == page.lines
    assert [ln["text"] for ln in engine.recognise(load_rgb(path))] == page.lines


def test_every_page_of_a_job_comes_back_once_with_its_own_lines(fake_pool, tmp_path) -> None:
    """Not about recognition (fake engine): many chunks of many pages, each result on its page."""
    jobs = []
    for n in range(5):
        path = tmp_path / f"{n}.png"
        render_page(n, lines_per_column=6 + n, size=(900, 1600)).image.save(path)
        jobs.append((100 + n, str(path)))
    got = {d.page_id: d for d in fake_pool.recognise(jobs)}
    assert sorted(got) == [pid for pid, _ in jobs]
    for pid, path in jobs:
        image = load_rgb(path)
        lines = got[pid].lines
        assert lines is not None and len(lines) == len(FakeEngine().detect(image)) >= 6
        assert [ln["text"] for ln in lines] == [
            fake_text(image, k) for k in range(1, len(lines) + 1)
        ]


def test_a_broken_image_fails_its_page_only(fake_pool, tmp_path) -> None:
    good = tmp_path / "good.png"
    render_page(1, lines_per_column=2, size=(900, 600)).image.save(good)
    bad = tmp_path / "bad.png"
    bad.write_bytes(b"not an image")
    got = {d.page_id: d for d in fake_pool.recognise([(1, str(bad)), (2, str(good))])}
    assert got[1].lines is None and got[1].error
    assert got[2].lines and not got[2].error


def test_the_app_pool_starts_once_and_stops_without_leaving_processes() -> None:
    """Not about recognition: the app's pool runs the fake engine (tests/conftest.py)."""
    before = {p.pid for p in mp.active_children()}
    pool = ocr_pool.shared_pool()
    assert ocr_pool.shared_pool() is pool  # one pool for the app's lifetime
    pool.wait_ready(timeout=120)
    workers = {p.pid for p in mp.active_children()} - before
    assert len(workers) == pool.workers
    ocr_pool.shutdown()
    assert pool.closed
    assert not workers & {p.pid for p in mp.active_children()}
    with pytest.raises(RuntimeError):
        pool.start()
    assert ocr_pool.shared_pool() is not pool  # the next use starts a fresh one
    ocr_pool.shutdown()


def _gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return Path(f"/proc/{pid}/stat").exists() and ") Z " in Path(f"/proc/{pid}/stat").read_text()


@pytest.mark.skipif(sys.platform == "win32", reason="reads process ids the POSIX way")
def test_an_app_that_exits_leaves_no_ocr_processes() -> None:
    """A process that warms the pool and exits without shutting it down: atexit stops it."""
    script = (
        "import multiprocessing as mp\n"
        "from archive import ocr_pool\n"
        "from archive.ocr_fake import FakeEngine\n"
        "if __name__ == '__main__':\n"
        "    ocr_pool.use_engine(FakeEngine)\n"
        "    ocr_pool.shared_pool().wait_ready(timeout=120)\n"
        "    print(*[p.pid for p in mp.active_children()], flush=True)\n"
    )
    proc = _python(script, timeout=300)
    assert proc.returncode == 0, proc.stderr
    pids = [int(p) for p in proc.stdout.split()]
    assert len(pids) == 2
    deadline = time.monotonic() + 30  # an exit already waited for; this only bounds a failure
    while not all(_gone(p) for p in pids) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert all(_gone(p) for p in pids), pids


def test_a_blank_page_through_the_pool_has_no_lines(fake_pool, tmp_path) -> None:
    path = tmp_path / "blank.png"
    from PIL import Image

    Image.fromarray(np.full((600, 400, 3), 236, dtype=np.uint8)).save(path)
    (done,) = list(fake_pool.recognise([(3, str(path))]))
    assert done.lines == [] and not done.error


def _small_pages(tmp_path: Path, count: int) -> list[tuple[Path, list[str]]]:
    out = []
    for n in range(count):
        page = render_page(300 + n, lines_per_column=2, size=(1200, 760))
        path = tmp_path / f"small-{n}.png"
        page.image.save(path)
        out.append((path, page.lines))
    return out


def _kill(pid: int) -> None:
    os.kill(pid, getattr(signal, "SIGKILL", signal.SIGTERM))


def test_jobs_run_on_the_same_warm_processes_and_the_first_page_comes_first(tmp_path) -> None:
    """Real RapidOCR: no process is started and no model loaded per job; a cancelled job leaves
    the processes warm (its late results are dropped, not given to the next job); the first
    page's result reaches the caller before the job's last page is handed to a process (pages
    may finish out of order, but at most two are open past the earliest unfinished one)."""
    pages = _small_pages(tmp_path, 5)
    with OcrPool(workers=2, engine=RapidOcrEngine) as pool:
        pool.wait_ready(timeout=300)
        warm = set(pool.pids())
        events: list[tuple[str, int]] = []
        for done in pool.recognise(
            [(n, str(p)) for n, (p, _) in enumerate(pages)],
            on_start=lambda page, _pid: events.append(("start", page)),
        ):
            events.append(("done", done.page_id))
            assert done.lines is not None
            assert [ln["text"] for ln in done.lines] == pages[done.page_id][1]
            assert done.pids <= warm
        assert events.index(("done", 0)) < events.index(("start", 4))
        assert sorted(pid for kind, pid in events if kind == "start") == [0, 1, 2, 3, 4]
        # a job cancelled once its first page is in: the rest is dropped, the processes stay
        stop = CancelToken()
        cut = []
        for done in pool.recognise(
            [(10 + n, str(p)) for n, (p, _) in enumerate(pages)], lambda: stop.cancelled
        ):
            cut.append(done.page_id)
            stop.cancel()
        assert len(cut) == 1  # nothing more once cancelled
        again = {
            d.page_id: d
            for d in pool.recognise([(20 + n, str(p)) for n, (p, _) in enumerate(pages)])
        }
        assert sorted(again) == [20, 21, 22, 23, 24]
        for pid, done in again.items():
            assert done.lines is not None and done.pids <= warm
            assert [ln["text"] for ln in done.lines] == pages[pid - 20][1]
        assert set(pool.pids()) == warm
        assert pool.started == 2 and pool.loads == 2  # one process and one model load per worker


@pytest.mark.skipif(sys.platform == "win32", reason="kills a worker the POSIX way")
def test_a_worker_killed_mid_job_is_replaced_and_its_page_still_read(tmp_path) -> None:
    """Real RapidOCR: the process holding the first page's detection is killed the moment it
    gets it; the page goes to the other process, a fresh one replaces the dead, the job ends."""
    pages = _small_pages(tmp_path, 3)
    with OcrPool(workers=2, engine=RapidOcrEngine) as pool:
        pool.wait_ready(timeout=300)
        first = set(pool.pids())
        killed: list[int] = []

        def kill_first(page_id: int, pid: int) -> None:
            if page_id == 0 and not killed:
                killed.append(pid)
                _kill(pid)

        got = {
            d.page_id: d
            for d in pool.recognise(
                [(n, str(p)) for n, (p, _) in enumerate(pages)], on_start=kill_first
            )
        }
        assert sorted(got) == [0, 1, 2]
        for pid, done in got.items():
            assert not done.error and done.lines is not None
            assert [ln["text"] for ln in done.lines] == pages[pid][1]
        assert killed[0] in first and killed[0] not in got[0].pids
        pool.wait_ready(timeout=300)  # the replacement loads its model
        assert pool.started == 3 and killed[0] not in pool.pids() and len(pool.pids()) == 2
        assert _gone(killed[0])


@pytest.mark.skipif(sys.platform == "win32", reason="kills a worker the POSIX way")
def test_a_page_that_kills_two_workers_fails_alone(tmp_path) -> None:
    """Not about recognition (fake engine): a page whose task dies with its process twice is
    reported failed; the other pages of the job are read, on replacement processes."""
    paths = []
    for n in range(3):
        path = tmp_path / f"{n}.png"
        render_page(n, lines_per_column=3, size=(900, 700)).image.save(path)
        paths.append(path)
    with OcrPool(workers=2, engine=FakeEngine) as pool:
        pool.wait_ready(timeout=120)
        given = 0

        def kill_holder(page_id: int, pid: int) -> None:
            nonlocal given
            if page_id == 1 and given < 2:
                given += 1
                _kill(pid)

        got = {
            d.page_id: d
            for d in pool.recognise(
                [(n, str(p)) for n, p in enumerate(paths)], on_start=kill_holder
            )
        }
    assert sorted(got) == [0, 1, 2]
    assert got[1].lines is None and got[1].error == ocr_pool.CRASHED
    assert got[0].lines and got[2].lines and not got[0].error and not got[2].error


def test_a_worker_runs_the_apps_main_file_without_loading_qt_or_the_database() -> None:
    """A spawned worker runs the parent's main file as ``__mp_main__`` before serving pages: the
    app's main.py must then import neither Qt nor the database layer (a second of CPU each)."""
    script = (
        "import runpy, sys\n"
        f"runpy.run_path({str(ROOT / 'main.py')!r}, run_name='__mp_main__')\n"
        "app = ('PySide6', 'sqlalchemy', 'gazette', 'ui')\n"
        "print(*sorted(m for m in app if m in sys.modules))\n"
    )
    proc = _python(script, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == []


def test_a_job_running_when_the_app_closes_ends_and_leaves_no_processes(tmp_path) -> None:
    """Not about recognition (fake engine): the pool is shut down as the job's first page goes
    out (the app closing); the job stops with an error instead of waiting for processes that
    are gone, and none is left running or restarted."""
    paths = []
    for n in range(3):
        path = tmp_path / f"{n}.png"
        render_page(n, lines_per_column=3, size=(900, 700)).image.save(path)
        paths.append(path)
    pool = OcrPool(workers=2, engine=FakeEngine).start()
    pool.wait_ready(timeout=120)
    pids = pool.pids()
    with pytest.raises(RuntimeError, match="已关闭"):
        for _done in pool.recognise(
            [(n, str(p)) for n, p in enumerate(paths)],
            on_start=lambda _page, _pid: pool.shutdown(),
        ):
            pass
    assert pool.closed and pool.pids() == [] and pool.started == 2
    assert all(_gone(p) for p in pids)
