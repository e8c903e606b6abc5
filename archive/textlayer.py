"""Searchable PDF: the original page images with an invisible text layer over the words.

Text is drawn in render mode 3 (invisible), each character on its recognised box when the
recogniser gave character boxes, else the whole line stretched over the line box. The glyph
height is sized from the font's ascent and descent, so a reader's selection (and pdftotext's
word boxes) cover the printed words. This is the form the office publishes online.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen import canvas
from sqlalchemy import select

from archive.models import ArchiveEntry, OcrPage, ScanPage
from archive.ocr import Line, line_text
from gazette.context import AppContext
from gazette.db.models import DocumentFile, Issue, IssueItem
from gazette.files.atomic import atomic_writer
from gazette.layout.fonts import ensure_registered
from gazette.office.auth import mutating, require
from gazette.progress import Reporter
from gazette.vocab import issue_label


def _draw_text(
    c: canvas.Canvas, font: str, text: str, rect: tuple[float, float, float, float], page_h: float
) -> None:
    """Invisible ``text`` filling ``rect`` (x0, y0, x1, y1 in points, origin top-left)."""
    x0, y0, x1, y1 = rect
    if not text or x1 <= x0 or y1 <= y0:
        return
    face = pdfmetrics.getFont(font).face
    ascent, descent = face.ascent / 1000, face.descent / 1000  # descent is negative
    size = (y1 - y0) / (ascent - descent)
    natural = pdfmetrics.stringWidth(text, font, size)
    t = c.beginText()
    t.setTextRenderMode(3)
    t.setFont(font, size)
    if natural > 0:
        t.setHorizScale(100.0 * (x1 - x0) / natural)
    t.setTextOrigin(x0, page_h - y1 - descent * size)
    t.textOut(text)
    c.drawText(t)


def _line_rect(line: Line) -> tuple[float, float, float, float] | None:
    box = line.get("box")
    if not box:
        return None
    xs = [p[0] for p in box]
    ys = [p[1] for p in box]
    return min(xs), min(ys), max(xs), max(ys)


def draw_page(
    c: canvas.Canvas, image: Any, width_px: int, height_px: int, dpi: int, lines: list[Line]
) -> None:
    """One page: the image at its physical size, then the invisible text over it."""
    font = ensure_registered()["body"]
    k = 72.0 / (dpi or 300)
    page_w, page_h = width_px * k, height_px * k
    c.setPageSize((page_w, page_h))
    c.drawImage(ImageReader(image), 0, 0, page_w, page_h)
    for line in lines:
        text = line_text(line)
        chars = line.get("chars") or []
        plain = [ch for ch in text if not ch.isspace()]
        rect = _line_rect(line)
        if (
            line.get("corrected") is None
            and chars
            and len(chars) == len(plain)
            and all(ch[2] for ch in chars)
        ):
            # characters side by side with no gaps (gaps read as spaces), on the line's height
            top, bottom = (rect[1], rect[3]) if rect else (chars[0][2][1], chars[0][2][3])
            for i, (ch, info) in enumerate(zip(plain, chars, strict=True)):
                x0 = info[2][0]
                x1 = chars[i + 1][2][0] if i + 1 < len(chars) else info[2][2]
                _draw_text(c, font, ch, (x0 * k, top * k, max(x1, x0 + 1) * k, bottom * k), page_h)
            continue
        if rect is not None:
            _draw_text(
                c, font, text.strip(), (rect[0] * k, rect[1] * k, rect[2] * k, rect[3] * k), page_h
            )
    c.showPage()


def write_pdf(
    pages: list[tuple[Path, int, int, int, list[Line]]], out: Path, title: str = ""
) -> Path:
    """Pages as (image path, width px, height px, dpi, lines) to a searchable PDF at ``out``."""
    with atomic_writer(out, "wb") as fh:
        c = canvas.Canvas(fh, pageCompression=1, invariant=1)  # same scans, same bytes
        c.setTitle(title)
        c.setCreator("公报编辑部")
        for path, w, h, dpi, lines in pages:
            draw_page(c, str(path), w, h, dpi, lines)
        c.save()
    return out


def issue_pdf(ctx: AppContext, entry_id: int, out: Path, reporter: Reporter | None = None) -> Path:
    """The searchable PDF of one scanned issue, pages in issue order."""
    reporter = reporter or Reporter()
    store = ctx.filestore()
    with ctx.uow() as uow:
        entry = uow.session.get_one(ArchiveEntry, entry_id)
        issue = uow.session.get_one(Issue, entry.issue_id)
        title = issue_label(issue.year, issue.number, issue.supplement)
        rows = uow.session.execute(
            select(
                ScanPage.image_sha256, ScanPage.width, ScanPage.height, ScanPage.dpi, OcrPage.lines
            )
            .outerjoin(OcrPage, OcrPage.page_id == ScanPage.id)
            .where(ScanPage.entry_id == entry_id)
            .order_by(ScanPage.page_no)
        ).all()
    if not rows:
        raise ValueError(f"{title} 还没有扫描页")
    pages = []
    for i, (sha, w, h, dpi, lines) in enumerate(rows):
        reporter.step(i, len(rows), f"生成可检索 PDF：第 {i + 1} 页")
        pages.append((store.open(sha), w, h, dpi, list(lines or [])))
    write_pdf(pages, out, title)
    reporter.step(len(rows), len(rows), "可检索 PDF 已生成")
    return out


SCAN_ROLE = "scan_pdf"  # the role gazette.site reads for a historical issue's scan


@mutating
def attach_scan_pdf(ctx: AppContext, entry_id: int, reporter: Reporter | None = None) -> str:
    """Build the issue's searchable PDF, store it, and link it to every catalogued article.

    This is the form the office publishes online; the site exports it for the historical issue.
    Returns the stored file's SHA-256. Linking twice does not duplicate.
    """
    require(ctx, "archive.write")
    with tempfile.TemporaryDirectory() as tmp:
        with ctx.uow() as uow:
            entry = uow.session.get_one(ArchiveEntry, entry_id)
            issue = uow.session.get_one(Issue, entry.issue_id)
            issue_id = issue.id
            name = f"{issue_label(issue.year, issue.number, issue.supplement)}.pdf"
        path = issue_pdf(ctx, entry_id, Path(tmp) / "scan.pdf", reporter)
        with ctx.uow() as uow:
            stored = ctx.filestore().put_file(uow.session, path, name)
            doc_ids = uow.session.scalars(
                select(IssueItem.document_id).where(IssueItem.issue_id == issue_id)
            ).all()
            linked = set(
                uow.session.scalars(
                    select(DocumentFile.document_id).where(
                        DocumentFile.sha256 == stored.sha256, DocumentFile.role == SCAN_ROLE
                    )
                )
            )
            for doc_id in doc_ids:
                if doc_id not in linked:
                    uow.session.add(
                        DocumentFile(
                            document_id=doc_id, sha256=stored.sha256, role=SCAN_ROLE, name=name
                        )
                    )
            uow.commit()
    return stored.sha256
