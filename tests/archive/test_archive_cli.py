"""``gazette archive …`` from the command line (no OCR here: that is covered in test_ocr)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

import commands
from archive.synth import render_page


@dataclass
class Result:
    returncode: int
    stdout: str
    stderr: str


@pytest.mark.filterwarnings("ignore:Corrupt EXIF data")
def test_register_status_gaps_ingest_and_errors(
    tmp_path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "data"

    def gazette(data: Path, *args: str) -> Result:
        code = commands.main(["--data-dir", str(data), "archive", *args])
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    p = gazette(
        data,
        "register",
        "--from",
        "2001-01",
        "--to",
        "2001-06",
        "--frequency",
        "monthly",
        "--first-serial",
        "1",
    )
    assert p.returncode == 0, p.stderr
    assert "登记 6 期，2001年第1期 至 2001年第6期" in p.stdout
    p = gazette(
        data,
        "register",
        "--from",
        "2001-07",
        "--to",
        "2001-12",
        "--frequency",
        "semimonthly",
        "--first-serial",
        "8",
    )
    assert "登记 12 期，2001年第7期 至 2001年第18期" in p.stdout
    p = gazette(data, "gaps")
    assert "总期号缺号：总第7期（在 2001年第6期 之后）" in p.stdout
    p = gazette(
        data,
        "register",
        "--from",
        "2001-13",
        "--to",
        "2002-01",
        "--frequency",
        "monthly",
        "--first-serial",
        "1",
    )
    assert p.returncode == 2 and "月份“2001-13”超出范围" in p.stderr
    scans = tmp_path / "scans"
    scans.mkdir()
    render_page(1, heading="第1页", lines_per_column=1, size=(900, 500)).image.save(
        scans / "p1.png"
    )
    (scans / "p2.tif").write_bytes(b"II*\x00garbage")
    p = gazette(data, "ingest", str(scans), "--issue", "2001/3", "--no-ocr")
    assert p.returncode == 1
    assert "错误：p2.tif" in p.stdout and "入库 1 页，识别 0 页，错误 1 个" in p.stdout
    p = gazette(data, "plan", "create", "--start", "2026-01-05")
    assert p.returncode == 0, p.stderr
    p = gazette(data, "status")
    assert p.returncode == 0, p.stderr
    assert "共登记 18 期" in p.stdout and "已扫描：1" in p.stdout
    assert "按期完成需每周" in p.stdout and "预计全部完成" in p.stdout
    p = gazette(data, "send-back", "2001/3", "--to", "已征集", "--reason", "扫描页缺角")
    assert p.returncode == 0 and "已退回 1 期" in p.stdout
    p = gazette(data, "advance", "2001/9", "--to", "已征集")
    assert p.returncode == 2 and "馆藏位置" in p.stderr
    # only 已识别 may become 已校对: a jump across recognition is refused, the issue stays put
    p = gazette(data, "advance", "2001/4", "--to", "已扫描", "--location", "市档案馆")
    assert p.returncode == 0, p.stderr
    p = gazette(data, "advance", "2001/4", "--to", "已校对")
    assert p.returncode == 2
    assert "2001年第4期 当前为“已扫描”，识别完成（已识别）后才能校对" in p.stderr
    p = gazette(data, "status")
    assert "已扫描：1" in p.stdout and "已校对：0" in p.stdout
