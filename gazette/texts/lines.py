"""From positioned text (PDF, OFD) back to paragraphs and simple tables.

Chinese official documents make this tractable: a paragraph's first line is indented two
characters, its other lines run from margin to margin, and everything else (title, signature,
date) is centred or right-aligned. A line continues the paragraph above only when that line
reached the right margin and this one starts at the left margin. Page furniture goes: folios
such as “— 8 —” and running heads repeated at the top or bottom of pages.
"""

from __future__ import annotations

import itertools
import re
import statistics
from dataclasses import dataclass, field

from gazette.texts.grid import continue_table
from gazette.texts.joining import hangs, opens_item
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
    # a table read whole from the page's drawn borders (grid.py), standing at its top edge
    table: Block | None = None
    columns: tuple[float, ...] = ()

    @property
    def x(self) -> float:
        return self.chunks[0].x

    @property
    def x_end(self) -> float:
        return self.chunks[-1].x_end

    @property
    def size(self) -> float:
        return max(c.size for c in self.chunks)

    def cells(self, spaced: bool = True) -> list[tuple[float, str]]:
        """Runs separated by a gap wider than a character: table cells, or one run.

        A letter-spaced line (``通　　知``, ``关 于 做 好 …``: single characters at an even
        pitch) is one run, not a row of one-character cells.
        """
        out: list[tuple[float, str]] = []
        prev: Chunk | None = None
        for ch in self.chunks:
            if prev is not None and ch.x - prev.x_end < 0.8 * max(ch.size, prev.size):
                x, text = out[-1]
                out[-1] = (x, text + ch.text)
            else:
                out.append((ch.x, ch.text))
            prev = ch
        if spaced and len(out) >= 2 and _letter_spaced(out, self.size):
            return [(out[0][0], "".join(t for _, t in out))]
        return out

    @property
    def text(self) -> str:
        return "".join(c.text for c in self.chunks)


def _letter_spaced(runs: list[tuple[float, str]], size: float) -> bool:
    """Runs of one or two Chinese characters at an even pitch: spaced-out text, not cells
    (``X  Y  X  Y`` under a coordinates header is a row of cells)."""
    if any(len(t.strip()) > 2 or not all(ord(c) >= 0x2E80 for c in t.strip()) for _, t in runs):
        return False
    if len(runs) == 2:
        return all(len(t.strip()) == 1 for _, t in runs)
    pitches = [b[0] - a[0] for a, b in itertools.pairwise(runs)]
    return max(pitches) - min(pitches) <= 0.6 * size


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
# what a binding margin prints down the page edge: 装 … 订 … 线, or a dotted or ruled line
_BINDING = set("装订线|｜┃│┆┊╎⋮︙…·.-—－_")


def drop_binding_marks(lines: list[Line]) -> list[Line]:
    """Remove binding-margin glyphs (装/订/线, “|”) standing outside the page's text block.

    They are short runs made only of those glyphs, left of everything else on the page or
    right of it; a “|” inside a table row or a “线” inside a sentence stays.
    """

    def mark(ch: Chunk) -> bool:
        body = ch.text.replace(" ", "").replace("\u3000", "")
        return 0 < len(body) <= 3 and set(body) <= _BINDING

    others = [c for ln in lines for c in ln.chunks if not mark(c)]
    if not others:
        return lines
    lo = min(c.x for c in others)
    hi = max(c.x_end for c in others)
    out: list[Line] = []
    for ln in lines:
        kept = [
            c
            for c in ln.chunks
            if not (mark(c) and (c.x_end <= lo + 0.2 * c.size or c.x >= hi - 0.2 * c.size))
        ]
        if kept:
            ln.chunks = kept
            out.append(ln)
    return out


def in_column_order(lines: list[Line]) -> list[Line]:
    """A page set in two columns side by side (a certificate's 说明 beside its title) reads the
    left column, then the right, instead of interleaving their lines by height.

    The columns are split at the widest vertical gutter no line crosses, only when each side
    holds three lines or more and the two sides stand level with each other; a signature
    block below the text, or a table whose rows span the page, never splits.
    """
    if len(lines) < 6:
        return lines
    size = statistics.median(ln.size for ln in lines)
    spans = sorted((ln.x, ln.x_end) for ln in lines)
    gaps: list[tuple[float, float]] = []
    reach = spans[0][1]
    for x, end in spans[1:]:
        if x > reach:
            gaps.append((reach, x))
        reach = max(reach, end)
    if not gaps:
        return lines
    start, stop = max(gaps, key=lambda g: g[1] - g[0])
    if stop - start < 2 * size:
        return lines
    left = [ln for ln in lines if ln.x_end <= start]
    right = [ln for ln in lines if ln.x >= stop]
    if len(left) < 3 or len(right) < 3:
        return lines
    top = max(left[0].y, right[0].y)
    bottom = min(left[-1].y, right[-1].y)
    shorter = min(left[-1].y - left[0].y, right[-1].y - right[0].y)
    if shorter <= 0 or bottom - top < 0.5 * shorter:
        return lines
    return left + right


