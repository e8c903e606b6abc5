"""The site benchmark runs at smoke scale (the full thirty-year run is by hand)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def test_bench_smoke() -> None:
    proc = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "site.py"), "--smoke"],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=ROOT,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "full export:" in proc.stdout and "two-character query: typical" in proc.stdout
    assert "unchanged rebuild:" in proc.stdout and "wrote 0 files" in proc.stdout
