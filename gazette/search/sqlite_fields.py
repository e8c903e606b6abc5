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

from gazette.search import tokenise

_BASE_MARK = "\ue1ff" * 3  # with a tier character: four characters, like no other token


def base_token(tier: int) -> str:
    """The token a document carries for the tier of a bigram occurring once in it."""
    return _BASE_MARK + chr(tokenise.TIER0 + tier)


def body_field(norm: str) -> str:
    """The body column's value for a normalised text: bigrams, characters and rank tokens."""
    enc = tokenise.encode(norm)
    grams = list(map("".join, itertools.pairwise(enc)))
    length = len(norm)
    base = tokenise.impact_tier(1, length)
    marks: dict[int, str] = {}
    ranked = []
    for gram, tf in Counter(grams).items():
        if tf > 1:
            mark = marks.get(tf)
            if mark is None:
                tier = tokenise.impact_tier(tf, length)
                mark = marks[tf] = chr(tokenise.TIER0 + tier) if tier > base else ""
            if mark:
                ranked.append(gram + mark)
    parts = (" ".join(grams), tokenise.unigram_field(norm), " ".join(ranked), base_token(base))
    return " ".join(p for p in parts if p)


def title_field(norm_title: str) -> str:
    """The title column's value: its bigrams (the "title holds the term" ranking level)."""
    return tokenise.bigram_field(norm_title)
