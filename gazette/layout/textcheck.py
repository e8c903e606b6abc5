"""Did the typesetter print every unit of a document's text? White space aside, every other
character must be found in the printed text, in reading order.

The layout checks each document it typesets with ``missing_units`` (a lost cell or line stops the
build); ``gazette.pdf.verify`` compares a built PDF's text the same way, with ``squash``.
"""

from __future__ import annotations

import re

WS = re.compile(r"\s+")


def squash(text: str) -> str:
    """The text without any white space: line breaks and justification move it."""
    return WS.sub("", text)


def _found(flat: str, want: str, pos: int, pieces: int) -> int:
    """The end of ``want`` in ``flat`` after ``pos``, whole or in at most ``pieces`` runs in
    order (a table cell split across pages, with other cells' text between); -1 if not."""
    at = flat.find(want, pos)
    if at >= 0:
        return at + len(want)
    end, rest = pos, want
    for _ in range(pieces):
        lo, hi = 0, len(rest)  # the longest prefix of the rest found after ``end``
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if flat.find(rest[:mid], end) >= 0:
                lo = mid
            else:
                hi = mid - 1
        if lo == 0:
            return -1
        end = flat.find(rest[:lo], end) + lo
        rest = rest[lo:]
        if not rest:
            return end
    return -1


def missing_units(groups: list[list[str]], printed: str, pieces: int = 4) -> list[str]:
    """The units of a document's text not found in ``printed`` (white space aside).

    ``groups`` are in reading order; the units within one group (the cells of a table, the
    title with its 发文字号) may come in any order, since a table continued over a page repeats
    its header, and a cell split across pages may come in up to ``pieces`` runs. Each group
    is looked for after the end of the group before it.
    """
    flat = squash(printed)
    pos, lost = 0, []
    for group in groups:
        end = pos
        for unit in group:
            want = squash(unit)
            if not want:
                continue
            at = _found(flat, want, pos, pieces if len(group) > 1 else 1)
            if at < 0:
                lost.append(unit)
            else:
                end = max(end, at)
        pos = end
    return lost
