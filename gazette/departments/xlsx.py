"""Importing and exporting departments and liaison officers as XLSX (the office's template).

The import checks every row and reports each problem with its row number, column and reason; the
good rows are imported, the bad ones skipped. A blank cell keeps what the database holds, so a
partial sheet never wipes data, and importing the same file twice changes nothing.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gazette.db.uow import UnitOfWork
from gazette.departments import roster as deps
from gazette.files import limits
from gazette.files.atomic import atomic_write_bytes
from gazette.files.xlsx_cells import append_row, put_cell
from gazette.files.xlsx_import import (
    ImportCounts,
    ImportFileError,
    RowIssue,
    find_header,
    open_workbook,
)
from gazette.office.auth import mutating, require
from gazette.progress import Reporter

TEMPLATE_COLUMNS: tuple[str, ...] = (
    "单位名称",
    "简称",
    "发文机关代字",
    "联络员",
    "职务",
    "办公电话",
    "手机",
    "邮箱",
    "备用联络员",
    "备用联络员手机",
)
SHEET_TITLE = "部门与联络员"
# export only, after the template's columns; the import ignores them (absences are kept apart)
EXPORT_EXTRA_COLUMNS: tuple[str, ...] = ("今日联系人", "不在岗说明")


# The template's example row; an import recognises it by its name and skips it.
EXAMPLE_ROW: tuple[str, ...] = (
    "宿迁市示例局",
    "市示例局",
    "宿示发、宿示规",
    "张三",
    "办公室副主任",
    "0527-84360000",
    "13800000000",
    "example@sq.gov.cn",
    "李四",
    "13900000000",
)


@dataclass
class ImportReport(ImportCounts):
    liaison_changes: list[str] = field(default_factory=list)

    def summary(self) -> str:
        text = (
            f"{self.file}：共 {self.rows} 行，新增 {len(self.created)} 个部门，"
            f"更新 {len(self.updated)} 个，未变 {len(self.unchanged)} 个，"
            f"联络员变更 {len(self.liaison_changes)} 处"
        )
        if self.issues:
            text += f"；{len(self.skipped_rows)} 行有错误未导入"
        return text


@dataclass(frozen=True)
class _Row:
    number: int
    values: dict[str, str]


def read_rows(path: Path | str) -> list[_Row]:
    """The data rows of the first sheet, keyed by template column; raises ImportFileError."""
    path = Path(path)
    book = open_workbook(path, data_only=True)
    try:
        sheet = book.worksheets[0] if book.worksheets else None
        if sheet is None:
            raise ImportFileError(f"{path.name}：文件中没有工作表")
        header: dict[int, str] | None = None
        rows: list[_Row] = []
        examples = 0
        for number, cells in enumerate(sheet.iter_rows(values_only=True), start=1):
            texts = [deps.clean(c) for c in cells]
            if not any(texts):
                continue
            if header is None:
                header = find_header(path, number, texts, TEMPLATE_COLUMNS)
                continue
            values = {col: texts[i] if i < len(texts) else "" for i, col in header.items()}
            if values.get("单位名称") == EXAMPLE_ROW[0]:
                examples += 1  # the template's example, left in: not a department
                continue
            if len(rows) >= limits.IMPORT_MAX_ROWS:
                raise ImportFileError(
                    f"{path.name}：超过 {limits.IMPORT_MAX_ROWS} 行，请分成几个文件导入"
                )
            rows.append(_Row(number, values))
    finally:
        book.close()
    if header is None:
        raise ImportFileError(f"{path.name}：文件是空的，没有表头和数据行")
    if not rows and examples:
        raise ImportFileError(
            f"{path.name}：只有模板中的示例行（{EXAMPLE_ROW[0]}），没有要导入的部门"
        )
    if not rows:
        raise ImportFileError(f"{path.name}：只有表头，没有数据行")
    return rows


def _row_input(row: _Row) -> tuple[deps.DepartmentInput | None, list[RowIssue]]:
    """Check one row column by column, collecting every problem."""
    v = row.values
    issues: list[RowIssue] = []

    def check(column: str, fn: Any, *args: Any) -> Any:
        try:
            return fn(*args)
        except deps.FieldError as exc:
            issues.append(RowIssue(row.number, column, exc.reason))
            return None

    name = check("单位名称", deps.check_name, v.get("单位名称", ""))
    codes = check("发文机关代字", deps.parse_codes, v.get("发文机关代字", ""))
    office = check("办公电话", deps.check_office_phone, v.get("办公电话", ""))
    mobile = check("手机", deps.check_mobile, v.get("手机", ""))
    email = check("邮箱", deps.check_email, v.get("邮箱", ""))
    alt_mobile = check("备用联络员手机", deps.check_mobile, v.get("备用联络员手机", ""))
    liaison_name, alt_name = v.get("联络员", ""), v.get("备用联络员", "")
    if not liaison_name and (v.get("职务") or v.get("办公电话") or v.get("手机") or v.get("邮箱")):
        issues.append(RowIssue(row.number, "联络员", "填写了联系方式，但没有填写联络员姓名"))
    if not alt_name and v.get("备用联络员手机"):
        issues.append(RowIssue(row.number, "备用联络员", "填写了手机，但没有填写备用联络员姓名"))
    if liaison_name and alt_name and liaison_name == alt_name:
        issues.append(RowIssue(row.number, "备用联络员", "与联络员是同一人"))
    for column, value in (("联络员", liaison_name), ("备用联络员", alt_name)):
        if len(value) > 64:
            issues.append(RowIssue(row.number, column, "超过 64 个字"))
    if issues:
        return None, issues
    liaison = (
        deps.Contact(liaison_name, v.get("职务", ""), office, mobile, email)
        if liaison_name
        else None
    )
    alternate = deps.Contact(alt_name, mobile=alt_mobile) if alt_name else None
    return deps.DepartmentInput(name, v.get("简称", ""), codes, liaison, alternate), []


@mutating
def import_departments(
    uow: UnitOfWork,
    path: Path | str,
    *,
    on: dt.date | None = None,
    reporter: Reporter | None = None,
) -> ImportReport:
    """Import a template sheet: good rows are saved, bad rows reported. The caller commits."""
    require(uow, "departments.write")
    session = uow.session
    reporter = reporter or Reporter()
    rows = read_rows(path)
    report = ImportReport(Path(path).name, rows=len(rows))
    seen_names: dict[str, int] = {}
    seen_codes: dict[str, int] = {}
    owners = deps.code_owners(uow)
    with session.no_autoflush:  # save() flushes what it must; a flush per query is O(n²)
        for i, row in enumerate(rows):
            reporter.step(i, len(rows), f"导入第 {row.number} 行")
            _import_row(uow, row, report, seen_names, seen_codes, owners, on)
    reporter.step(len(rows), len(rows), report.summary())
    return report


def _import_row(
    uow: UnitOfWork,
    row: _Row,
    report: ImportReport,
    seen_names: dict[str, int],
    seen_codes: dict[str, int],
    owners: dict[str, tuple[int, str]],
    on: dt.date | None,
) -> None:
    """Check, merge and save one row, recording the outcome in ``report``."""
    inp, issues = _row_input(row)
    if inp is not None:
        issues += _duplicates(row.number, inp, seen_names, seen_codes)
    if issues or inp is None:
        report.issues += issues
        return
    dep_id = deps.find_by_name(uow, inp.name)
    current = deps.get_detail(uow, dep_id) if dep_id is not None else None
    merged = deps.merge_blank(inp, current)
    try:  # save checks everything before it changes anything, so no savepoint is needed
        result = deps.save(uow, merged, dep_id=dep_id, on=on, owners=owners)
    except deps.FieldError as exc:
        report.issues.append(RowIssue(row.number, exc.field, exc.reason))
        return
    seen_codes.update(dict.fromkeys(inp.issuer_codes, row.number))
    if result.created:
        report.created.append(inp.name)
    elif result.changed:
        report.updated.append(inp.name)
    else:
        report.unchanged.append(inp.name)
    report.liaison_changes += [c for c in result.liaison_changes if not result.created]


def _duplicates(
    number: int, inp: deps.DepartmentInput, names: dict[str, int], codes: dict[str, int]
) -> list[RowIssue]:
    issues = []
    if inp.name in names:
        issues.append(RowIssue(number, "单位名称", f"与第 {names[inp.name]} 行重复"))
    else:
        names[inp.name] = number
    for code in inp.issuer_codes:  # codes are registered only once their row is imported
        if code in codes and codes[code] != number:
            issues.append(RowIssue(number, "发文机关代字", f"“{code}”与第 {codes[code]} 行重复"))
    return issues


def export_departments(uow: UnitOfWork, path: Path | str, *, include_inactive: bool = False) -> int:
    """Write the departments in the import template's columns, then whom to contact today
    (so a printed list shows who is away); returns the number of rows."""
    rows = deps.list_departments(uow, include_inactive=include_inactive)
    data = [
        (
            r.name,
            r.short_name,
            r.codes_text,
            r.liaison,
            r.liaison_post,
            r.liaison_phone,
            r.liaison_mobile,
            r.liaison_email,
            r.alternate,
            r.alternate_mobile,
            r.contact_today,
            r.contact_note,
        )
        for r in rows
    ]
    atomic_write_bytes(path, workbook_bytes(data, EXPORT_EXTRA_COLUMNS))
    return len(data)


def workbook_bytes(data: Sequence[Sequence[str]], extra: Sequence[str] = ()) -> bytes:
    """An XLSX with the template header (then ``extra`` columns), phone columns as text, a
    frozen header row."""
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = SHEET_TITLE
    append_row(sheet, [*TEMPLATE_COLUMNS, *extra])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDE6F0")
    for values in data:
        append_row(sheet, values)
    widths = (30, 14, 22, 10, 16, 16, 14, 26, 10, 16, 18, 50)[: len(TEMPLATE_COLUMNS) + len(extra)]
    for i, width in enumerate(widths, start=1):
        letter = sheet.cell(row=1, column=i).column_letter
        sheet.column_dimensions[letter].width = width
        if i <= len(TEMPLATE_COLUMNS) and TEMPLATE_COLUMNS[i - 1] in (
            "办公电话",
            "手机",
            "备用联络员手机",
        ):
            for (cell,) in sheet.iter_rows(min_row=2, min_col=i, max_col=i):
                cell.number_format = "@"
    sheet.freeze_panes = "A2"
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def write_template(path: Path | str) -> None:
    """An empty template with one example row (grey, italic), for departments to fill in.

    An import skips the example row when it is left in, recognised by its 单位名称."""
    from openpyxl import load_workbook
    from openpyxl.styles import Font

    book = load_workbook(io.BytesIO(workbook_bytes([EXAMPLE_ROW])))
    sheet = book.active
    assert sheet is not None
    for cell in sheet[2]:
        cell.font = Font(italic=True, color="808080")
    note = len(TEMPLATE_COLUMNS) + 2  # beside the table, under no header: never imported
    put_cell(sheet, 2, note, "← 填写示例，导入时跳过；请在下方逐行填写").font = Font(color="9C5700")
    buf = io.BytesIO()
    book.save(buf)
    atomic_write_bytes(path, buf.getvalue())
