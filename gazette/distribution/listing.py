"""The 发行清单 of one issue, as PDF (for the mail room and the file) and XLSX.

It lists who gets the issue and how many copies, grouped by category in the list's order,
with the 印数 sum the colophon prints and a column for the receipt.
"""

from __future__ import annotations

import io
from pathlib import Path

from reportlab.lib.pagesizes import landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle
from sqlalchemy.orm import Session

from gazette.distribution import issue as dist
from gazette.distribution.recipients import CATEGORIES
from gazette.distribution.sheet import workbook_bytes
from gazette.files.atomic import atomic_write_bytes
from gazette.layout.pdfstyle import GRID, HEAD_FILL, PAGE, RED, STRIPE, footer, styles
from gazette.office import settings

HEADER = ("序号", "单位名称", "类别", "地址", "邮编", "收件人", "发送方式", "份数", "签收")
WIDTHS_MM = (11, 62, 15, 86, 15, 18, 19, 11, 30)  # 267 of the 269 mm between margins


def ordered(lines: list[dist.Line]) -> list[dist.Line]:
    order = {c: i for i, c in enumerate(CATEGORIES)}
    return sorted(lines, key=lambda x: (order.get(x.category, 99), x.name))


def _receipt(line: dist.Line) -> str:
    if line.status == "returned":
        return f"退回（{line.reason}）" if line.reason else "退回"
    return line.status_text


def title_of(session: Session, shown: dist.IssueDistributionView) -> str:
    name = str(settings.value(session, "gazette_name") or "公报")
    return f"《{name}》{shown.label}发行清单"


def summary_of(shown: dist.IssueDistributionView) -> str:
    text = (
        f"发行对象 {len(shown.lines)} 个，赠阅 {shown.recipient_copies} 份，留存 {shown.reserve} 份，"
        f"印数 {shown.print_run} 册"
    )
    if shown.override_reason:
        text += f"（印数经调整：{shown.override_reason}）"
    if not shown.frozen:
        text += "。本期尚未定稿，以上按发行名单现状预览，定稿时冻结"
    return text


def write_pdf(session: Session, issue_id: int, path: Path | str) -> int:
    """The 发行清单 as a landscape A4 PDF; returns the number of lines."""
    shown = dist.view(session, issue_id)
    st = styles()
    cell, left = st["cell"], st["cellLeft"]
    rows: list[list[object]] = [[Paragraph(h, cell) for h in HEADER]]
    lines = ordered(shown.lines)
    for n, line in enumerate(lines, start=1):
        red = line.status == "returned"  # a returned copy reads red across its row

        def para(text: str, style: ParagraphStyle, red: bool = red) -> Paragraph:
            return Paragraph(f'<font color="#C00000">{text}</font>' if red else text, style)

        rows.append(
            [
                str(n),
                para(line.name, left),
                para(line.category, cell),
                para(line.address or "（缺地址）", left),
                line.postcode,
                para(line.contact, cell),
                para(line.method, cell),
                str(line.copies),
                para(_receipt(line) if shown.frozen else "", cell),
            ]
        )
    total = Paragraph("合计", ParagraphStyle("total", parent=left, fontName=st["h1"].fontName))
    rows.append(["", total, "", "", "", "", "", str(shown.recipient_copies), ""])
    table = Table(rows, colWidths=[w * mm for w in WIDTHS_MM], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), st["body"].fontName, 9.5),
                ("GRID", (0, 0), (-1, -1), 0.4, GRID),
                ("BACKGROUND", (0, 0), (-1, 0), HEAD_FILL),
                ("ROWBACKGROUNDS", (0, 1), (-1, -2), [None, STRIPE]),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("ALIGN", (0, 0), (0, -1), "CENTER"),
                ("ALIGN", (4, 0), (4, -1), "CENTER"),
                ("ALIGN", (7, 0), (7, -1), "RIGHT"),
                ("FONT", (7, -1), (7, -1), st["h1"].fontName, 10),
                *[
                    ("TEXTCOLOR", (0, n), (-1, n), RED)
                    for n, line in enumerate(lines, start=1)
                    if line.status == "returned"
                ],
            ]
        )
    )
    office = str(settings.value(session, "publisher") or "")
    buf = io.BytesIO()
    doc = SimpleDocTemplate(
        buf,
        pagesize=landscape(PAGE),
        leftMargin=14 * mm,
        rightMargin=14 * mm,
        topMargin=14 * mm,
        bottomMargin=20 * mm,
        title=title_of(session, shown),
    )
    story = [
        Paragraph(title_of(session, shown), st["title"]),
        Spacer(1, 2 * mm),
        Paragraph(summary_of(shown), st["subtitle"]),
        Spacer(1, 4 * mm),
        table,
    ]
    draw = footer(office)
    doc.build(story, onFirstPage=draw, onLaterPages=draw)
    atomic_write_bytes(path, buf.getvalue())
    return len(shown.lines)


def write_xlsx(session: Session, issue_id: int, path: Path | str) -> int:
    """The same list as a spreadsheet (text cells stay text); returns the number of lines."""
    shown = dist.view(session, issue_id)
    data: list[tuple[object, ...]] = [
        (
            n,
            line.name,
            line.category,
            line.address,
            line.postcode,
            line.contact,
            line.method,
            line.copies,
            line.status_text if shown.frozen else "",
        )
        for n, line in enumerate(ordered(shown.lines), start=1)
    ]
    data.append(("", "合计", "", "", "", "", "", shown.recipient_copies, ""))
    data.append(("", summary_of(shown)))
    atomic_write_bytes(
        path, workbook_bytes(HEADER, data, "发行清单", (6, 32, 10, 44, 9, 10, 10, 7, 9))
    )
    return len(shown.lines)


def write(session: Session, issue_id: int, path: Path | str) -> int:
    """PDF or XLSX by the file's suffix."""
    suffix = Path(path).suffix.lower()
    if suffix == ".pdf":
        return write_pdf(session, issue_id, path)
    if suffix == ".xlsx":
        return write_xlsx(session, issue_id, path)
    raise dist.DistributionError(
        f"发行清单只能导出为 .pdf 或 .xlsx，而不是“{suffix or '无扩展名'}”"
    )
