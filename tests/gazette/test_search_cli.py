"""``gazette search`` and ``gazette search-index rebuild`` from the command line."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from gazette.context import open_context
from tests.conftest import configure_office
from tests.gazette.test_cli import gazette
from tests.gazette.test_search_service import SAMPLE
from tests.search_support import add_docs

ROOT = Path(__file__).resolve().parents[2]


def test_search_json_and_text(tmp_path) -> None:
    ctx = open_context(None, tmp_path)
    configure_office(ctx)
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


def run(capsys, *argv: str) -> tuple[int, str, str]:
    """The same entry point in-process (a subprocess per call costs seconds on a busy machine)."""
    import commands

    code = commands.main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_search_filters_odd_input_and_rebuild(tmp_path, capsys) -> None:
    ctx = open_context(None, tmp_path)
    configure_office(ctx)
    add_docs(ctx, SAMPLE)
    ctx.close()
    d = ("--data-dir", str(tmp_path))
    code, out, _ = run(capsys, *d, "search", "公开", "--issuer", "环境", "--year-from", "2019")
    assert code == 0
    assert "共 1 条" in out and "【公开】" in out and "宿环发〔2019〕3号" in out
    code, out, _ = run(capsys, *d, "search", "公开", "--historical", "--validity", "废止")
    assert code == 0 and "共 1 条" in out and "宿县发〔1998〕7号" in out
    code, out, _ = run(capsys, *d, "search", '"AND OR NEAR(* -')
    assert code == 0 and "共 0 条" in out
    with pytest.raises(SystemExit) as exc:  # argparse names the expected date form
        run(capsys, *d, "search", "公开", "--date-from", "2018/1/1")
    assert exc.value.code == 2
    assert "2018-05-13" in capsys.readouterr().err
    code, out, _ = run(capsys, *d, "search-index", "rebuild")
    assert code == 0 and "5 件文件" in out


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
    assert "LIKE 扫描与索引总数不一致：0 条" in proc.stdout
    assert "| 4字以上 |" in proc.stdout
