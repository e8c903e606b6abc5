"""The 年度自查 request as PDF (a page per department) and XLSX (every item, one sheet)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font
from reportlab.lib.units import mm
from reportlab.platypus import (
    HRFlowable,
    PageBreak,
    Paragraph,
    Spacer,
)

from gazette.files.atomic import atomic_writer
from gazette.files.xlsx_cells import append_row, put_cell
from gazette.layout.fonts import ensure_registered
from gazette.layout.pdfstyle import (
    RED,
    grid_table,
    styles,
    write_letter,
)
from gazette.reports.submissions_data import cn
from gazette.submissions.selfcheck import DepartmentCheck

XLSX_HEADERS = (
    "部门",
    "文件标题",
    "发文字号",
    "印发日期",
    "公开属性",
    "依据和理由",
    "依申请次数",
    "自查回复日期",
    "自查结果",
    "已改为公开",
)


def write_pdf(
    checks: Sequence[DepartmentCheck], year: int, office: str, on: dt.date, path: Path | str
) -> Path:
    """The request letters: each department's list, with its reply when one is recorded."""
    st = styles()
    font = ensure_registered()["body"]
    story: list[object] = []
    for n, c in enumerate(checks):
        if n:
            story.append(PageBreak())
        story += [
            Paragraph(f"{year}年度政府信息公开属性自查", st["masthead"]),
            HRFlowable(width="100%", thickness=2, color=RED, spaceBefore=3 * mm, spaceAfter=6 * mm),
            Paragraph(f"{c.department}：", st["body"]),
            Paragraph(
                f"根据政务公开有关规定，请对贵单位{year}年度标注为不予公开、依申请公开和部分公开的"
                "文件逐件复核，依申请公开较为集中的信息应当转为主动公开。请将自查整改情况"
                f"（含改为公开的文件）于{cn(on + dt.timedelta(days=15))}前报{office}。",
                st["indent"],
            ),
            Spacer(1, 3 * mm),
        ]
        heads = ("序号", "文件标题", "发文字号", "公开属性", "依据和理由", "依申请次数")
        rows: list[list[object]] = [[Paragraph(x, st["cell"]) for x in heads]]
        for i, item in enumerate(c.items, 1):
            opened = "（已改为公开）" if item.document_id in c.opened else ""
            rows.append(
                [
                    str(i),
                    Paragraph(item.title + opened, st["cellLeft"]),
                    Paragraph(item.doc_number, st["cell"]),
                    Paragraph(item.disclosure, st["cell"]),
                    Paragraph(item.stated, st["cellLeft"]),
                    str(item.requests),
                ]
            )
        table = grid_table(rows, (10, 48, 28, 20, 44, 16), font)
        story.append(table)
        if c.replied_on:
            story += [
                Spacer(1, 4 * mm),
                Paragraph(f"自查整改情况（{cn(c.replied_on)}回复）：{c.result}", st["indent"]),
            ]
        story += [
            Spacer(1, 10 * mm),
            Paragraph(office, st["right"]),
            Paragraph(cn(on), st["right"]),
        ]
    if not story:
        story.append(Paragraph(f"{year}年度没有标注为非公开的文件。", st["body"]))
    write_letter(
        Path(path),
        story,
        title=f"{year}年度政府信息公开属性自查",
        author=office,
        footer_text=f"{office} · {year}年度自查",
    )
    return Path(path)


def write_xlsx(checks: Sequence[DepartmentCheck], year: int, path: Path | str) -> Path:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = f"{year}年度自查"
    for col, name in enumerate(XLSX_HEADERS, 1):
        put_cell(ws, 1, col, name).font = Font(bold=True)
    for c in checks:
        for item in c.items:
            append_row(
                ws,
                [
                    c.department,
                    item.title,
                    item.doc_number,
                    item.issued_on,
                    item.disclosure,
                    item.stated,
                    item.requests,
                    c.replied_on,
                    c.result,
                    "是" if item.document_id in c.opened else "",
                ],
            )
    for letter, width in zip("ABCDEFGHIJ", (22, 44, 22, 12, 14, 36, 10, 12, 30, 10), strict=True):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = "A2"
    with atomic_writer(Path(path), "wb") as fh:
        wb.save(fh)
    return Path(path)
