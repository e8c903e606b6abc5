"""Tables read from their ruling lines: the cell borders a spreadsheet or word processor draws.

Positioned text alone cannot tell which row a merged cell belongs to: a cell spanning three
rows prints its text centred between them, level with none, and a wrapped cell's second line
looks like a row of its own. The borders say it exactly. Where the page draws a grid, each
character goes to the cell whose borders enclose it, and a missing border between two slots
merges them (rowspan, colspan). Pages without a drawn grid keep the heuristics of lines.py.

Coordinates are points from the top-left of the page, y growing downwards.
"""

from __future__ import annotations

import bisect
import statistics
from dataclasses import dataclass, field

from gazette.texts.model import Block, Cell
from gazette.texts.raw import clean, table_block

_SNAP = 2.0  # rules closer than this are one border (a 1-pt rule drawn as a filled box)


@dataclass(frozen=True)
class Rule:
    """A horizontal (y0 == y1) or vertical (x0 == x1) border, x0 <= x1 and y0 <= y1."""

    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def horizontal(self) -> bool:
        return self.y1 - self.y0 < self.x1 - self.x0


@dataclass
class Glyph:
    """One character and its box, as the PDF reader measured it."""

    ch: str
    left: float
    top: float
    right: float
    bottom: float
    size: float

    @property
    def cx(self) -> float:
        return (self.left + self.right) / 2

    @property
    def cy(self) -> float:
        return (self.top + self.bottom) / 2


@dataclass
class Grid:
    """Border positions of one drawn table and the rules that say which slots are closed."""

    xs: list[float]
    ys: list[float]
    rules: list[Rule] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.across = [r for r in self.rules if r.horizontal]
        self.down = [r for r in self.rules if not r.horizontal]

    @property
    def box(self) -> tuple[float, float, float, float]:
        return self.xs[0], self.ys[0], self.xs[-1], self.ys[-1]

    def holds(self, g: Glyph) -> bool:
        left, top, right, bottom = self.box
        return left <= g.cx <= right and top <= g.cy <= bottom

    def _closed(self, at: float, lo: float, hi: float, horizontal: bool) -> bool:
        """Is there a border at ``at`` covering most of the span lo..hi?"""
        need = 0.5 * (hi - lo)
        for r in self.across if horizontal else self.down:
            pos, a, b = (r.y0, r.x0, r.x1) if horizontal else (r.x0, r.y0, r.y1)
            if abs(pos - at) <= _SNAP and min(b, hi) - max(a, lo) >= need:
                return True
        return False

    def cells(self) -> dict[tuple[int, int], tuple[int, int, int, int]] | None:
        """Each slot's merged cell as (row, col, last row, last col); None when the borders do
        not close into rectangles (then the grid is not read as a table)."""
        rows, cols = len(self.ys) - 1, len(self.xs) - 1
        parent = {(r, c): (r, c) for r in range(rows) for c in range(cols)}

        def find(k: tuple[int, int]) -> tuple[int, int]:
            while parent[k] != k:
                parent[k] = parent[parent[k]]
                k = parent[k]
            return k

        for r in range(rows):
            for c in range(cols):
                if c + 1 < cols and not self._closed(
                    self.xs[c + 1], self.ys[r], self.ys[r + 1], horizontal=False
                ):
                    parent[find((r, c + 1))] = find((r, c))
                if r + 1 < rows and not self._closed(
                    self.ys[r + 1], self.xs[c], self.xs[c + 1], horizontal=True
                ):
                    parent[find((r + 1, c))] = find((r, c))
        groups: dict[tuple[int, int], list[tuple[int, int]]] = {}
        for k in parent:
            groups.setdefault(find(k), []).append(k)
        out: dict[tuple[int, int], tuple[int, int, int, int]] = {}
        for slots in groups.values():
            r0, c0 = min(r for r, _ in slots), min(c for _, c in slots)
            r1, c1 = max(r for r, _ in slots), max(c for _, c in slots)
            if len(slots) != (r1 - r0 + 1) * (c1 - c0 + 1):
                return None
            for k in slots:
                out[k] = (r0, c0, r1, c1)
        return out

    def slot(self, g: Glyph) -> tuple[int, int]:
        r = min(max(bisect.bisect_right(self.ys, g.cy) - 1, 0), len(self.ys) - 2)
        c = min(max(bisect.bisect_right(self.xs, g.cx) - 1, 0), len(self.xs) - 2)
        return r, c

    def table(self, glyphs: list[Glyph]) -> Block | None:
        """The table its glyphs fill, merged cells once in their first row; None when the
        grid is not a table (borders that do not close, or no row of two cells)."""
        spans = self.cells()
        if spans is None:
            return None
        texts: dict[tuple[int, int, int, int], list[Glyph]] = {s: [] for s in spans.values()}
        for g in glyphs:
            texts[spans[self.slot(g)]].append(g)
        # a row of empty cells of its own (a border drawn below the last row) is not a row
        rows = [
            r
            for r in range(len(self.ys) - 1)
            if not all(
                s[0] == s[2] == r and not texts[s]
                for c in range(len(self.xs) - 1)
                for s in [spans[(r, c)]]
            )
        ]
        out: list[list[Cell]] = []
        for r in rows:
            row: list[Cell] = []
            for c in range(len(self.xs) - 1):
                s = spans[(r, c)]
                if s[:2] != (r, c):
                    continue
                box = (self.xs[s[1]], self.xs[s[3] + 1])
                span_rows = sum(1 for k in rows if s[0] <= k <= s[2])
                row.append(Cell(cell_text(texts[s], box), s[3] - s[1] + 1, span_rows))
            out.append(row)
        # one row is enough (the last row of a list, carried over to a page of its own) when
        # two of its cells hold text; a framed line of text beside an empty box is no table
        if not out or max(len(r) for r in out) < 2:
            return None
        if len(out) == 1 and sum(1 for c in out[0] if c.text) < 2:
            return None
        return table_block(out)


