"""The register as an Excel workbook: export for the archivists, import their edits back.

Import matches rows by (年份, 期号, 增刊); it creates issues that are not registered yet and
updates location, box, assignee, 缺期 and notes of those that are. Workflow states are not
imported (they move only by recorded steps); every row error names the row and the field.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font, PatternFill

from archive.models import ArchiveEntry
from archive.register import UNPUBLISHED, RegisterError, find_entry, rows
from archive.workflow import LABELS
from gazette.db import UnitOfWork
from gazette.db.models import Issue
from gazette.files import zips as zipguard
from gazette.files.atomic import atomic_writer
from gazette.files.xlsx_cells import append_row
from gazette.office.auth import mutating, require

HEADERS = (
    "年份",
    "期号",
    "增刊",
    "总期号",
    "出版日期",
    "状态",
    "馆藏位置",
    "档案盒",
    "负责人",
    "缺期",
    "查找记录",
    "备注",
)


def export_xlsx(uow: UnitOfWork, path: Path) -> int:
    """Write the whole register; returns the number of rows."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "历史公报登记簿"
    append_row(ws, HEADERS)
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDE6F0")
    data = rows(uow)
    for r in data:
        append_row(
            ws,
            [
                r.year,
                r.number or None,
                r.supplement or None,
                r.serial,
                r.published_on,
                LABELS[r.state],
                r.location,
                r.box,
                r.assignee or "",
                "是" if r.missing else "",
                r.searched_where,
                r.note,
            ],
        )
    for col, width in zip("ABCDEFGHIJKL", (8, 6, 6, 8, 12, 8, 24, 10, 10, 6, 30, 30), strict=True):
        ws.column_dimensions[col].width = width
    ws.freeze_panes = "A2"
    with atomic_writer(path, "wb") as fh:
        wb.save(fh)
    return len(data)


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    errors: list[str] = field(default_factory=list)


def _int(value: object, row: int, name: str, required: bool = False) -> int | None:
    if value in (None, ""):
        if required:
            raise RegisterError(f"第 {row} 行“{name}”为空")
        return None
    try:
        return int(str(value).strip())
    except ValueError:
        raise RegisterError(f"第 {row} 行“{name}”不是整数：{value}") from None


def _date(value: object, row: int) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise RegisterError(f"第 {row} 行“出版日期”无法识别：{value}") from None


@mutating
def import_xlsx(uow: UnitOfWork, path: Path) -> ImportResult:
    """Read a register workbook; bad rows are reported and skipped, good rows applied."""
    require(uow, "archive.write")
    try:
        zipguard.check_archive(path)
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:
        raise RegisterError(f"无法读取登记簿文件 {path.name}：{exc}") from exc
    ws = wb.worksheets[0]
    it = ws.iter_rows(values_only=True)
    header = [str(h or "").strip() for h in next(it, ())]
    missing = [h for h in HEADERS[:5] if h not in header]
    if missing:
        raise RegisterError(f"{path.name} 缺少列：{'、'.join(missing)}")
    col = {h: header.index(h) for h in HEADERS if h in header}
    result = ImportResult()
    session = uow.session
    for n, values in enumerate(it, start=2):
        if not any(v not in (None, "") for v in values):
            continue

        def get(name: str, values: tuple[object, ...] = values) -> object:
            i = col.get(name)
            return values[i] if i is not None and i < len(values) else None

        try:
            year = _int(get("年份"), n, "年份", True)
            supplement = _int(get("增刊"), n, "增刊") or 0
            number = _int(get("期号"), n, "期号", not supplement) or 0
            assert year is not None
            entry_id = find_entry(uow, year, number, supplement)
            if entry_id is None:
                issue = Issue(
                    year=year,
                    number=number,
                    supplement=supplement,
                    serial=_int(get("总期号"), n, "总期号"),
                    published_on=_date(get("出版日期"), n),
                    status=UNPUBLISHED,
                    historical=True,
                )
                session.add(issue)
                session.flush()
                entry = ArchiveEntry(issue_id=issue.id, state="to_locate")
                session.add(entry)
                result.created += 1
            else:
                entry = session.get_one(ArchiveEntry, entry_id)
                result.updated += 1
            entry.location = str(get("馆藏位置") or "")
            entry.box = str(get("档案盒") or "")
            entry.assignee = str(get("负责人") or "") or None
            entry.missing = str(get("缺期") or "").strip() in ("是", "Y", "y", "1", "缺期")
            entry.searched_where = str(get("查找记录") or "")
            entry.note = str(get("备注") or "")
            session.flush()
        except RegisterError as exc:
            result.errors.append(str(exc))
    wb.close()
    return result
