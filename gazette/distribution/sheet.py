"""Recipients as XLSX: import with row-level errors, all or nothing, and export in the same
columns.

Unlike the departments import, a recipients sheet is applied whole or not at all: one bad
postcode leaves the list as it was, so an office never mails to a half-updated list. Importing
the same sheet twice changes nothing (a unit at an address is the key); a blank cell keeps what
the list holds. A formula is refused, not evaluated.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from sqlalchemy.orm import Session

from gazette.departments.fields import FieldError, clean
from gazette.distribution import recipients as rcp
from gazette.files import limits
from gazette.files.atomic import atomic_write_bytes
from gazette.files.xlsx_cells import append_row
from gazette.files.xlsx_import import (
    ImportCounts,
    ImportFileError,
    RowIssue,
    find_header,
    open_workbook,
)
from gazette.office.auth import require

COLUMNS: tuple[str, ...] = (
    "单位名称",
    "类别",
    "地址",
    "邮政编码",
    "收件人",
    "电话",
    "发送方式",
    "每期份数",
    "起始期次",
    "截止期次",
    "备注",
)
EXPORT_EXTRA = ("状态",)
SHEET_TITLE = "发行对象"
WIDTHS = (30, 10, 40, 10, 10, 16, 10, 9, 12, 12, 24, 10)


@dataclass
class ImportReport(ImportCounts):
    def summary(self) -> str:
        if self.issues:
            bad = len(self.skipped_rows)
            return f"{self.file}：共 {self.rows} 行，{bad} 行有错误，全部未导入，请改正后重新导入"
        return (
            f"{self.file}：共 {self.rows} 行，新增 {len(self.created)} 个发行对象，"
            f"更新 {len(self.updated)} 个，未变 {len(self.unchanged)} 个"
        )


def read_rows(path: Path | str) -> list[tuple[int, dict[str, object]]]:
    """(row number, {column: raw cell value}) of the first sheet; raises ImportFileError."""
    path = Path(path)
    book = open_workbook(path, data_only=False)  # formulas stay visible
    header: dict[int, str] | None = None
    rows: list[tuple[int, dict[str, object]]] = []
    try:
        sheet = book.worksheets[0]
        for number, cells in enumerate(sheet.iter_rows(values_only=True), start=1):
            if not any(clean(c) for c in cells):
                continue
            if header is None:
                header = find_header(path, number, [clean(c) for c in cells], COLUMNS)
                continue
            if len(rows) >= limits.RECIPIENTS_MAX_ROWS:
                raise ImportFileError(
                    f"{path.name}：超过 {limits.RECIPIENTS_MAX_ROWS} 行，不像发行名单，"
                    "整个文件未导入，请核对文件"
                )
            rows.append(
                (number, {c: cells[i] if i < len(cells) else None for i, c in header.items()})
            )
    finally:
        book.close()
    if header is None:
        raise ImportFileError(f"{path.name}：文件是空的，没有表头和数据行")
    if not rows:
        raise ImportFileError(f"{path.name}：只有表头，没有数据行")
    return rows


def _row_input(
    number: int, raw: dict[str, object], current: rcp.RecipientRow | None
) -> tuple[rcp.RecipientInput | None, list[RowIssue]]:
    issues: list[RowIssue] = []
    texts: dict[str, str] = {}
    for column, value in raw.items():
        text = clean(value)
        if isinstance(value, str) and text.startswith("="):
            issues.append(RowIssue(number, column, "是公式，请改为直接填写内容"))
            text = ""
        if isinstance(value, float) and value.is_integer():
            text = str(int(value))
        texts[column] = text
    base = current.as_input() if current is not None else rcp.RecipientInput(name="")
    values = {
        "name": texts.get("单位名称", ""),
        "category": texts.get("类别") or base.category,
        "address": texts.get("地址", ""),
        "postcode": texts.get("邮政编码") or base.postcode,
        "contact": texts.get("收件人") or base.contact,
        "phone": texts.get("电话") or base.phone,
        "method": texts.get("发送方式") or base.method,
        "note": texts.get("备注") or base.note,
        "copies": base.copies,
        "from_issue": base.from_issue,
        "to_issue": base.to_issue,
    }
    for column, key in (("起始期次", "from_issue"), ("截止期次", "to_issue")):
        if texts.get(column):
            try:
                values[key] = rcp.parse_issue(texts[column], column)
            except FieldError as exc:
                issues.append(RowIssue(number, exc.field, exc.reason))
    if texts.get("每期份数"):
        try:
            values["copies"] = rcp.parse_copies(texts["每期份数"])
        except FieldError as exc:
            issues.append(RowIssue(number, exc.field, exc.reason))
    inp = rcp.RecipientInput(**values)  # type: ignore[arg-type]
    inp = replace(inp, postcode=inp.postcode.replace(" ", ""))
    seen = {i.column for i in issues}
    issues += [
        RowIssue(number, e.field, e.reason) for e in rcp.problems(inp) if e.field not in seen
    ]
    return (None if issues else inp), issues


def import_recipients(session: Session, path: Path | str) -> ImportReport:
    """Check every row, then save all of them or none; the caller commits."""
    require(session, "distribution.write")
    rows = read_rows(path)
    report = ImportReport(Path(path).name, rows=len(rows))
    rows_now = rcp.list_recipients(session)
    existing = {(r.name, r.address): r for r in rows_now}
    # a unit still without an address (from the departments) gets the one the sheet gives it
    blank = {r.name: r for r in rows_now if not r.address}
    seen: dict[tuple[str, str], int] = {}
    good: list[tuple[rcp.RecipientInput, rcp.RecipientRow | None]] = []
    for number, raw in rows:
        key = (clean(raw.get("单位名称")), clean(raw.get("地址")))
        current = existing.get(key) or (blank.pop(key[0], None) if key[1] else None)
        inp, issues = _row_input(number, raw, current)
        if key[0] and key in seen:
            issues.append(RowIssue(number, "单位名称", f"与第 {seen[key]} 行是同一地址的同一单位"))
        seen.setdefault(key, number)
        report.issues += issues
        if inp is not None and not issues:
            good.append((inp, current))
    if report.issues:
        return report  # nothing is saved: the list stays as it was
    with session.no_autoflush:
        for inp, current in good:
            _id, changed = rcp.save(session, inp, recipient_id=current.id if current else None)
            target = (
                report.created
                if current is None
                else report.updated
                if changed
                else report.unchanged
            )
            target.append(inp.name)
    return report


def export_recipients(session: Session, path: Path | str) -> int:
    """Every recipient in the import's columns, then its state; returns the number of rows."""
    rows = rcp.list_recipients(session)
    data = [
        (
            r.name,
            r.category,
            r.address,
            r.postcode,
            r.contact,
            r.phone,
            r.method,
            r.copies,
            r.from_issue,
            r.to_issue,
            r.note,
            r.state,
        )
        for r in rows
    ]
    atomic_write_bytes(path, workbook_bytes(COLUMNS + EXPORT_EXTRA, data, SHEET_TITLE))
    return len(data)


def workbook_bytes(
    header: tuple[str, ...],
    data: Sequence[Sequence[object]],
    title: str,
    widths: tuple[int, ...] = WIDTHS,
) -> bytes:
    """One sheet: a bold header, text cells kept as text (postcodes, phones), frozen header."""
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = title
    append_row(sheet, header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDE6F0")
    for values in data:
        append_row(sheet, values)
    for i, width in enumerate(widths[: len(header)], start=1):
        sheet.column_dimensions[sheet.cell(row=1, column=i).column_letter].width = width
    sheet.freeze_panes = "A2"
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()
