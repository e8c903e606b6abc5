"""Tables set by the house typesetter: columns sized to their content, rows split across pages.

A table is laid out once per width as one tall strip: column widths from the cells' text (within
the style sheet's ``table`` measures), each cell broken into lines, row heights from their cells
(a cell spanning rows stretches its last row when it needs more). Pagination then cuts the strip:

- at a row boundary when the next rows fit on a fresh page; never right after a section row (a
  merged cell across the full width, like 一、… in a 任务分解表) nor inside a cell spanning rows
  when another boundary will do;
- inside a row only when the rows up to the next allowed boundary are taller than a page; a line
  crossing the cut moves to the next page whole, so no text is lost or clipped;
- the header rows repeat at the top of every continuation.

Each part draws its text in reading order (a cell continued from the previous page first, a cell
continued onto the next page last), so a cell's text stays whole in the PDF's text, and every
drawn string is reported to the typesetter's log of printed text.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from reportlab.platypus import Flowable

from gazette.layout.linebreak import Line
from gazette.layout.para import Typesetter
from gazette.layout.styles import ParaStyle, StyleSheet
from gazette.layout.table_columns import TableMeasures, column_widths
from gazette.texts.model import Block, Cell

EPS = 1e-6


@dataclass
class _Cell:
    r0: int
    r1: int  # last row it covers
    c0: int
    c1: int  # last column it covers
    text: str
    style: ParaStyle
    lines: list[Line]
    top: float = 0.0  # strip offset of the first line's top
    bottom: float = 0.0  # strip offset of the cell's foot


@dataclass
class _Layout:
    width: float
    cols: list[float]
    rows: list[float]  # strip offset of each row's top, plus the table foot
    cells: list[_Cell]  # row-major reading order
    header: int  # rows repeated on continuation pages
    allowed: list[bool]  # may the strip be cut above row r (r = 1 … n-1)?

    @property
    def height(self) -> float:
        return self.rows[-1]

    def header_height(self) -> float:
        return self.rows[self.header] if self.header else 0.0


def _placed(block: Block) -> tuple[list[tuple[int, int, Any]], int]:
    """(row, column, cell) of every cell, and the number of columns."""
    grid = block.grid()
    ncols = max((len(r) for r in grid), default=0)
    out = []
    covered: set[tuple[int, int]] = set()
    for r, row in enumerate(grid):
        for c, cell in enumerate(row):
            if cell is not None:
                out.append((r, c, cell))
                covered |= {
                    (r + dr, c + dc)
                    for dr in range(max(cell.rowspan, 1))
                    for dc in range(max(cell.colspan, 1))
                }
    # a row with fewer cells than the table (as typed) is completed with empty, ruled cells
    out += [
        (r, c, Cell("")) for r in range(len(grid)) for c in range(ncols) if (r, c) not in covered
    ]
    out.sort(key=lambda x: (x[0], x[1]))
    return out, max(ncols, 1)


class GridTable(Flowable):  # type: ignore[misc]
    """A table block (or the part of it from strip offset ``start`` to ``end``)."""

    def __init__(
        self,
        block: Block,
        ss: StyleSheet,
        ts: Typesetter,
        where: str,
        page_height: float,
        *,
        _layout: _Layout | None = None,
        start: float = 0.0,
        end: float | None = None,
        continued: bool = False,
    ) -> None:
        super().__init__()
        self.block, self.ss, self.ts, self.where = block, ss, ts, where
        self.page_height = page_height
        self.m = TableMeasures.of(ss)
        self.layout = _layout
        self.start, self.end, self.continued = start, end, continued
        self.drawn_to = -1.0  # lines ending above this were drawn by the previous part
        self.spaceBefore = 0 if continued else 6
        self.spaceAfter = 10 if end is None else 0

    # layout -------------------------------------------------------------------------------
    def first_words(self) -> str:
        cells = [c.text for row in self.block.rows or [] for c in row if c.text]
        return "".join(cells)[:20]

    def _lay(self, width: float) -> _Layout:
        if self.layout is None or abs(self.layout.width - width) > EPS:
            self.ts.where = self.where
            self.layout = _lay_out(self.block, self.ss, self.ts, self.m, width)
        return self.layout

    def _stop(self, lay: _Layout) -> float:
        return lay.height if self.end is None else self.end

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        lay = self._lay(availWidth)
        head = lay.header_height() if self.continued else 0.0
        self.width, self.height = lay.width, self._stop(lay) - self.start + head
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        lay = self._lay(availWidth)
        head = lay.header_height() if self.continued else 0.0
        room = availHeight - head
        limit = self.start + room
        if limit >= self._stop(lay) - EPS:
            return [self]
        page = self.page_height - (lay.header_height() if self._repeats(lay) else 0.0)
        fresh = availHeight >= self.page_height - 1
        gap = 0.0 if fresh else self.m.row_split_gap * self.page_height
        where = _row_cut(lay, self.start, limit, page, gap)
        if where == "next" or (where == "inside" and room < 3 * _pitch(lay) and not fresh):
            return []  # start the rest on the next page
        cut = _kept_whole(lay, self.start, limit) if where == "inside" else float(where)
        nxt = min(
            [cut] + [c.top + k * c.style.leading for c in lay.cells for k in _crossing(c, cut)]
        )
        if nxt <= self.start + EPS or (self.start == 0 and cut <= lay.header_height() + EPS):
            return []
        first = GridTable(
            self.block, self.ss, self.ts, self.where, self.page_height,
            _layout=lay, start=self.start, end=cut, continued=self.continued,
        )  # fmt: skip
        first.spaceBefore = self.spaceBefore
        first.drawn_to = self.drawn_to
        rest = GridTable(
            self.block, self.ss, self.ts, self.where, self.page_height,
            _layout=lay, start=nxt, end=self.end, continued=self._repeats(lay),
        )  # fmt: skip
        rest.drawn_to = cut
        return [first, rest]

    def _repeats(self, lay: _Layout) -> bool:
        """Header rows repeat unless there are none or they would take a quarter page."""
        return (
            bool(lay.header)
            and self.m.repeat_header
            and lay.header_height() <= self.page_height / 4
        )

    # drawing ------------------------------------------------------------------------------
    def draw(self) -> None:
        lay = self.layout
        assert lay is not None
        canvas = self.canv
        stop = self._stop(lay)
        head = lay.header_height() if self.continued else 0.0
        top = self.height  # canvas y of the strip offset ``start`` (below a repeated header)

        def y_of(offset: float) -> float:
            return top - head - (offset - self.start)

        canvas.saveState()
        canvas.setLineWidth(self.m.rule)
        if head:  # the header rows again, drawn as at the table's top
            self._rules(lay, 0.0, head, lambda off: top - off, header_only=True)
        self._rules(lay, self.start, stop, y_of)
        canvas.restoreState()
        before, middle, after, header = [], [], [], []
        for cell in lay.cells:
            shown = [k for k in range(len(cell.lines)) if self._inside(cell, k, stop)]
            if not shown:
                continue
            if cell.top < self.start - EPS and shown[0] > 0:
                before.append((cell, shown))
            elif shown[-1] < len(cell.lines) - 1:
                after.append((cell, shown))
            else:
                middle.append((cell, shown))
        if head:
            header = [
                (c, list(range(len(c.lines)))) for c in lay.cells if c.r1 < lay.header and c.lines
            ]
        for group, place in (
            (before, y_of),
            (header, lambda off: top - off),
            (middle, y_of),
            (after, y_of),
        ):
            for cell, shown in group:
                self._text(lay, cell, shown, place)

    def _inside(self, cell: _Cell, k: int, stop: float) -> bool:
        y = cell.top + k * cell.style.leading
        foot = y + cell.style.leading
        return y >= self.start - EPS and foot <= stop + EPS and foot > self.drawn_to + EPS

    def _rules(
        self, lay: _Layout, start: float, stop: float, y_of: Any, header_only: bool = False
    ) -> None:
        """Cell borders clipped to the part [start, stop] of the strip, and its frame."""
        canvas = self.canv
        x = [sum(lay.cols[:c]) for c in range(len(lay.cols) + 1)]
        path = canvas.beginPath()
        for cell in lay.cells:
            if header_only and cell.r1 >= lay.header:
                continue
            t, b = max(lay.rows[cell.r0], start), min(lay.rows[cell.r1 + 1], stop)
            if b <= t + EPS:
                continue
            for xx in (x[cell.c0], x[cell.c1 + 1]):
                path.moveTo(xx, y_of(t))
                path.lineTo(xx, y_of(b))
            for edge in (lay.rows[cell.r0], lay.rows[cell.r1 + 1]):
                if t - EPS <= edge <= b + EPS:
                    path.moveTo(x[cell.c0], y_of(edge))
                    path.lineTo(x[cell.c1 + 1], y_of(edge))
        path.moveTo(0, y_of(start))
        path.lineTo(lay.width, y_of(start))
        path.moveTo(0, y_of(stop))
        path.lineTo(lay.width, y_of(stop))
        canvas.drawPath(path, stroke=1, fill=0)

    def _text(self, lay: _Layout, cell: _Cell, shown: list[int], place: Any) -> None:
        from gazette.layout.para import draw_lines

        left = sum(lay.cols[: cell.c0]) + self.m.padding
        measure = sum(lay.cols[cell.c0 : cell.c1 + 1]) - 2 * self.m.padding
        lines = [cell.lines[k] for k in shown]
        first_top = cell.top + shown[0] * cell.style.leading
        draw_lines(
            self.canv, self.ts, cell.style, lines, left, place(first_top), measure, self.where
        )


def _pitch(lay: _Layout) -> float:
    return max((c.style.leading for c in lay.cells), default=16.0)


def _crossing(cell: _Cell, cut: float) -> list[int]:
    """Indexes of the cell's lines that straddle the strip offset ``cut``."""
    lead = cell.style.leading
    return [
        k
        for k in range(len(cell.lines))
        if cell.top + k * lead < cut - EPS < cut + EPS < cell.top + (k + 1) * lead
    ]


