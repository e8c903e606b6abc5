"""bench/ocr.py --smoke runs at tiny scale; its printed figures are checked against each other
(ratios recomputed from the times and CPU seconds it prints, first pages within their jobs) and the CER bounds
are checked on the figures themselves. No assertion is about how fast anything ran."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from tests.bench_figures import ratio_follows

ROOT = Path(__file__).resolve().parents[2]


def _percent(line: str, label: str) -> tuple[float, int]:
    m = re.search(label + r" (\d+\.\d\d)%（(\d+) 页）", line)
    assert m, line
    return float(m.group(1)), int(m.group(2))


def test_ocr_benchmark_smoke() -> None:
    proc = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "ocr.py"), "--smoke"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout.splitlines()
    assert re.match(r"负载（1/5/15 分钟平均）：\d+\.\d\d \d+\.\d\d \d+\.\d\d（\d+ 核）", out[0])
    rows = [ln.split(" | ") for ln in out if re.match(r"\d+ \| ", ln)]
    assert [int(r[0]) for r in rows] == [1, 2]  # the smoke jobs, each once
    for row in rows:
        size, stock, ours, ratio, stock_first, first, warm_first, warm_all = row[:8]
        stock_cpu, ours_cpu, cpu_ratio = (float(v) for v in row[8:])
        stock_s, ours_s = float(stock), float(ours)
        assert stock_s > 0 and ours_s > 0
        # the ratio is the stock time over ours, as printed (rounding of all three allowed)
        assert ratio_follows(float(ratio), stock_s, ours_s, step=0.01, ratio_step=0.01), size
        # a first page comes within its job, and the warm job's within the warm job
        assert 0 < float(stock_first) <= stock_s + 0.01
        assert 0 < float(first) <= ours_s + 0.01
        assert 0 < float(warm_first) <= float(warm_all) + 0.01
        # CPU seconds: some were spent, and the ratio is theirs, as printed
        assert stock_cpu > 0 and ours_cpu > 0
        assert ratio_follows(cpu_ratio, stock_cpu, ours_cpu, step=0.01, ratio_step=0.01), size
    if rows[0][0] == "1":  # a one-page job: its first page is the whole job
        # the page's arrival and the job's end are read apart, microseconds apart, and the two
        # can fall either side of a rounding boundary: equal, or one printed step (0.01 s)
        for job, first in ((rows[0][1], rows[0][4]), (rows[0][2], rows[0][5])):
            assert 0 <= float(job) - float(first) <= 0.01 + 1e-9, rows[0]
    (stock_cer,) = [ln for ln in out if ln.startswith("CER 原始调用")]
    (ours_cer,) = [ln for ln in out if ln.startswith("CER 本程序")]
    pages = sum(int(r[0]) for r in rows)
    for line in (stock_cer, ours_cer):
        clean, n_clean = _percent(line, "清晰")
        degraded, n_degraded = _percent(line, "退化")
        assert n_clean + n_degraded == pages and n_degraded >= 1
    clean, _ = _percent(ours_cer, "清晰")
    degraded, _ = _percent(ours_cer, "退化")
    assert clean <= 1.0 and degraded <= 3.0  # the CER targets, on the printed figures
    verdict = out[-1]
    assert verdict.startswith("目标：清晰 ≤1%、退化 ≤3%：达到；")
    assert "4 页任务倍数 未测" in verdict  # the smoke jobs have no 4-page job to judge
