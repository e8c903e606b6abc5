"""Word's automatic list numbering, rendered as the reader sees it (一、 （一） 1. （1）).

Departments often number headings with Word's list feature, so the numbers are not in the
paragraph text at all. The printed document shows them, and the gazette prints what the
document shows, so they are rebuilt from numbering.xml: the level's format and text template,
with counters that restart when a higher level advances.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
CN_DIGITS = "〇一二三四五六七八九"


def chinese(n: int) -> str:
    """1..99 as 一 … 九十九 (chineseCounting)."""
    if n < 10:
        return CN_DIGITS[n]
    tens, ones = divmod(n, 10)
    return (CN_DIGITS[tens] if tens > 1 else "") + "十" + (CN_DIGITS[ones] if ones else "")


def fmt(n: int, kind: str) -> str:
    if kind in ("chineseCounting", "chineseCountingThousand", "chineseLegalSimplified"):
        return chinese(n)
    if kind == "ideographDigital":
        return "".join(CN_DIGITS[int(d)] for d in str(n))
    if kind == "lowerLetter":
        return chr(ord("a") + (n - 1) % 26)
    if kind == "upperLetter":
        return chr(ord("A") + (n - 1) % 26)
    if kind == "lowerRoman":
        return _roman(n).lower()
    if kind == "upperRoman":
        return _roman(n)
    if kind in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese"):
        return chr(0x2460 + n - 1) if 1 <= n <= 20 else str(n)
    if kind in ("bullet", "none"):
        return ""
    return str(n)


def _roman(n: int) -> str:
    out = ""
    for value, sym in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                       (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):  # fmt: skip
        while n >= value:
            out, n = out + sym, n - value
    return out


@dataclass
class Level:
    start: int = 1
    kind: str = "decimal"
    text: str = "%1."


@dataclass
class Numbering:
    """Levels per numId, and the running counters while the body is read in order."""

    levels: dict[str, dict[int, Level]] = field(default_factory=dict)
    counters: dict[str, dict[int, int]] = field(default_factory=dict)

    @classmethod
    def from_document(cls, document: Any) -> Numbering:
        out = cls()
        try:
            root = document.part.numbering_part.element
        except (NotImplementedError, KeyError, AttributeError):
            return out
        abstract: dict[str, dict[int, Level]] = {}
        for ab in root.iterchildren(W + "abstractNum"):
            levels = {}
            for lvl in ab.iterchildren(W + "lvl"):
                level = Level()
                for tag, attr in (("start", "start"), ("numFmt", "kind"), ("lvlText", "text")):
                    el = lvl.find(W + tag)
                    if el is not None and el.get(W + "val") is not None:
                        value = el.get(W + "val")
                        setattr(level, attr, int(value) if attr == "start" else value)
                levels[int(lvl.get(W + "ilvl", "0"))] = level
            abstract[ab.get(W + "abstractNumId", "")] = levels
        for num in root.iterchildren(W + "num"):
            ref = num.find(W + "abstractNumId")
            if ref is not None:
                out.levels[num.get(W + "numId", "")] = abstract.get(ref.get(W + "val", ""), {})
        return out

    def label(self, p: Any) -> str:
        """The number Word shows before this paragraph, or "" when it is not numbered."""
        pr = p.find(f"{W}pPr/{W}numPr")
        if pr is None:
            return ""
        num_el, lvl_el = pr.find(W + "numId"), pr.find(W + "ilvl")
        num = num_el.get(W + "val", "") if num_el is not None else ""
        ilvl = int(lvl_el.get(W + "val", "0")) if lvl_el is not None else 0
        levels = self.levels.get(num)
        if not levels or num == "0" or ilvl not in levels:
            return ""
        counters = self.counters.setdefault(num, {})
        counters[ilvl] = counters.get(ilvl, levels[ilvl].start - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        text = levels[ilvl].text
        for k in range(ilvl + 1):
            level = levels.get(k, Level())
            value = counters.get(k, level.start)
            text = text.replace(f"%{k + 1}", fmt(value, level.kind))
        return text
