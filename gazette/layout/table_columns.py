"""Column widths of a house table, from the text its columns hold.

Every column first gets its minimum: its longest unbreakable run (a 准考证号, a code, a Latin
word) and the whole text of its short cells (a name, 性别, 序号, 大学本科). When those minimums
do not fit the measure, the columns holding the most text give them up first, in steps (short
headers on two even lines, then short cells, then only the unbreakable runs); only when even
the runs do not fit are all columns scaled down together. The room left goes where it makes
rows shorter, then by how much text each column still wraps.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from gazette.layout.linebreak import atoms
from gazette.layout.para import Typesetter
from gazette.layout.styles import ParaStyle, StyleSheet

EPS = 1e-6


@dataclass(frozen=True)
class TableMeasures:
    """The style sheet's ``table`` section: measures in ems of the cell size, spacing in pt."""

    min_col_em: float = 2.0
    max_col_em: float = 24.0
    short_chars: int = 8  # a cell this short stays on one line when it can, centred
    whole_chars: int = 4  # a cell this short sets its column's minimum whole (a name, 性别)
    justify_min_em: float = 8.0  # narrower columns are set flush left, never letter-spaced
    padding: float = 4.0
    padding_v: float = 3.0
    rule: float = 0.6
    repeat_header: bool = True
    top_align_above: float = 120.0  # cells taller than this read from the top, not the middle
    row_split_gap: float = 0.2  # a row is split rather than leave more of the page blank

    @classmethod
    def of(cls, ss: StyleSheet) -> TableMeasures:
        spec = ss.section("table")
        known = set(cls.__dataclass_fields__)
        return cls(**{k: v for k, v in spec.items() if k in known})


