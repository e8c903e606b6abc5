"""The PostgreSQL index: the same answers as the SQLite one, from gram-to-posting lists.

- ``search_postings`` holds, per gram and segment of document ids, the compact list of the
  documents holding it (``postings``): every distinct bigram and character of each text, with
  the bigram's impact tier, and the bigrams of each title. A query reads the lists of its grams
  with one primary-key probe each, all in one statement; a two-character word is one list.
- ``search_docs`` holds each document's filter values and its text, deflated, for snippets and
  for confirming terms of three or more characters (their bigrams narrow the candidates, the
  text decides), in rank order and only as far as the page needs.
- ``search_stamp`` changes with every write, so a process can keep the documents' sort keys
  in memory and know when to read them again.

Ranking uses the SQLite index's levels (exact title, title holds the driving term, the driving
bigram's impact tier, newer first), computed from the same tiers, so both rank alike.
"""

from __future__ import annotations

import itertools
import re
import zlib
from array import array
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

from sqlalchemy import Connection, text

from gazette.search import postings, tokenise
from gazette.search.index_pg_schema import (
    DDL,
    DOC_COLUMNS,
    DROP,
    INDEXES,
    LISTS_SQL,
    WRITE_LOCK,
)
from gazette.search.index_sqlite import title_key
from gazette.search.model import META_COLUMNS, Filters, IndexRow, RawHit, RawPage, filter_clauses
from gazette.search.postings import SEG_BITS, TEXT, TITLE, Segment, term_grams
from gazette.search.query import Query
from gazette.search.snippets import matches

# per stamp: doc_id -> sort key (a few recent stamps, for processes on several schemas)
_KEYS: dict[str, dict[int, int]] = {}
_ORDER: dict[int, list[int]] = {}  # id of a _KEYS map -> its doc ids, newest first

Row = tuple[int, str, int]  # (field, gram, seg)


class Lists(dict[tuple[int, str], tuple[list[int], bytes]]):
    """(field, gram) -> (document ids, tiers), with what the same statement read besides."""

    stamp = ""
    exact: set[int]

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self.exact = set()


def _pack_body(body: str) -> bytes:
    return zlib.compress(body.encode("utf-8"), 3)


def _unpack_body(blob: bytes) -> str:
    return zlib.decompress(blob).decode("utf-8")


def _raw(conn: Connection) -> Any:
    return conn.connection.driver_connection


