"""Bounded inputs: zip bombs, oversized PDFs, implausible holiday notices, the template's example
row and over-long imports are refused early, with a message, using little memory.

Counted by bench/faults.py under 资源耗尽.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import Workbook
from pypdf import PdfWriter
from sqlalchemy import func, select

from archive.ingest import ingest
from archive.models import ScanFile
from gazette.calendar.store import NoticeError, parse_notice
from gazette.db.models import StoredFile
from gazette.departments import xlsx as departments_xlsx
from gazette.departments.xlsx import EXAMPLE_ROW, ImportFileError, read_rows, write_template
from gazette.files import limits
from gazette.submissions import importer
from gazette.texts.docx_import import read_docx
from gazette.texts.ofd_import import read_ofd
from gazette.texts.raw import TextImportError
from tests.faults.bombs import docx_bomb, ofd_bomb
from tests.faults.killing import ROOT

GIB = 1 << 30
MEMORY_CEILING = 400 * limits.MIB  # the interpreter with python-docx loaded is about 60 MB

READ_IN_CHILD = r"""
import resource, sys
from pathlib import Path
from gazette.texts.raw import TextImportError
from gazette.texts.docx_import import read_docx
try:
    read_docx(Path(sys.argv[1]))
    print("ACCEPTED")
except TextImportError as exc:
    print("REFUSED", exc)
# VmHWM is this process image's own peak; ru_maxrss would carry the forking parent's (pytest's)
# peak across exec on Linux, so a large test process would fail a small reader
try:
    hwm = next(l for l in open("/proc/self/status") if l.startswith("VmHWM:"))
    print("PEAK", int(hwm.split()[1]) * 1024)
except OSError:
    print("PEAK", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024)
