"""The ``gazette`` command: global options first, exit codes, reasons on stderr."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def gazette(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    full_env = {**os.environ, **(env or {}), "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [sys.executable, str(ROOT / "commands.py"), *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=full_env,
        timeout=300,
    )


def test_deadline_worked_example(tmp_path) -> None:
    proc = gazette("--data-dir", str(tmp_path), "workdays", "deadline", "2024-02-08")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "2024-02-21"


def test_check_and_uncovered_year(tmp_path) -> None:
    proc = gazette("--data-dir", str(tmp_path), "workdays", "check", "2024-02-18")
    assert proc.stdout.strip() == "工作日（春节调休）"
    proc = gazette("--data-dir", str(tmp_path), "workdays", "deadline", "2026-12-28")
    assert proc.returncode != 0
    assert "2027" in proc.stderr and "import" in proc.stderr


def test_import_notice_then_deadline(tmp_path) -> None:
    notice = tmp_path / "2027.json"
    notice.write_text(
        json.dumps(
            {
                "year": 2027,
                "papers": [],
                "days": [{"name": "元旦", "date": "2027-01-01", "isOffDay": True}],
            }
        ),
        encoding="utf-8",
    )
    assert gazette("--data-dir", str(tmp_path), "workdays", "import", str(notice)).returncode == 0
    proc = gazette("--data-dir", str(tmp_path), "workdays", "deadline", "2026-12-31")
    assert proc.stdout.strip() == "2027-01-08", proc.stderr
    bad = tmp_path / "bad.json"
    bad.write_text("{", encoding="utf-8")
    proc = gazette("--data-dir", str(tmp_path), "workdays", "import", str(bad))
    assert proc.returncode != 0 and "bad.json" in proc.stderr


def test_docno_command() -> None:
    ok = gazette("docno", "宿政办发[2018]56号")
    assert ok.returncode == 0 and ok.stdout.strip() == "宿政办发〔2018〕56号"
    bad = gazette("docno", "宿政办发2018年56号")
    assert bad.returncode != 0 and "括号" in bad.stderr


def test_database_resolution_order(tmp_path) -> None:
    env_db = tmp_path / "env.sqlite3"
    proc = gazette(
        "--data-dir", str(tmp_path), "info", env={"GAZETTE_DATABASE_URL": f"sqlite:///{env_db}"}
    )
    assert "GAZETTE_DATABASE_URL" in proc.stdout, proc.stderr
    opt_db = tmp_path / "opt.sqlite3"
    proc = gazette(
        "--database",
        f"sqlite:///{opt_db}",
        "--data-dir",
        str(tmp_path),
        "info",
        env={"GAZETTE_DATABASE_URL": f"sqlite:///{env_db}"},
    )
    assert "--database" in proc.stdout and str(opt_db.name) in proc.stdout


def test_help_and_usage_errors_are_in_chinese(tmp_path) -> None:
    """`gazette --help` and a forgotten argument printed argparse's English frame ("usage:",
    "options", "the following arguments are required") around the Chinese help."""
    shown = gazette("--help")
    assert shown.returncode == 0
    assert shown.stdout.startswith("用法：gazette")
    assert "选项" in shown.stdout and "显示本帮助并退出" in shown.stdout
    for english in ("usage:", "options", "positional arguments", "show this help", "version"):
        assert english not in shown.stdout.replace("--version", ""), english
    missing = gazette("--data-dir", str(tmp_path), "selfcheck")
    assert missing.returncode == 2
    assert "缺少必需的参数：COMMAND" in missing.stderr and "error" not in missing.stderr
    wrong = gazette("--data-dir", str(tmp_path), "issue", "frobnicate")
    assert "无效的选择：'frobnicate'" in wrong.stderr, wrong.stderr


def test_a_reader_that_stops_early_is_no_error(tmp_path) -> None:
    """`gazette submissions list | head -1` ended with "错误：无法读写文件：Broken pipe"."""
    proc = subprocess.Popen(
        [sys.executable, str(ROOT / "commands.py"), "docno", "宿政办发[2018]56号"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()  # the reader is gone before anything is written
    err = proc.stderr.read().decode("utf-8")
    assert proc.wait(timeout=120) == 0, err
    assert err == ""
