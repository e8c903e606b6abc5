"""相关解读 / 解读的文件 in the e-edition: a line under a document's first page, linked.

A document and its 政策解读 in the same issue link to each other's first page (an internal
link); one in another issue links to that document's page on the public site when the site's
address is set, and otherwise names the issue and page. The line sits below the folio, in the
foot margin, so the typeset page (and the print edition) is never touched.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from pypdf import PdfReader, PdfWriter
from pypdf.annotations import Link
from pypdf.generic import RectangleObject

if TYPE_CHECKING:
    from reportlab.pdfgen.canvas import Canvas

FONT_SIZE = 9.0
LINE = 13.0
BOTTOM = 46.0  # the first line's baseline, in points from the foot of the page
COLOR = "#1F4E9A"
MARGIN = 56.0  # the line keeps this far from either edge


@dataclass(frozen=True)
class RelatedNote:
    """One line on ``document_id``'s first page: ``label`` pointing at ``target_id``."""

    document_id: int
    label: str  # 相关解读 / 解读的文件
    title: str
    target_id: int | None = None  # a document of the same issue: an internal link
    elsewhere: str = ""  # where it was printed otherwise: 2026年第9期
    uri: str | None = None  # its page on the public site


def stamp(
    writer: PdfWriter,
    notes: Sequence[RelatedNote],
    first_pages: dict[int, int],
    folios: dict[int, int],
) -> int:
    """Draw and link every note; ``first_pages`` maps document id -> page index in ``writer``,
    ``folios`` document id -> printed page number. Returns the number of links added."""
    from reportlab.lib.colors import HexColor
    from reportlab.pdfgen.canvas import Canvas

    from gazette.layout.fonts import ensure_registered

    font = ensure_registered()["body"]
    added = 0
    by_doc: dict[int, list[RelatedNote]] = {}
    for n in notes:
        if n.document_id in first_pages:
            by_doc.setdefault(n.document_id, []).append(n)
    for doc_id, lines in by_doc.items():
        index = first_pages[doc_id]
        page = writer.pages[index]
        w, h = float(page.mediabox.width), float(page.mediabox.height)
        buf = io.BytesIO()
        c = Canvas(buf, pagesize=(w, h), invariant=1)
        c.setFont(font, FONT_SIZE)
        c.setFillColor(HexColor(COLOR))
        rects = []
        for k, n in enumerate(lines):
            text = _fit(c, n, _where(n, folios), font, w - 2 * MARGIN)
            y = BOTTOM - k * LINE
            c.drawCentredString(w / 2, y, text)
            width = c.stringWidth(text, font, FONT_SIZE)
            rects.append((n, [w / 2 - width / 2, y - 3, w / 2 + width / 2, y + FONT_SIZE]))
        c.showPage()
        c.save()
        page.merge_page(PdfReader(io.BytesIO(buf.getvalue())).pages[0])
        for n, rect in rects:
            if n.target_id is not None and n.target_id in first_pages:
                link = Link(rect=RectangleObject(rect), target_page_index=first_pages[n.target_id])
            elif n.uri:
                link = Link(rect=RectangleObject(rect), url=n.uri)
            else:
                continue
            writer.add_annotation(index, link)
            added += 1
    return added


def _fit(canvas: Canvas, n: RelatedNote, where: str, font: str, room: float) -> str:
    """The line, its title shortened with … until it fits the page's width. A title that opens
    with 《 (a 政策解读 of 《办法》) is shown as it is, not wrapped in 《》 again."""

    def line(title: str) -> str:
        return f"{n.label}：{title if n.title.startswith('《') else f'《{title}》'}{where}"

    text, cut = line(n.title), len(n.title)
    while canvas.stringWidth(text, font, FONT_SIZE) > room and cut > 4:
        cut -= 1
        text = line(n.title[:cut] + "…")
    return text


def _where(n: RelatedNote, folios: dict[int, int]) -> str:
    if n.target_id is not None and n.target_id in folios:
        return f"（见本期第{folios[n.target_id]}页）"
    if n.elsewhere:
        return f"（刊于{n.elsewhere}）"
    return ""
