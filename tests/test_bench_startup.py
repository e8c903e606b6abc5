"""bench/startup.py runs at smoke scale and reports every figure, each a figure that follows."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.bench_figures import figures, ratio_follows

ROOT = Path(__file__).resolve().parents[1]
S = r"([\d.]+) s"


def test_startup_bench_smoke(tmp_path) -> None:
    proc = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "startup.py"), "--smoke",
         "--bundle", str(tmp_path / "none")],
        capture_output=True, text=True, timeout=300, cwd=ROOT,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    (runs,) = figures(r"^runs per figure: (\d+) \(median\)", out)
    assert int(runs) == 1  # the smoke scale: one run each
    base, base_cpu = figures(rf"^baseline bare PySide6 window: {S} wall, {S} CPU$", out)
    cold, cold_ratio, cold_cpu = figures(
        rf"^app from source, new database: {S} wall \(([\d.]+)× baseline\), {S} CPU$", out
    )
    warm, warm_ratio, warm_cpu, cpu_ratio = figures(
        rf"^app from source, existing database: {S} wall \(([\d.]+)× baseline\), "
        rf"{S} CPU \(([\d.]+)× baseline\)$",
        out,
    )
    for value in (base, base_cpu, cold, cold_cpu, warm, warm_cpu):
        assert float(value) > 0, out
    for ratio, top, bottom in (
        (cold_ratio, cold, base), (warm_ratio, warm, base), (cpu_ratio, warm_cpu, base_cpu)
    ):  # fmt: skip
        assert ratio_follows(float(ratio), float(top), float(bottom), step=0.01, ratio_step=0.1)
    assert "bundle not built" in out, out  # the bundle given does not exist
    assert "heavy modules loaded at start: none" in out, out
    (verdict,) = figures(r"^target < 2 s from source \(existing database\): (.+)$", out)
    # the verdict says what the printed wall time shows (2 s, rounding allowed at the edge)
    if float(warm) < 1.995:
        assert verdict == "met", verdict
    elif float(warm) > 2.005:
        assert verdict in ("MISSED", "MISSED on wall time"), verdict
