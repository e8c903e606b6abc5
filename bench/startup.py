"""Start-up time: from launch to an interactive main window (the event loop is idle).

    python bench/startup.py            # 5 runs each: baseline, app cold, app warm, bundle (if built)
    python bench/startup.py --smoke    # 1 run each, for CI

Baseline: a bare PySide6 QMainWindow started by the same interpreter, measured in the same run, so
the ratio shows what the app itself adds. "cold" = a new data folder (creates and migrates the
database); "warm" = the same folder again. The target is under 2 s from source, warm.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BASELINE = (
    "from PySide6.QtCore import QTimer\n"
    "from PySide6.QtWidgets import QApplication, QMainWindow\n"
    "app = QApplication([])\nw = QMainWindow()\nw.resize(1280, 800)\nw.show()\n"
    "QTimer.singleShot(0, lambda: (print('READY', flush=True), app.quit()))\napp.exec()\n"
)


def time_to_ready(cmd: list[str], env: dict[str, str]) -> tuple[float, str]:
    """Seconds from launch to the READY line, and that line."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                            env=env, cwd=ROOT)  # fmt: skip
    assert proc.stdout is not None
    for line in proc.stdout:
        if line.startswith("READY"):
            elapsed = time.perf_counter() - start
            proc.wait(timeout=60)
            return elapsed, line.strip()
    proc.wait(timeout=60)
    raise RuntimeError(f"{cmd[0]} 退出（{proc.returncode}）而没有报告 READY")


def median_of(runs: int, cmd: list[str], env: dict[str, str], fresh: bool) -> tuple[float, str]:
    times, line = [], ""
    for _ in range(runs):
        run_cmd = cmd
        if fresh:
            run_cmd = [*cmd, "--data-dir", tempfile.mkdtemp(prefix="gazette-bench-")]
        seconds, line = time_to_ready(run_cmd, env)
        times.append(seconds)
    return statistics.median(times), line


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="launch → interactive main window")
    parser.add_argument("--smoke", action="store_true", help="one run each (CI)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--bundle", type=Path, default=ROOT / "dist" / "gazette-desk")
    args = parser.parse_args(argv)
    runs = 1 if args.smoke else args.runs
    tmp = tempfile.mkdtemp(prefix="gazette-bench-")
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen"),
           "GAZETTE_CONFIG_DIR": str(Path(tmp, "config")), "GAZETTE_NO_FIRST_RUN": "1"}  # fmt: skip
    for var in ("GAZETTE_DATABASE_URL", "GAZETTE_DATA_DIR"):
        env.pop(var, None)
    app_cmd = [sys.executable, str(ROOT / "main.py"), "--no-first-run", "--ready-and-quit"]
    warm_dir = str(Path(tmp, "warm"))
    time_to_ready([*app_cmd, "--data-dir", warm_dir], env)  # create the warm database once

    base, _ = median_of(runs, [sys.executable, "-c", BASELINE], env, fresh=False)
    cold, _ = median_of(runs, app_cmd, env, fresh=True)
    warm, line = median_of(runs, [*app_cmd, "--data-dir", warm_dir], env, fresh=False)
    print(f"runs per figure: {runs} (median)")
    print(f"baseline bare PySide6 window: {base:.2f} s")
    print(f"app from source, new database: {cold:.2f} s  ({cold / base:.1f}× baseline)")
    print(f"app from source, existing database: {warm:.2f} s  ({warm / base:.1f}× baseline)")
    heavy = line.partition("heavy=")[2]
    print(f"heavy modules loaded at start: {heavy or 'none'}")
    exe = args.bundle / ("gazette-desk.exe" if os.name == "nt" else "gazette-desk")
    if exe.exists():
        bundle_cmd = [str(exe), "--no-first-run", "--ready-and-quit", "--data-dir", warm_dir]
        bundled, _ = median_of(runs, bundle_cmd, env, fresh=False)
        print(
            f"app from bundle, existing database: {bundled:.2f} s  ({bundled / base:.1f}× baseline)"
        )
    else:
        print(f"bundle not built ({exe}); build it with packaging/smoke.py")
    print(f"target < 2 s from source: {'met' if warm < 2.0 else 'MISSED'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