def _edge_key(ln: Line, outermost: bool) -> str:
    """What must repeat: the outermost line may differ in its numbers (``第 3 页``); the line
    next to it must repeat exactly, so ``附件1`` and ``附件2`` are not one running head."""
    text = clean(ln.text)
    return ("#" + _DIGITS.sub("#", text)) if outermost else text


def drop_furniture(pages: list[list[Line]]) -> list[list[Line]]:
    """Remove folios and running heads: lines repeated at the same edge of several pages.

    A running head stands at the same height on each page, from the first page on. Its first
    occurrence stays when it is really content: it first appears after the first page (the
    title of a list whose pages repeat it), a table follows it (the table's title), or it
    stands at another height than its repeats (the text first, the copies after). A page that would lose most of its lines
    keeps them: it repeats another page, it is not furniture.
    """
    seen: dict[str, list[tuple[int, int, float]]] = {}
    for p, lines in enumerate(pages):
        # the two lines at each edge: a running head may stand above a repeated table title
        for i in sorted({0, 1, len(lines) - 2, len(lines) - 1} & set(range(len(lines)))):
            # a table row is never a running head
            if lines[i].table is not None or len(lines[i].cells()) > 1:
                continue
            key = _edge_key(lines[i], i in (0, len(lines) - 1))
            seen.setdefault(key, []).append((p, i, lines[i].y))
    drop: set[tuple[int, int]] = set()
    for places in seen.values():
        if len(places) < 2:
            continue
        ys = [y for _, _, y in places]
        size = statistics.median(pages[p][i].size for p, i, _ in places)
        later = statistics.median(ys[1:])
        same = [pl for pl in places if abs(pl[2] - later) <= size]
        if len(same) < 2:
            continue
        first_p, first_i, first_y = places[0]
        keep_first = (
            first_p > 0  # a head on every page starts on the first; a repeated title later
            or abs(first_y - later) > size
            or _heads_table(pages[first_p], first_i)
        )
        drop |= {(p, i) for p, i, _ in same if not (keep_first and (p, i) == (first_p, first_i))}
    for p, lines in enumerate(pages):  # furniture is a line or two, never most of a page
        mine = {k for k in drop if k[0] == p}
        if len(mine) * 2 > len(lines) > 2:  # a blank page keeps neither its head nor folio
            drop -= mine
    return [
        [ln for i, ln in enumerate(lines) if not is_folio(clean(ln.text)) and (p, i) not in drop]
        for p, lines in enumerate(pages)
    ]


def _heads_table(lines: list[Line], i: int) -> bool:
    """The line at i is followed on its page by a row of cells: it is that table's title."""
    following = lines[i + 1 : i + 2]
    return bool(following) and (following[0].table is not None or len(following[0].cells()) >= 2)


def _edge(values: list[float], size: float) -> tuple[float, int]:
    """The margin among line starts (or ends), and how many lines stand at it.

    Values come outermost first. A value more than three characters beyond the next one is a
    stray line (a note in the margin, a run-over URL) and is passed over, at most twice. Of
    the values within a character of the outermost, the one most lines share is the margin,
    so a line whose closing punctuation hangs over the edge does not move it.
    """
    pick = 0
    while pick < min(2, len(values) - 1) and abs(values[pick + 1] - values[pick]) > 3 * size:
        pick += 1
    outer = [v for v in values[pick:] if abs(v - values[pick]) <= size]

    def support(edge: float) -> int:
        return sum(1 for v in values if abs(v - edge) <= 0.6 * size)

    edge = max(outer, key=support)
    return edge, support(edge)


