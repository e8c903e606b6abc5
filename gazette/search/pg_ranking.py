"""How the PostgreSQL index ranks its candidates: the SQLite index's levels (exact title,
title holds the driving term, the driving bigram's impact tier, newer first), computed from the
same tiers, so both rank alike. Kept apart from ``index_pg``, which reads and writes the lists.
Sets of documents are sorted arrays of ids (``id_sets``), ordered in C."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import numpy as np
from sqlalchemy import Connection, text

from gazette.search import tokenise
from gazette.search.id_sets import Ids, intersect, member, minus, union
from gazette.search.postings import TEXT, TITLE, term_grams
from gazette.search.query import Query

if TYPE_CHECKING:
    from gazette.search.index_pg import Lists


def ranked(
    conn: Connection,
    q: Query,
    cands: Ids,
    keys: Ids,
    found: Lists,
    newest: Ids,
) -> Iterator[tuple[int, float]]:
    """The candidates best first: exact title, title holds the driving term, the driving
    bigram's tier from the top; newer first within a level (``keys``: each document's sort
    key by id). Single characters: newest first (``newest``: every document, newest first).
    Each level is picked out of the driving list and sorted in C when it is reached, so a
    common word costs the few documents of its top levels."""
    if q.single_char:
        if len(cands) * 8 < len(newest):
            yield from _each(_by_key(cands, keys), 0.0)
        else:
            held = np.zeros(len(keys), bool)
            held[cands] = True
            yield from _each(newest[held[newest]], 0.0)
        return
    term, gram = driver(q, found)
    ids, tiers = found[(TEXT, gram)]
    in_title = intersect([cands, *(found[(TITLE, g)][0] for g in term_grams(term))])
    if len(in_title) and len(term) > 2:
        rows = conn.execute(
            text("SELECT doc_id, title FROM search_docs WHERE doc_id = ANY(:ids)"),
            {"ids": in_title.tolist()},
        ).all()
        in_title = np.array(sorted(d for d, t in rows if term in tokenise.normalise(t)), np.int64)
    exact = intersect([cands, np.array(sorted(found.exact), np.int64)])
    in_title = minus(in_title, exact)
    yield from _each(_by_key(exact, keys), 100.0)
    yield from _each(_by_key(in_title, keys), 50.0)
    seen = union([exact, in_title])
    # every document of the driving list is a candidate (one of a word's lists): no lookup
    ok = np.ones(len(ids), bool) if len(cands) == len(ids) else member(ids, cands)
    if len(seen):
        ok &= ~member(ids, seen)
    levels = np.frombuffer(tiers, np.uint8)
    for tier in range(tokenise.TIERS - 1, -1, -1):  # each level read only when reached
        yield from _each(_by_key(ids[ok & (levels == tier)], keys), float(tier))


def _by_key(ids: Ids, keys: Ids) -> Ids:
    """Newest (highest sort key) first; sort keys are unique."""
    out: Ids = ids[np.argsort(-keys[ids], kind="stable")]
    return out


def _each(ids: Ids, score: float, step: int = 256) -> Iterator[tuple[int, float]]:
    """Each id with the score, turned into Python numbers a few hundred at a time."""
    for at in range(0, len(ids), step):
        yield from ((d, score) for d in ids[at : at + step].tolist())


def driver(q: Query, found: Lists) -> tuple[str, str]:
    """The same driving term and bigram as the SQLite index picks (rarest, first on ties)."""
    pairs = [(t, g) for t in q.include if len(t) >= 2 for g in term_grams(t)]
    best = min(range(len(pairs)), key=lambda i: (len(found[(TEXT, pairs[i][1])][0]), i))
    return pairs[best]
