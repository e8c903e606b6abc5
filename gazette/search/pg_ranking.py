"""How the PostgreSQL index ranks its candidates: the SQLite index's levels (exact title,
title holds the driving term, the driving bigram's impact tier, newer first), computed from the
same tiers, so both rank alike. Kept apart from ``index_pg``, which reads and writes the lists."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from sqlalchemy import Connection, text

from gazette.search import doc_facts, tokenise
from gazette.search.postings import TEXT, TITLE, term_grams
from gazette.search.query import Query

if TYPE_CHECKING:
    from gazette.search.index_pg import Lists


def ranked(
    conn: Connection,
    q: Query,
    cands: set[int],
    keys: dict[int, int],
    found: Lists,
    need: int,
) -> Iterator[tuple[int, float]]:
    """The candidates best first: exact title, title holds the driving term, the driving
    bigram's tier from the top; newer first within a level. Single characters: newest
    first. A level is found by scanning the tier bytes (in C), and only the levels read
    are sorted, so a common word costs the few documents of its top levels."""
    if q.single_char:
        yield from ((d, 0.0) for d in newest(cands, keys, need))
        return
    term, gram = driver(q, found)
    ids, tiers = found[(TEXT, gram)]
    in_title = set.intersection(*(set(found[(TITLE, g)][0]) for g in term_grams(term)))
    in_title &= cands
    if in_title and len(term) > 2:
        rows = conn.execute(
            text("SELECT doc_id, title FROM search_docs WHERE doc_id = ANY(:ids)"),
            {"ids": sorted(in_title)},
        ).all()
        in_title = {d for d, t in rows if term in tokenise.normalise(t)}
    exact = found.exact & cands
    seen = set(exact)
    for score, docs in ((100.0, exact), (50.0, in_title - seen)):
        yield from ((d, score) for d in sorted(docs, key=keys.__getitem__, reverse=True))
    seen |= in_title
    all_in = len(cands) == len(ids)  # every document of the driving list is a candidate
    for tier in range(tokenise.TIERS - 1, -1, -1):  # each level read only when reached
        at = [m.start() for m in re.finditer(re.escape(bytes([tier])), tiers)]
        level = [d for d in (ids[i] for i in at) if d not in seen and (all_in or d in cands)]
        level.sort(key=keys.__getitem__, reverse=True)
        yield from ((d, float(tier)) for d in level)


def newest(cands: set[int], keys: dict[int, int], need: int) -> Iterator[int]:
    """The candidates newest first: from the whole index's order when they are many."""
    order = doc_facts.newest_first(keys)
    if len(cands) * 8 < len(keys) or order is None:
        yield from sorted(cands, key=keys.__getitem__, reverse=True)
        return
    yield from (d for d in order if d in cands)


def driver(q: Query, found: Lists) -> tuple[str, str]:
    """The same driving term and bigram as the SQLite index picks (rarest, first on ties)."""
    pairs = [(t, g) for t in q.include if len(t) >= 2 for g in term_grams(t)]
    best = min(range(len(pairs)), key=lambda i: (len(found[(TEXT, pairs[i][1])][0]), i))
    return pairs[best]