def page_margins(pages: list[list[Line]], size: float) -> dict[int, tuple[float, float]]:
    """Each page's text block: its leftmost line start and rightmost line end.

    One stray line does not move the margins, so the other lines still join into paragraphs.
    A page is trusted when two lines start at its left edge and three end at its right; a
    page that cannot tell (a signature page, a table) borrows the margins of the nearest
    trusted page, the one before it on a tie.
    """
    own: dict[int, tuple[float, float]] = {}
    trusted: list[int] = []
    for page in pages:
        if not page:
            continue
        number = page[0].page
        # table rows are wider or narrower than the text block: they do not set its margins
        lines = [ln for ln in page if ln.table is None and len(ln.cells()) < 2] or page
        left, n_left = _edge(sorted(ln.x for ln in lines), size)
        right, n_right = _edge(sorted((ln.x_end for ln in lines), reverse=True), size)
        own[number] = (left, right)
        if n_left >= 2 and n_right >= 3:
            trusted.append(number)
    out: dict[int, tuple[float, float]] = {}
    for number, edges in own.items():
        if number in trusted:
            out[number] = edges
            continue
        if not trusted:  # no page tells on its own: measure over the whole document
            every = [
                ln for lines in pages for ln in lines if ln.table is None and len(ln.cells()) < 2
            ] or [ln for lines in pages for ln in lines]
            out[number] = (
                _edge(sorted(ln.x for ln in every), size)[0],
                _edge(sorted((ln.x_end for ln in every), reverse=True), size)[0],
            )
            continue
        nearest = min(trusted, key=lambda t: (abs(t - number), t > number))
        out[number] = own[nearest]
    return out


def paragraphs(pages: list[list[Line]]) -> list[str | Block]:
    """Join wrapped lines into paragraphs; runs of multi-cell lines become tables.

    Margins are measured per page (odd and even pages of a bound original differ, and one
    page's stray line must not stop every other page's lines from joining).
    """
    pages = drop_furniture([in_column_order(drop_binding_marks(lines)) for lines in pages])
    lines = [ln for page in pages for ln in page]
    if not lines:
        return []
    size = statistics.median(ln.size for ln in lines)
    margins = page_margins(pages, size)
    items: list[str | Block] = []
    table: list[Line] = []
    prev: Line | None = None
    start: Line | None = None  # the first line of the paragraph being joined
    ruled: Line | None = None  # the last drawn table, which the next page may continue
    for n, ln in enumerate(lines):
        if ln.table is not None:
            if table:
                items.append(_table(table, size))
                table = []
            if ruled is not None and items and items[-1] is ruled.table and _continues(ruled, ln):
                continue_table(ruled.table, ln.table)
                ruled = Line(ln.page, ln.y, ln.chunks, ruled.table, ln.columns)
            else:
                items.append(ln.table)
                ruled = ln
            prev = None
            continue
        cells = ln.cells(spaced=not table)  # inside a table, spaced letters are cells
        if len(cells) >= 2 and not _signature_like(cells):
            table.append(ln)
            prev = None
            continue
        if table and (_wraps_cell(table, ln) or _section_row(table, lines[n:])):
            table.append(ln)
            continue
        if table:
            items.append(_table(table, size))
            table = []
        text = clean(ln.text)
        left = margins[ln.page][0]
        right = margins[prev.page][1] if prev is not None else 0.0
        joins = (
            prev is not None
            and isinstance(items[-1], str)
            # a line may stop a character short: 、 or 。 may not begin the next line
            and prev.x_end >= right - 1.6 * max(size, prev.size)
            and prev.x <= margins[prev.page][0] + 6 * prev.size  # not a right-aligned date
            and (ln.x <= left + 0.6 * size or hangs(start, prev, ln, size))
            and abs(prev.size - ln.size) < 0.5
            and not opens_item(prev, ln)
        )
        if joins:
            items[-1] = clean(str(items[-1]) + text)
        else:
            items.append(text)
            start = ln
        prev = ln
    if table:
        items.append(_table(table, size))
    return items


def _continues(above: Line, ln: Line) -> bool:
    """A drawn table on the next page with the same columns goes on with the same table."""
    return (
        ln.page == above.page + 1
        and len(ln.columns) == len(above.columns)
        and all(abs(a - b) <= 2.0 for a, b in zip(ln.columns, above.columns, strict=True))
    )


def _columns(table: list[Line]) -> list[float]:
    starts: list[float] = []
    for ln in table:
        for x, _ in ln.cells():
            if not any(abs(x - s) < 1.5 * ln.size for s in starts):
                starts.append(x)
    return sorted(starts)