def cell_text(glyphs: list[Glyph], box: tuple[float, float]) -> str:
    """A cell's lines top to bottom. A line that wraps (the next line's first character would
    not have fitted on it) runs on; a line that stops well short of the cell's edge ends with
    a break the writer typed (``国库支付中心`` above ``400110001001``... is a wrap: the number
    does not fit beside it; ``乡镇机关`` above ``公务员`` is a typed break)."""
    lines: list[list[Glyph]] = []
    for g in sorted(glyphs, key=lambda g: (g.cy, g.left)):
        if lines and abs(lines[-1][0].cy - g.cy) <= 0.35 * g.size:
            lines[-1].append(g)
        else:
            lines.append([g])
    texts: list[str] = []
    # the cell's padding: its lines' least indent, but centred text says little about it
    size = statistics.median(g.size for g in glyphs) if glyphs else 0.0
    pad = min([min(x.left for x in ln) - box[0] for ln in lines] + [0.5 * size])
    width = box[1] - box[0] - 2 * max(pad, 0.0)
    prev: list[Glyph] | None = None
    for ln in lines:
        ln.sort(key=lambda g: g.left)
        text = ""
        for a, b in zip([None, *ln], ln, strict=False):
            gap = b.left - a.right if a is not None else 0.0
            text += (" " if gap > 0.8 * b.size else "") + b.ch
        if prev is not None and texts:
            used = max(g.right for g in prev) - min(g.left for g in prev)
            # typesetters leave up to a character or so unused (kinsoku, justification)
            wraps = used + _first_unit(ln) > width - 1.5 * ln[0].size
            texts[-1] = texts[-1] + text if wraps else texts[-1] + "\n" + text
        else:
            texts.append(text)
        prev = ln
    return "\n".join(clean(t) for t in "\n".join(texts).split("\n") if clean(t))


_OPENING = set("“‘（《〈「『【〔［(<[")
_CLOSING = set("，。、；：？！”’）》〉」』】〕］,.;:?!)>]%")


def _first_unit(line: list[Glyph]) -> float:
    """The width of what could not be split from the line's start: a Latin word or a number,
    or a character with the punctuation that may not be parted from it (GB line-breaking:
    ``”`` never starts a line, ``“`` never ends one)."""
    k = 1
    if line[0].ch in _OPENING:
        k = min(2, len(line))
    if line[0].ch.isascii() and line[0].ch.isalnum():
        while k < len(line) and line[k].ch.isascii() and line[k].ch.isalnum():
            k += 1
    while k < len(line) and line[k].ch in _CLOSING:
        k += 1
    if k + 1 < len(line) and line[k].ch in _OPENING:  # 出“科: the quote holds on to both
        k += 2
    return line[k - 1].right - line[0].left


