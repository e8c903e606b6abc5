"""Shared look of the office's printed reports: A4, red masthead rule, Song-style headings.

Styles are data (a StyleSheet1); fonts come from gazette.layout.fonts by role.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib import textsplit as _rl_textsplit
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, StyleSheet1
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, SimpleDocTemplate, Table, TableStyle
from reportlab.platypus import paragraph as _rl_paragraph

from gazette.files.atomic import atomic_writer
from gazette.layout.fonts import ensure_registered

RED = colors.HexColor("#C00000")
GRID = colors.HexColor("#7F7F7F")
HEAD_FILL = colors.HexColor("#E8EDF3")
STRIPE = colors.HexColor("#F6F6F6")
PAGE = A4
MARGIN = 22 * mm


# Chinese closing punctuation that must not start a line (标点禁则). ReportLab's CJK wrap only
# knows a few ASCII/Japanese marks, so a line could begin with ，or 。; with these listed, the
# mark hangs at the end of the previous line instead. Extending the list only makes wrapping
# more correct for every caller, so doing it once at import is safe.
_CLOSING = "，。、；：？！）》〉」』】〕”’…—%％"


def _teach_reportlab_closing_punctuation() -> None:
    for module in (_rl_paragraph, _rl_textsplit):  # both hold their own copy of the list
        current = module.ALL_CANNOT_START
        missing = "".join(c for c in _CLOSING if c not in current)
        if missing:
            module.ALL_CANNOT_START = current + missing  # type: ignore[attr-defined]


_teach_reportlab_closing_punctuation()


def styles() -> StyleSheet1:
    f = ensure_registered()
    sheet = StyleSheet1()
    base = ParagraphStyle(
        "body", fontName=f["body"], fontSize=11.5, leading=20, wordWrap="CJK", alignment=TA_JUSTIFY
    )
    sheet.add(base)
    sheet.add(
        ParagraphStyle(
            "masthead",
            parent=base,
            fontName=f["title"],
            fontSize=26,
            leading=34,
            textColor=RED,
            alignment=TA_CENTER,
        )
    )
    sheet.add(
        ParagraphStyle(
            "title", parent=base, fontName=f["title"], fontSize=17, leading=26, alignment=TA_CENTER
        )
    )
    sheet.add(ParagraphStyle("subtitle", parent=base, fontSize=11.5, alignment=TA_CENTER))
    sheet.add(
        ParagraphStyle(
            "h1", parent=base, fontName=f["heading1"], fontSize=13, leading=22, spaceBefore=8
        )
    )
    sheet.add(ParagraphStyle("indent", parent=base, firstLineIndent=23))
    sheet.add(ParagraphStyle("cell", parent=base, fontSize=9.5, leading=12, alignment=TA_CENTER))
    sheet.add(ParagraphStyle("cellLeft", parent=base, fontSize=9.5, leading=12))
    sheet.add(ParagraphStyle("right", parent=base, alignment=TA_RIGHT))
    sheet.add(
        ParagraphStyle(
            "banner",
            parent=base,
            fontSize=10,
            leading=15,
            textColor=colors.HexColor("#8A4B00"),
            backColor=colors.HexColor("#FFF4D6"),
            borderPadding=4,
        )
    )
    return sheet


def footer(office: str):  # type: ignore[no-untyped-def]
    """A page callback: a thin rule and '— n —' page number, the office name on the left."""
    font = ensure_registered()["body"]

    def draw(canvas: Canvas, doc) -> None:  # type: ignore[no-untyped-def]
        canvas.saveState()
        width = doc.pagesize[0]  # portrait or landscape, as the document is laid out
        canvas.setStrokeColor(GRID)
        canvas.setLineWidth(0.4)
        canvas.line(MARGIN, 15 * mm, width - MARGIN, 15 * mm)
        canvas.setFont(font, 9)
        canvas.drawString(MARGIN, 10 * mm, office)
        canvas.drawRightString(width - MARGIN, 10 * mm, f"— {doc.page} —")
        canvas.restoreState()

    return draw


def grid_table(
    rows: list[list[Any]], widths_mm: Sequence[float], font: str, size: float = 9
) -> Table:
    """The reports' table: a grey grid, a tinted heading row repeated on every page, centred.
    A caller adds its own marks (totals, stripes, red cells) with a further ``setStyle``."""
    table = Table(rows, colWidths=[w * mm for w in widths_mm], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), font, size),
                ("GRID", (0, 0), (-1, -1), 0.5, GRID),
                ("BACKGROUND", (0, 0), (-1, 0), HEAD_FILL),
                ("ALIGN", (0, 0), (-1, -1), "CENTER"),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ]
        )
    )
    return table


def write_letter(
    path: Path | str,
    story: list[Flowable],
    *,
    title: str,
    author: str,
    footer_text: str,
    subject: str = "",
) -> Path:
    """Write an A4 report or letter with the office's margins and footer, all or nothing."""
    with atomic_writer(Path(path), "wb") as fh:
        doc = SimpleDocTemplate(
            fh,
            pagesize=PAGE,
            leftMargin=MARGIN,
            rightMargin=MARGIN,
            topMargin=20 * mm,
            bottomMargin=22 * mm,
            title=title,
            author=author,
            subject=subject,
        )
        on_page = footer(footer_text)
        doc.build(story, onFirstPage=on_page, onLaterPages=on_page)
    return Path(path)
