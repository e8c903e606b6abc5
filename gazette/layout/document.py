"""One document's structured text as flowables, in the order ``DocumentText.lines()`` reads it.

The printed order equals the stored reading order, so the text a PDF gives back can be compared
with ``plain_text()`` character for character (white space aside).
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from reportlab.platypus import CondPageBreak, Flowable, PageBreak

from gazette.layout.para import CJKParagraph, Typesetter
from gazette.layout.styles import StyleSheet
from gazette.layout.table import GridTable
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


def _block(block: Block, ss: StyleSheet, ts: Typesetter, where: str) -> Flowable:
    if block.kind == "table":
        return GridTable(block, ss, ts, where, ss.page.frame(1)[3])
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
        if isinstance(f, CJKParagraph) and f.style.keep_with_next and not f.closing:
            need = f.style.space_before + f.style.leading * 4
            out.append(CondPageBreak(need))
            f.keepWithNext = False
        out.append(f)
    return out


HEAD = ("title", "title_above_number", "subtitle", "doc_number", "doc_number_below")
CLOSING = ("signature", "date", "disclosure", "annotation")


def print_order(doc: DocumentText, number_above: bool = False) -> list[tuple[str, Any]]:
    """(style, text or block) of every printed unit of a document, in print order.

    Fields the text model may carry or not (题注 ``subtitle``, a ``byline`` of signature and date
    printed under the title, an annotation above the disclosure) are read with ``getattr``."""
    subtitle = getattr(doc, "subtitle", None)
    if number_above:  # the red-header original's order
        out: list[tuple[str, Any]] = [
            ("doc_number", doc.doc_number),
            ("title", doc.title),
            ("subtitle", subtitle),
        ]
    else:  # the gazette's order: the title, its 题注, the 发文字号 centred beneath
        close = bool(subtitle or doc.doc_number)
        out = [
            ("title_above_number" if close else "title", doc.title),
            ("subtitle", subtitle),
            ("doc_number_below", doc.doc_number),
        ]
    closing: list[tuple[str, Any]] = [("signature", s) for s in doc.signature]
    closing.append(("date", doc.date))
    byline = bool(getattr(doc, "byline", False))
    if byline:  # 2022年6月6日…公布 under the title, as the source has it
        out += [("byline", text) for _, text in closing]
    out.append(("addressees", doc.addressees))
    out += [("block", b) for b in doc.blocks]
    out += [("attachment_note", n) for n in doc.attachment_notes]
    if not byline:
        out += closing
    notes = [("disclosure", doc.disclosure), ("annotation", doc.annotation)]
    out += notes[::-1] if getattr(doc, "annotation_above", False) else notes
    for app in doc.appendices:
        out += [("page_break", None), ("appendix_label", app.label), ("appendix_title", app.title)]
        out.append(("subtitle", getattr(app, "subtitle", None)))
        out += [("block", b) for b in app.blocks]
    return [(kind, x) for kind, x in out if x or kind == "page_break"]


def flowables(doc: DocumentText, ss: StyleSheet, ts: Typesetter, where: str) -> list[Flowable]:
    """The document in print order (imprint/版记 omitted)."""
    out: list[Flowable] = []
    order = print_order(doc, number_above_title(ss))
    notes = [text for kind, text in order if kind == "attachment_note"]
    date_style = ss["date"]
    date_w = ts.measurer(date_style.role, date_style.size)(doc.date or "")
    closing: list[CJKParagraph] = []
    for kind, item in order:
        if kind == "page_break":
            out.append(PageBreak())
        elif kind == "block":
            out.append(_block(item, ss, ts, where))
        elif kind == "attachment_note":
            if notes:  # the whole list at its first item, hung together
                out += _attachment_list(notes, ss, ts, where)
                notes = []
        elif kind == "signature":
            style = ss["signature"] if not closing else replace(ss["signature"], space_before=0)
            if doc.date:  # GB/T 9704: the issuer's name centred over the date, 4 em in
                sig_w = ts.measurer(style.role, style.size)(item)
                indent = date_style.right_indent + (date_w - sig_w) / 2
                style = replace(style, right_indent_em=max(indent, 0) / style.size)
            closing.append(CJKParagraph(item, style, ts, where=where))
            out.append(closing[-1])
        else:
            out.append(CJKParagraph(item, ss[kind], ts, where=where))
            if kind in CLOSING:
                closing.append(out[-1])
    if closing:
        for f in closing:
            f.keepWithNext = False
            f.closing = True
        out = _closing_kept(out, out.index(closing[0]), out.index(closing[-1]) + 1, ss, ts)
    return _kept(out)


def _closing_kept(
    out: list[Flowable], first: int, end: int, ss: StyleSheet, ts: Typesetter
) -> list[Flowable]:
    """The signature, date and disclosure go to a new page together, never apart; and not
    alone (GB/T 9704: no page with the signature only): the 附件 list and a short last
    paragraph before them go along."""
    start = first
    while start and isinstance(out[start - 1], CJKParagraph):
        prev = out[start - 1]
        if prev.style.name == "attachment_note":
            start -= 1
        else:
            if len(prev.text) <= 60:
                start -= 1
            break
    width = ss.page.frame(1)[2]
    need = 0.0
    for f in out[start:end]:
        if isinstance(f, CJKParagraph):
            style = f.style
            measure = width - style.left_indent - style.right_indent - abs(style.first_indent)
            text_w = ts.measurer(style.role, style.size)(f.text)
            lines = int(text_w // max(measure, 1.0)) + 1
            need += style.space_before + lines * style.leading
    return [*out[:start], CondPageBreak(need), *out[start:]]


def number_above_title(ss: StyleSheet) -> bool:
    """The style sheet's ``document.doc_number`` choice: ``below_title`` (the default, as the
    State Council gazette prints) or ``above_title`` (as on a red-header original)."""
    where = str(ss.section("document").get("doc_number", "below_title"))
    if where not in ("below_title", "above_title"):
        raise ValueError(
            f"样式表 document.doc_number 应为 below_title 或 above_title，而非“{where}”"
        )
    return where == "above_title"


_ITEM_NUMBER = re.compile(r"^[0-9０-９]+[.．、]")


def _attachment_list(
    notes: list[str], ss: StyleSheet, ts: Typesetter, where: str
) -> list[Flowable]:
    """附件 lines hung as GB/T 9704-2012 7.3.5.4 has them: ``附件：1.××`` two ems in, each later
    item under ``1.``, and a name that wraps continues under its own first character."""
    out: list[Flowable] = []
    base = ss["attachment_note"]
    fn = ts.measurer(base.role, base.size)
    label = 0.0
    for k, note in enumerate(notes):
        text = note.strip()
        style = base if not k else replace(base, space_before=0)
        head = ""
        colon = next((i for i, ch in enumerate(text[:6]) if ch in "：:"), -1)
        if not k and colon >= 0:  # 附件：(or a half-width colon, as typed)
            head = text[: colon + 1]
            label = fn(head)
        rest = text[len(head) :]
        number = _ITEM_NUMBER.match(rest)
        hang = fn(head) + (fn(number.group()) if number else 0.0)
        left = base.left_indent + (label if k else 0.0) + hang
        style = replace(
            style,
            left_indent_em=left / base.size,
            first_indent_em=-hang / base.size,
            align="left",
        )
        out.append(CJKParagraph(text, style, ts, where=where))
    return out


def text_units(doc: DocumentText) -> list[list[str]]:
    """Every stored text unit of a document in print order, grouped as
    ``textcheck.missing_units`` reads them: the title, 题注 and 发文字号 as one group (their order is
    the style sheet's), each table's cells as one group, every other unit alone."""
    groups: list[list[str]] = [[]]
    for kind, item in print_order(doc):
        if kind in HEAD and len(groups) == 1:  # the head, not an attached text's 题注
            groups[0].append(item)
        elif kind == "block":
            if item.kind == "table":
                groups.append([c.text for row in item.rows or [] for c in row if c.text])
            else:
                groups.append([item.text])
        elif kind != "page_break":
            groups.append([item])
    return groups
