"""Plain text: UTF-8 or GB18030, one paragraph per line, tables in two common export shapes.

- Cell-per-line (what Word's "save as text" and many web exports give): every cell starts with a
  TAB, a cell's further lines follow without one, and a blank line ends the row. A merged cell
  shows as an empty cell; on a continuation row (first cell empty) such empty cells are taken as
  the cell above spanning down, since that is what a blank under a merged cell means.
- Row-per-line: cells separated by TABs on one line.

Text copied out of a PDF (pdftotext) is hard-wrapped and carries running heads and folios: the
wrapping is undone and the page furniture dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from gazette.texts.model import Block, Cell
from gazette.texts.raw import (
    RawText,
    TextImportError,
    clean,
    clean_typed,
    infer_merges,
    is_folio,
    table_block,
)
from gazette.texts.structure import PRINTED


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


@dataclass
class _Entry:
    item: str | Block
    line: int
    indent: bool = False
    tail: int = 0  # display width of the last physical line in this entry, indent included


def read_txt(path: Path) -> RawText:
    text = decode(path.read_bytes(), path)
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    entries: list[_Entry] = []
    folios: list[int] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.startswith("\t"):
            end = i
            while end < len(lines) and (not _blank(lines[end]) or _table_continues(lines, end)):
                end += 1
            rows = _cell_per_line(lines[i:end])
            if len(rows) >= 1 and max(len(r) for r in rows) >= 2:
                entries.append(_Entry(table_block(infer_merges(rows)), i))
            else:
                entries.extend(_Entry(clean_typed(x), i) for x in lines[i:end] if clean_typed(x))
            i = end
            continue
        if _tabbed(line):
            end = i
            while end < len(lines) and (_tabbed(lines[end]) or _section_row(lines, end)):
                end += 1
            if sum(_tabbed(x) for x in lines[i:end]) >= 2:
                entries.append(_Entry(_tab_table(lines[i:end]), i))
                i = end
                continue
        if _aligned(line) and i + 1 < len(lines) and _aligned(lines[i + 1]):
            end = i
            while end < len(lines) and _aligned(lines[end]):
                end += 1
            entries.append(_Entry(_aligned_table(lines[i:end]), i))
            i = end
            continue
        cleaned = clean_typed(line)
        if cleaned and is_folio(cleaned):
            folios.append(i)
        elif cleaned:
            indent = line[:1] in (" ", "\u3000", "\t")
            entries.append(_Entry(cleaned, i, indent, _width(line.rstrip().lstrip("\f"))))
        i += 1
    entries = _unwrap(_drop_running_heads(entries, folios))
    out = RawText(source="txt", items=[e.item for e in entries])
    if not out.items:
        raise TextImportError(path, "文件中没有文字")
    return out


def _drop_running_heads(entries: list[_Entry], folios: list[int]) -> list[_Entry]:
    """A short line repeated near every page break (a folio) is a running head, not text."""
    if len(folios) < 2:
        return entries
    folios = [-1, *folios]  # the top of the file is a page top too
    seen: dict[str, list[int]] = {}
    for e in entries:
        if isinstance(e.item, str) and len(e.item) <= 30:
            seen.setdefault(e.item, []).append(e.line)
    heads = {
        t
        for t, at in seen.items()
        if len(at) >= 2 and all(any(abs(n - f) <= 3 for f in folios) for n in at)
    }
    return [e for e in entries if not (isinstance(e.item, str) and e.item in heads)]


def _width(text: str) -> int:
    """Display width: CJK characters take two columns, as in pdftotext's layout output."""
    return sum(2 if ord(c) >= 0x2E80 else 1 for c in text.expandtabs(8))


