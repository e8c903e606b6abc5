"""Import submissions from XLSX or CSV (the template's columns), reporting every rejected row.

Each row is applied in its own savepoint: a bad row is reported with its row number, column and
reason, and the rest go in. A row whose 发文字号 is already stored changes nothing when it carries
the same data, records the arrival when it brings a 报送日期 for an awaited document, and is
rejected with the difference named when it conflicts. Re-importing a file therefore changes nothing.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation
from sqlalchemy import select
from sqlalchemy.orm import Session

from gazette.db.models import Department
from gazette.files import limits
from gazette.files import zips as zipguard
from gazette.files.atomic import atomic_writer
from gazette.files.xlsx_cells import append_row
from gazette.office.auth import mutating, require
from gazette.progress import Reporter
from gazette.submissions import columns
from gazette.submissions.register import SubmissionData, SubmissionError, record, validate
from gazette.vocab import DISCLOSURES, PUBLIC_DISCLOSURE

# The template's columns carry the desk's own headings (gazette.submissions.columns), so an
# exported desk's columns are read back by the same names.
IMPORTED_KEYS = (
    "department", "title", "doc_number", "issued_on", "received_on", "disclosure", "is_normative"
)  # fmt: skip
COLUMNS: tuple[str, ...] = (*columns.headers(IMPORTED_KEYS), "备注")
REQUIRED = ("报送单位", "文件标题", "发文字号", "印发日期")
_YES = {"是", "y", "yes", "true", "1", "√", "✓"}
_NO = {"否", "n", "no", "false", "0", "×", "✗"}
_DATE_RE = re.compile(r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*$")


class ImportFileError(ValueError):
    """The file as a whole cannot be read (wrong type, missing columns); names the file."""


@dataclass(frozen=True)
class RowProblem:
    row: int  # as the user sees it in Excel: the header is row 1
    column: str
    reason: str

    def __str__(self) -> str:
        return (
            f"第{self.row}行【{self.column}】{self.reason}"
            if self.column
            else f"第{self.row}行 {self.reason}"
        )


@dataclass
class ImportResult:
    created: int = 0
    expected: int = 0
    arrived: int = 0
    unchanged: int = 0
    problems: list[RowProblem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def rejected_rows(self) -> int:
        return len({p.row for p in self.problems})

    @property
    def imported(self) -> int:
        return self.created + self.expected + self.arrived

    def summary(self) -> str:
        return (
            f"新登记 {self.created} 件，预期文件 {self.expected} 件，到达 {self.arrived} 件，"
            f"无变化 {self.unchanged} 行，拒绝 {self.rejected_rows} 行"
        )


def parse_date(value: Any) -> dt.date | None:
    """A date cell: a real date, or text like 2025-01-02, 2025/1/2, 2025年1月2日. Empty → None."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    if not text:
        return None
    m = _DATE_RE.match(text)
    if not m:
        raise ValueError(f"“{text}”不是日期（应为 YYYY-MM-DD）")
    try:
        return dt.date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError as exc:
        raise ValueError(f"“{text}”不是有效日期") from exc


def parse_bool(value: Any) -> bool:
    if value is None or (isinstance(value, str) and not value.strip()):
        return True  # the desk is about normative documents; an empty cell means yes
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in _YES:
        return True
    if text in _NO:
        return False
    raise ValueError(f"“{value}”应为“是”或“否”")