"""


def _read_in_child(path: Path) -> tuple[str, int]:
    """Read the file in a fresh process, so its peak memory is its own."""
    proc = subprocess.run(
        [sys.executable, "-c", READ_IN_CHILD, str(path)],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    lines = proc.stdout.splitlines()
    return lines[0], int(lines[-1].split()[1])


BOMBS = {
    "1.5GiB空白": (int(1.5 * GIB), b" ", False),
    "600MiB段落": (600 * limits.MIB, b"<w:p/>", False),
    "谎报大小": (int(1.5 * GIB), b" ", True),
}


@pytest.mark.parametrize("case", list(BOMBS), ids=list(BOMBS))
def test_docx_bomb_is_refused_with_little_memory(tmp_path: Path, case: str) -> None:
    unpacked, pattern, lie = BOMBS[case]
    path = docx_bomb(tmp_path / "来文.docx", unpacked, pattern, lie)
    assert path.stat().st_size < 2 * limits.MIB
    verdict, peak = _read_in_child(path)
    assert verdict.startswith("REFUSED") and "来文.docx" in verdict
    assert peak < MEMORY_CEILING


def test_ofd_bomb_is_refused(tmp_path: Path) -> None:
    path = ofd_bomb(tmp_path / "来文.ofd", GIB)
    with pytest.raises(TextImportError, match=r"压缩比|超过上限"):
        read_ofd(path)


def test_xlsx_bomb_is_refused_by_the_departments_import(tmp_path: Path) -> None:
    path = docx_bomb(tmp_path / "部门.xlsx", GIB, b" ")
    with pytest.raises(ImportFileError, match=r"压缩比|超过上限"):
        read_rows(path)


def test_an_ordinary_docx_still_reads(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    document.add_paragraph("关于做好2025年政务公开工作的通知")
    document.add_paragraph("各县（区）人民政府：" + "为深入贯彻落实。" * 2000)
    document.save(tmp_path / "正常.docx")
    text = read_docx(tmp_path / "正常.docx")
    assert text.items


def _notice(tmp_path: Path, days: list[dict]) -> Path:
    path = tmp_path / "2025.json"
    path.write_text(json.dumps({"year": 2025, "papers": [], "days": days}), "utf-8")
    return path


def _days(start: str, count: int, off: bool = True) -> list[dict]:
    import datetime as dt

    first = dt.date.fromisoformat(start)
    return [
        {"name": "假日", "date": (first + dt.timedelta(days=i)).isoformat(), "isOffDay": off}
        for i in range(count)
    ]


NOTICES = {
    "跨400天": lambda: _days("2025-01-01", 400),
    "全年366天放假": lambda: _days("2025-01-01", 365),
    "日期重复": lambda: _days("2025-10-01", 3) + _days("2025-10-02", 1),
    "调休30天": lambda: _days("2025-03-01", 30, off=False),
    "别年的日期": lambda: _days("2027-05-01", 2),
}


@pytest.mark.parametrize("case", list(NOTICES), ids=list(NOTICES))
def test_implausible_holiday_notice_is_refused(tmp_path: Path, case: str) -> None:
    with pytest.raises(NoticeError):
        parse_notice(_notice(tmp_path, NOTICES[case]()))


def test_a_real_sized_notice_is_accepted(tmp_path: Path) -> None:
    days = _days("2025-01-01", 1) + _days("2025-01-28", 8) + _days("2025-10-01", 8)
    days += _days("2025-01-26", 1, off=False) + _days("2025-09-28", 1, off=False)
    days += _days("2024-12-31", 1, off=True)  # a New Year that starts the day before
    assert len(parse_notice(_notice(tmp_path, days)).days) == 20


def test_template_example_row_is_skipped(tmp_path: Path) -> None:
    template = tmp_path / "模板.xlsx"
    write_template(template)
    with pytest.raises(ImportFileError, match="示例行"):
        read_rows(template)
    book = Workbook()
    sheet = book.active
    sheet.append(list(departments_xlsx.TEMPLATE_COLUMNS))
    sheet.append(list(EXAMPLE_ROW))
    sheet.append(["宿迁市教育局", "市教育局", "宿教发"])
    book.save(tmp_path / "填好的.xlsx")
    assert [r.values["单位名称"] for r in read_rows(tmp_path / "填好的.xlsx")] == ["宿迁市教育局"]


def test_too_many_rows_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits, "IMPORT_MAX_ROWS", 50)
    book = Workbook()
    sheet = book.active
    sheet.append(list(departments_xlsx.TEMPLATE_COLUMNS))
    for i in range(51):
        sheet.append([f"单位{i}", f"简称{i}"])
    book.save(tmp_path / "很多行.xlsx")
    with pytest.raises(ImportFileError, match="超过 50 行"):
        read_rows(tmp_path / "很多行.xlsx")
    csv_rows = (
        "报送单位,文件标题,发文字号,印发日期\n"
        + "市教育局,标题,宿教发〔2025〕1号,2025-03-03\n" * 51
    )
    (tmp_path / "很多行.csv").write_text(csv_rows, "utf-8")
    with pytest.raises(importer.ImportFileError, match="超过 50 行"):
        list(importer.read_rows(tmp_path / "很多行.csv"))


def test_pdf_with_too_many_pages_is_refused_before_it_is_stored(ctx, tmp_path: Path) -> None:
    writer = PdfWriter()
    for _ in range(limits.PDF_MAX_PAGES + 1):
        writer.add_blank_page(595, 842)
    path = tmp_path / "空白.pdf"
    with open(path, "wb") as fh:
        writer.write(fh)
    report = ingest(ctx, [path])
    assert report.errors and "上限" in report.errors[0][1]
    with ctx.uow() as uow:
        assert uow.session.scalar(select(func.count()).select_from(ScanFile)) == 0
        assert uow.session.scalar(select(func.count()).select_from(StoredFile)) == 0
    assert not any(p.is_file() for p in ctx.filestore().root.rglob("*"))


def test_input_limits_are_office_settings(ctx, tmp_path: Path, capsys) -> None:
    """An office lowers (or raises, within ten times the default) a limit in Settings; it holds
    from then on and in the next run, and a value that would switch the guard off is refused."""
    from commands import main
    from gazette.context import open_context
    from gazette.office import settings

    csv_rows = (
        "报送单位,文件标题,发文字号,印发日期\n"
        + "市教育局,标题,宿教发〔2025〕1号,2025-03-03\n" * 31
    )
    (tmp_path / "三十一行.csv").write_text(csv_rows, "utf-8")
    try:
        assert main(["--data-dir", str(ctx.data_dir), "settings", "set", "导入行数上限=30"]) == 0
        again = open_context(None, ctx.data_dir)  # a later run reads the office's value
        again.close()
        assert limits.IMPORT_MAX_ROWS == 30
        with pytest.raises(importer.ImportFileError, match="超过 30 行"):
            list(importer.read_rows(tmp_path / "三十一行.csv"))
        for absurd in ("0", "-1", str(limits.DEFAULTS["import_max_rows"] * 11), "很多"):
            code = main(
                ["--data-dir", str(ctx.data_dir), "settings", "set", f"导入行数上限={absurd}"]
            )
            assert code != 0 and "导入行数上限" in capsys.readouterr().err
        with pytest.raises(ValueError, match="pdf_max_pages"):
            settings.put(ctx, pdf_max_pages=0)
        settings.put(ctx, import_max_rows=None)  # back to the program's default
        assert limits.DEFAULTS["import_max_rows"] == limits.IMPORT_MAX_ROWS
    finally:
        limits.use({})


def test_large_imports_report_progress_on_the_command_line(ctx, tmp_path: Path, capsys) -> None:
    """A long departments or submissions import says how far it has got, percent by percent,
    on stderr; the summary on stdout is unchanged."""
    from commands import main

    book = Workbook()
    sheet = book.active
    sheet.append(list(departments_xlsx.TEMPLATE_COLUMNS))
    for i in range(300):
        sheet.append([f"进度测试单位{i}", f"进度{i}"])
    book.save(tmp_path / "三百个单位.xlsx")
    data = ["--data-dir", str(ctx.data_dir)]
    assert main([*data, "departments", "import", str(tmp_path / "三百个单位.xlsx")]) == 0
    captured = capsys.readouterr()
    percents = [int(line.split("：")[1].split("%")[0]) for line in captured.err.splitlines()]
    assert percents == sorted(set(percents)) and percents[-1] == 100 and len(percents) > 50
    assert "300" in captured.out and "%" not in captured.out
    csv_rows = "报送单位,文件标题,发文字号,印发日期\n" + "".join(
        f"进度测试单位{i},标题{i},宿进发〔2025〕{i + 1}号,2025-03-03\n" for i in range(200)
    )
    (tmp_path / "两百行.csv").write_text(csv_rows, "utf-8")
    assert main([*data, "submissions", "import", str(tmp_path / "两百行.csv")]) == 0
    err = capsys.readouterr().err
    assert "导入报送登记：100%" in err and "导入报送登记：0%" in err
