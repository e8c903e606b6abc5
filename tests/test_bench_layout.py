"""The layout benchmark runs at smoke scale and finds no 禁则 violation or short line of ours,
with the font metrics cache empty or filled; its rates follow from the pages and times printed."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from tests.bench_figures import ratio_follows

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
    typst = rows.get("typst", [])  # a table row, or the line saying Typst is not installed
    for row in [cold, warm, *([typst] if len(typst) == len(cold) else [])]:
        pages, body, wall, cpu, rate, cpu_rate, peak, lines = row[1:9]
        assert 0 < int(body) <= int(pages) and int(lines) > 0 and float(peak) > 0, row
        assert float(wall) > 0 and float(cpu) > 0, row
        # pages per second are the body pages over the seconds printed beside them
        assert ratio_follows(float(rate), int(body), float(wall), step=0, ratio_step=0.1,
                             bottom_step=0.01), row  # fmt: skip
        assert ratio_follows(float(cpu_rate), int(body), float(cpu), step=0, ratio_step=0.1,
                             bottom_step=0.01), row  # fmt: skip
    second = re.search(r"second build in the same process.*: ([\d.]+) pages/s wall, ([\d.]+) cpu",
                       proc.stdout)  # fmt: skip
    assert second and float(second[1]) > 0 and float(second[2]) > 0, proc.stdout
    for ratio in re.findall(r"^ratio ours-\w+/typst .*: ([\d.]+)$", proc.stdout, re.M):
        assert float(ratio) > 0
