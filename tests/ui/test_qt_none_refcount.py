"""Regression: PySide6 6.12.0 on Python 3.11 aborts after ~5,000 Qt calls that return nothing.

Run in a subprocess so an abort fails this test instead of killing the whole run.
"""

from __future__ import annotations

import os
import subprocess
import sys

SCRIPT = r"""
from PySide6.QtWidgets import QApplication, QWidget
app = QApplication([])
w = QWidget()
for _ in range(20000):
    w.update()
    w.repaint()
    app.processEvents()
print("ok")
"""


def test_twenty_thousand_void_calls_survive() -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    proc = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, env=env, timeout=600
    )
    assert proc.returncode == 0, f"exit {proc.returncode}: {proc.stderr[-2000:]}"
    assert proc.stdout.strip() == "ok"