def read_rows(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    """(row number, {column: value}) for every non-empty data row of an XLSX or CSV file."""
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        try:
            zipguard.check_archive(path)
            wb = load_workbook(path, read_only=True, data_only=True)
        except Exception as exc:
            raise ImportFileError(f"{path.name}：无法读取 Excel 文件（{exc}）") from exc
        ws = wb.worksheets[0]
        raw: Iterator[tuple[Any, ...]] = ws.iter_rows(values_only=True)
    elif suffix in (".csv", ".txt"):
        data = path.read_bytes()
        for enc in ("utf-8-sig", "gb18030"):
            try:
                text = data.decode(enc)
                break
            except UnicodeDecodeError:
                continue
        else:
            raise ImportFileError(f"{path.name}：无法识别文件编码（应为 UTF-8 或 GB18030）")
        raw = iter(tuple(r) for r in csv.reader(io.StringIO(text)))
    else:
        raise ImportFileError(f"{path.name}：只能导入 .xlsx 或 .csv 文件")
    try:
        header = next(raw)
    except StopIteration as exc:
        raise ImportFileError(f"{path.name}：文件为空") from exc
    names = [str(h).strip() if h is not None else "" for h in header]
    missing = [c for c in REQUIRED if c not in names]
    if missing:
        raise ImportFileError(
            f"{path.name}：第1行缺少列 " + "、".join(missing) + "（请使用导出的模板）"
        )
    index = {name: i for i, name in enumerate(names) if name in COLUMNS}
    count = 0
    for number, values in enumerate(raw, start=2):
        if not any(v is not None and str(v).strip() for v in values):
            continue
        count += 1
        if count > limits.IMPORT_MAX_ROWS:  # read before anything is written: nothing half-done
            raise ImportFileError(
                f"{path.name}：超过 {limits.IMPORT_MAX_ROWS} 行，请分成几个文件导入"
            )
        yield number, {c: (values[i] if i < len(values) else None) for c, i in index.items()}


def _to_data(
    number: int, row: dict[str, Any], depts: dict[str, int]
) -> tuple[SubmissionData | None, list[RowProblem]]:
    problems: list[RowProblem] = []

    def text(col: str) -> str:
        value = row.get(col)
        return "" if value is None else str(value).strip()

    dept_name = text("报送单位")
    dept_id = depts.get(dept_name)
    if not dept_name:
        problems.append(RowProblem(number, "报送单位", "报送单位为空"))
    elif dept_id is None:
        problems.append(RowProblem(number, "报送单位", f"未知的报送单位“{dept_name}”"))
    dates: dict[str, dt.date | None] = {}
    for col in ("印发日期", "报送日期"):
        try:
            dates[col] = parse_date(row.get(col))
        except ValueError as exc:
            problems.append(RowProblem(number, col, str(exc)))
            dates[col] = None
    try:
        normative = parse_bool(row.get("是否规范性文件"))
    except ValueError as exc:
        problems.append(RowProblem(number, "是否规范性文件", str(exc)))
        normative = True
    disclosure = text("公开属性") or PUBLIC_DISCLOSURE
    if disclosure not in DISCLOSURES and f"此件{disclosure}" in DISCLOSURES:
        disclosure = f"此件{disclosure}"
    data = SubmissionData(
        department_id=dept_id,
        title=text("文件标题"),
        doc_number=text("发文字号"),
        issued_on=dates["印发日期"],
        received_on=dates["报送日期"],
        disclosure=disclosure,
        is_normative=normative,
        note=text("备注"),
    )
    taken = {p.column for p in problems}
    for col, reason in validate(data):
        if col not in taken and not (col == "报送单位" and dept_name):
            problems.append(RowProblem(number, col, reason))
    return (None if problems else data), problems


@mutating
def import_file(
    session: Session, path: Path | str, reporter: Reporter | None = None
) -> ImportResult:
    """Import every good row of ``path``; the caller commits (or rolls back on Cancelled)."""
    require(session, "submissions.write")
    path = Path(path)
    if not path.is_file():
        raise ImportFileError(f"{path}：文件不存在")
    reporter = reporter or Reporter()
    depts: dict[str, int] = {}
    for dept_id, name, short in session.execute(
        select(Department.id, Department.name, Department.short_name)
    ):
        depts[name] = dept_id
        if short:
            depts.setdefault(short, dept_id)
    rows = list(read_rows(path))
    result = ImportResult()
    for i, (number, row) in enumerate(rows):
        if i % 50 == 0:
            reporter.step(i, len(rows), f"导入第 {i + 1}/{len(rows)} 行")
        data, problems = _to_data(number, row, depts)
        if data is None:
            result.problems.extend(problems)
            continue
        savepoint = session.begin_nested()
        try:
            outcome = record(session, data, same_is_ok=True)
        except SubmissionError as exc:
            savepoint.rollback()
            result.problems.extend(RowProblem(number, c, r) for c, r in exc.problems)
            continue
        savepoint.commit()
        result.warnings.extend(f"第{number}行：{w}" for w in outcome.warnings)
        if outcome.action == "新登记":
            result.created += 1
        elif outcome.action == "预期登记":
            result.expected += 1
        elif outcome.action == "到达":
            result.arrived += 1
        else:
            result.unchanged += 1
    reporter.step(len(rows), len(rows), result.summary())
    return result


def write_template(path: Path | str) -> Path:
    """An empty XLSX with the import columns, drop-down lists and an instructions sheet."""
    path = Path(path)
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "报送登记"
    append_row(ws, COLUMNS)
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDE6F0")
    for cell in ws[1]:
        cell.font, cell.fill = bold, fill
        cell.alignment = Alignment(horizontal="center")
    for letter, width in zip("ABCDEFGH", (22, 48, 24, 13, 13, 16, 14, 24), strict=True):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = "A2"
    disclosure = DataValidation(type="list", formula1='"' + ",".join(DISCLOSURES) + '"')
    yes_no = DataValidation(type="list", formula1='"是,否"')
    ws.add_data_validation(disclosure)
    ws.add_data_validation(yes_no)
    disclosure.add("F2:F5000")
    yes_no.add("G2:G5000")
    for col in ("D", "E"):
        for r in range(2, 5001):
            ws[f"{col}{r}"].number_format = "yyyy-mm-dd"
    notes = wb.create_sheet("填写说明")
    for line in (
        ("列", "说明"),
        ("报送单位", "部门全称或简称，须与“部门与联络员”中一致"),
        ("文件标题", "必填"),
        ("发文字号", "如 宿政办发〔2025〕12号；方括号、全角数字会自动规范"),
        ("印发日期", "必填，日期格式 YYYY-MM-DD"),
        ("报送日期", "收到日期；尚未收到的预期文件留空，收到后再导入即记录到达"),
        ("公开属性", "、".join(DISCLOSURES) + "；留空按此件公开发布"),
        ("是否规范性文件", "是 / 否；留空按“是”"),
        ("备注", "可选"),
    ):
        append_row(notes, line)
    notes.column_dimensions["A"].width = 16
    notes.column_dimensions["B"].width = 80
    with atomic_writer(path, "wb") as fh:
        wb.save(fh)
    return path