def _unwrap(entries: list[_Entry]) -> list[_Entry]:
    """Join hard-wrapped lines (text copied out of a PDF) back into paragraphs.

    The text is hard-wrapped when many lines share one width; a full-width line then continues
    into the next one unless that one is indented (a new paragraph starts indented).
    """
    long = [e for e in entries if isinstance(e.item, str) and _width(e.item) >= 30]
    if len(long) < 4:
        return entries
    open_ended = [e for e in long if str(e.item)[-1] not in "。：；！？”）:;.!?)"]
    if len(open_ended) < len(long) * 0.4:
        return entries  # one paragraph per line: lines end where sentences end
    widths = [e.tail for e in open_ended]
    # the measure: the widest width shared by many lines that stop mid-sentence
    shared = [
        w for w in widths if sum(abs(v - w) <= 4 for v in widths) >= max(4, len(widths) * 0.4)
    ]
    if not shared or max(shared) > 160:
        return entries  # free-running paragraphs, one per line
    measure = max(shared)
    wider = sum(_width(str(e.item)) > measure + 8 for e in long)
    if wider > max(1, len(long) // 20):
        return entries  # paragraphs run past the "measure": one paragraph per line after all
    out: list[_Entry] = []
    for e in entries:
        prev = out[-1] if out else None
        if (
            prev is not None
            and isinstance(prev.item, str)
            and isinstance(e.item, str)
            and not e.indent
            and prev.tail >= measure - 4
        ):
            prev.item = clean_typed(prev.item + e.item)
            prev.tail = e.tail
            continue
        out.append(e)
    return out


_SEGMENT = re.compile(r"[^ ]+(?: [^ ]+)*")


def _segments(line: str) -> list[tuple[int, str]]:
    """Runs of text separated by two or more ASCII spaces, with the column each starts at.

    Only ASCII spaces lay out columns (what pdftotext -layout writes); an ideographic space is
    part of the text a person typed (第一章　总　　则, 组　长：韩　正　　国务院副总理).
    """
    line = line.expandtabs(8).rstrip()
    return [(m.start(), m.group()) for m in _SEGMENT.finditer(line) if m.group().strip()]


def _aligned(line: str) -> bool:
    """A row of a table laid out with spaces (pdftotext -layout): two or more runs."""
    segs = _segments(line)
    return len(segs) >= 2 and not PRINTED.match(clean(line))


def _aligned_table(lines: list[str]) -> Block:
    starts: list[int] = []
    for line in lines:
        for col, _ in _segments(line):
            if not any(abs(col - s) <= 2 for s in starts):
                starts.append(col)
    starts.sort()
    rows = []
    for line in lines:
        values = [""] * len(starts)
        for col, text in _segments(line):
            k = min(range(len(starts)), key=lambda j: abs(starts[j] - col))
            values[k] = clean(values[k] + " " + text)
        rows.append(values)
    return table_block(infer_merges(rows))


def _tabbed(line: str) -> bool:
    """A row of a row-per-line table: cells separated by TABs."""
    return "\t" in line.strip("\t ")


def _section_row(lines: list[str], k: int) -> bool:
    """A short line among TAB rows: a section row spanning the table
    (一、知识产权保护方面（共5项）), which web exports print without TABs. Up to three
    may follow each other (a section whose rows the source left out)."""

    def short(j: int) -> bool:
        return 0 < len(lines[j].strip()) <= 40 and not _tabbed(lines[j])

    if not short(k):
        return False
    before = next((j for j in range(k - 1, max(k - 4, -1), -1) if not short(j)), None)
    after = next((j for j in range(k + 1, min(k + 4, len(lines))) if not short(j)), None)
    return (
        before is not None and _tabbed(lines[before])
        and after is not None and _tabbed(lines[after])
    )  # fmt: skip


def _tab_table(lines: list[str]) -> Block:
    width = max(len(x.strip().split("\t")) for x in lines if _tabbed(x))
    rows: list[list[Cell]] = []
    for x in lines:
        if _tabbed(x):
            rows.append([Cell(clean(c)) for c in x.strip().split("\t")])
        else:
            rows.append([Cell(clean_typed(x), colspan=width)])
    return table_block(rows)


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
