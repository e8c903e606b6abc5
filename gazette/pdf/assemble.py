"""Assembling the typeset parts into the print PDF, the e-edition, per-document PDFs and proofs.

pypdf does the post-processing: blank pages to pad to a multiple of 4, bookmarks per section and
document, contents links, page labels, metadata, crop marks and bleed, the 校样 watermark. Every
writer gets a fixed /ID and fixed dates, so the same inputs give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from pypdf import PdfReader, PdfWriter, Transformation
from pypdf.annotations import Link
from pypdf.constants import PageLabelStyle
from pypdf.generic import ArrayObject, ByteStringObject, IndirectObject, RectangleObject

from gazette.layout.pdfwrite import BLANK, Part, write_pdf
from gazette.layout.typeset import DocPages, Typeset
from gazette.pdf import fontsubset
from gazette.pdf import related as related_pdf
from gazette.pdf.related import RelatedNote


@dataclass(frozen=True)
class Meta:
    title: str
    subject: str
    keywords: str
    author: str
    day: dt.date | None

    def pdf_date(self) -> str:
        d = self.day or dt.date(2000, 1, 1)
        return f"D:{d:%Y%m%d}000000+08'00'"


def _info(meta: Meta) -> dict[str, str]:
    return {
        "Title": meta.title,
        "Subject": meta.subject,
        "Keywords": meta.keywords,
        "Author": meta.author,
        "Creator": "公报编辑部",
        "Producer": "公报编辑部 (ReportLab, pypdf)",
        "CreationDate": meta.pdf_date(),
        "ModDate": meta.pdf_date(),
    }


def _ident(salt: str) -> bytes:
    return hashlib.md5(salt.encode("utf-8"), usedforsecurity=False).digest()


def _fix(writer: PdfWriter, meta: Meta, salt: str) -> bytes:
    writer.add_metadata({"/" + k: v for k, v in _info(meta).items()})
    ident = ByteStringObject(_ident(salt))
    writer._ID = ArrayObject([ident, ident])
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


@dataclass
class Layout:
    """Physical page indices (0-based) of the parts in the assembled issue."""

    front: int  # pages of cover + contents, padded to an even count
    body: int
    blanks: int
    total: int

    def body_index(self, body_page: int) -> int:
        return self.front + body_page - 1


def plan_pages(ts: Typeset, pad_multiple: int) -> Layout:
    front = ts.front_pages + ts.front_pages % 2  # the body opens on a right-hand page
    used = front + ts.body_pages + 1  # + colophon
    blanks = (-used) % pad_multiple if pad_multiple > 1 else 0
    return Layout(front, ts.body_pages, blanks, used + blanks)


def screen_pages(ts: Typeset) -> Layout:
    """The e-edition's pages: read on a screen, one page after another, it needs neither the
    blank verso that makes the print's body open on a right-hand page nor the padding to the
    printer's signature (a reader met an empty page 4 and took it for a fault)."""
    used = ts.front_pages + ts.body_pages + 1  # + colophon
    return Layout(ts.front_pages, ts.body_pages, 0, used)


def _assemble(ts: Typeset, layout: Layout) -> PdfWriter:
    writer = PdfWriter()
    front = PdfReader(io.BytesIO(ts.front))
    body = PdfReader(io.BytesIO(ts.body))
    back = PdfReader(io.BytesIO(ts.colophon))
    w, h = float(front.pages[0].mediabox.width), float(front.pages[0].mediabox.height)
    writer.append(front)
    for _ in range(layout.front - ts.front_pages):  # the print's verso before the body
        writer.add_blank_page(w, h)
    writer.append(body)
    for _ in range(layout.blanks):
        writer.add_blank_page(w, h)
    writer.append(back)
    return writer


def print_edition(
    ts: Typeset, meta: Meta, pad_multiple: int, crop_marks: bool, bleed: float
) -> bytes:
    """The printer's PDF: every page, padded, optionally with crop marks and bleed.

    Written from the parts' kept pages (``pdfwrite``), not parsed and written again by pypdf:
    a rebuild that reused most pages as they were then costs little more than joining them."""
    layout = plan_pages(ts, pad_multiple)
    parts: list[Part | None] = [ts.front_part]
    parts += [BLANK] * (layout.front - ts.front_pages)  # the print's verso before the body
    parts += [ts.body_part, *[BLANK] * layout.blanks, ts.colophon_part]
    data = write_pdf(parts, _info(meta), _ident("print:" + meta.title))
    if not crop_marks:
        return data
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    add_crop_marks(writer, bleed)
    return _fix(writer, meta, "print:" + meta.title)