def find_grids(rules: list[Rule]) -> list[Grid]:
    """Groups of touching rules that cross into a grid of at least two columns."""
    groups: list[list[Rule]] = []
    for rule in rules:
        touching = [g for g in groups if any(_touch(rule, r) for r in g)]
        merged = [rule] + [r for g in touching for r in g]
        groups = [g for g in groups if g not in touching] + [merged]
    out: list[Grid] = []
    for group in groups:
        across = [r for r in group if r.horizontal]
        down = [r for r in group if not r.horizontal]
        if len(across) < 2 or len(down) < 2:
            continue
        # the outer edges count even where a side is left open (no outer vertical rule)
        xs = _snap([r.x0 for r in down] + [min(r.x0 for r in across), max(r.x1 for r in across)])
        ys = _snap([r.y0 for r in across] + [min(r.y0 for r in down), max(r.y1 for r in down)])
        if len(xs) < 3 or len(ys) < 2:
            continue
        out.append(Grid(xs, ys, group))
    return out


def _touch(a: Rule, b: Rule) -> bool:
    return (
        a.x0 - _SNAP <= b.x1
        and b.x0 - _SNAP <= a.x1
        and a.y0 - _SNAP <= b.y1
        and b.y0 - _SNAP <= a.y1
    )


def _snap(values: list[float]) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if out and v - out[-1] <= _SNAP:
            continue
        out.append(v)
    return out


def continue_table(table: Block, more: Block) -> None:
    """Add the rows a drawn table continues with on the next page.

    The header row repeated on the new page is the table's running head and goes. A cell
    merged over rows on both sides of the page break is drawn as two cells, the lower one
    empty: it becomes the upper one, taller. A row the page break cut in two is one row:
    each cell's text below is added to the same cell above.
    """
    assert table.rows is not None and more.rows is not None
    rows = [list(r) for r in more.rows]
    head = table.rows[0]
    if (
        rows
        and all(c.rowspan == 1 for c in rows[0])
        and [(c.text, c.colspan) for c in rows[0]] == [(c.text, c.colspan) for c in head]
    ):
        rows = rows[1:]
    if not rows or not table.rows:
        table.rows.extend(rows)
        return
    owners = _owners(table)
    above = owners[-1]
    below = Block("table", rows=rows).grid()[0]
    width = min(len(above), len(below))
    pairs = [
        (c, above[c], cell)
        for c in range(width)
        if (cell := below[c]) is not None
        and above[c].colspan == cell.colspan
        and (c == 0 or above[c - 1] is not above[c])
    ]
    # A column every row fills, never merged (序号, 指标性质), tells: a new row fills it too,
    # the lower part of a row cut in two has it empty (its one line was printed above).
    telling = _always_filled(owners[1:])
    cut = any(c in telling and not low.text and low.rowspan == 1 for c, _, low in pairs)
    # in a column whose cells merge (一级指标), an empty cell after the break goes on above
    merging = {c for row in owners for c, x in enumerate(row) if x.rowspan > 1}
    for c, up, low in pairs:
        if cut:
            up.text = up.text + low.text if up.text and low.text else up.text or low.text
            up.rowspan += low.rowspan - 1
        elif up.text and not low.text and (up.rowspan > 1 or low.rowspan > 1 or c in merging):
            up.rowspan += low.rowspan
        else:
            continue
        rows[0] = [c for c in rows[0] if c is not low]
    if not rows[0]:
        rows = rows[1:]
    table.rows.extend(rows)


def _always_filled(owners: list[list[Cell]]) -> set[int]:
    """Columns whose every row has a one-row cell with text (rows spanning the table, such as
    a section row, aside)."""
    out: set[int] = set()
    for c in range(min((len(r) for r in owners), default=0)):
        cells = [row[c] for row in owners if row[c].colspan == 1]
        if cells and all(x.rowspan == 1 and x.text for x in cells):
            out.add(c)
    return out


def _owners(table: Block) -> list[list[Cell]]:
    """The cell covering each slot of the table (a merged cell in every slot it covers)."""
    grid = table.grid()
    out: list[list[Cell | None]] = [[None] * len(r) for r in grid]
    for r, row in enumerate(grid):
        for c, cell in enumerate(row):
            if cell is None:
                continue
            for dr in range(max(cell.rowspan, 1)):
                for dc in range(max(cell.colspan, 1)):
                    if r + dr < len(out) and c + dc < len(out[r + dr]):
                        out[r + dr][c + dc] = cell
    return [[c if c is not None else Cell("") for c in row] for row in out]
