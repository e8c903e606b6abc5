"""From positioned text (PDF, OFD) back to paragraphs and simple tables.

Chinese official documents make this tractable: a paragraph's first line is indented two
characters, its other lines run from margin to margin, and everything else (title, signature,
date) is centred or right-aligned. A line continues the paragraph above only when that line
reached the right margin and this one starts at the left margin. Page furniture goes: folios
such as “— 8 —” and running heads repeated at the top or bottom of pages.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from dataclasses import dataclass, field

from gazette.texts.model import Block, Cell
from gazette.texts.raw import clean, is_folio, table_block


@dataclass
class Chunk:
    x: float
    y: float  # from the top of the page, growing downwards
    size: float
    text: str

    @property
    def x_end(self) -> float:
        return self.x + text_width(self.text, self.size)


@dataclass
class Line:
    page: int
    y: float
    chunks: list[Chunk] = field(default_factory=list)

    @property
    def x(self) -> float:
        return self.chunks[0].x

    @property
    def x_end(self) -> float:
        return self.chunks[-1].x_end

    @property
    def size(self) -> float:
        return max(c.size for c in self.chunks)

    def cells(self) -> list[tuple[float, str]]:
        """Runs separated by a gap wider than two characters: table cells, or one run."""
        out: list[tuple[float, str]] = []
        prev: Chunk | None = None
        for ch in self.chunks:
            if prev is not None and ch.x - prev.x_end < 2 * max(ch.size, prev.size):
                x, text = out[-1]
                out[-1] = (x, text + ch.text)
            else:
                out.append((ch.x, ch.text))
            prev = ch
        return out

    @property
    def text(self) -> str:
        return "".join(c.text for c in self.chunks)


def text_width(text: str, size: float) -> float:
    """Estimated advance: CJK characters are one em, others about half."""
    return size * sum(1.0 if ord(ch) >= 0x2E80 else 0.5 for ch in text)


def group_lines(chunks: list[Chunk], page: int) -> list[Line]:
    lines: list[Line] = []
    for ch in sorted(chunks, key=lambda c: (c.y, c.x)):
        if not ch.text.strip():
            continue
        if lines and abs(lines[-1].y - ch.y) <= 0.35 * max(ch.size, 1.0):
            lines[-1].chunks.append(ch)
        else:
            lines.append(Line(page, ch.y, [ch]))
    for line in lines:
        line.chunks.sort(key=lambda c: c.x)
    return lines


_DIGITS = re.compile(r"[0-9０-９]+")


def drop_furniture(pages: list[list[Line]]) -> list[list[Line]]:
    """Remove folios and running heads (a line repeated at the edge of several pages)."""
    edge: Counter[str] = Counter()
    for lines in pages:
        keys = {_DIGITS.sub("#", clean(ln.text)) for ln in (lines[:1] + lines[-1:])}
        edge.update(keys)
    repeated = {k for k, n in edge.items() if n >= 2 and len(pages) >= 2}
    out = []
    for lines in pages:
        kept = []
        for i, ln in enumerate(lines):
            text = clean(ln.text)
            at_edge = i == 0 or i == len(lines) - 1
            if is_folio(text) or (at_edge and _DIGITS.sub("#", text) in repeated):
                continue
            kept.append(ln)
        out.append(kept)
    return out


def paragraphs(pages: list[list[Line]]) -> list[str | Block]:
    """Join wrapped lines into paragraphs; runs of multi-cell lines become tables."""
    lines = [ln for page in drop_furniture(pages) for ln in page]
    if not lines:
        return []
    size = statistics.median(ln.size for ln in lines)
    left = min(ln.x for ln in lines)
    right = max(ln.x_end for ln in lines)
    items: list[str | Block] = []
    table: list[Line] = []
    prev: Line | None = None
    for ln in lines:
        cells = ln.cells()
        if len(cells) >= 2 and not _signature_like(ln, cells, right, size):
            table.append(ln)
            prev = None
            continue
        if table:
            items.append(_table(table, size))
            table = []
        text = clean(ln.text)
        joins = (
            prev is not None
            and isinstance(items[-1], str)
            and prev.x_end >= right - 1.6 * size
            and ln.x <= left + 0.6 * size
        )
        if joins:
            items[-1] = clean(str(items[-1]) + text)
        else:
            items.append(text)
        prev = ln
    if table:
        items.append(_table(table, size))
    return items


def _signature_like(ln: Line, cells: list[tuple[float, str]], right: float, size: float) -> bool:
    """``宿迁市人民政府办公室      2018年5月13日印发`` is one line of the 版记, not a table."""
    return len(cells) == 2 and bool(re.search(r"\d+日印发$|日$", cells[-1][1].strip()))


def _table(lines: list[Line], size: float) -> Block:
    starts: list[float] = []
    for ln in lines:
        for x, _ in ln.cells():
            if not any(abs(x - s) < 1.5 * size for s in starts):
                starts.append(x)
    starts.sort()
    rows: list[list[Cell]] = []
    for ln in lines:
        values = [""] * len(starts)
        for x, text in ln.cells():
            col = min(range(len(starts)), key=lambda i: abs(starts[i] - x))
            values[col] = clean(values[col] + text)
        rows.append([Cell(v) for v in values])
    return table_block(rows)
