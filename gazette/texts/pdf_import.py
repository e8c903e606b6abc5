"""Born-digital PDF: pypdf checks and opens it, pdfium gives each character's position.

pypdf decides what the file is: a damaged file, an encrypted one (opened when the user password
is empty, as for PDFs encrypted only to forbid editing), a scan without text. The characters and
their boxes come from pdfium (pypdfium2, already used for page previews) because pypdf's text
visitor reports the line start again after every font-subset switch, which scrambles the order
of Chinese text set by ReportLab and Word (measured on our fixtures). Lines and paragraphs are
then rebuilt by lines.py.

A glyph's size is the font size times the scale of its text matrix: WPS Office writes 16-pt
text as a 320-pt font scaled by 0.05, so the raw font size would make every tolerance twenty
times too wide. A text layer that decodes to garbage (broken ToUnicode) is refused, naming its
pages, so the user recognises the page images instead (decodable.py).
"""

from __future__ import annotations

import statistics
from pathlib import Path

from gazette.texts.decodable import check_pages, image_only_warning
from gazette.texts.grid import Glyph, Rule, find_grids
from gazette.texts.lines import Chunk, Line, group_lines, paragraphs
from gazette.texts.pdf_rules import page_rules
from gazette.texts.raw import RawText, TextImportError


def read_pdf(path: Path) -> RawText:
    from pypdf import PdfReader
    from pypdf.errors import FileNotDecryptedError, PdfReadError

    password = ""
    try:
        reader = PdfReader(str(path))
        if reader.is_encrypted:
            try:
                if not reader.decrypt(""):
                    raise TextImportError(path, "PDF 已加密，需要密码；请提供未加密的文件")
            except (FileNotDecryptedError, NotImplementedError) as exc:
                raise TextImportError(path, f"PDF 已加密，无法读取（{exc}）") from exc
        count = len(reader.pages)
    except TextImportError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise TextImportError(path, f"PDF 文件已损坏或无法解析（{exc}）") from exc
    if count == 0:
        raise TextImportError(path, "PDF 没有页面")
    pages, texts, imaged = _positioned_lines(path, password)
    if not any(pages):
        raise TextImportError(path, "PDF 没有文字层（可能是扫描件），请先在数字化模块中识别")
    check_pages(path, texts)
    items = paragraphs(pages)
    if not items:
        raise TextImportError(path, "PDF 中没有正文文字")
    blank = [n + 1 for n, t in enumerate(texts) if not t.strip() and imaged[n]]
    return RawText(items=items, source="pdf", warnings=image_only_warning(blank, len(texts)))


def _latin_gap(before: Chunk, after: Chunk) -> bool:
    """A space the file prints between two Latin words on one line (``ASTM F1854``,
    ``GB/T 13810``) is text: the run after it keeps it. Between Chinese characters a space
    is layout, and goes as before."""
    return (
        abs(before.y - after.y) <= 0.35 * after.size
        and before.text[-1:].isascii()
        and after.text[:1].isascii()
        and before.text[-1:].isalnum()
        and after.text[:1].isalnum()
    )


def glyph_size(textpage: object, index: int, fallback: float) -> float:
    """The size a character is drawn at: font size times the scale of its text matrix."""
    import math

    import pypdfium2.raw as pdfium_c

    raw = textpage.raw  # type: ignore[attr-defined]
    size = float(pdfium_c.FPDFText_GetFontSize(raw, index))
    matrix = pdfium_c.FS_MATRIX()
    if size > 0 and pdfium_c.FPDFText_GetMatrix(raw, index, matrix):
        scale = math.sqrt(abs(matrix.a * matrix.d - matrix.b * matrix.c))
        if scale > 0:
            return size * scale
    return size or fallback


def _positioned_lines(path: Path, password: str) -> tuple[list[list[Line]], list[str], list[bool]]:
    """Each page's lines, its characters as read (for the decodability check), and whether it
    draws an image (a page with an image and no text is a scan)."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    try:
        pdf = pdfium.PdfDocument(str(path), password=password or None)
    except pdfium.PdfiumError as exc:
        raise TextImportError(path, f"PDF 无法打开（{exc}）") from exc
    pages: list[list[Line]] = []
    texts: list[str] = []
    imaged: list[bool] = []
    try:
        for number in range(len(pdf)):
            page = pdf[number]
            height = page.get_height()
            textpage = page.get_textpage()
            read: list[str] = []
            glyphs: list[Glyph | None] = []  # None where the text breaks (a line end)
            for i in range(textpage.count_chars()):
                ch = textpage.get_text_range(i, 1)
                read.append(ch)
                if ch in ("\r", "\n", "") or ord(ch[0]) < 32:
                    glyphs.append(None)
                    continue
                left, bottom, right, top = textpage.get_charbox(i, loose=True)
                size = glyph_size(textpage, i, top - bottom)
                glyphs.append(Glyph(ch, left, height - top, right, height - bottom, size))
            tables = ruled_tables(page_rules(page, height), glyphs, number)
            lines = group_lines(_chunks(glyphs), number)
            pages.append(sorted(lines + tables, key=lambda ln: ln.y))
            texts.append("".join(read))
            imaged.append(
                any(o.type == pdfium_c.FPDF_PAGEOBJ_IMAGE for o in page.get_objects(max_depth=2))
            )
            textpage.close()
            page.close()
    finally:
        pdf.close()
    return pages, texts, imaged


def _chunks(glyphs: list[Glyph | None]) -> list[Chunk]:
    """Runs of characters set next to each other on one baseline, in the order drawn; a
    space or a line end closes a run."""
    chunks: list[Chunk] = []
    cur: Chunk | None = None
    spaced: Chunk | None = None  # the run a space just ended
    for g in glyphs:
        if g is None:
            cur = spaced = None
            continue
        y = g.bottom
        if (
            cur is not None
            and abs(cur.y - y) <= 0.35 * g.size
            and g.left - (cur.end or cur.x) < 0.8 * g.size
        ):
            cur.text += g.ch
            cur.end = max(cur.end or g.right, g.right)
            assert cur.xs is not None
            cur.xs.append(g.left)
            continue
        if g.ch.isspace():
            spaced = cur or spaced
            cur = None
            continue
        cur = Chunk(g.left, y, g.size, g.ch, g.right, [g.left])
        if spaced is not None and _latin_gap(spaced, cur):
            cur.text, cur.xs = " " + g.ch, [spaced.x_end, g.left]
        spaced = None
        chunks.append(cur)
    for c in chunks:
        while c.text and c.text[-1].isspace():
            c.text = c.text[:-1]
            c.xs = c.xs[:-1] if c.xs else c.xs
    return chunks


def ruled_tables(rules: list[Rule], glyphs: list[Glyph | None], page: int) -> list[Line]:
    """The page's drawn tables, each as one line standing where the table starts. The glyphs
    a table takes are removed from ``glyphs`` (set to None), so they are read only once."""
    out: list[Line] = []
    for grid in find_grids(rules):
        inside = [i for i, g in enumerate(glyphs) if g is not None and grid.holds(g)]
        mine = [g for i in inside if (g := glyphs[i]) is not None and not g.ch.isspace()]
        if not mine:
            continue
        block = grid.table(mine)
        if block is None:
            continue
        for i in inside:
            glyphs[i] = None
        left, top, right, _ = grid.box
        size = statistics.median(g.size for g in mine)
        text = block.plain().replace("\n", " ")
        line = Line(page, top, [Chunk(left, top, size, text, right)])
        line.table = block
        line.columns = tuple(grid.xs)
        out.append(line)
    return out
