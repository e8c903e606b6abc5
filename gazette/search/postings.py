"""Compact posting lists for the PostgreSQL index: which documents hold a gram, and how much.

A posting list covers one segment of 16,384 document ids. It stores the ids as gaps from the
previous one (two bytes each), the low bytes first and the high bytes after them, then
deflated: most gaps are small, so the high half is nearly all zeros and costs almost nothing.
Decoding is a decompress and a running sum, both done in C, so a list of ten thousand
documents unpacks in well under a millisecond.

The impact tiers of a text bigram (see ``tokenise.impact_tier``) ride along as one byte per
posting, in the same order.
"""

from __future__ import annotations

import sys
import zlib
from array import array
from collections import Counter
from itertools import accumulate, pairwise

from gazette.search import tokenise

SEG_BITS = 14
SEG_SIZE = 1 << SEG_BITS
TEXT, TITLE = 0, 1  # the ``field`` of a posting row

_LEVEL = 1  # deflate level: the lists are small and the build is CPU-bound


def _deflate(data: bytes) -> bytes:
    c = zlib.compressobj(_LEVEL, zlib.DEFLATED, -15)
    return c.compress(data) + c.flush()


def _inflate(data: bytes) -> bytes:
    return zlib.decompress(data, -15)


def pack_ids(offsets: array) -> bytes:
    """Ascending offsets within a segment (an ``array('H')``) to a compact blob."""
    gaps = array("H", [offsets[0]])
    gaps.extend(b - a for a, b in pairwise(offsets))
    if sys.byteorder == "big":
        gaps.byteswap()
    raw = gaps.tobytes()
    return _deflate(raw[0::2] + raw[1::2])


def unpack_ids(blob: bytes, base: int) -> list[int]:
    """The document ids of a blob made by ``pack_ids`` for the segment starting at ``base``."""
    planes = _inflate(blob)
    half = len(planes) // 2
    raw = bytearray(len(planes))
    raw[0::2] = planes[:half]
    raw[1::2] = planes[half:]
    gaps = array("H")
    gaps.frombytes(bytes(raw))
    if sys.byteorder == "big":
        gaps.byteswap()
    return list(accumulate(gaps, initial=base))[1:]


def pack_tiers(tiers: bytes | bytearray) -> bytes:
    return _deflate(bytes(tiers))


def unpack_tiers(blob: bytes) -> bytes:
    return _inflate(blob)


def text_grams(norm: str) -> tuple[Counter[str], set[str]]:
    """A normalised text's bigrams with their counts, and its distinct characters."""
    counts = Counter(map("".join, pairwise(norm)))
    chars = set(norm)
    chars.difference_update(" \n")
    return counts, chars


def title_grams(norm_title: str) -> set[str]:
    return set(map("".join, pairwise(norm_title)))


def term_grams(term: str) -> list[str]:
    """The grams whose lists a term's documents are all in: the term itself if one character,
    otherwise its distinct bigrams in order."""
    if len(term) == 1:
        return [term]
    return list(dict.fromkeys(term[i : i + 2] for i in range(len(term) - 1)))


class Segment:
    """The posting lists of one segment, built in memory as documents arrive in id order."""

    def __init__(self, seg: int) -> None:
        self.seg = seg
        self.text: dict[str, tuple[array, bytearray]] = {}
        self.chars: dict[str, array] = {}
        self.title: dict[str, array] = {}

    def add(self, doc_id: int, norm_title: str, norm: str) -> None:
        off = doc_id - (self.seg << SEG_BITS)
        counts, chars = text_grams(norm)
        length = len(norm)
        tier_of: dict[int, int] = {}
        text = self.text
        for gram, tf in counts.items():
            tier = tier_of.get(tf)
            if tier is None:
                tier = tier_of[tf] = tokenise.impact_tier(tf, length)
            entry = text.get(gram)
            if entry is None:
                entry = text[gram] = (array("H"), bytearray())
            entry[0].append(off)
            entry[1].append(tier)
        for groups, grams in ((self.chars, chars), (self.title, title_grams(norm_title))):
            for gram in grams:
                ids = groups.get(gram)
                if ids is None:
                    ids = groups[gram] = array("H")
                ids.append(off)

    def rows(self) -> list[tuple[int, str, int, int, bytes, bytes | None]]:
        """(field, gram, seg, n, ids, tiers) for every list, sorted as the index orders them."""
        out: list[tuple[int, str, int, int, bytes, bytes | None]] = []
        for gram, (ids, tiers) in self.text.items():
            out.append((TEXT, gram, self.seg, len(ids), pack_ids(ids), pack_tiers(tiers)))
        for gram, ids in self.chars.items():
            out.append((TEXT, gram, self.seg, len(ids), pack_ids(ids), None))
        for gram, ids in self.title.items():
            out.append((TITLE, gram, self.seg, len(ids), pack_ids(ids), None))
        out.sort(key=lambda r: (r[0], r[1]))
        return out
