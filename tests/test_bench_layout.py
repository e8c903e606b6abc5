"""The layout benchmark runs at smoke scale and finds no 禁则 violation or short line of ours,
with the font metrics cache empty or filled."""

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
    cold, warm = rows["ours-cold"], rows["ours-warm"]
    assert int(cold[1]) > 4  # pages
    assert cold[-2:] == ["0", "0"]  # violations, unjustified lines
    # the font metrics cache changes nothing on the page: pages, body pages, lines, findings
    assert (warm[1], warm[2], *warm[-3:]) == (cold[1], cold[2], *cold[-3:])
