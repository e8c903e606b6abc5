"""Chinese line breaking (禁则) and justification, independent of any drawing library.

ReportLab's CJK wrap lets closing punctuation start a line and leaves opening brackets at a line
end, and it never justifies CJK lines (FACTS). Here text is cut into *atoms* that may not be
split: one hanzi, a run of Latin letters and digits, with closing punctuation glued to the atom
before it and opening punctuation glued to the atom after it, so "。”" and "——" stay together and
no line can start with ，or end with （. Lines are filled greedily; when the next atom overflows,
the line is either stretched (the atom goes down) or, if it ends in punctuation that can be
squeezed, compressed, whichever disturbs the spacing less. Every line but the last is then
justified exactly to the measure by spreading the difference over the gaps between characters.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import cast

# may not start a line
CLOSING = frozenset(
    "，。、；：？！）》」』】〕〗〉〙〛”’…—～·・%‰℃°"
    ",.;:?!)]}"  # ASCII closing signs when they stand next to hanzi
    "﹐﹑﹒﹔﹕﹖﹗﹚﹜﹞）］｝．，：；？！"
)
# may not end a line
OPENING = frozenset("（《「『【〔〖〈〘〚“‘([{﹙﹛﹝（［｛")
# full-width punctuation whose blank half may be squeezed to keep a line together
SQUEEZABLE = frozenset("，。、；：？！）》」』】〕〗〉”’（《「『【〔〖〈“‘")
# an ASCII run is kept whole: letters, digits and the signs that live inside numbers and codes
LATIN_INNER = frozenset("._-/%+:#&@'\"*=~")

SQUEEZE = 0.5  # the share of an em a squeezable mark can give up
_NOT_SQUEEZABLE = str.maketrans(dict.fromkeys(SQUEEZABLE))  # translate() drops them
_MARKS = CLOSING | OPENING


def _is_latin(ch: str) -> bool:
    return ch.isascii() and (ch.isalnum() or ch in LATIN_INNER)


# a Latin/digit run; a comma between digits (52,318) belongs to the number
_RAW = re.compile(
    r"(?:[A-Za-z0-9" + re.escape("".join(sorted(LATIN_INNER))) + r"]|,(?=[0-9]))+|.", re.S
)


def atoms(text: str) -> list[str]:
    """Cut text into unbreakable atoms; a space is an atom of its own (a break opportunity)."""
    raw = _RAW.findall(text)
    out: list[str] = []
    prefix = ""
    for atom in raw:
        if not prefix and atom[0] not in _MARKS and not atom.isspace():
            out.append(atom)  # the common case: a hanzi or a word, no mark to glue
            continue
        if atom.isspace():
            if prefix:  # an opening mark before a space stays with what follows the space
                out.append(prefix)
                prefix = ""
            out.append(atom)
        elif atom in OPENING:
            prefix += atom
        elif atom[0] in CLOSING and not prefix and out and not out[-1].isspace():
            out[-1] += atom
        elif atom[0] in CLOSING and not prefix and any(not a.isspace() for a in out):
            # "abc ，": the mark follows a space; keep it (and the spaces) with the word before
            spaces = ""
            while out[-1].isspace():
                spaces = out.pop() + spaces
            out[-1] += spaces + atom
        else:
            out.append(prefix + atom)
            prefix = ""
    if prefix:
        if out and not out[-1].isspace():
            out[-1] += prefix
        else:
            out.append(prefix)
    return out


@dataclass(frozen=True)
class Line:
    """One output line: its text, natural width, the extra space per gap, and its indent."""

    text: str
    natural: float
    spacing: float  # char spacing (PDF Tc) that makes the line exactly fill the measure
    indent: float = 0.0
    last: bool = False

    def width(self) -> float:
        return self.natural + self.spacing * max(len(self.text) - 1, 0)


Measure = Callable[[str], float]


def _split_oversized(atom: str, width: Measure, room: float) -> list[str]:
    """An atom wider than a whole line (a long URL): split it where the rules allow, after a
    - or / when there is one, so letter and digit runs stay whole where they can."""
    pieces: list[str] = []
    cur = ""
    for ch in atom:
        if cur and width(cur + ch) > room and ch not in CLOSING and cur[-1] not in OPENING:
            soft = max((k for k in range(1, len(cur)) if cur[k - 1] in "-/"), default=0)
            if soft and cur[soft] not in CLOSING and width(cur[soft:] + ch) <= room:
                pieces.append(cur[:soft])
                cur = cur[soft:]
            else:
                pieces.append(cur)
                cur = ""
        cur += ch
    if cur:
        pieces.append(cur)
    return pieces


def break_lines(
    text: str,
    width: Measure,
    measure: float,
    em: float,
    first_indent: float = 0.0,
    justify: bool = True,
    known: dict[str, float] | None = None,
) -> list[Line]:
    """Break ``text`` into lines no wider than ``measure`` (the first one indented);
    ``known``: widths ``width`` has already given, looked up without calling it."""
    items = atoms(text)
    widths: list[float]
    if known is None:
        widths = [width(a) for a in items]
    else:  # nearly every atom was measured before: a dictionary lookup, not a call
        get = known.get
        found = [get(a) for a in items]
        if None in found:
            widths = [width(a) if w is None else w for a, w in zip(items, found, strict=True)]
        else:
            widths = cast(list[float], found)
    limit = measure - first_indent
    if widths and max(widths) > limit:
        split: list[str] = []
        for atom, w in zip(items, widths, strict=True):
            oversized = w > limit and not atom.isspace()
            split += _split_oversized(atom, width, limit) if oversized else [atom]
        items, widths = split, [width(a) for a in split]
    lines: list[Line] = []
    i, n = 0, len(items)
    # the last atom that is not a space: a line reaching past it is the paragraph's last
    end = n - 1
    while end >= 0 and items[end].isspace():
        end -= 1
    while i < n:
        while i < n and items[i].isspace():  # no line starts with a space
            i += 1
        if i >= n:
            break
        indent = first_indent if not lines else 0.0
        room = measure - indent
        j, used = i, 0.0
        while j < n and used + widths[j] <= room + 1e-6:
            used += widths[j]
            j += 1
        if j == i:  # a single atom wider than the room (after the indent): take it anyway
            used, j = widths[i], i + 1
        elif j < n and room - used > em and len(items[j]) > 4:
            # rather than a very loose line, break a long code or number after its own - or /
            # (0527-|84352617, GB/|T): no character is added and no letter or digit run is cut
            atom, free = items[j], room - used
            cut = max(
                (
                    k
                    for k in range(2, len(atom) - 1)
                    if atom[k - 1] in "-/" and atom[k] not in CLOSING and width(atom[:k]) <= free
                ),
                default=0,
            )
            if cut:
                items[j : j + 1] = [atom[:cut], atom[cut:]]
                widths[j : j + 1] = [width(atom[:cut]), width(atom[cut:])]
                n += 1
                end += 1
                used += widths[j]
                j += 1
        if j < n and not items[j].isspace():
            # would squeezing the punctuation of the next atom keep it on this line?
            over = used + widths[j] - room
            if over <= em:
                k = j
                while k > i and items[k - 1].isspace():
                    k -= 1
                short = room - sum(widths[i:k])
                span = "".join(items[i : j + 1])
                marks = len(span) - len(span.translate(_NOT_SQUEEZABLE))
                if over <= marks * SQUEEZE * em and over < short:
                    j += 1
        k = j
        while k > i and items[k - 1].isspace():  # nor ends with one
            k -= 1
        lines.append(_make("".join(items[i:k]), sum(widths[i:k]), room, indent, j > end, justify))
        i = j
    return lines


def _make(text: str, natural: float, room: float, indent: float, last: bool, justify: bool) -> Line:
    gaps = len(text) - 1
    # a squeezed line (it took the next atom's punctuation) is tightened even when it is last
    squeezed = natural > room + 1e-6
    spacing = (room - natural) / gaps if gaps > 0 and (squeezed or (justify and not last)) else 0.0
    return Line(text, natural, spacing, indent, last)


# where a title may break without splitting a word: after these, or before the ones below
BREAK_AFTER = ("关于", "》", "、", "，", "印发", "转发", "做好", "加强", "推进", "进一步")
BREAK_BEFORE = (
    "的通知",
    "的意见",
    "的实施意见",
    "的决定",
    "的批复",
    "的报告",
    "的公告",
    "的办法",
    "工作",
    "实施",
)


def _title_breaks(text: str) -> list[int]:
    found: set[int] = set()
    for word in BREAK_AFTER:
        start = 0
        while (i := text.find(word, start)) >= 0:
            found.add(i + len(word))
            start = i + 1
    for word in BREAK_BEFORE:
        start = 0
        while (i := text.find(word, start)) >= 0:
            found.add(i)
            start = i + 1
    return sorted(
        k
        for k in found
        if 0 < k < len(text) and text[k] not in CLOSING and text[k - 1] not in OPENING
    )


def balance(text: str, width: Measure, measure: float, em: float) -> list[Line]:
    """Centered display lines (titles): two lines broken at a word boundary when one fits
    (GB/T 9704: 回行时词意完整、排列对称), else the narrowest measure with as few lines."""
    lines = break_lines(text, width, measure, em, justify=False)
    if len(lines) < 2:
        return lines
    if len(lines) == 2:
        best: tuple[float, int] | None = None
        for k in _title_breaks(text):
            a, b = width(text[:k]), width(text[k:])
            if a <= measure and b <= measure and (best is None or abs(a - b) < best[0]):
                best = (abs(a - b), k)
        if best is not None and best[0] < measure * 0.6:
            k = best[1]
            return [
                Line(text[:k], width(text[:k]), 0.0),
                Line(text[k:], width(text[k:]), 0.0, last=True),
            ]
    lo, hi = measure / len(lines) * 0.9, measure
    for _ in range(12):
        mid = (lo + hi) / 2
        if len(break_lines(text, width, mid, em, justify=False)) > len(lines):
            lo = mid
        else:
            hi = mid
    return break_lines(text, width, hi, em, justify=False)


def violations(lines: list[str]) -> list[str]:
    """The 禁则 breaches of a list of printed lines, in words (used by tests and the bench)."""
    found: list[str] = []
    for k, line in enumerate(lines):
        if not line:
            continue
        if k > 0 and line[0] in CLOSING:
            found.append(f"第{k + 1}行以“{line[0]}”开头")
        if k < len(lines) - 1 and line[-1] in OPENING:
            found.append(f"第{k + 1}行以“{line[-1]}”结尾")
    return found
