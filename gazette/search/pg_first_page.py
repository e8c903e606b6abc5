"""The PostgreSQL index's first page without the total (what the search screen shows first),
when a term is three or more characters long.

The documents holding all the terms' grams (and passing the filters) are the candidates. Each
long term narrows them by its bigrams' positions, cheapest first (``narrowed``): the bigrams
read must sit at their offsets from the term's start. A bigram is read only while its positions
cost less than checking the candidates left by their texts would, so a common bigram (政务 at
50,000 documents: 4.5 million occurrences, 3.6 MB) is mostly never read. When the bigrams read
cover every character, they decide the term, and no text is read but the page's own (the
snippets need them). Otherwise the candidates are ranked and confirmed in rank order by their
texts, a batch at a time, until the page is full; the ranking does not depend on which
candidates are confirmed, so the page is the exact search's. When few confirm, the rest of a
covering set of bigrams is read, for the candidates left only, and decides.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from typing import Any

import numpy as np
from sqlalchemy import Connection, text

from gazette.search import doc_facts, id_sets, pg_ranking, postings
from gazette.search.id_sets import Ids
from gazette.search.index_pg_schema import unpack_body
from gazette.search.model import Filters
from gazette.search.query import Query
from gazette.search.snippets import matches

# a first page's candidates confirmed per statement; past them the positions decide
CONFIRM_BATCHES = (40, 80, 160)
# reading and checking one text costs about as much as unpacking this many bytes of positions
TEXT_BYTES = 2_000
# a covering set this cheap is read at once (some 10 ms of unpacking)
POS_BUDGET = 300_000
# no dearer bigram narrows the candidates before their texts are tried (some 20 ms)
NARROW_MAX = 600_000

Page = list[tuple[int, float]]
Where = dict[str, postings.U64]
Positions = Callable[[Connection, set[str], Ids], Where]


def decides(term: str, offsets: list[int]) -> bool:
    """Whether these bigrams cover every character of the term."""
    return {c for i in offsets for c in (i, i + 1)} == set(range(len(term)))


class _Reader:
    """The positions read so far (each bigram once, for the candidates of the time)."""

    def __init__(self, conn: Connection, found: Any, positions: Positions) -> None:
        self.conn, self.found, self.positions = conn, found, positions
        self.where: Where = {}

    def cost(self, gram: str) -> int:
        return 0 if gram in self.where else int(self.found.pos_bytes.get(gram, 0))

    def docs(self, term: str, offsets: list[int], cands: Ids) -> Ids:
        """The candidates where the bigrams at these offsets sit so."""
        new = {term[i : i + 2] for i in offsets} - self.where.keys()
        if new:
            self.where.update(self.positions(self.conn, new, cands))
            for g in new:
                self.where.setdefault(g, np.zeros(0, np.uint64))
        return id_sets.intersect([cands, postings.phrase_docs(term, offsets, self.where)])


def narrowed(term: str, cands: Ids, read: _Reader) -> tuple[Ids, list[int]]:
    """The candidates narrowed by the term's cheap bigrams, and their offsets: a covering set
    at once if cheap, else one bigram at a time, cheapest first, while it costs less than
    checking the candidates left by their texts would, and no more than ``NARROW_MAX``."""
    if _cheap(term, read):
        whole = _cover(term, read)
        return read.docs(term, whole, cands), whole
    order = sorted(range(len(term) - 1), key=lambda i: read.cost(term[i : i + 2]))
    used = order[:1]
    for i in order[1:]:
        cost = read.cost(term[i : i + 2])
        if not len(cands) or cost > NARROW_MAX or cost > len(cands) * TEXT_BYTES:
            break
        used = sorted([*used, i])
        cands = read.docs(term, used, cands)
        if decides(term, used):
            break
    return cands, used if len(used) > 1 else []


def first_page(
    conn: Connection,
    q: Query,
    filters: Filters,
    found: Any,
    keys: dict[int, int],
    need: int,
    positions: Positions,
) -> tuple[Page, dict[int, str]]:
    """The first ``need`` hits and the texts read to confirm them (see the module's doc)."""
    raw = conn.connection.driver_connection
    cands = id_sets.intersect(found.holding(t) for t in q.include)
    gone = [found.holding(t) for t in q.exclude if len(t) <= 2]
    cands = id_sets.minus(cands, id_sets.union(gone))
    if filters.active() and len(cands):
        cands = doc_facts.of(raw, found.stamp).passing_ids(filters, cands)
    by_id, newest = doc_facts.key_arrays(keys)

    def ranked(ids: Ids) -> Iterator[tuple[int, float]]:
        return pg_ranking.ranked(conn, q, ids, by_id, found, newest)

    read = _Reader(conn, found, positions)
    long_in = [t for t in q.include if len(t) > 2]
    long_out = [t for t in q.exclude if len(t) > 2]
    seen: dict[int, str | None] = {}
    if any(len(t) == 3 and not _cheap(t, read) for t in long_in) and len(cands):
        # a three-character phrase is often common (a longer one seldom is): then the first
        # few texts in rank order fill the page, and reading positions would cost more
        page = _confirmed(conn, q, ranked(cands), len(cands), need, 0, seen, CONFIRM_BATCHES[:1])
        if page is not None:
            return page
    open_terms = []
    for t in long_in:
        cands, used = narrowed(t, cands, read)
        if not decides(t, used):
            open_terms.append(t)
    if not len(cands):
        return [], {}
    if not open_terms and not long_out:  # the candidates are the answer
        return list(itertools.islice(ranked(cands), need)), {}
    rest = {t[i : i + 2] for t in (*open_terms, *long_out) for i in _cover(t, read)}
    cost = sum(map(read.cost, rest))
    page = _confirmed(conn, q, ranked(cands), len(cands), need, cost, seen)
    if page is not None:
        return page
    for t in open_terms:  # few confirm: the positions decide, for these candidates only
        cands = read.docs(t, _cover(t, read), cands)
    for t in long_out:
        cands = id_sets.minus(cands, read.docs(t, _cover(t, read), cands))
    return list(itertools.islice(ranked(cands), need)), {}


def _cheap(term: str, read: _Reader) -> bool:
    """Whether a covering set of the term's bigrams is cheap enough to read at once."""
    return sum(read.cost(term[i : i + 2]) for i in _cover(term, read)) <= POS_BUDGET


def _cover(term: str, read: _Reader) -> list[int]:
    return postings.cover(term, read.cost)


def _confirmed(
    conn: Connection,
    q: Query,
    ranked: Any,
    n_cands: int,
    need: int,
    cost: int,
    seen: dict[int, str | None],
    batches: tuple[int, ...] = CONFIRM_BATCHES,
) -> tuple[Page, dict[int, str]] | None:
    """The ranked candidates confirmed by their texts, a batch at a time, until ``need``;
    None when so few confirm that the rest would cost more than ``cost`` bytes of positions.
    ``seen``: the texts already checked (None: it does not match), added to."""
    sql = text("SELECT doc_id, body FROM search_docs WHERE doc_id = ANY(:ids)")
    page: Page = []
    bodies: dict[int, str] = {}
    read = 0
    every = n_cands * TEXT_BYTES <= cost
    steps = itertools.chain(batches, itertools.repeat(batches[-1])) if every else batches
    for i, size in enumerate(steps):
        # so few confirm that the batches left would not fill the page: positions decide
        if not every and read and len(page) * (read + sum(batches[i:])) < need * read:
            return None
        batch = list(itertools.islice(ranked, size))
        if not batch:
            return page, bodies
        read += len(batch)
        new = [d for d, _ in batch if d not in seen]
        if new:
            for d, b in conn.execute(sql, {"ids": new}):
                body = unpack_body(b)
                seen[int(d)] = body if matches(body, q.include, q.exclude) else None
        for d, score in batch:
            held = seen.get(d)
            if held is not None:
                page.append((d, score))
                bodies[d] = held
                if len(page) == need:
                    return page, bodies
    return None