class PgIndex:
    dialect = "postgresql"

    def create(self, conn: Connection) -> None:
        for sql in (*DDL, *INDEXES):
            conn.exec_driver_sql(sql)

    def drop(self, conn: Connection) -> None:
        for sql in DROP:
            conn.exec_driver_sql(sql)

    def exists(self, conn: Connection) -> bool:
        return bool(
            conn.exec_driver_sql("SELECT to_regclass('search_postings') IS NOT NULL").scalar()
        )

    def count_docs(self, conn: Connection) -> int:
        return int(conn.exec_driver_sql("SELECT count(*) FROM search_docs").scalar_one())

    def __init__(self) -> None:
        self._bodies: dict[int, str] = {}  # texts read while confirming, for the snippets

    def texts(self, conn: Connection, doc_ids: Sequence[int]) -> dict[int, str]:
        if not doc_ids:
            return {}
        if all(d in self._bodies for d in doc_ids):
            return {d: self._bodies[d] for d in doc_ids}
        rows = conn.execute(
            text("SELECT doc_id, body FROM search_docs WHERE doc_id = ANY(:ids)"),
            {"ids": list(doc_ids)},
        ).all()
        out = {int(d): _unpack_body(b) for d, b in rows}
        self._bodies = out
        return out

    def hit_rows(
        self, conn: Connection, doc_ids: Sequence[int], columns: str
    ) -> tuple[dict[int, Any], dict[int, str]]:
        """The shown hits' columns and texts in one statement (texts already read are kept)."""
        known = all(d in self._bodies for d in doc_ids)
        body = "NULL" if known else "body"
        rows = conn.execute(
            text(f"SELECT {columns}, {body} FROM search_docs WHERE doc_id = ANY(:ids)"),
            {"ids": list(doc_ids)},
        ).all()
        if known:
            return {r[0]: r[:-1] for r in rows}, {d: self._bodies[d] for d in doc_ids}
        return {r[0]: r[:-1] for r in rows}, {int(r[0]): _unpack_body(r[-1]) for r in rows}

    # writing ----------------------------------------------------------------------------
    def bulk_begin(self, conn: Connection) -> None:
        """Nothing: the indexes stay (dropping them is DDL, which only the owner may run on a
        shared database, and the rows go in in document order anyway)."""

    def chunk_end(self, first_id: int) -> int | None:
        """Where a rebuild's committed step must stop: a segment's lists are written whole."""
        return ((first_id >> SEG_BITS) + 1) << SEG_BITS

    def bulk_add(
        self, conn: Connection, rows: Iterable[IndexRow], step: Callable[[int], None]
    ) -> int:
        """Add documents (in id order, whole segments) to an index in bulk mode: one segment's
        lists in memory at a time, written with COPY in gram order."""
        cur = _raw(conn).cursor()
        seg: Segment | None = None
        docs: list[tuple[Any, ...]] = []
        done = 0

        def flush_docs() -> None:
            with cur.copy(f"COPY search_docs ({', '.join(DOC_COLUMNS)}) FROM STDIN") as cp:
                for d in docs:
                    cp.write_row(d)
            docs.clear()

        def flush_segment(s: Segment) -> None:
            cols = "field, gram, seg, n, ids, tiers"
            with cur.copy(f"COPY search_postings ({cols}) FROM STDIN") as cp:
                for r in s.rows():
                    cp.write_row(r)

        for r in rows:
            if seg is None or r.doc_id >> SEG_BITS != seg.seg:
                if seg is not None:
                    flush_segment(seg)
                seg = Segment(r.doc_id >> SEG_BITS)
            seg.add(r.doc_id, tokenise.normalise(r.title), tokenise.normalise(r.text))
            docs.append(_doc_values(r))
            done += 1
            if len(docs) >= 1000:
                flush_docs()
                step(done)
        flush_docs()
        if seg is not None:
            flush_segment(seg)
        step(done)
        return done

    def bulk_end(self, conn: Connection) -> None:
        """After the load: fresh planner statistics where this login may gather them (only
        the tables' owner may; for the others autovacuum's analyse follows the load)."""
        owned = conn.exec_driver_sql(
            "SELECT pg_has_role(current_user, c.relowner, 'USAGE') FROM pg_class c "
            "WHERE c.oid = 'search_docs'::regclass"
        ).scalar()
        if owned:
            conn.exec_driver_sql("ANALYZE search_docs")
            conn.exec_driver_sql("ANALYZE search_postings")
        self._touch(conn)

    def upsert(self, conn: Connection, rows: Sequence[IndexRow]) -> None:
        if not rows:
            return
        self.delete(conn, [r.doc_id for r in rows])
        changes: dict[Row, dict[int, int]] = {}
        for r in rows:
            nt, nb = tokenise.normalise(r.title), tokenise.normalise(r.text)
            seg, off = r.doc_id >> SEG_BITS, r.doc_id & ((1 << SEG_BITS) - 1)
            counts, chars = postings.text_grams(nb)
            for gram, tf in counts.items():
                changes.setdefault((TEXT, gram, seg), {})[off] = tokenise.impact_tier(tf, len(nb))
            for gram in chars:
                changes.setdefault((TEXT, gram, seg), {})[off] = -1
            for gram in postings.title_grams(nt):
                changes.setdefault((TITLE, gram, seg), {})[off] = -1
        cur = _raw(conn).cursor()
        with cur.copy(f"COPY search_docs ({', '.join(DOC_COLUMNS)}) FROM STDIN") as cp:
            for r in rows:
                cp.write_row(_doc_values(r))
        self._rewrite(conn, changes, add=True)

    def delete(self, conn: Connection, doc_ids: Iterable[int]) -> None:
        ids = list(doc_ids)
        if not ids:
            return
        conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": WRITE_LOCK})
        old = conn.execute(
            text("DELETE FROM search_docs WHERE doc_id = ANY(:ids) RETURNING doc_id, title, body"),
            {"ids": ids},
        ).all()
        changes: dict[Row, dict[int, int]] = {}
        for doc_id, title, body in old:
            nt, nb = tokenise.normalise(title), tokenise.normalise(_unpack_body(body))
            seg, off = doc_id >> SEG_BITS, doc_id & ((1 << SEG_BITS) - 1)
            counts, chars = postings.text_grams(nb)
            for gram in (*counts, *chars):
                changes.setdefault((TEXT, gram, seg), {})[off] = -1
            for gram in postings.title_grams(nt):
                changes.setdefault((TITLE, gram, seg), {})[off] = -1
        self._rewrite(conn, changes, add=False)
        self._touch(conn)

    def _rewrite(self, conn: Connection, changes: dict[Row, dict[int, int]], add: bool) -> None:
        """Read, change and write back the lists these documents enter or leave."""
        if not changes:
            return
        keys = list(changes)
        current: dict[Row, tuple[list[int], bytes | None]] = {}
        for f, g, s, ids, tiers in conn.execute(
            text(
                "DELETE FROM search_postings p USING unnest(CAST(:f AS smallint[]), "
                "CAST(:g AS text[]), CAST(:s AS int[])) AS u(f, g, s) "
                'WHERE p.field = u.f AND p.gram = u.g COLLATE "C" AND p.seg = u.s '
                "RETURNING p.field, p.gram, p.seg, p.ids, p.tiers"
            ),
            {"f": [k[0] for k in keys], "g": [k[1] for k in keys], "s": [k[2] for k in keys]},
        ):
            current[(f, g, s)] = (
                postings.unpack_ids(ids, 0),
                tiers and postings.unpack_tiers(tiers),
            )
        out = []
        for key, change in changes.items():
            ids, tiers = current.get(key, ([], None))
            have = dict(zip(ids, tiers if tiers is not None else [0] * len(ids), strict=True))
            if add:
                have.update((o, max(t, 0)) for o, t in change.items())
            else:
                for o in change:
                    have.pop(o, None)
            if not have:
                continue
            order = sorted(have)
            packed_tiers = None
            if key[0] == TEXT and len(key[1]) == 2:
                packed_tiers = postings.pack_tiers(bytes(have[o] for o in order))
            out.append((*key, len(order), postings.pack_ids(array("H", order)), packed_tiers))
        cur = _raw(conn).cursor()
        with cur.copy("COPY search_postings (field, gram, seg, n, ids, tiers) FROM STDIN") as cp:
            for row in out:
                cp.write_row(row)

    def _touch(self, conn: Connection) -> None:
        conn.exec_driver_sql("UPDATE search_stamp SET stamp = gen_random_uuid()::text")

    def clear(self, conn: Connection) -> None:
        conn.exec_driver_sql("DELETE FROM search_docs")
        conn.exec_driver_sql("DELETE FROM search_postings")
        self._touch(conn)

    # searching ---------------------------------------------------------------------------
    def sort_keys(self, conn: Connection, stamp: str) -> dict[int, int]:
        """doc_id -> sort key, read once per write of the index (by anyone)."""
        keys = _KEYS.get(stamp)
        if keys is None:
            rows = _raw(conn).execute("SELECT doc_id, key FROM search_docs").fetchall()
            keys = dict(rows)
            if len(_KEYS) >= 4:
                _ORDER.pop(id(_KEYS.pop(next(iter(_KEYS)))), None)
            _KEYS[stamp] = keys
            _ORDER[id(keys)] = sorted(keys, key=keys.__getitem__, reverse=True)
        return keys

    def lists(self, conn: Connection, grams: Iterable[tuple[int, str]], title: str = "") -> Lists:
        """Each (field, gram)'s documents, ascending, with their tiers (text bigrams only), the
        index's stamp, and the documents whose title key is ``title``: one statement."""
        wanted = list(dict.fromkeys(grams))
        found = Lists({w: ([], b"") for w in wanted})
        words = ([f for f, _ in wanted], [g for _, g in wanted], title or None)
        for f, g, s, ids, tiers in _raw(conn).execute(LISTS_SQL, words).fetchall():
            if f == -1:
                found.stamp = g
            elif f == -2:
                found.exact.add(s)
            else:
                have_ids, have_tiers = found[(f, g)]
                have_ids += postings.unpack_ids(ids, s << SEG_BITS)
                if tiers is not None:
                    found[(f, g)] = (have_ids, have_tiers + postings.unpack_tiers(tiers))
        return found

    def search(
        self,
        conn: Connection,
        q: Query,
        filters: Filters,
        offset: int = 0,
        limit: int = 20,
        count: bool = True,
    ) -> RawPage:
        """A page of ranked hits; the exact total too unless ``count`` is False (total -1).

        Terms of one or two characters are answered by their lists alone. Longer terms are
        confirmed against the text: every candidate when counting, otherwise in rank order
        until the page is full."""
        need = offset + limit
        self._bodies = {}
        grams = [(TEXT, g) for t in (*q.include, *q.exclude) for g in term_grams(t)]
        titles = [(TITLE, g) for t in q.include if len(t) > 1 for g in term_grams(t)]
        found = self.lists(conn, [*grams, *titles], q.key if q.include else "")

        def docs_of(term: str) -> set[int]:
            """The documents holding all of a term's grams: the shortest list as a set, the
            others only looked up in it."""
            lists = sorted((found[(TEXT, g)][0] for g in term_grams(term)), key=len)
            out = set(lists[0])
            for ids in lists[1:]:
                out.intersection_update(ids)
            return out

        long_inc = tuple(t for t in q.include if len(t) > 2)
        long_exc = tuple(t for t in q.exclude if len(t) > 2)
        excluded: set[int] = set()
        for t in q.exclude:
            if len(t) <= 2:
                excluded |= docs_of(t)
        if not q.include:
            maybe = set().union(*(docs_of(t) for t in long_exc)) - excluded
            excluded |= {d for d in self._confirm(conn, maybe, (), long_exc, want=True)}
            return self._filtered(conn, filters, excluded, offset, limit)

        cands = set.intersection(*sorted((docs_of(t) for t in q.include), key=len))
        cands -= excluded
        if filters.active() and cands:
            cands &= self._passing(conn, filters, cands)
        check = cands if long_inc else cands & set().union(*(docs_of(t) for t in long_exc))
        if not cands:
            return RawPage(0 if count else -1, [])
        keys = self.sort_keys(conn, found.stamp)
        if count:
            cands -= set(self._confirm(conn, check, long_inc, long_exc, want=False))
            check = set()
            if not need:
                return RawPage(len(cands), [])
        ranked = self._ranked(conn, q, cands, keys, found, need)
        page: list[tuple[int, float]] = []
        if not check:
            page = list(itertools.islice(ranked, need))
        size = max(2 * need, 40)
        while check and len(page) < need:
            batch = list(itertools.islice(ranked, size))
            if not batch:
                break
            todo = {d for d, _ in batch} & check
            dropped = set(self._confirm(conn, todo, long_inc, long_exc, want=False))
            page += [(d, s) for d, s in batch if d not in dropped]
            size *= 2
        page = page[offset:need]
        total = len(cands) if count else -1
        return RawPage(total, [RawHit(d, keys[d], s) for d, s in page])

    def _ranked(
        self,
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
            yield from ((d, 0.0) for d in self._newest(cands, keys, need))
            return
        term, gram = self.driver(conn, q, found)
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

    def _newest(self, cands: set[int], keys: dict[int, int], need: int) -> Iterator[int]:
        """The candidates newest first: from the whole index's order when they are many."""
        order = _ORDER.get(id(keys))
        if len(cands) * 8 < len(keys) or order is None:
            yield from sorted(cands, key=keys.__getitem__, reverse=True)
            return
        yield from (d for d in order if d in cands)

    def driver(self, conn: Connection, q: Query, found: Lists) -> tuple[str, str]:
        """The same driving term and bigram as the SQLite index picks (rarest, first on ties)."""
        pairs = [(t, g) for t in q.include if len(t) >= 2 for g in term_grams(t)]
        best = min(range(len(pairs)), key=lambda i: (len(found[(TEXT, pairs[i][1])][0]), i))
        return pairs[best]

    def _confirm(
        self,
        conn: Connection,
        docs: set[int],
        include: tuple[str, ...],
        exclude: tuple[str, ...],
        want: bool,
    ) -> Iterator[int]:
        """The documents whose text fails the long terms (``want``: those holding any of the
        excluded terms), read and checked a batch at a time."""
        ids = sorted(docs)
        kept: dict[int, str] = {}
        for start in range(0, len(ids), 500):
            bodies = self.texts(conn, ids[start : start + 500])
            kept |= bodies if len(kept) < 200 else {}
            self._bodies = kept
            for d, body in bodies.items():
                if want:
                    if not matches(body, (), exclude):
                        yield d
                elif not matches(body, include, exclude):
                    yield d

    def _passing(self, conn: Connection, filters: Filters, cands: set[int]) -> set[int]:
        """The candidates that pass the filters (through the doc_id index when they are few)."""
        where, params = filter_clauses(filters, "d", "strpos")
        cond = " AND ".join(where)
        if len(cands) <= 2000:
            params["ids"] = sorted(cands)
            cond += " AND d.doc_id = ANY(:ids)"
        sql = text(f"SELECT d.doc_id FROM search_docs d WHERE {cond}")
        return set(conn.execute(sql, params).scalars())

    def _filtered(
        self, conn: Connection, filters: Filters, excluded: set[int], offset: int, limit: int
    ) -> RawPage:
        """No included term: the documents passing the filters, newest first."""
        where, params = filter_clauses(filters, "d", "strpos")
        if excluded:
            where.append("NOT (d.doc_id = ANY(:ex))")
            params["ex"] = sorted(excluded)
        cond = " AND ".join(where) or "TRUE"
        total = int(
            conn.execute(
                text(f"SELECT count(*) FROM search_docs d WHERE {cond}"), params
            ).scalar_one()
        )
        rows = conn.execute(
            text(
                f"SELECT d.doc_id, d.key FROM search_docs d WHERE {cond} "
                f"ORDER BY d.key DESC LIMIT {int(limit)} OFFSET {int(offset)}"
            ),
            params,
        ).all()
        return RawPage(total, [RawHit(int(d), int(k), 0.0) for d, k in rows])


def _doc_values(r: IndexRow) -> tuple[Any, ...]:
    meta = [getattr(r, m) for m in META_COLUMNS]
    meta[META_COLUMNS.index("issued_on")] = r.issued_on.isoformat() if r.issued_on else None
    meta[META_COLUMNS.index("historical")] = int(r.historical)
    return (r.key, r.doc_id, title_key(r.title), *meta, r.title, _pack_body(r.text))
