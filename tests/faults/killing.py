"""Run real work in a child process and SIGKILL it mid-way, like a power cut or a task kill."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def kill_when(script: str, marker: Path, *args: str, timeout: float = 120.0) -> int:
    """Start ``python -c script args…``; SIGKILL it as soon as ``marker`` exists.

    Returns the child's exit status (negative signal number when killed). The script creates the
    marker at the point where it must be interrupted, then keeps working.
    """
    env = {**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"}
    proc = subprocess.Popen(
        [sys.executable, "-c", script, *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + timeout
    while not marker.exists():
        if proc.poll() is not None:
            _out, err = proc.communicate()
            raise AssertionError(f"child ended before the kill point: {err.decode()[-2000:]}")
        if time.monotonic() > deadline:
            proc.kill()
            raise AssertionError("child never reached the kill point")
        time.sleep(0.01)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    return proc.returncode
