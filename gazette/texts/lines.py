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

from gazette.texts.model import Block
from gazette.texts.raw import clean, infer_merges, is_folio, table_block


@dataclass
class Chunk:
    x: float
    y: float  # from the top of the page, growing downwards
    size: float
    text: str
    end: float | None = None  # measured right edge, when the extractor knows it
    xs: list[float] | None = None  # each character's left edge, when known

    @property
    def x_end(self) -> float:
        return self.end if self.end is not None else self.x + text_width(self.text, self.size)


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
        """Runs separated by a gap wider than a character: table cells, or one run."""
        out: list[tuple[float, str]] = []
        prev: Chunk | None = None
        for ch in self.chunks:
            if prev is not None and ch.x - prev.x_end < 0.8 * max(ch.size, prev.size):
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
    """Chunks on one baseline form a line, kept in the order the file draws them.

    Extractors report a run's start reliably but not always the start of later runs on the same
    line (pypdf repeats the line start after a font switch), so a run that overlaps the one
    before it is moved to follow it.
    """
    lines: list[Line] = []
    for ch in chunks:
        if not ch.text.strip():
            continue
        tol = 0.35 * max(ch.size, 1.0)
        line = next((ln for ln in reversed(lines) if abs(ln.y - ch.y) <= tol), None)
        if line is None:
            lines.append(Line(page, ch.y, [ch]))
        else:
            line.chunks.append(ch)
    for line in lines:
        ordered: list[Chunk] = []
        for ch in line.chunks:
            if ordered and ch.x < ordered[-1].x_end - 0.5 * ch.size:
                if ch.x >= ordered[-1].x - 0.5 * ch.size:
                    ch = Chunk(ordered[-1].x_end, ch.y, ch.size, ch.text)
                else:  # drawn out of order, genuinely further left
                    ordered.append(ch)
                    ordered.sort(key=lambda c: c.x)
                    continue
            ordered.append(ch)
        line.chunks = ordered
    lines.sort(key=lambda ln: ln.y)
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
        if len(cells) >= 2 and not _signature_like(cells):
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
            and abs(prev.size - ln.size) < 0.5
        )
        if joins:
            items[-1] = clean(str(items[-1]) + text)
        else:
            items.append(text)
        prev = ln
    if table:
        items.append(_table(table, size))
    return items


def _signature_like(cells: list[tuple[float, str]]) -> bool:
    """``宿迁市人民政府办公室      2018年5月13日印发`` is one line of the 版记, not a table."""
    return len(cells) == 2 and bool(re.search(r"\d+日印发$|日$", cells[-1][1].strip()))


def _table(lines: list[Line], size: float) -> Block:
    starts: list[float] = []
    for ln in lines:
        for x, _ in ln.cells():
            if not any(abs(x - s) < 1.5 * size for s in starts):
                starts.append(x)
    starts.sort()
    rows: list[list[str]] = []
    for ln in lines:
        values = [""] * len(starts)
        for ch in ln.chunks:
            # characters go to the column they stand in, so cells that touch come apart
            xs = ch.xs if ch.xs and len(ch.xs) == len(ch.text) else [ch.x] * len(ch.text)
            for x, char in zip(xs, ch.text, strict=True):
                col = max([i for i, s in enumerate(starts) if s <= x + 0.5 * size] or [0])
                values[col] += char
        rows.append([clean(v) for v in values])
    return table_block(infer_merges(rows))
