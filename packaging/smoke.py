"""Build the one-folder bundle and start it offscreen, to prove the spec is complete.

    python packaging/smoke.py                 # build with PyInstaller, then smoke-start
    python packaging/smoke.py --no-build      # smoke-start an existing dist/gazette-desk

The bundle runs ``--no-first-run --self-test REPORT.json`` in a fresh data folder (see
ui/selftest.py): main window, database at head, translations, fonts, wings, OCR models, demo data
and — once the layout wing lands — the demo issue PDF. Prints build time, bundle size, start time.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "packaging" / "gazette-desk.spec"
EXE_NAME = "gazette-desk.exe" if os.name == "nt" else "gazette-desk"


def build(dist: Path, work: Path) -> float:
    start = time.perf_counter()
    cmd = [sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN",
           "--distpath", str(dist), "--workpath", str(work), str(SPEC)]  # fmt: skip
    subprocess.run(cmd, check=True, cwd=ROOT)
    return time.perf_counter() - start


def folder_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def check(report: dict) -> list[str]:
    problems = []
    if not report.get("window_visible"):
        problems.append("主窗口没有显示")
    if not report.get("database_file_exists") or not report.get("schema", {}).get("at_head"):
        problems.append(f"数据库未创建或未升级到最新：{report.get('schema')}")
    if "qtbase_zh_CN" not in report.get("translations", []):
        problems.append("没有载入 Qt 中文翻译 qtbase_zh_CN")
    if not report.get("fonts"):
        problems.append("随附字体没有注册")
    if len(report.get("ocr_models", [])) < 2:
        problems.append(f"OCR 模型缺失：{report.get('ocr_models')}")
    if not report.get("guide"):
        problems.append("用户手册 docs/guide 没有打包")
    if report.get("demo_pdf", {}).get("status") == "failed":
        problems.append(f"演示期次 PDF 失败：{report['demo_pdf']}")
    broken = sorted(k for k, v in report.get("wings", {}).items() if v == "PlaceholderWing")
    if broken:
        problems.append(f"这些功能区没有打开（见日志）：{'、'.join(broken)}")
    if report.get("error"):
        problems.append(report["error"])
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-build", action="store_true")
    parser.add_argument("--dist", type=Path, default=ROOT / "dist")
    parser.add_argument("--work", type=Path, default=ROOT / "build")
    parser.add_argument("--timeout", type=int, default=300)
    args = parser.parse_args(argv)
    app_dir = args.dist / "gazette-desk"
    if not args.no_build:
        seconds = build(args.dist, args.work)
        print(f"bundle build: {seconds:.1f} s")
    exe = app_dir / EXE_NAME
    if not exe.exists():
        print(f"没有找到 {exe}", file=sys.stderr)
        return 1
    print(f"bundle size: {folder_size(app_dir) / 2**20:.0f} MiB ({app_dir})")
    with tempfile.TemporaryDirectory() as tmp:
        data, config_dir, report_path = (
            Path(tmp, "数据 目录"),
            Path(tmp, "config"),
            Path(tmp, "r.json"),
        )
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "GAZETTE_CONFIG_DIR": str(config_dir)}
        for var in ("GAZETTE_DATABASE_URL", "GAZETTE_DATA_DIR"):
            env.pop(var, None)
        cmd = [str(exe), "--no-first-run", "--data-dir", str(data), "--self-test", str(report_path)]
        start = time.perf_counter()
        proc = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=args.timeout)
        print(f"bundle self-test run: {time.perf_counter() - start:.1f} s, exit {proc.returncode}")
        if not report_path.exists():
            print(proc.stdout, proc.stderr, sep="\n", file=sys.stderr)
            print("自检没有写出报告", file=sys.stderr)
            return 1
        report = json.loads(report_path.read_text(encoding="utf-8"))
        print(json.dumps(report, ensure_ascii=False, indent=2))
        problems = check(report)
        if proc.returncode != 0:
            problems.append(f"退出代码 {proc.returncode}：{proc.stderr[-2000:]}")
        log = data / "logs" / "gazette.log"
        log_text = log.read_text(encoding="utf-8") if log.exists() else ""
        if "退出（代码 0）" not in log_text:
            problems.append("日志中没有正常退出的记录")
        if problems and log_text:  # the app's own account of what went wrong, for CI's output
            print("--- gazette.log (last 80 lines) ---", file=sys.stderr)
            print("\n".join(log_text.splitlines()[-80:]), file=sys.stderr)
    for problem in problems:
        print("✘", problem, file=sys.stderr)
    print("smoke: " + ("FAILED" if problems else "ok"))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
