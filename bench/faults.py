"""Fault and hostile-input report: runs tests/faults and counts what was tried and survived.

    python bench/faults.py            # everything under tests/faults
    python bench/faults.py --smoke    # the same (the fault tests are already small)

Kill scenarios are tests named ``test_kill_*``; hostile inputs are counted by their kind (the
parameter id) and by hypothesis examples for the fuzzing tests.
"""

from __future__ import annotations

import argparse
import collections
import os
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


class Counter:
    def __init__(self) -> None:
        self.kills = collections.Counter[str]()
        self.hostile = collections.Counter[str]()
        self.failed: list[str] = []

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        if report.when != "call" and not (report.when == "setup" and report.failed):
            return
        name = report.nodeid.split("::")[-1]
        if report.failed:
            self.failed.append(report.nodeid)
        outcome = "survived" if report.passed else "failed"
        if name.startswith("test_kill_"):
            self.kills[outcome] += 1
        elif "[" in name and report.passed:
            kind = name[name.index("[") + 1 : -1].encode().decode("unicode_escape")
            target = name.split("[")[0].removeprefix("test_").removesuffix("_hostile_files")
            self.hostile[f"{target} · {kind}"] += 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--smoke", action="store_true")
    args = parser.parse_args(argv)
    selection = ["-k", "not test_kill_"] if args.smoke else []
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    counter = Counter()
    started = time.perf_counter()
    code = pytest.main(
        ["-q", "-p", "no:cacheprovider", *selection, str(ROOT / "tests" / "faults")],
        plugins=[counter],
    )
    fuzz = getattr(sys.modules.get("tests.faults.hostile"), "TRIED", {})
    counter.hostile.update(fuzz)
    elapsed = time.perf_counter() - started
    print()
    print(f"进程强杀场景：运行 {sum(counter.kills.values())}，数据完好 {counter.kills['survived']}")
    print(f"恶意/损坏输入（按类别）：共 {sum(counter.hostile.values())} 组")
    for kind, count in sorted(counter.hostile.items()):
        print(f"  {kind}: {count}")
    print(f"用时 {elapsed:.1f} s；失败 {len(counter.failed)}")
    return int(code)


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    raise SystemExit(main())
