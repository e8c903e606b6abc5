"""bench/errata.py runs at smoke scale and reports every figure, each a figure that follows."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.bench_figures import figures, ratio_follows

ROOT = Path(__file__).resolve().parents[1]


def test_errata_bench_smoke() -> None:
    proc = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "errata.py"), "--smoke"],
        capture_output=True, text=True, timeout=600, cwd=ROOT,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    docs, errata = figures(r"^documents: (\d+), errata: (\d+)$", out)
    assert int(docs) > 0 and int(errata) == 2  # the smoke scale records two errata
    base, base_pages = figures(
        r"^baseline e-edition build \(warm\): ([\d.]+) s \((\d+) pages\)$", out
    )
    took, pages = figures(r"^re-release with errata: ([\d.]+) s \((\d+) pages\)$", out)
    assert float(base) > 0 and float(took) > 0
    assert int(base_pages) > 0 and int(pages) >= int(base_pages)  # the notice adds, never drops
    (ratio,) = figures(r"^ratio re-release / baseline: ([\d.]+) × baseline$", out)
    assert ratio_follows(float(ratio), float(took), float(base), step=0.01, ratio_step=0.01)
    (panel,) = figures(r"^勘误 panel read \(errata and versions\): ([\d.]+) ms$", out)
    assert float(panel) > 0
