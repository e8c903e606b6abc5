"""``gazette search`` and ``gazette search-index rebuild`` from the command line."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from gazette.context import open_context
from tests.gazette.test_cli import gazette
from tests.gazette.test_search_service import SAMPLE
from tests.search_support import add_docs

ROOT = Path(__file__).resolve().parents[2]


def test_search_json_and_text(tmp_path) -> None:
    ctx = open_context(None, tmp_path)
    add_docs(ctx, SAMPLE)
    ctx.close()
    proc = gazette("--data-dir", str(tmp_path), "search", "政务公开", "--format", "json")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert data["total"] == 2
    first = data["hits"][0]
    assert first["title"] == "政务公开"
    second = data["hits"][1]
    assert second["citation"] == "《宿迁市人民政府公报》2018年第5期第12页"
    s, e = second["highlights"][0]
    assert second["snippet"][s:e] == "政务公开"

    proc = gazette(
        "--data-dir", str(tmp_path), "search", "公开", "--issuer", "环境", "--year-from", "2019"
    )
    assert proc.returncode == 0, proc.stderr
    assert (
        "共 1 条" in proc.stdout
        and "【公开】" in proc.stdout
        and "宿环发〔2019〕3号" in proc.stdout
    )

    proc = gazette("--data-dir", str(tmp_path), "search", '"AND OR NEAR(* -')
    assert proc.returncode == 0 and "共 0 条" in proc.stdout

    proc = gazette("--data-dir", str(tmp_path), "search", "公开", "--date-from", "2018/1/1")
    assert proc.returncode == 2 and "2018-05-13" in proc.stderr

    proc = gazette("--data-dir", str(tmp_path), "search-index", "rebuild")
    assert proc.returncode == 0, proc.stderr
    assert "5 件文件" in proc.stdout


def test_benchmark_smoke() -> None:
    proc = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "search.py"), "--smoke", "--no-pg"],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=ROOT,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "与扫描不一致 0 条" in proc.stdout
    assert "| 4字以上 |" in proc.stdout
