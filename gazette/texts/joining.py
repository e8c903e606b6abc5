"""When a PDF or OFD line goes on the item above it, beyond the plain rule in lines.py (a
full line, then a line at the left margin): a numbered item's hanging indent, and where a new
item starts although the line above filled the measure.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from gazette.texts.raw import clean

if TYPE_CHECKING:
    from gazette.texts.lines import Line

# the number an item opens with: 1. （1） a) 一、 （一）
_ITEM_NUMBER = re.compile(
    r"^(\d{1,2}[.．、](?!\d)|[（(]\d{1,2}[）)]|[a-zA-Z][)）]|[一二三四五六七八九十]+、"
    r"|[（(][一二三四五六七八九十]+[）)])"
)
_SENTENCE_END = "。；;！？!?：:"


def hangs(start: Line | None, prev: Line, ln: Line, size: float) -> bool:
    """A numbered item's wrapped line set under the item's text rather than under its number
    (a hanging indent, as Word sets a reference list: ``1. 《…》（国务院令第`` / ``650 号）``).

    It stands right of the item's first line by about the number's width, or level with the
    item's previous wrapped line; the line above stops mid-sentence and the line itself opens
    no item of its own."""
    if start is None or not _ITEM_NUMBER.match(clean(start.text)):
        return False
    if clean(prev.text)[-1:] in _SENTENCE_END or _ITEM_NUMBER.match(clean(ln.text)):
        return False
    if prev is start:
        return start.x + 0.8 * size <= ln.x <= start.x + 4.5 * size
    return prev.x > start.x and abs(ln.x - prev.x) <= 0.6 * size


def opens_item(prev: Line, ln: Line) -> bool:
    """A numbered line after a finished sentence opens a new item even where the sentence
    filled its line: a heading at the top of a page (``…所述一致。`` / ``四、参考资料``); so
    does every line after a contents entry, whose dot leader runs to the margin (``…前言....4``)."""
    if _LEADER.search(clean(prev.text)):
        return True
    return clean(prev.text)[-1:] in "。；;！？!?" and bool(_ITEM_NUMBER.match(clean(ln.text)))


_LEADER = re.compile(r"[.·…．]{4,}\s*\d{1,4}$")
