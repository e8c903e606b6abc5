"""SIGTERM and closing the window shut the app down cleanly: workers stopped, exit code 0."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from gazette.files.atomic import atomic_write_text
from gazette.progress import Reporter

ROOT = Path(__file__).resolve().parents[2]


def _wait_for_line(proc: subprocess.Popen[str], log: Path, marker: str) -> None:
    """Wait (event-driven on the child's stderr, bounded) until the log holds ``marker``."""
    done = threading.Event()

    def watch() -> None:
        while proc.poll() is None and not done.is_set():
            if log.exists() and marker in log.read_text(encoding="utf-8"):
                done.set()
                return
            done.wait(0.05)

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    watcher.join(timeout=120)
    if not done.is_set():
        proc.kill()
        _out, err = proc.communicate()
        pytest.fail(f"程序没有打开主窗口（退出码 {proc.returncode}）：{err[-2000:]}")


@pytest.mark.skipif(sys.platform == "win32", reason="SIGTERM is a POSIX signal")
def test_sigterm_exits_cleanly(tmp_path: Path) -> None:
    data = tmp_path / "数据"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    env.pop("GAZETTE_NO_FIRST_RUN", None)  # the flag alone must skip the wizard
    proc = subprocess.Popen(
        [sys.executable, str(ROOT / "main.py"), "--no-first-run", "--data-dir", str(data)],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    log = data / "logs" / "gazette.log"
    _wait_for_line(proc, log, "主窗口已打开")
    proc.send_signal(signal.SIGTERM)
    _out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err
    text = log.read_text(encoding="utf-8")
    assert "收到信号 15" in text
    assert "正在关闭：停止任务" in text
    assert text.rstrip().endswith("退出（代码 0）")
    assert "Traceback" not in err
    assert (data / "gazette.sqlite3").exists()
    assert "window/geometry" in (data / "window.ini").read_text(encoding="utf-8") or (
        "geometry" in (data / "window.ini").read_text(encoding="utf-8")
    )


def test_env_variable_skips_wizard(tmp_path: Path) -> None:
    """GAZETTE_NO_FIRST_RUN=1 (no flag) starts straight into the main window."""
    data = tmp_path / "data"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "GAZETTE_NO_FIRST_RUN": "1"}
    proc = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "--data-dir", str(data), "--ready-and-quit"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert "READY" in proc.stdout
    # nothing heavy on the start path: the wings load them on first use
    heavy = proc.stdout.partition("heavy=")[2].strip()
    assert heavy == "", heavy


def test_close_cancels_running_work_without_half_written_files(qtbot, ctx, tmp_path) -> None:
    from ui.main_window import MainWindow

    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    started = threading.Event()
    target = tmp_path / "result.txt"

    def work(reporter: Reporter) -> None:
        started.set()
        for i in range(10_000_000):
            reporter.step(i, 10_000_000, "长任务")  # raises Cancelled once cancelled
        atomic_write_text(target, "完成")

    window.runner.submit("长任务", work)
    assert started.wait(30)
    window.close()
    assert not window.runner.pool.activeThreadCount()
    assert not target.exists()
    assert not list(tmp_path.glob("*.tmp"))


def test_first_run_due_only_on_a_new_pc(tmp_path, monkeypatch) -> None:
    from gazette import config
    from ui.app import first_run_due, parse_args

    monkeypatch.delenv("GAZETTE_NO_FIRST_RUN")
    data = tmp_path / "d"
    args = parse_args(["--data-dir", str(data)])
    assert first_run_due(args)
    data.mkdir()
    (data / config.SQLITE_FILE_NAME).write_bytes(b"")
    assert not first_run_due(args)  # an earlier version's database: no wizard
    assert not first_run_due(parse_args(["--database", "postgresql+psycopg://h/db"]))
    config.save_local(first_run_done=True)
    assert not first_run_due(parse_args(["--data-dir", str(tmp_path / "other")]))


def test_the_desktop_apps_help_is_chinese() -> None:
    """`main.py --help` printed "usage:", "options" and "show this help message and exit", and
    said nothing about --database and --data-dir."""
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    shown = subprocess.run(
        [sys.executable, str(root / "main.py"), "--help"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        cwd=root,
    )
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.startswith("用法：") and "显示本帮助并退出" in shown.stdout
    assert "数据库地址" in shown.stdout and "数据目录" in shown.stdout
    assert "usage" not in shown.stdout and "options" not in shown.stdout
