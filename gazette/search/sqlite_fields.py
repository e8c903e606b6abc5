"""The values SQLite's FTS5 table stores for a document: one positional column, kept small.

Everything searchable goes into the ``body`` column (column 0), so no entry pays FTS5's
column marker, and the kinds of token cannot be confused because their lengths differ:

- 2 characters: the overlapping bigrams of the text, in order (phrases match on these);
- 1 character: each distinct character once (one-character queries);
- 3 characters: a bigram and its impact tier, only where the tier is above the document's
  base tier (that of a bigram occurring once), so the many bigrams that occur once cost nothing;
- 4 characters: the document's base tier.

Ranking level ``t`` for a bigram is then "the impact token for ``t``, or base tier ``t``": a
bigram occurring once is at its document's base tier, and a bigram at a higher tier was listed
at that higher level first (the impact tier never falls as the count rises).
"""

from __future__ import annotations

import itertools
from collections import Counter
from typing import Any

import numpy as np

from gazette.search import tokenise

_BASE_MARK = "\ue1ff" * 3  # with a tier character: four characters, like no other token
_U32 = np.dtype("<u4")
_BLANKS = np.array([ord(c) for c in tokenise.encode(" \n")], dtype=_U32)  # not "characters"


def base_token(tier: int) -> str:
    """The token a document carries for the tier of a bigram occurring once in it."""
    return _BASE_MARK + chr(tokenise.TIER0 + tier)


def body_field(norm: str) -> str:
    """The body column's value for a normalised text: bigrams, characters and rank tokens.

    Built on arrays of code points: the rebuild spends most of its Python time here, and
    this is about twice as fast as building the same tokens one string at a time."""
    enc = tokenise.encode(norm)
    length = len(norm)
    base = tokenise.impact_tier(1, length)
    cps = np.frombuffer(enc.encode("utf-32-le", "surrogatepass"), dtype=_U32)
    parts = []
    if len(cps) > 1:  # every bigram, in order: pairs of neighbours, each followed by a space
        parts.append(_joined(cps[:-1], cps[1:]))
    chars = np.unique(cps)
    chars = chars[~np.isin(chars, _BLANKS)]
    if len(chars):
        parts.append(_joined(chars))
    if len(cps) > 2:
        codes = (cps[:-1].astype(np.uint64) << 21) | cps[1:]  # a code point has 21 bits
        grams, counts = np.unique(codes, return_counts=True)
        grams, counts = grams[counts > 1], counts[counts > 1]
        tfs, which = np.unique(counts, return_inverse=True)
        tiers = np.array([tokenise.impact_tier(int(tf), length) for tf in tfs], np.int64)
        tiers = tiers[which]
        above = tiers > base
        if above.any():
            grams = grams[above]
            parts.append(_joined(grams >> 21, grams & 0x1FFFFF, tokenise.TIER0 + tiers[above]))
    parts.append(base_token(base))
    return " ".join(parts)


def _joined(*columns: Any) -> str:
    """Tokens made of one code point from each column, separated by spaces."""
    rows = np.empty((len(columns[0]), len(columns) + 1), dtype=_U32)
    for i, column in enumerate(columns):
        rows[:, i] = column
    rows[:, -1] = 32
    return rows.ravel()[:-1].tobytes().decode("utf-32-le", "surrogatepass")


def body_field_plain(norm: str) -> str:
    """The same tokens as ``body_field``, one string at a time: the reference it is tested
    against (the order of the rank tokens may differ, which no query can see)."""
    enc = tokenise.encode(norm)
    grams = list(map("".join, itertools.pairwise(enc)))
    length = len(norm)
    base = tokenise.impact_tier(1, length)
    ranked = []
    for gram, tf in Counter(grams).items():
        tier = tokenise.impact_tier(tf, length)
        if tf > 1 and tier > base:
            ranked.append(gram + chr(tokenise.TIER0 + tier))
    parts = (" ".join(grams), tokenise.unigram_field(norm), " ".join(ranked), base_token(base))
    return " ".join(p for p in parts if p)


def title_field(norm_title: str) -> str:
    """The title column's value: its bigrams (the "title holds the term" ranking level)."""
    return tokenise.bigram_field(norm_title)
