"""The PostgreSQL index: the same answers as the SQLite one, from gram-to-posting lists.

- ``search_postings`` holds, per gram and segment of document ids, the compact list of the
  documents holding it (``postings``): every distinct bigram and character of each text, with
  the bigram's impact tier and its positions, and the bigrams of each title. A query reads the
  lists of its grams with one primary-key probe each, all in one statement; a two-character
  word is one list. A term of three or more characters is found from its bigrams' positions
  (each must follow the previous one); a first page without the total confirms it instead
  from the best-ranked candidates' texts, which the snippets need anyway, when that is cheaper.
- ``search_docs`` holds each document's filter values and its text, deflated.
- ``search_stamp`` changes with every write, so a process can keep the documents' sort keys
  and filter values in memory (``doc_facts``) and know when to read them again.

Ranking (``pg_ranking``) uses the SQLite index's levels, computed from the same tiers, so both
rank alike.
"""

from __future__ import annotations

import itertools
from array import array
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import numpy as np
from sqlalchemy import Connection, text

from gazette.search import doc_facts, id_sets, pg_first_page, pg_ranking, postings, tokenise
from gazette.search.id_sets import Ids
from gazette.search.index_pg_schema import (
    DDL,
    DOC_COLUMNS,
    DROP,
    INDEXES,
    LISTS_SQL,
    POSITIONS_SQL,
    POSTING_COLUMNS,
    WRITE_LOCK,
    pack_body,
    unpack_body,
)
from gazette.search.index_sqlite import title_key
from gazette.search.model import META_COLUMNS, Filters, IndexRow, RawHit, RawPage, filter_clauses
from gazette.search.postings import SEG_BITS, TEXT, TITLE, U64, Segment, term_grams
from gazette.search.query import Query

Row = tuple[int, str, int]  # (field, gram, seg)
# a document entering a list: its tier (-1: none kept) and, for a text bigram, its positions
Change = tuple[int, Any]


class Lists(dict[tuple[int, str], tuple[Ids, bytes]]):
    """(field, gram) -> (document ids, ascending, and their tiers), with what the same
    statement read besides: the stamp, the documents titled as the query, and per text
    bigram the size of its positions (what reading them would cost)."""

    stamp = ""
    exact: set[int]
    pos_bytes: dict[str, int]

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self.exact = set()
        self.pos_bytes = {}

    def holding(self, term: str) -> Ids:
        """The documents holding all of a term's grams (for a term of one or two characters,
        the documents holding it)."""
        return id_sets.intersect(self[(TEXT, g)][0] for g in term_grams(term))


def _raw(conn: Connection) -> Any:
    return conn.connection.driver_connection


