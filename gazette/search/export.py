"""Exporting search results to XLSX: every hit (not just the page shown), with its citation."""

from __future__ import annotations

import io
from pathlib import Path
from typing import TYPE_CHECKING

from gazette.files.atomic import atomic_write_bytes
from gazette.files.xlsx_cells import append_row
from gazette.search import service
from gazette.search.model import Filters
from gazette.search.query import Query

if TYPE_CHECKING:
    from gazette.context import AppContext

HEADERS = (
    "序号",
    "标题",
    "发文字号",
    "发文机关",
    "成文日期",
    "期次",
    "页码",
    "栏目",
    "历史公报",
    "摘要",
    "引用",
)
WIDTHS = (6, 50, 24, 24, 12, 14, 6, 16, 8, 70, 40)


def all_hits(
    ctx: AppContext, query: str | Query, filters: Filters | None, limit: int = 10000
) -> list[service.Hit]:
    hits: list[service.Hit] = []
    page = 0
    while len(hits) < limit:
        r = service.search(ctx, query, filters, page, 200)
        hits += r.hits
        if (page + 1) * 200 >= r.total or not r.hits:
            break
        page += 1
    return hits[:limit]


def write_xlsx(path: Path | str, hits: list[service.Hit], gazette_name: str, title: str) -> Path:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "检索结果"
    append_row(ws, [title])
    ws["A1"].font = Font(bold=True, size=13)
    append_row(ws, HEADERS)
    for cell in ws[2]:
        cell.font = Font(bold=True)
    for i, h in enumerate(hits, 1):
        append_row(
            ws,
            [
                i,
                h.title,
                h.doc_number or "",
                h.issuer,
                h.issued_on,
                h.issue_label,
                h.page,
                h.section or "",
                "是" if h.historical else "",
                h.snippet.text,
                service.citation(gazette_name, h) if h.issue_year else "",
            ],
        )
        ws.cell(row=i + 2, column=5).number_format = "yyyy-mm-dd"
    for col, width in enumerate(WIDTHS, 1):
        ws.column_dimensions[ws.cell(row=2, column=col).column_letter].width = width
    for row in ws.iter_rows(min_row=3):
        row[1].alignment = row[9].alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = "A3"
    buf = io.BytesIO()
    wb.save(buf)
    target = Path(path)
    try:
        atomic_write_bytes(target, buf.getvalue())
    except OSError as exc:
        raise OSError(f"无法写入 {target}：{exc}") from exc
    return target
