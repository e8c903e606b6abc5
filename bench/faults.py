"""Fault and hostile-input report: runs tests/faults and counts what was tried and survived.

    python bench/faults.py            # everything under tests/faults
    python bench/faults.py --smoke    # for CI: no kills, no full command sweep, 2 small writers

Every test is one case tried; it survived when it passed. Cases are counted by category (the
test module, see ``CATEGORIES``). Kill scenarios are tests named ``test_kill_*``; hostile files
are also counted by their kind (the parameter id) and by hypothesis examples for the fuzzing
tests.
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


CATEGORIES = {
    "test_kill_core": "进程强杀",
    "test_kill_wings": "进程强杀",
    "test_kill_demo": "进程强杀",
    "test_hostile_core": "恶意文件",
    "test_hostile_texts": "恶意文件",
    "test_hostile_exports": "公式注入",
    "test_hostile_paths": "路径穿越",
    "test_hostile_feed": "网站订阅转义",
    "test_no_traceback": "命令行报错",
    "test_hostile_inputs": "资源耗尽",
    "test_sqlite_writers": "并发写入",
    "test_secrets_and_modes": "口令与文件权限",
    "test_pg_roles": "服务器角色",
    "test_office_init_cli": "服务器角色",
    "test_pg_identity": "身份冒用",
    "test_roles": "权限检查",
    "test_historical_disclosure": "发布前泄露",
}
# cases of the same hardening that live beside the code they guard, not under tests/faults
ALSO = (
    "tests/gazette/test_pg_roles.py",
    "tests/gazette/test_office_init_cli.py",
    "tests/gazette/test_pg_identity.py",
    "tests/test_roles.py",
    "tests/archive/test_historical_disclosure.py",
)
SMOKE_SKIP = "not test_kill_ and not test_every_command"
BY_KIND = ("test_hostile_core", "test_hostile_texts")  # hostile files, also listed by their kind


def _by_kind(nodeid: str) -> bool:
    return Path(nodeid.split("::")[0]).stem in BY_KIND


class Counter:
    def __init__(self) -> None:
        self.kills = collections.Counter[str]()
        self.hostile = collections.Counter[str]()
        self.tried = collections.Counter[str]()
        self.survived = collections.Counter[str]()
        self.failed: list[str] = []

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        if report.when != "call" and not (report.when == "setup" and report.failed):
            return
        name = report.nodeid.split("::")[-1]
        if report.failed:
            self.failed.append(report.nodeid)
        if not report.skipped:
            module = Path(report.nodeid.split("::")[0]).stem
            category = CATEGORIES.get(module, module)
            self.tried[category] += 1
            self.survived[category] += int(report.passed)
        outcome = "survived" if report.passed else "failed"
        if name.startswith("test_kill_"):
            self.kills[outcome] += 1
        elif "[" in name and report.passed and _by_kind(report.nodeid):
            kind = name[name.index("[") + 1 : -1].encode().decode("unicode_escape")
            target = name.split("[")[0].removeprefix("test_").removesuffix("_hostile_files")
            self.hostile[f"{target} · {kind}"] += 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--smoke", action="store_true")
    args = parser.parse_args(argv)
    selection = ["-k", SMOKE_SKIP] if args.smoke else []
    if args.smoke:
        os.environ["GAZETTE_FAULTS_SMOKE"] = "1"
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    counter = Counter()
    started = time.perf_counter()
    code = pytest.main(
        [
            "-q",
            "-p",
            "no:cacheprovider",
            *selection,
            str(ROOT / "tests" / "faults"),
            *(str(ROOT / path) for path in ALSO),
        ],
        plugins=[counter],
    )
    fuzz = getattr(sys.modules.get("tests.faults.hostile"), "TRIED", {})
    counter.hostile.update(fuzz)
    elapsed = time.perf_counter() - started
    print()
    print("按类别（尝试 / 挺住）：")
    for category in sorted(counter.tried):
        print(f"  {category}: 尝试 {counter.tried[category]}，挺住 {counter.survived[category]}")
    print(f"合计: 尝试 {sum(counter.tried.values())}，挺住 {sum(counter.survived.values())}")
    print(f"进程强杀场景：运行 {sum(counter.kills.values())}，数据完好 {counter.kills['survived']}")
    print(f"恶意/损坏文件（按种类）：共 {sum(counter.hostile.values())} 组")
    for kind, count in sorted(counter.hostile.items()):
        print(f"  {kind}: {count}")
    print(f"用时 {elapsed:.1f} s；失败 {len(counter.failed)}")
    return int(code)


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    raise SystemExit(main())
