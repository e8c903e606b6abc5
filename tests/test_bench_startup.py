"""bench/startup.py runs at smoke scale and reports every figure."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_startup_bench_smoke(tmp_path) -> None:
    proc = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "startup.py"), "--smoke",
         "--bundle", str(tmp_path / "none")],
        capture_output=True, text=True, timeout=300, cwd=ROOT,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    for label in ("baseline bare PySide6 window", "app from source, new database",
                  "app from source, existing database", "× baseline", "bundle not built"):  # fmt: skip
        assert label in out, out
    assert "heavy modules loaded at start: none" in out, out