def _floors(
    placed: list[tuple[int, int, Any]], ncols: int, header: int, fn: Any, m: TableMeasures,
    size: float,
) -> list[list[float]]:  # fmt: skip
    """Column minimums from the loosest to the tightest: every short cell whole (a name, 性别,
    序号, 大学本科); then a short header of four or more characters on two even lines
    (工作/单位); then a short body cell on two lines; last only the longest unbreakable run
    (a 准考证号, a Latin word) of each column. Each is at least ``min_col_em``."""
    pad = 2 * m.padding
    hi_cap = m.max_col_em * size + pad
    tiers = [[m.min_col_em * size + pad] * ncols for _ in range(4)]
    for r, c, cell in placed:
        text = cell.text.strip()
        if cell.colspan > 1 or not text:
            continue
        run = max((fn(a) for a in atoms(text)), default=0.0) + pad
        whole = fn(text) + pad if len(text) <= m.whole_chars else run
        half = whole  # a name or 性别 never wraps while the runs fit
        if 4 <= len(text) <= m.whole_chars:
            k = -(-len(text) // 2)
            half = max(run, fn(text[:k]) + pad, fn(text[k:]) + pad)
        needs = [whole, half if r < header else whole, half, run]
        for tier, need in zip(tiers, needs, strict=True):
            tier[c] = min(max(tier[c], need), hi_cap)
    for k in range(1, 4):  # a tighter tier never asks more than a looser one
        tiers[k] = [min(a, b) for a, b in zip(tiers[k - 1], tiers[k], strict=True)]
    return tiers


def column_widths(
    placed: list[tuple[int, int, Any]], ncols: int, width: float, ts: Typesetter,
    cell_style: ParaStyle, m: TableMeasures, header: int = 0,
) -> list[float]:  # fmt: skip
    """Each column first gets its minimum (``_floors``); when the loosest minimums do not fit
    the measure, the columns holding the most text give up room first, tier by tier, since
    their cells wrap anyway. The rest of the measure goes first where it makes rows shorter
    (``_fewer_lines``), then by how much text each column still wraps, a column no wider than
    its widest cell on one line and the style sheet's maximum unless no other wants the room."""
    size = cell_style.size
    fn = ts.measurer(cell_style.role, size)
    pad = 2 * m.padding
    hi_cap = m.max_col_em * size + pad
    tiers = _floors(placed, ncols, header, fn, m, size)
    natural = list(tiers[-1])  # the widest cell on one line
    amount = [0.0] * ncols  # all the text a column holds
    for _r, c, cell in placed:
        if cell.colspan == 1 and cell.text.strip():
            whole = fn(cell.text.strip()) + pad
            natural[c] = max(natural[c], whole)
            amount[c] += whole
    low = list(tiers[0])
    for tier in tiers[1:]:
        if sum(low) <= width + EPS:
            break
        for c in sorted(range(ncols), key=lambda c: -amount[c]):
            low[c] = tier[c]
            if sum(low) <= width + EPS:
                break
    if sum(low) > width + EPS:
        return [width * w / sum(low) for w in low]
    cols = list(low)
    if sum(natural) <= width and max(natural) <= hi_cap:  # every cell fits on one line
        cols = list(natural)
        weight = list(natural)
    else:
        cols = _fewer_lines(placed, ncols, cols, width, fn, pad, hi_cap)
        weight = [0.0] * ncols  # the text each column still wraps
        for _r, c, cell in placed:
            if cell.colspan == 1 and cell.text.strip():
                weight[c] += max(fn(cell.text.strip()) + pad - cols[c], 0.0)
    cap = [min(hi_cap, max(natural[c], cols[c])) for c in range(ncols)]  # one line is enough
    open_ = [c for c in range(ncols) if cols[c] < cap[c] - EPS]
    spare = width - sum(cols)
    while spare > EPS and open_:
        total = sum(weight[c] for c in open_)
        if not total:  # the rest hold all they have on one line:
            break  # the room left goes to the columns that wanted more (below)
        share = {c: spare * weight[c] / total for c in open_}
        capped = [c for c in open_ if cols[c] + share[c] > cap[c]]
        if not capped:
            for c in open_:
                cols[c] += share[c]
            break
        for c in capped:
            cols[c] = cap[c]
        open_ = [c for c in open_ if c not in capped]
        spare = width - sum(cols)
    spare = width - sum(cols)
    if spare > EPS:  # past the maximum only when no other column wants the room
        more = [0.0] * ncols  # text still wrapped
        for _r, c, cell in placed:
            if cell.colspan == 1 and cell.text.strip():
                more[c] += max(fn(cell.text.strip()) + pad - cols[c], 0.0)
        total = sum(more) or sum(weight)
        share_of = more if sum(more) else weight
        cols = [
            w + spare * (share_of[c] / total if total else 1 / ncols) for c, w in enumerate(cols)
        ]
    return cols


def _fewer_lines(
    placed: list[tuple[int, int, Any]], ncols: int, cols: list[float], width: float, fn: Any,
    pad: float, hi_cap: float,
) -> list[float]:  # fmt: skip
    """Widen, one step at a time, the column whose widening saves the most table height per
    point (a row is as tall as its tallest cell): room goes where a row gets shorter, not to a
    column whose cells are shorter than their row's tallest cell anyway. Line counts are
    estimated from the widths of the cells' unbreakable runs, so this stays cheap."""
    nrows = max((r for r, _c, _cell in placed), default=-1) + 1
    runs: list[list[list[float]]] = [[[] for _ in range(ncols)] for _ in range(nrows)]
    for r, c, cell in placed:
        if cell.colspan == 1 and cell.rowspan <= 1 and cell.text.strip():
            runs[r][c] = [fn(a) for a in atoms(cell.text.strip())]
    cols = list(cols)
    seen: dict[tuple[int, float], list[int]] = {}

    def column_at(c: int, w: float) -> list[int]:
        key = (c, round(w, 3))
        if key not in seen:
            seen[key] = [_count_lines(runs[r][c], w - pad) for r in range(nrows)]
        return seen[key]

    step = (hi_cap - pad) / 48  # half an em at the usual maximum
    for _ in range(4 * ncols + 40):
        spare = width - sum(cols)
        if spare <= EPS:
            break
        now = [column_at(c, cols[c]) for c in range(ncols)]
        tall = [max(now[c][r] for c in range(ncols)) for r in range(nrows)]
        best: tuple[float, int, float] | None = None
        for c in range(ncols):
            rest = [
                max((now[d][r] for d in range(ncols) if d != c), default=0) for r in range(nrows)
            ]
            for k in range(1, 7):
                to = min(cols[c] + k * step, cols[c] + spare, hi_cap)
                if to <= cols[c] + EPS:
                    break
                new = column_at(c, to)
                saved = sum(tall[r] - max(rest[r], new[r]) for r in range(nrows))
                rate = saved / (to - cols[c])
                if saved > 0 and (best is None or rate > best[0] + EPS):
                    best = (rate, c, to)
        if best is None:
            break
        cols[best[1]] = best[2]
    return cols


def _count_lines(runs: list[float], room: float) -> int:
    """How many lines runs of these widths fill at this measure, breaking between runs."""
    if not runs:
        return 0
    n, used = 1, 0.0
    for w in runs:
        if used and used + w > room + EPS:
            n, used = n + 1, 0.0
        used += w
    return n
