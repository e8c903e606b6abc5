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


def flowables(doc: DocumentText, ss: StyleSheet, ts: Typesetter, where: str) -> list[Flowable]:
    """The document in print order (imprint/版记 omitted)."""
    out: list[Flowable] = []

    def para(text: str | None, style: str) -> None:
        if text:
            out.append(CJKParagraph(text, ss[style], ts, where=where))

    subtitle = getattr(doc, "subtitle", None)  # 题注, once the text model carries it
    if number_above_title(ss):  # the red-header original's order
        para(doc.doc_number, "doc_number")
        para(doc.title, "title")
        para(subtitle, "subtitle")
    else:  # the gazette's order: the title, its 题注, the 发文字号 centred beneath
        if doc.title and (subtitle or doc.doc_number):
            out.append(CJKParagraph(doc.title, ss["title_above_number"], ts, where=where))
        else:
            para(doc.title, "title")
        para(subtitle, "subtitle")
        para(doc.doc_number, "doc_number_below")
    para(doc.addressees, "addressees")
    out += [_block(b, ss, ts, where) for b in doc.blocks]
    out += _attachment_list(doc.attachment_notes, ss, ts, where)
    closing_from = len(out)
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
    para(doc.annotation, "annotation")
    closing = out[closing_from:]
    if closing:  # signature, date and disclosure go to a new page together, never apart
        for f in closing:
            f.keepWithNext = False
            f.closing = True
        need = sum(f.style.space_before + f.style.leading for f in closing)
        out[closing_from:closing_from] = [CondPageBreak(need + closing[0].style.leading)]
    for app in doc.appendices:
        out.append(PageBreak())
        para(app.label, "appendix_label")
        para(app.title, "appendix_title")
        out += [_block(b, ss, ts, where) for b in app.blocks]
    return _kept(out)


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
        if not k and "：" in text[:6]:
            head = text[: text.index("：") + 1]
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
    """Every stored text unit of a document, grouped as ``verify.missing_units`` reads them."""

    def block(b: Block) -> list[str]:
        if b.kind == "table":
            return [c.text for row in b.rows or [] for c in row if c.text]
        return [b.text]

    head = [doc.title, doc.doc_number or "", getattr(doc, "subtitle", None) or ""]
    groups: list[list[str]] = [head, [doc.addressees or ""]]
    groups += [block(b) for b in doc.blocks]
    groups += [[n] for n in doc.attachment_notes] + [[s] for s in doc.signature]
    groups += [[doc.date or ""], [doc.disclosure or ""], [doc.annotation or ""]]
    for app in doc.appendices:
        groups += [[app.label], [app.title]] + [block(b) for b in app.blocks]
    return groups