class PgIndex:
    dialect = "postgresql"

    def __init__(self) -> None:
        self._bodies: dict[int, str] = {}  # the texts the last first page was confirmed with

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

    def texts(self, conn: Connection, doc_ids: Sequence[int]) -> dict[int, str]:
        if not doc_ids:
            return {}
        rows = conn.execute(
            text("SELECT doc_id, body FROM search_docs WHERE doc_id = ANY(:ids)"),
            {"ids": list(doc_ids)},
        ).all()
        return {int(d): unpack_body(b) for d, b in rows}

    def hit_rows(
        self, conn: Connection, doc_ids: Sequence[int], columns: str
    ) -> tuple[dict[int, Any], dict[int, str]]:
        """The shown hits' columns and texts in one statement (texts the search confirmed
        the hits with are not read again)."""
        known = self._bodies
        if all(d in known for d in doc_ids):
            rows = conn.execute(
                text(f"SELECT {columns} FROM search_docs WHERE doc_id = ANY(:ids)"),
                {"ids": list(doc_ids)},
            ).all()
            return {r[0]: r for r in rows}, {d: known[d] for d in doc_ids}
        rows = conn.execute(
            text(f"SELECT {columns}, body FROM search_docs WHERE doc_id = ANY(:ids)"),
            {"ids": list(doc_ids)},
        ).all()
        return {r[0]: r[:-1] for r in rows}, {int(r[0]): unpack_body(r[-1]) for r in rows}

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
            with cur.copy(f"COPY search_postings ({POSTING_COLUMNS}) FROM STDIN") as cp:
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
        changes: dict[Row, dict[int, Change]] = {}
        for r in rows:
            nt, nb = tokenise.normalise(r.title), tokenise.normalise(r.text)
            seg, off = r.doc_id >> SEG_BITS, r.doc_id & ((1 << SEG_BITS) - 1)
            counts, chars = postings.text_grams(nb)
            where = postings.doc_positions(nb)
            for gram, tf in counts.items():
                tier = tokenise.impact_tier(tf, len(nb))
                changes.setdefault((TEXT, gram, seg), {})[off] = (tier, where[gram])
            for gram in chars:
                changes.setdefault((TEXT, gram, seg), {})[off] = (-1, None)
            for gram in postings.title_grams(nt):
                changes.setdefault((TITLE, gram, seg), {})[off] = (-1, None)
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
        changes: dict[Row, dict[int, Change]] = {}
        for doc_id, title, body in old:
            nt, nb = tokenise.normalise(title), tokenise.normalise(unpack_body(body))
            seg, off = doc_id >> SEG_BITS, doc_id & ((1 << SEG_BITS) - 1)
            counts, chars = postings.text_grams(nb)
            for gram in (*counts, *chars):
                changes.setdefault((TEXT, gram, seg), {})[off] = (-1, None)
            for gram in postings.title_grams(nt):
                changes.setdefault((TITLE, gram, seg), {})[off] = (-1, None)
        self._rewrite(conn, changes, add=False)
        self._touch(conn)

    def _rewrite(self, conn: Connection, changes: dict[Row, dict[int, Change]], add: bool) -> None:
        """Read, change and write back the lists these documents enter or leave."""
        if not changes:
            return
        keys = list(changes)
        current: dict[Row, dict[int, Change]] = {}
        for f, g, s, ids, tiers, pos in conn.execute(
            text(
                "DELETE FROM search_postings p USING unnest(CAST(:f AS smallint[]), "
                "CAST(:g AS text[]), CAST(:s AS int[])) AS u(f, g, s) "
                'WHERE p.field = u.f AND p.gram = u.g COLLATE "C" AND p.seg = u.s '
                "RETURNING p.field, p.gram, p.seg, p.ids, p.tiers, p.pos"
            ),
            {"f": [k[0] for k in keys], "g": [k[1] for k in keys], "s": [k[2] for k in keys]},
        ):
            offs = postings.unpack_ids(ids, 0)
            levels = postings.unpack_tiers(tiers) if tiers else bytes(len(offs))
            where: list[Any] = [None] * len(offs)
            if pos:
                counts, flat = postings.unpack_positions(pos, offs)
                where = np.split(flat, np.cumsum(counts)[:-1])
            current[(f, g, s)] = dict(zip(offs, zip(levels, where, strict=True), strict=True))
        out = []
        for key, change in changes.items():
            have = current.get(key, {})
            if add:
                have.update((o, (max(t, 0), p)) for o, (t, p) in change.items())
            else:
                for o in change:
                    have.pop(o, None)
            if not have:
                continue
            order = sorted(have)
            packed_tiers = packed_pos = None
            if key[0] == TEXT and len(key[1]) == 2:
                packed_tiers = postings.pack_tiers(bytes(have[o][0] for o in order))
                packed_pos = postings.positions_of([have[o][1] for o in order])
            ids = postings.pack_ids(array("H", order))
            out.append((*key, len(order), ids, packed_tiers, packed_pos))
        cur = _raw(conn).cursor()
        with cur.copy(f"COPY search_postings ({POSTING_COLUMNS}) FROM STDIN") as cp:
            for row in out:
                cp.write_row(row)

    def _touch(self, conn: Connection) -> None:
        conn.exec_driver_sql("UPDATE search_stamp SET stamp = gen_random_uuid()::text")

    def clear(self, conn: Connection) -> None:
        conn.exec_driver_sql("DELETE FROM search_docs")
        conn.exec_driver_sql("DELETE FROM search_postings")
        self._touch(conn)

    # searching ---------------------------------------------------------------------------
    def lists(self, conn: Connection, grams: Iterable[tuple[int, str]], title: str = "") -> Lists:
        """Each (field, gram)'s documents, ascending, with their tiers (text bigrams only), the
        index's stamp, and the documents whose title key is ``title``: one statement."""
        wanted = list(dict.fromkeys(grams))
        parts: dict[tuple[int, str], list[Any]] = {w: [] for w in wanted}
        tiers: dict[tuple[int, str], list[bytes]] = {w: [] for w in wanted}
        found = Lists()
        words = ([f for f, _ in wanted], [g for _, g in wanted], title or None)
        for f, g, s, ids, t, pos in _raw(conn).execute(LISTS_SQL, words).fetchall():
            if f == -1:
                found.stamp = g
            elif f == -2:
                found.exact.add(s)
            else:
                parts[(f, g)].append(postings.id_array(ids, s << SEG_BITS))
                if t is not None:
                    tiers[(f, g)].append(postings.unpack_tiers(t))
                if pos is not None:
                    found.pos_bytes[g] = found.pos_bytes.get(g, 0) + pos
        for w, p in parts.items():
            ids = p[0] if len(p) == 1 else np.concatenate(p) if p else id_sets.NONE
            found[w] = (ids, b"".join(tiers[w]))
        return found

    def positions(
        self, conn: Connection, grams: Iterable[str], within: Ids | None = None
    ) -> dict[str, U64]:
        """Every occurrence of these text bigrams (``postings.keys_of``), in the documents
        ``within`` only if given: one statement."""
        keys: dict[str, list[U64]] = {}
        for g, s, ids, pos in _raw(conn).execute(POSITIONS_SQL, (sorted(grams),)).fetchall():
            keys.setdefault(g, []).append(
                postings.keys_of(pos, postings.id_array(ids, s << SEG_BITS), within)
            )
        return {g: k[0] if len(k) == 1 else np.concatenate(k) for g, k in keys.items()}

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

        Terms of one or two characters are answered by their lists alone, longer terms by
        their bigrams' positions: the candidates are exact, so the page is the top of the
        ranking and the total their number."""
        self._bodies = {}
        need = offset + limit
        terms = (*q.include, *q.exclude)
        grams = [(TEXT, g) for t in terms for g in term_grams(t)]
        titles = [(TITLE, g) for t in q.include if len(t) > 1 for g in term_grams(t)]
        found = self.lists(conn, [*grams, *titles], q.key if q.include else "")

        def size(gram: str) -> int:
            return found.pos_bytes.get(gram, 0)

        def docs_of(term: str) -> Ids:
            """The documents holding a term: a long one from its bigrams' positions, a short
            one from its lists."""
            if len(term) > 2:
                return postings.phrase_docs(term, covers[term], where)
            return found.holding(term)

        # the bigrams that decide each long term: a cheapest set covering all its characters
        covers = {t: postings.cover(t, size) for t in terms if len(t) > 2}
        chosen = {t[i : i + 2] for t, c in covers.items() for i in c}
        if not count and need and q.include and chosen:
            keys = doc_facts.sort_keys(_raw(conn), found.stamp)
            page, self._bodies = pg_first_page.first_page(
                conn, q, filters, found, keys, need, self.positions
            )
            return RawPage(-1, [RawHit(d, keys[d], s) for d, s in page[offset:need]])
        where = self.positions(conn, chosen) if chosen else {}

        excluded = id_sets.union(docs_of(t) for t in q.exclude)
        if not q.include:
            return self._filtered(conn, filters, excluded, offset, limit)
        cands = id_sets.minus(id_sets.intersect(docs_of(t) for t in q.include), excluded)
        if filters.active() and len(cands):
            cands = doc_facts.of(_raw(conn), found.stamp).passing_ids(filters, cands)
        if not len(cands):
            return RawPage(0 if count else -1, [])
        total = len(cands) if count else -1
        if not need:
            return RawPage(total, [])
        keys = doc_facts.sort_keys(_raw(conn), found.stamp)
        by_id, newest = doc_facts.key_arrays(keys)
        ranked = pg_ranking.ranked(conn, q, cands, by_id, found, newest)
        page = list(itertools.islice(ranked, need))
        return RawPage(total, [RawHit(d, keys[d], s) for d, s in page[offset:need]])

    def _filtered(
        self, conn: Connection, filters: Filters, excluded: Ids, offset: int, limit: int
    ) -> RawPage:
        """No included term: the documents passing the filters, newest first."""
        where, params = filter_clauses(filters, "d", "strpos")
        if len(excluded):
            where.append("NOT (d.doc_id = ANY(:ex))")
            params["ex"] = excluded.tolist()
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
    return (r.key, r.doc_id, title_key(r.title), *meta, r.title, pack_body(r.text))
