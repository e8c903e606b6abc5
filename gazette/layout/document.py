"""One document's structured text as flowables, in the order ``DocumentText.lines()`` reads it.

The printed order equals the stored reading order, so the text a PDF gives back can be compared
with ``plain_text()`` character for character (white space aside).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from reportlab.lib import colors
from reportlab.platypus import CondPageBreak, Flowable, PageBreak, Table, TableStyle

from gazette.layout.para import CJKParagraph, Typesetter
from gazette.layout.styles import StyleSheet
from gazette.texts.model import Block, DocumentText


class Marker(Flowable):  # type: ignore[misc]
    """An invisible flowable that tells the page recorder where a document or section starts."""

    def __init__(self, kind: str, key: Any, title: str) -> None:
        super().__init__()
        self.kind, self.key, self.title = kind, key, title
        self.width = self.height = 0

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        pass


def document_text_of(
    title: str, body_text: str, structure: dict[str, Any] | None, doc_number: str | None
) -> DocumentText:
    """The structured text; a document with only plain text gets one paragraph per line."""
    if structure:
        return DocumentText.from_json(structure)
    paras = [p.strip() for p in body_text.splitlines() if p.strip()]
    if paras and paras[0] == (doc_number or ""):
        paras = paras[1:]
    if paras and paras[0] == title:
        paras = paras[1:]
    return DocumentText(
        title=title, doc_number=doc_number, blocks=[Block("paragraph", p) for p in paras]
    )


def _table(
    block: Block, ss: StyleSheet, ts: Typesetter, where: str, widths: list[float] | None = None
) -> Table:
    rows = block.rows or []
    ncols = max((sum(c.colspan for c in row) for row in rows), default=1)
    grid: list[list[Any]] = [["" for _ in range(ncols)] for _ in rows]
    taken: set[tuple[int, int]] = set()
    spans: list[tuple[str, tuple[int, int], tuple[int, int]]] = []
    for r, row in enumerate(rows):
        c = 0
        for cell in row:
            while (r, c) in taken:
                c += 1
            if c >= ncols:
                break
            style = ss["table_head"] if r == 0 else ss["table_cell"]
            if r and len(cell.text) <= 8:  # numbers, dates, short names: centred
                style = replace(style, align="center")
            grid[r][c] = CJKParagraph(cell.text, style, ts, where=where) if cell.text else ""
            for dr in range(cell.rowspan):
                for dc in range(cell.colspan):
                    taken.add((r + dr, c + dc))
            if cell.colspan > 1 or cell.rowspan > 1:
                end = (
                    min(c + cell.colspan - 1, ncols - 1),
                    min(r + cell.rowspan - 1, len(rows) - 1),
                )
                spans.append(("SPAN", (c, r), end))
            c += cell.colspan
    commands: list[Any] = [
        ("GRID", (0, 0), (-1, -1), 0.6, colors.black),
        # empty cells are strings: draw them in an embedded font, never the default Helvetica
        ("FONTNAME", (0, 0), (-1, -1), ts.fonts.name("body")),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        *spans,
    ]
    # no repeated header row on continuation pages: the PDF's text must equal the stored text
    return Table(grid, colWidths=widths, style=TableStyle(commands))


class ColumnTable(Flowable):  # type: ignore[misc]
    """A table whose column widths are shared out by content once the frame width is known."""

    def __init__(self, block: Block, ss: StyleSheet, ts: Typesetter, where: str) -> None:
        super().__init__()
        self.block, self.ss, self.ts, self.where = block, ss, ts, where
        self.table: Table | None = None
        self.spaceBefore = 6
        self.spaceAfter = 10

    def _build(self, width: float) -> Table:
        if self.table is None:
            self.table = _table(self.block, self.ss, self.ts, self.where, self._widths(width))
        return self.table

    def _widths(self, width: float) -> list[float]:
        """Each column gets room for its longest short word, the rest by how much it holds."""
        rows = self.block.rows or []
        ncols = max((sum(c.colspan for c in row) for row in rows), default=1)
        size = self.ss["table_cell"].size
        pad = 8.0
        low = [2 * size + pad] * ncols
        want = [2 * size + pad] * ncols
        for r, row in enumerate(rows):
            c = 0
            for cell in row:
                if cell.colspan == 1 and c < ncols:
                    text = cell.text
                    if r == 0 or len(text) <= 8:  # headers and short cells stay on one line
                        low[c] = max(low[c], len(text) * size + pad)
                    want[c] = max(want[c], min(len(text), 22) * size + pad)
                c += cell.colspan
        if sum(low) >= width:
            return [width * w / sum(low) for w in low]
        spare = width - sum(low)
        extra = [w - lo for w, lo in zip(want, low, strict=True)]
        total = sum(extra) or 1.0
        return [lo + spare * e / total for lo, e in zip(low, extra, strict=True)]

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        w, h = self._build(availWidth).wrap(availWidth, availHeight)
        self.width, self.height = w, h
        return w, h

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        return list(self._build(availWidth).split(availWidth, availHeight))

    def drawOn(self, canvas: Any, x: float, y: float, _sW: float = 0) -> None:
        assert self.table is not None
        self.table.drawOn(canvas, x, y, _sW)


def _block(block: Block, ss: StyleSheet, ts: Typesetter, where: str) -> Flowable:
    if block.kind == "table":
        return ColumnTable(block, ss, ts, where)
    style = ss[block.kind] if block.kind in ss.paragraphs else ss["body"]
    if block.kind == "paragraph":
        style = ss["body"]
    return CJKParagraph(block.text, style, ts, where=where)


def _kept(items: list[Flowable]) -> list[Flowable]:
    """Keep headings with what follows without moving whole sections: a heading that would
    land in the last few lines of a page starts the next page instead (ReportLab's own
    keepWithNext moves the heading *and* its long paragraph, leaving half-empty pages)."""
    out: list[Flowable] = []
    for f in items:
        if isinstance(f, CJKParagraph) and f.style.keep_with_next:
            need = f.style.space_before + f.style.leading * 4
            out.append(CondPageBreak(need))
            f.keepWithNext = False
        out.append(f)
    return out


def flowables(doc: DocumentText, ss: StyleSheet, ts: Typesetter, where: str) -> list[Flowable]:
    """The document in print order (imprint/版记 omitted)."""
    out: list[Flowable] = []

    def para(text: str | None, style: str) -> None:
        if text:
            out.append(CJKParagraph(text, ss[style], ts, where=where))

    para(doc.doc_number, "doc_number")
    para(doc.title, "title")
    para(doc.addressees, "addressees")
    out += [_block(b, ss, ts, where) for b in doc.blocks]
    for k, note in enumerate(doc.attachment_notes):
        style = ss["attachment_note"]
        if k:
            style = replace(style, space_before=0)
        out.append(CJKParagraph(note, style, ts, where=where))
    date_style = ss["date"]
    date_w = ts.measurer(date_style.role, date_style.size)(doc.date or "")
    for k, line in enumerate(doc.signature):
        style = ss["signature"]
        if k:
            style = replace(style, space_before=0)
        if doc.date:  # GB/T 9704: the issuer's name centred over the date, which is 4 em in
            sig_w = ts.measurer(style.role, style.size)(line)
            indent = date_style.right_indent + (date_w - sig_w) / 2
            style = replace(style, right_indent_em=max(indent, 0) / style.size)
        out.append(CJKParagraph(line, style, ts, where=where))
    para(doc.date, "date")
    para(doc.disclosure, "disclosure")
    for app in doc.appendices:
        out.append(PageBreak())
        para(app.label, "appendix_label")
        para(app.title, "appendix_title")
        out += [_block(b, ss, ts, where) for b in app.blocks]
    return _kept(out)


def printed_text(doc: DocumentText) -> str:
    """The text the PDF of this document must give back (版记 omitted, as printed)."""
    return doc.plain_text()
