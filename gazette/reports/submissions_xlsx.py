"""The notification report's figures as XLSX, and the desk's filtered rows as XLSX."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.worksheet.worksheet import Worksheet

from gazette.files.atomic import atomic_writer
from gazette.files.xlsx_cells import append_row, put_cell
from gazette.reports.submissions_data import ReportData, cn
from gazette.submissions import columns
from gazette.submissions.queries import DeskRow

HEADERS = (
    "序号",
    "部门",
    "印发",
    "已报送",
    "按时报送",
    "逾期报送",
    "逾期未报",
    "尚未到期",
    "按时报送率",
    "平均逾期工作日",
    "选登",
    "不予选登",
    "退文（次）",
    "应附解读",
    "解读齐全",
    "解读按时上网",
    "解读超期",
)
_THIN = Side(style="thin", color="999999")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEAD = PatternFill("solid", fgColor="DDE6F0")


def _header(ws: Worksheet, row: int, names: Iterable[str]) -> None:
    for col, name in enumerate(names, start=1):
        cell = put_cell(ws, row, col, name)
        cell.font = Font(bold=True)
        cell.fill = _HEAD
        cell.border = _BORDER
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)


def write_report(data: ReportData, path: Path | str) -> Path:
    path = Path(path)
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "通报"
    put_cell(ws, 1, 1, f"{data.period_label}{data.title}").font = Font(bold=True, size=14)
    put_cell(
        ws,
        2,
        1,
        f"印发日期 {data.date_from.isoformat()} 至 {data.date_to.isoformat()}；"
        f"统计截至 {data.as_of.isoformat()}",
    )
    _header(ws, 4, HEADERS)
    rows = [*data.departments, data.total]
    for i, s in enumerate(rows, start=1):
        r = 4 + i
        values = [
            i if s is not data.total else "",
            s.department,
            s.issued,
            s.submitted,
            s.on_time,
            s.late,
            s.never,
            s.pending + s.uncovered,
            s.rate,
            round(s.average_delay, 1) if s.average_delay is not None else None,
            s.selected,
            s.declined,
            s.returned,
            s.interp_needed,
            s.interp_complete,
            s.interp_on_time,
            s.interp_late,
        ]
        for c, v in enumerate(values, start=1):
            cell = put_cell(ws, r, c, v)
            cell.border = _BORDER
            if c == 9:
                cell.number_format = "0.0%"
            if s is data.total:
                cell.font = Font(bold=True)
    last = 4 + len(rows) + 2
    for j, line in enumerate(data.summary_lines()):
        put_cell(ws, last + j, 1, line)
    if data.banner:
        put_cell(ws, last + 3, 1, "注意：" + data.banner).font = Font(color="9C5700")
    for letter, width in zip(
        "ABCDEFGHIJKLMNOPQ", (6, 30, 8, 8, 9, 9, 9, 9, 11, 14, 7, 9, 9, 9, 9, 12, 9), strict=True
    ):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = "C5"
    detail = wb.create_sheet("明细")
    _write_desk(detail, data.rows)
    ws2 = wb.create_sheet("说明")
    put_cell(ws2, 1, 1, f"{data.office}，{cn(data.as_of)}")
    put_cell(
        ws2,
        2,
        1,
        "按时报送率 = 按时报送 ÷（按时报送 + 逾期报送 + 逾期未报）；尚未到期的文件不计入。",
    )
    with atomic_writer(path, "wb") as fh:
        wb.save(fh)
    return path


def _write_desk(ws: Worksheet, rows: Iterable[DeskRow]) -> None:
    _header(ws, 1, columns.EXPORT_HEADERS)
    for r in rows:
        append_row(ws, [columns.value(r, key) for key in columns.EXPORT_KEYS])
    for col in ("D", "E", "F"):
        for cell in ws[col][1:]:
            cell.number_format = "yyyy-mm-dd"
    for letter, width in zip(
        "ABCDEFGHIJKLMNOPQ",
        (22, 44, 22, 12, 12, 12, 10, 10, 14, 8, 12, 10, 10, 24, 8, 8, 14),
        strict=True,
    ):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = ws.dimensions


def write_desk(rows: Iterable[DeskRow], path: Path | str) -> Path:
    """Export the rows the user sees (filtered) to XLSX."""
    path = Path(path)
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "报送台账"
    _write_desk(ws, rows)
    with atomic_writer(path, "wb") as fh:
        wb.save(fh)
    return path