def web_edition(
    ts: Typeset,
    meta: Meta,
    first_folio: int,
    note: str = "",
    related: Sequence[RelatedNote] = (),
) -> bytes:
    """The e-edition: bookmarks per section and document, linked contents, page labels, no
    blank pages (``screen_pages``), and the 相关解读 / 解读的文件 lines linking a document and
    its interpretation."""
    layout = screen_pages(ts)
    writer = _assemble(ts, layout)
    # bookmarks
    writer.add_outline_item(title="封面", page_number=0)
    writer.add_outline_item(title="目录", page_number=1)
    section_items: dict[str, IndirectObject] = {}
    for d in ts.docs:
        parent = section_items.get(d.section)
        if parent is None:
            parent = writer.add_outline_item(
                title=d.section, page_number=layout.body_index(d.first)
            )
            section_items[d.section] = parent
        writer.add_outline_item(
            title=_doc_label(d), page_number=layout.body_index(d.first), parent=parent
        )
    if ts.notices_first:
        writer.add_outline_item(title="勘误", page_number=layout.body_index(ts.notices_first))
    writer.add_outline_item(title="版权页", page_number=layout.total - 1)
    # contents links
    for page_no, rect, entry in ts.links:
        link = Link(
            rect=RectangleObject(list(rect)), target_page_index=layout.body_index(entry.target + 1)
        )
        writer.add_annotation(page_no - 1, link)
    if related:
        firsts = {d.id: layout.body_index(d.first) for d in ts.docs}
        related_pdf.stamp(
            writer, related, firsts, {d.id: first_folio + d.first - 1 for d in ts.docs}
        )
    # page labels: 封面, roman contents, folios for the body and what follows it
    writer.set_page_label(0, 0, prefix="封面")
    if layout.front > 1:
        writer.set_page_label(1, layout.front - 1, style=PageLabelStyle.LOWERCASE_ROMAN)
    writer.set_page_label(
        layout.front, layout.total - 1, style=PageLabelStyle.DECIMAL, start=first_folio
    )
    writer.page_mode = "/UseOutlines"
    if note:
        meta = Meta(
            meta.title, meta.subject + "（" + note + "）", meta.keywords, meta.author, meta.day
        )
    return _fix(writer, meta, "web:" + meta.title + note)


def _doc_label(d: DocPages) -> str:
    return d.title + (f"（{d.number}）" if d.number else "")


@functools.lru_cache(maxsize=2)
def _body_reader(body: bytes) -> PdfReader:
    """One reader of the body for all its documents' PDFs: each would otherwise parse the
    whole body again (for an issue of 400 pages, most of the time of a build)."""
    return PdfReader(io.BytesIO(body))


def document_pdf(ts: Typeset, d: DocPages, meta: Meta, first_folio: int) -> bytes:
    """One document's pages for download, with its own bookmark and folio labels."""
    writer = PdfWriter()
    writer.append(_body_reader(ts.body), pages=(d.first - 1, d.last))
    fontsubset.subset_fonts(writer)  # the subsets cut down to this document's glyphs
    writer.add_outline_item(title=_doc_label(d), page_number=0)
    writer.set_page_label(
        0, d.last - d.first, style=PageLabelStyle.DECIMAL, start=first_folio + d.first - 1
    )
    doc_meta = Meta(d.title, meta.title, (d.number or "") + " " + d.section, meta.author, meta.day)
    return _fix(writer, doc_meta, f"doc:{meta.title}:{d.id}")


def add_crop_marks(writer: PdfWriter, bleed: float, slug: float = 28.35) -> None:
    """Enlarge each page by bleed + slug, set trim and bleed boxes, and draw corner marks."""
    from reportlab.pdfgen.canvas import Canvas

    for page in writer.pages:
        w, h = float(page.mediabox.width), float(page.mediabox.height)
        off = bleed + slug
        buf = io.BytesIO()
        c = Canvas(buf, pagesize=(w + 2 * off, h + 2 * off), invariant=1)
        c.setLineWidth(0.25)
        for x in (off, off + w):
            for y in (off, off + h):
                dx = -1 if x == off else 1
                dy = -1 if y == off else 1
                c.line(x + dx * (bleed + 2), y, x + dx * (bleed + slug - 4), y)
                c.line(x, y + dy * (bleed + 2), x, y + dy * (bleed + slug - 4))
        c.showPage()
        c.save()
        marks = PdfReader(io.BytesIO(buf.getvalue())).pages[0]
        page.add_transformation(Transformation().translate(off, off))
        page.mediabox = RectangleObject([0, 0, w + 2 * off, h + 2 * off])
        page.merge_page(marks)
        page.trimbox = RectangleObject([off, off, off + w, off + h])
        page.bleedbox = RectangleObject(
            [off - bleed, off - bleed, off + w + bleed, off + h + bleed]
        )
        page.cropbox = page.mediabox


def watermark(
    data: bytes, text: str, color: str = "#D01010", alpha: float = 0.18, size: float = 60
) -> bytes:
    """Stamp a diagonal 校样 mark on every page (the proof round's number in the text)."""
    from reportlab.lib.colors import HexColor
    from reportlab.pdfgen.canvas import Canvas

    from gazette.layout.fonts import ensure_registered

    reader = PdfReader(io.BytesIO(data))
    first = reader.pages[0]
    w, h = float(first.mediabox.width), float(first.mediabox.height)
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=(w, h), invariant=1)
    c.saveState()
    c.setFillColor(HexColor(color))
    c.setFillAlpha(alpha)
    c.translate(w / 2, h / 2)
    c.rotate(40)
    c.setFont(ensure_registered()["heading1"], size)
    c.drawCentredString(0, -size / 3, text)
    c.restoreState()
    c.setFont(ensure_registered()["heading1"], 11)
    c.setFillColor(HexColor(color))
    c.drawString(20, h - 20, text)
    c.showPage()
    c.save()
    stamp = PdfReader(io.BytesIO(buf.getvalue())).pages[0]
    writer = PdfWriter(clone_from=reader)
    for page in writer.pages:
        page.merge_page(stamp)
    info = reader.metadata
    if info:
        writer.add_metadata(dict(info.items()))
    ident = ByteStringObject(
        hashlib.md5((text + str(len(data))).encode(), usedforsecurity=False).digest()
    )
    writer._ID = ArrayObject([ident, ident])
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def page_count(data: bytes) -> int:
    return len(PdfReader(io.BytesIO(data)).pages)


def merge(parts: Iterable[tuple[str, bytes]]) -> PdfWriter:
    writer = PdfWriter()
    for _name, data in parts:
        writer.append(PdfReader(io.BytesIO(data)))
    return writer
