"""bench/errata.py runs at smoke scale and reports every figure."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_errata_bench_smoke() -> None:
    proc = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "errata.py"), "--smoke"],
        capture_output=True, text=True, timeout=600, cwd=ROOT,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    for label in ("baseline e-edition build (warm)", "re-release with errata", "× baseline",
                  "勘误 panel read"):  # fmt: skip
        assert label in proc.stdout, proc.stdout
