"""bench/faults.py runs at smoke scale and prints tried and survived counts for every category."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXPECTED = ("恶意文件", "公式注入", "路径穿越", "网站订阅转义", "命令行报错", "资源耗尽",
            "并发写入", "口令与文件权限", "权限检查", "发布前泄露")  # fmt: skip


def test_faults_bench_smoke() -> None:
    proc = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "faults.py"), "--smoke"],
        capture_output=True, text=True, timeout=1800, cwd=ROOT,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    counts = {
        m[1]: (int(m[2]), int(m[3]))
        for m in re.finditer(r"^  (\S+): 尝试 (\d+)，挺住 (\d+)$", proc.stdout, re.M)
    }
    for category in EXPECTED:
        tried, survived = counts[category]
        assert tried > 0 and survived == tried, (category, tried, survived)
    total = re.search(r"^合计: 尝试 (\d+)，挺住 (\d+)$", proc.stdout, re.M)
    assert total and int(total[1]) == sum(t for t, _ in counts.values()) == int(total[2])