def _wraps_cell(table: list[Line], ln: Line) -> bool:
    """A one-run line right under a table row, inside one column: a cell's wrapped text.

    A row broken by the page goes on at the top of the next page: there the line must stand
    in a column other than the first (a ``附件2`` at the margin is not a cell) at the table's
    type size."""
    last = table[-1]
    turned = ln.page != last.page
    if turned and (ln.page != last.page + 1 or abs(ln.size - last.size) >= 0.5):
        return False
    if not turned and ln.y - last.y > 1.8 * max(ln.size, last.size):
        return False
    starts = _columns(table)
    col = next((i for i, s in enumerate(starts) if abs(ln.x - s) <= 0.6 * ln.size), None)
    if col is None or (turned and col == 0):
        return False
    limit = starts[col + 1] if col + 1 < len(starts) else max(t.x_end for t in table)
    return ln.x_end <= limit + 0.5 * ln.size


def _section_row(table: list[Line], rest: list[Line]) -> bool:
    """``一、知识产权保护方面（共5项）`` between a table's rows, from its first column across
    the next: a row spanning the table that heads the rows below it, not a paragraph.

    It stands right under the table's last line, and the lines after it (further section rows
    at most) lead to another row of the same table."""
    starts = _columns(table)
    if len(starts) < 2:
        return False
    above = table[-1]
    for ln in rest:
        if ln.page != above.page or ln.y - above.y > 1.8 * max(ln.size, above.size):
            return False
        cells = ln.cells(spaced=False)
        if len(cells) >= 2:
            return all(any(abs(x - s) <= 0.6 * ln.size for s in starts) for x, _ in cells)
        if abs(ln.x - starts[0]) > 0.6 * ln.size or ln.x_end <= starts[1]:
            return False
        above = ln
    return False


def _signature_like(cells: list[tuple[float, str]]) -> bool:
    """``宿迁市人民政府办公室      2018年5月13日印发`` is one line of the 版记, not a table."""
    return len(cells) == 2 and bool(re.search(r"\d+日印发$|日$", cells[-1][1].strip()))


def _table(lines: list[Line], size: float) -> Block:
    starts = _columns(lines)
    rows: list[list[str]] = []
    joined = _same_row(lines, size)
    for n, ln in enumerate(lines):
        values = [""] * len(starts)
        col = 0
        prev_end: float | None = None
        for ch in ln.chunks:
            # characters go to the column they stand in, so cells that touch come apart; a
            # character set right after the one before (no gap) stays in its cell, so a word
            # is not cut where another row's column happens to start
            xs = ch.xs if ch.xs and len(ch.xs) == len(ch.text) else [ch.x] * len(ch.text)
            for x, char in zip(xs, ch.text, strict=True):
                if prev_end is None or x - prev_end > 0.25 * ch.size:
                    col = max([i for i, s in enumerate(starts) if s <= x + 0.5 * size] or [0])
                values[col] += char
                prev_end = x + text_width(char, ch.size)
        if n in joined and rows:  # another line of the same row's cells
            rows[-1] = [a + b for a, b in zip(rows[-1], values, strict=True)]
        else:
            rows.append(values)
    return table_block(infer_merges([[clean(v) for v in r] for r in rows]))


def _same_row(lines: list[Line], size: float) -> set[int]:
    """Lines that belong to the row of the line above: closer to it than rows are apart.

    Within a cell, wrapped lines stand one leading apart; rows add the cell padding. Where a
    cell wraps, its other lines stand above or below the one-line cells (aligned to the top,
    middle or bottom of the cell), so a pair of lines set closer than 0.8 of the usual row
    pitch, one of which holds a single run, is one row (a row of numbers set tight under
    another is not).
    """
    pitches = [b.y - a.y for a, b in itertools.pairwise(lines) if b.page == a.page]
    if len(pitches) < 2:
        return set()
    usual = sorted(pitches)[(3 * len(pitches)) // 4]
    width = len(_columns(lines))
    out: set[int] = set()
    for n in range(1, len(lines)):
        a, b = lines[n - 1], lines[n]
        gap = b.y - a.y
        partial = min(len(a.cells(False)), len(b.cells(False))) == 1 < width
        if a.page == b.page and gap < 0.8 * usual and gap < 1.6 * size and partial:
            out.add(n)
    return out
