"""Turning text into index tokens: overlapping character bigrams, plus each distinct character.

Why bigrams: Chinese has no spaces and users search one- and two-character words (公开, 政务).
Every substring of two or more characters is a run of consecutive bigrams, so a phrase query over
bigram tokens finds exactly the documents a substring scan finds — no segmenter can miss a word.
A one-character query is answered from the set of distinct characters of each document.

The same rules apply to Latin letters, digits and punctuation, so 2018, PM2.5 and
宿政办发〔2018〕56号 match wherever they occur, even inside longer words (like a scan).

``normalise`` maps each character to one character, so offsets in the normalised text are
offsets in the original: snippets and highlights need no mapping table.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections import Counter
from functools import lru_cache

# ASCII characters that are not letters or digits (space, punctuation, control characters) are
# moved into the Private Use Area, so that FTS5's ``ascii`` tokenizer keeps every token whole
# and no query character can ever act as FTS syntax (quotes, brackets, *, -, :, ^ …).
_PUA = 0xE000


def _fold(ch: str) -> str:
    """One character to its search form: NFKC when that stays one character, then lower case."""
    if ch == "\n":
        return ch
    if ch.isspace():
        return " "
    if not ch.isprintable():
        return "\ufffd"
    norm = unicodedata.normalize("NFKC", ch)
    if len(norm) != 1:
        norm = ch
    low = norm.lower()
    return low if len(low) == 1 else norm


@lru_cache(maxsize=1)
def _table() -> dict[int, str]:
    """The characters of the Basic Multilingual Plane that change, for ``str.translate``."""
    table: dict[int, str] = {}
    for cp in range(0x10000):
        if 0xD800 <= cp < 0xE000:
            continue
        ch = chr(cp)
        folded = _fold(ch)
        if folded != ch:
            table[cp] = folded
    return table


@lru_cache(maxsize=1)
def _changing() -> re.Pattern[str]:
    """A character class of every BMP character that changes: most text has few of them."""
    cps = sorted(_table())
    ranges: list[str] = []
    start = prev = cps[0]
    for cp in [*cps[1:], -1]:
        if cp != prev + 1:
            ranges.append(
                re.escape(chr(start)) + ("-" + re.escape(chr(prev)) if prev > start else "")
            )
            start = cp
        prev = cp
    return re.compile("[" + "".join(ranges) + "]")


def normalise(text: str) -> str:
    """The search form of a text, character for character (same length as the input).

    Full-width letters and digits become ASCII (２０１８ → 2018), ﹝﹞ become 〔〕, Latin letters are
    lower-cased. White space other than a line break becomes a plain space (a phrase never spans
    lines); control characters become U+FFFD.
    """
    table, changing = _table(), _changing()
    out = changing.sub(lambda m: table[ord(m.group())], text)
    if out.isascii() or max(out) < "\U00010000":
        return out
    return "".join(_fold(c) if ord(c) > 0xFFFF else c for c in out)


_ENCODE = {i: chr(_PUA + i) for i in range(128) if not chr(i).isalnum()}


@lru_cache(maxsize=1)
def _preimages() -> dict[str, str]:
    """For each search-form character, every character that normalises to it (itself first)."""
    inv: dict[str, list[str]] = {}
    for cp, folded in _table().items():
        inv.setdefault(folded, [folded]).append(chr(cp))
    return {k: "".join(v) for k, v in inv.items()}


@lru_cache(maxsize=512)
def literal(term: str) -> bool:
    """Whether no other character normalises to any of the term's, so that the term occurs in
    an original text exactly where it occurs as a plain substring."""
    inv = _preimages()
    return not any(c in inv for c in term)


@lru_cache(maxsize=512)
def term_pattern(terms: tuple[str, ...]) -> re.Pattern[str]:
    """A regex finding the normalised terms in the ORIGINAL text, overlapping hits included.

    Finding hits this way needs no normalised copy of the text: each character of a term
    becomes the class of the characters that normalise to it.
    """
    inv = _preimages()

    def one(term: str) -> str:
        return "".join(
            "[" + "".join(re.escape(x) for x in inv[c]) + "]" if c in inv else re.escape(c)
            for c in term
        )

    alts = "|".join(one(t) for t in sorted(terms, key=len, reverse=True)) or "(?!)"
    return re.compile(f"(?=({alts}))")


def encode(norm: str) -> str:
    """A normalised text with ASCII punctuation and spaces moved to the Private Use Area."""
    return norm.translate(_ENCODE)


def bigrams(norm: str) -> list[str]:
    """Overlapping two-character tokens of a normalised text (none for a single character)."""
    enc = encode(norm)
    return [enc[i : i + 2] for i in range(len(enc) - 1)]


def bigram_field(norm: str) -> str:
    """The bigrams joined by spaces: the value stored in a bigram column of the FTS table."""
    enc = encode(norm)
    if len(enc) < 2:
        return ""
    # zip of the text with itself shifted by one is the fastest way to build the pairs
    return " ".join(map("".join, itertools.pairwise(enc)))


def unigram_field(norm: str) -> str:
    """The distinct characters (white space excluded), for one-character queries."""
    chars = set(norm)
    chars.difference_update(" \n")
    return " ".join(sorted(encode("".join(chars))))


# Relevance is precomputed per (bigram, document) as an impact tier: BM25's term-frequency
# factor with a fixed average length, cut into TIERS levels. Ranking then walks the tiers from
# the top, each an indexed lookup, instead of scoring every matching document at query time.
TIERS = 16
K1, B, AVG_LEN = 1.2, 0.75, 2000.0
TIER0 = 0xE100


def impact_tier(tf: int, length: int) -> int:
    """The tier (0 … TIERS-1) of a bigram occurring ``tf`` times in a text of ``length`` chars."""
    impact = tf * (K1 + 1) / (tf + K1 * (1 - B + B * length / AVG_LEN))
    return min(TIERS - 1, int(impact * 7))


def impact_field(norm: str) -> str:
    """Each distinct bigram of a normalised text with its impact tier, as tokens."""
    enc = encode(norm)
    counts = Counter(map("".join, itertools.pairwise(enc)))
    marks: dict[int, str] = {}
    length = len(norm)
    out = []
    for gram, tf in counts.items():
        mark = marks.get(tf)
        if mark is None:
            mark = marks[tf] = chr(TIER0 + impact_tier(tf, length))
        out.append(gram + mark)
    return " ".join(out)


def impact_token(encoded_bigram: str, tier: int) -> str:
    return encoded_bigram + chr(TIER0 + tier)


def query_tokens(term_norm: str) -> list[str]:
    """The index tokens a normalised term must match in order: its bigrams, or itself if short."""
    if len(term_norm) == 1:
        return [encode(term_norm)]
    return bigrams(term_norm)


def searchable_text(title: str, doc_number: str | None, body: str) -> str:
    """What a document is searched by: title, 发文字号 and body, one per line."""
    return "\n".join(x for x in (title, doc_number or "", body) if x)