def _kept_whole(lay: _Layout, start: float, cut: float) -> float:
    """Raise an inside cut above any short cell (three lines or fewer) it would split, so a
    date or a name is never torn across pages, and so that no cell leaves a single line on
    either side of it; the cut stays if that would empty the part."""
    moved = cut
    changed = True
    while changed:
        changed = False
        for c in lay.cells:
            lead, n = c.style.leading, len(c.lines)
            if not (c.top < moved - EPS and moved < c.top + n * lead - EPS):
                continue  # not split by the cut
            above = int((moved - c.top + EPS) // lead)  # whole lines before the cut
            if n <= 3 or above < 2:  # a short cell, or one line left alone at the page foot
                moved, changed = c.top, True
            elif n - above < 2:  # nor one line alone at the head of the next page
                moved, changed = c.top + (n - 2) * lead, True
    if moved <= start + EPS:
        return cut
    # no sliver of a row's top padding left at the page foot: end at that row's top
    edge = max((r for r in lay.rows if r <= moved + EPS), default=moved)
    pad = min((c.top - lay.rows[c.r0] for c in lay.cells if c.lines), default=0.0)
    return edge if moved - edge <= pad + EPS and edge > start + EPS else moved


def _row_cut(lay: _Layout, start: float, limit: float, page: float, gap: float) -> float | str:
    """Where to end this part: an allowed row boundary in (start, limit] when the rest of the
    page it leaves blank is at most ``gap``; else ``"inside"`` (cut a row at ``limit``: the
    rows there are taller than a page, or leaving them whole would leave half a page blank),
    or ``"next"`` when little room is left and the rows fit the next page whole."""
    rows, allowed = lay.rows, lay.allowed
    n = len(rows) - 1
    below = [r for r in range(1, n) if allowed[r] and rows[r] > limit + EPS]
    end = rows[below[0]] if below else rows[n]
    fit = [r for r in range(1, n) if allowed[r] and start + EPS < rows[r] <= limit + EPS]
    b = rows[fit[-1]] if fit else start
    if end - b > page + EPS or limit - b > gap + EPS:
        return "inside"
    return b if fit else "next"


def _even_lines(ts: Typesetter, text: str, style: ParaStyle, measure: float) -> list[Line]:
    """A short cell that must wrap, on lines as even as its measure allows (研究生/（硕士）,
    not 研究生（硕/士）): the narrowest measure that needs no more lines."""
    lines = ts.lines(text, style, measure)
    if len(lines) < 2:
        return lines
    lo, hi = measure / len(lines) * 0.9, measure
    for _ in range(10):
        mid = (lo + hi) / 2
        if len(ts.lines(text, style, mid)) > len(lines):
            lo = mid
        else:
            hi = mid
    return ts.lines(text, style, hi)


def _lay_out(
    block: Block, ss: StyleSheet, ts: Typesetter, m: TableMeasures, width: float
) -> _Layout:
    placed, ncols = _placed(block)
    nrows = len(block.rows or [])
    head_style, body_style = ss["table_head"], ss["table_cell"]
    header = max((r + cell.rowspan for r, c, cell in placed if r == 0), default=0)
    cols = column_widths(placed, ncols, width, ts, body_style, m, header)
    cells: list[_Cell] = []
    for r, c, cell in placed:
        r1 = min(r + max(cell.rowspan, 1), nrows) - 1
        c1 = min(c + max(cell.colspan, 1), ncols) - 1
        measure = sum(cols[c : c1 + 1]) - 2 * m.padding
        style = head_style if r < header else body_style
        text = cell.text.strip()
        if r < header and len(text) > 2 * m.short_chars:  # a header as long as a sentence
            style = replace(style, align="justify")
        section = r >= header and c == 0 and c1 == ncols - 1 and ncols > 1
        if section:  # 一、… across the table: a heading, flush left
            style = replace(head_style, align="left")
        elif r >= header and measure < m.justify_min_em * style.size:
            style = replace(style, align="left")
        if not text:
            lines = []
        elif len(text) <= m.short_chars and not section:
            lines = _even_lines(ts, text, style, measure)
        else:  # a line cut short by a code or a number that follows is not spread out
            lines = [
                replace(ln, spacing=0.0) if ln.width() - ln.natural > measure / 4 else ln
                for ln in ts.lines(text, style, measure)
            ]
        if r >= header and not section and len(lines) == 1 and len(text) <= m.short_chars:
            style = replace(style, align="center")
        cells.append(_Cell(r, r1, c, c1, text, style, lines))
    heights = [0.0] * nrows
    pad = 2 * m.padding_v
    for cell in sorted(cells, key=lambda x: x.r1 - x.r0):
        need = len(cell.lines) * cell.style.leading + pad if cell.lines else 0.0
        have = sum(heights[cell.r0 : cell.r1 + 1])
        if need > have:
            heights[cell.r1] += need - have
    for r in range(nrows):
        heights[r] = max(heights[r], body_style.leading + pad)
    rows = [0.0]
    for h in heights:
        rows.append(rows[-1] + h)
    for cell in cells:
        top, foot = rows[cell.r0], rows[cell.r1 + 1]
        content = len(cell.lines) * cell.style.leading
        spare = foot - top - content - pad
        middle = foot - top <= m.top_align_above
        cell.top = top + m.padding_v + (spare / 2 if middle else 0.0)
        cell.bottom = foot
    allowed = [True] * (nrows + 1)
    allowed[0] = False
    for cell in cells:
        for r in range(cell.r0 + 1, cell.r1 + 1):
            allowed[r] = False  # inside a cell spanning rows
        if cell.c0 == 0 and cell.c1 == ncols - 1 and ncols > 1 and cell.r0 >= header:
            allowed[cell.r1 + 1] = False  # a section row stays with the row after it
    if header < nrows:
        allowed[header] = False  # never the header alone at a page foot
    allowed[nrows] = True
    return _Layout(width, cols, rows, cells, header if header < nrows else 0, allowed)
