"""Formula injection: text typed by someone outside the office never becomes a live formula in
an XLSX the office opens. Every exporter is fed hostile titles and names and read back.

Counted by bench/faults.py under 公式注入.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from archive import register
from archive.models import ArchiveEntry
from archive.register import Period
from archive.register_xlsx import export_xlsx as export_register
from gazette.context import AppContext
from gazette.db.models import Department, Liaison
from gazette.departments.xlsx import export_departments, write_template
from gazette.office import audit_query
from gazette.reports import submissions_data, submissions_xlsx
from gazette.search import service
from gazette.search.export import write_xlsx as export_search
from gazette.search.snippets import Snippet
from gazette.submissions import importer, queries
from gazette.submissions.register import SubmissionData, record

HOSTILE = ('=HYPERLINK("http://x","y")', "+1", "-1", "@SUM(A1)")
CODES = "甲乙丙丁"


def formulas(path: Path) -> list[str]:
    """Every cell, in every sheet, that a spreadsheet program would evaluate."""
    found = []
    for ws in load_workbook(path).worksheets:
        for row in ws.iter_rows():
            found += [f"{ws.title}!{c.coordinate}" for c in row if c.data_type == "f"]
    return found


def texts(path: Path) -> set[str]:
    out: set[str] = set()
    for ws in load_workbook(path).worksheets:
        for row in ws.iter_rows(values_only=True):
            out.update(v for v in row if isinstance(v, str))
    return out


@pytest.fixture
def hostile(ctx: AppContext) -> AppContext:
    """Departments, liaisons, submissions and backlog entries whose text starts like a formula."""
    ctx.user = HOSTILE[3]  # the audit trail's actor column
    with ctx.uow() as uow:
        s = uow.session
        for i, text in enumerate(HOSTILE):
            dept = Department(name=text, short_name=text, issuer_codes=[f"宿{CODES[i]}发"])
            dept.liaisons = [
                Liaison(
                    role="primary",
                    name=text,
                    post=text,
                    email=text,
                    mobile=text,
                    started_on=dt.date(2024, 1, 1),
                )
            ]
            s.add(dept)
            s.flush()
            record(
                s,
                SubmissionData(
                    dept.id,
                    text,
                    f"宿{CODES[i]}发〔2025〕{i + 1}号",
                    dt.date(2025, 3, 3),
                    dt.date(2025, 3, 5),
                    note=text,
                ),
            )
        register.register_period(uow, Period((2001, 1), (2001, 4), "monthly", 1))
        for entry, text in zip(s.scalars(select(ArchiveEntry)), HOSTILE, strict=False):
            entry.location = entry.box = entry.note = entry.searched_where = text
        uow.commit()
    return ctx


def _departments(ctx: AppContext, out: Path) -> None:
    with ctx.uow() as uow:
        export_departments(uow, out)


def _report(ctx: AppContext, out: Path) -> None:
    with ctx.uow() as uow:
        data = submissions_data.build(
            uow.session, dt.date(2025, 3, 1), dt.date(2025, 3, 31), dt.date(2025, 3, 31)
        )
    submissions_xlsx.write_report(data, out)


def _desk(ctx: AppContext, out: Path) -> None:
    with ctx.uow() as uow:
        rows = queries.desk(uow.session, dt.date(2025, 3, 31)).rows
    submissions_xlsx.write_desk(rows, out)


def _register(ctx: AppContext, out: Path) -> None:
    with ctx.uow() as uow:
        export_register(uow, out)


def _search(ctx: AppContext, out: Path) -> None:
    hits = [
        service.Hit(i, t, t, t, dt.date(2025, 3, 3), None, None, None, 1, t, False, Snippet(t, ()))
        for i, t in enumerate(HOSTILE, 1)
    ]
    export_search(out, hits, HOSTILE[0], HOSTILE[1])


def _audit(ctx: AppContext, out: Path) -> None:
    with ctx.uow() as uow:
        rows = audit_query.query(uow.session)
    assert rows
    audit_query.export_xlsx(rows, out)


EXPORTERS: dict[str, Callable[[AppContext, Path], None]] = {
    "部门与联络员": _departments,
    "通报": _report,
    "报送台账": _desk,
    "历史公报登记簿": _register,
    "检索结果": _search,
    "审计记录": _audit,
}


@pytest.mark.parametrize("name", list(EXPORTERS), ids=list(EXPORTERS))
def test_export_writes_formulas_as_text(hostile: AppContext, tmp_path: Path, name: str) -> None:
    out = tmp_path / f"{name}.xlsx"
    EXPORTERS[name](hostile, out)
    assert formulas(out) == []
    assert set(HOSTILE) & texts(out)  # the text itself is kept, as text


@pytest.mark.parametrize(
    "write", [write_template, importer.write_template], ids=["部门导入模板", "报送导入模板"]
)
def test_templates_have_no_formulas(tmp_path: Path, write: Callable[[Path], object]) -> None:
    out = tmp_path / "模板.xlsx"
    write(out)
    assert formulas(out) == []
