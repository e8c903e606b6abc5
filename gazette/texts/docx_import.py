"""DOCX with python-docx: body paragraphs and tables in document order.

Merged cells are read from the XML, not from ``row.cells``: python-docx repeats a merged cell
once per grid column and down a vertical merge (FACTS.md). ``gridSpan`` gives the colspan; a
``vMerge`` continuation adds to the rowspan of the cell above in the same grid column. Headers
and footers (running heads, folios) are not part of the body, so they are dropped by design.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from pathlib import Path
from typing import Any

from gazette.files import zips as zipguard
from gazette.texts.docx_numbering import Numbering
from gazette.texts.model import Block, Cell
from gazette.texts.raw import (
    RawText,
    TextImportError,
    clean_cell,
    clean_typed,
    is_folio,
    table_block,
)

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


_RELATIONSHIP = re.compile(r"<Relationship\b[^>]*?/>")
_TARGET = re.compile(r'Target="([^"]*)"')


def package_source(path: Path) -> str | io.BytesIO:
    """The package, less relationships to parts it does not hold. WPS Office saves an image
    relationship to ``../NULL`` that python-docx cannot open, and the text is all there."""
    with zipfile.ZipFile(path) as archive:
        names = set(archive.namelist())
        rels = [n for n in names if n.endswith(".rels")]
        fixed: dict[str, bytes] = {}
        for name in rels:
            xml = archive.read(name).decode("utf-8", "replace")
            base = posixpath.dirname(posixpath.dirname(name))  # word/_rels/x.rels -> word

            def dangling(rel: str, base: str = base) -> bool:
                target = _TARGET.search(rel)
                if not target or 'TargetMode="External"' in rel:
                    return False
                ref = target.group(1)
                full = ref.lstrip("/") if ref.startswith("/") else posixpath.join(base, ref)
                return posixpath.normpath(full) not in names

            kept = _RELATIONSHIP.sub(lambda m: "" if dangling(m.group(0)) else m.group(0), xml)
            if kept != xml:
                fixed[name] = kept.encode("utf-8")
        if not fixed:
            return str(path)
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as copy:
            for info in archive.infolist():
                copy.writestr(info, fixed.get(info.filename, archive.read(info.filename)))
    out.seek(0)
    return out


def read_docx(path: Path) -> RawText:
    import docx  # python-docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        zipguard.check_archive(path)
    except zipguard.ZipRefused as exc:
        raise TextImportError(path, str(exc)) from exc
    try:
        document = docx.Document(package_source(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError) as exc:
        raise TextImportError(path, f"不是有效的 DOCX 文件（{exc}）") from exc
    except Exception as exc:  # lxml errors on a damaged part
        raise TextImportError(path, f"DOCX 文件已损坏：{exc}") from exc
    out = RawText(source="docx")
    numbering = Numbering.from_document(document)
    for child in document.element.body.iterchildren():
        if child.tag == W + "p":
            _paragraph(child, out, numbering.label(child))
        elif child.tag == W + "tbl":
            block = _table(child)
            if block is not None:
                if not any(isinstance(x, str) and x.strip() for x in out.items):
                    out.items += _lines_above(block)  # a document that opens with a table
                if block.rows:
                    out.items.append(block)
        elif child.tag == W + "sdt":  # content controls wrap ordinary paragraphs
            for p in child.iter(W + "p"):
                _paragraph(p, out)
    if not out.items:
        raise TextImportError(path, "文件中没有文字")
    return out


def _text_of(p: Any) -> str:
    """A paragraph's text with line breaks as newlines and tabs as spaces."""
    parts: list[str] = []
    for el in _walk(p):
        tag = el.tag
        if tag == W + "t":
            parts.append(el.text or "")
        elif tag in (W + "br", W + "cr"):
            if el.get(W + "type") in (None, "textWrapping"):
                parts.append("\n")
        elif tag == W + "tab":
            parts.append(" ")
        elif tag == W + "delText":  # tracked deletions are not text
            continue
    return "".join(parts)


def _walk(el: Any) -> Any:
    """Descendants in order, skipping mc:Fallback copies of drawings and text boxes."""
    for child in el:
        if isinstance(child.tag, str) and child.tag.endswith("}Fallback"):
            continue
        yield child
        yield from _walk(child)


def _paragraph(p: Any, out: RawText, label: str = "") -> None:
    # text inside tracked deletions (w:del) is skipped because it lives in w:delText
    text = _text_of(p)
    if label and text.strip():
        text = label + text.lstrip()
    for line in text.split("\n"):
        cleaned = clean_typed(line)  # an ideographic space between name and post stays
        if cleaned and not is_folio(cleaned):
            out.items.append(cleaned)


def _cell_text(tc: Any) -> str:
    return clean_cell("\n".join(_text_of(p) for p in tc.iter(W + "p")))


def _lines_above(block: Block) -> list[str]:
    """Leading rows of one cell across the whole table, in a document that opens with the
    table, are lines printed above it: a clerk who sets a list in a spreadsheet puts 附件1：
    and the title in merged rows over the header. They are taken out of the table (which keeps
    the rest) so the title is found; under a paragraph, such a row is the table's own caption."""
    rows = block.rows or []
    width = max((sum(c.colspan for c in r) for r in rows), default=0)
    lines: list[str] = []
    while (
        len(rows) > 1
        and len(rows[0]) == 1
        and rows[0][0].colspan == width > 1
        and rows[0][0].rowspan == 1
        and rows[0][0].text.strip()
    ):
        lines.append(rows[0][0].text)
        rows = rows[1:]
    block.rows = rows
    return lines


def _table(tbl: Any) -> Block | None:
    rows: list[list[Cell]] = []
    above: dict[int, Cell] = {}  # grid column -> the cell that owns it in the previous row
    for tr in tbl.iterchildren(W + "tr"):
        row: list[Cell] = []
        owners: dict[int, Cell] = {}
        col = 0
        skip = tr.find(f"{W}trPr/{W}gridBefore")
        if skip is not None:
            col += int(skip.get(W + "val", "0"))
        for tc in tr.iterchildren(W + "tc"):
            pr = tc.find(W + "tcPr")
            span = 1
            vmerge: str | None = None
            if pr is not None:
                gs = pr.find(W + "gridSpan")
                if gs is not None:
                    span = int(gs.get(W + "val", "1"))
                vm = pr.find(W + "vMerge")
                if vm is not None:
                    vmerge = vm.get(W + "val", "continue")
            if vmerge == "continue" and col in above:
                cell = above[col]
                cell.rowspan += 1
            else:
                cell = Cell(_cell_text(tc), colspan=span)
                row.append(cell)
            for c in range(col, col + span):
                owners[c] = cell
            col += span
        above = owners
        rows.append(row)
    if not rows or not any(c.text for r in rows for c in r):
        return None
    return table_block(rows)
