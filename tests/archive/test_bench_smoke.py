"""bench/ocr.py --smoke runs at tiny scale and prints its figures and the ratio."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_ocr_benchmark_smoke() -> None:
    proc = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "ocr.py"), "--smoke"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr
    assert "RapidOCR 原始调用" in proc.stdout and "速度倍数" in proc.stdout
    assert "≤3%：达到" in proc.stdout.splitlines()[-1]  # the CER targets hold
