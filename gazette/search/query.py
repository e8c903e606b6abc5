"""Parsing what a user types into terms. Any text is a valid query, and nothing is an operator
except the three documented forms:

- words separated by spaces must all occur (``政务 公开``);
- text in quotes ("…", “…”, 「…」) is one term, spaces included (``"政务 公开"``);
- a leading minus excludes a term (``公开 -依申请``).

AND, OR, NEAR, *, ^, :, brackets and the like are ordinary characters to look for. A lone ``-``
or an unclosed quote is taken literally, so no input raises an error or changes meaning.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from gazette.search.tokenise import normalise

_OPEN_CLOSE = {'"': '"', "“": "”", "”": "”", "「": "」", "『": "』", "＂": "＂"}
_MINUS = ("-", "－", "—")  # ASCII, full-width and a dash typed by an IME


@dataclass(frozen=True)
class Query:
    """A parsed query: normalised terms that must occur and terms that must not."""

    text: str = ""
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    key: str = field(default="", compare=False)  # the terms without spaces: an exact title

    @property
    def empty(self) -> bool:
        return not self.include and not self.exclude

    @property
    def single_char(self) -> bool:
        """Only one-character terms: ranked newest first (a character carries no relevance)."""
        return bool(self.include) and all(len(t) == 1 for t in self.include)

    @property
    def highlight_terms(self) -> tuple[str, ...]:
        return self.include


def _split(text: str) -> list[tuple[str, bool, bool]]:
    """(raw term, excluded, quoted) in order of appearance."""
    parts: list[tuple[str, bool, bool]] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch.isspace():
            i += 1
            continue
        negate = False
        if ch in _MINUS and i + 1 < n and not text[i + 1].isspace():
            negate, i = True, i + 1
            ch = text[i]
        if ch in _OPEN_CLOSE:
            close = _OPEN_CLOSE[ch]
            end = text.find(close, i + 1)
            if end < 0:  # an unclosed quote: the rest of the text is the phrase
                end = n
            parts.append((text[i + 1 : end], negate, True))
            i = end + 1
            continue
        j = i
        while j < n and not text[j].isspace():
            j += 1
        parts.append((text[i:j], negate, False))
        i = j
    return parts


def _clean(raw: str, quoted: bool) -> str:
    norm = normalise(raw)
    if quoted:
        return " ".join(norm.split())  # runs of white space inside a phrase count as one space
    return norm.strip()


def parse(text: str) -> Query:
    """Parse user text; never raises. Duplicate terms and terms inside longer ones are dropped."""
    include: list[str] = []
    exclude: list[str] = []
    for raw, negate, quoted in _split(text or ""):
        term = _clean(raw, quoted)
        if not term:
            continue
        (exclude if negate else include).append(term)
    include = _dedupe(include)
    exclude = _dedupe(exclude)
    key = "".join("".join(t.split()) for t in include)
    return Query(text=text or "", include=tuple(include), exclude=tuple(exclude), key=key)


def _dedupe(terms: list[str]) -> list[str]:
    """Keep the order; drop a term contained in another (it adds no condition)."""
    out: list[str] = []
    for t in sorted(dict.fromkeys(terms), key=len, reverse=True):
        if not any(t in o for o in out):
            out.append(t)
    order = {t: i for i, t in enumerate(terms)}
    return sorted(out, key=lambda t: order[t])
