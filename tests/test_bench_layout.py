"""The layout benchmark runs at smoke scale and finds no 禁则 violation or short line of ours."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_layout_bench_smoke() -> None:
    proc = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "layout.py"), "--smoke"],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    rows = {line.split()[0]: line.split() for line in proc.stdout.splitlines() if line.strip()}
    ours = rows["ours"]
    assert int(ours[1]) > 4  # pages
    assert ours[-2:] == ["0", "0"]  # violations, unjustified lines
