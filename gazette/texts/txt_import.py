"""Plain text: UTF-8 or GB18030, one paragraph per line, tables in two common export shapes.

- Cell-per-line (what Word's "save as text" and many web exports give): every cell starts with a
  TAB, a cell's further lines follow without one, and a blank line ends the row. A merged cell
  shows as an empty cell; on a continuation row (first cell empty) such empty cells are taken as
  the cell above spanning down, since that is what a blank under a merged cell means.
- Row-per-line: cells separated by TABs on one line.
"""

from __future__ import annotations

from pathlib import Path

from gazette.texts.model import Cell
from gazette.texts.raw import (
    RawText,
    TextImportError,
    clean,
    infer_merges,
    is_folio,
    table_block,
)


def decode(data: bytes, path: Path) -> str:
    """UTF-8 (with or without BOM), else GB18030; a binary file is refused."""
    if not data.strip():
        raise TextImportError(path, "文件是空的")
    if b"\x00" in data[:4096]:
        if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
            try:
                return data.decode("utf-16")
            except UnicodeDecodeError:
                pass
        raise TextImportError(path, "不是文本文件（含有二进制内容），请检查文件类型")
    for enc in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    raise TextImportError(path, "文字编码无法识别（既不是 UTF-8 也不是 GB18030/GBK）")


def read_txt(path: Path) -> RawText:
    text = decode(path.read_bytes(), path)
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    out = RawText(source="txt")
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.startswith("\t"):
            end = i
            while end < len(lines) and (not _blank(lines[end]) or _table_continues(lines, end)):
                end += 1
            rows = _cell_per_line(lines[i:end])
            if len(rows) >= 1 and max(len(r) for r in rows) >= 2:
                out.items.append(table_block(infer_merges(rows)))
            else:
                out.items.extend(clean(x) for x in lines[i:end] if clean(x))
            i = end
            continue
        if "\t" in line.strip("\t "):
            end = i
            while end < len(lines) and "\t" in lines[end].strip("\t "):
                end += 1
            if end - i >= 2:
                cells = [[Cell(clean(c)) for c in x.strip().split("\t")] for x in lines[i:end]]
                out.items.append(table_block(cells))
                i = end
                continue
        cleaned = clean(line)
        if cleaned and not is_folio(cleaned):
            out.items.append(cleaned)
        i += 1
    if not out.items:
        raise TextImportError(path, "文件中没有文字")
    return out


def _blank(line: str) -> bool:
    return not line.startswith("\t") and not line.strip()


def _table_continues(lines: list[str], blank: int) -> bool:
    """A blank line inside a cell-per-line table is a row break when a TAB line follows."""
    return blank + 1 < len(lines) and lines[blank + 1].startswith("\t")


def _cell_per_line(lines: list[str]) -> list[list[str]]:
    rows: list[list[str]] = []
    row: list[str] = []
    for line in lines:
        if _blank(line):
            if row:
                rows.append(row)
            row = []
        elif line.startswith("\t"):
            row.append(line[1:])
        elif row:
            row[-1] += "\n" + line
        else:
            row.append(line)
    if row:
        rows.append(row)
    return rows
