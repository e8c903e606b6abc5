"""The SQLite index: FTS5 over our own bigram/unigram tokens, with a side table for filters.

- ``fts_search`` is a contentless FTS5 table with the ``ascii`` tokenizer (white space splits,
  everything else is kept), columns body (bigrams, distinct characters and rank tokens: see
  ``sqlite_fields``) and title (bigrams). It needs no custom tokenizer, so Python's bundled
  SQLite 3.40 works, and it avoids the 3.40 trigram LIKE bug entirely. Its rowid is the
  document's sort key, so "newest first" streams.
- ``search_docs`` holds each document's filter values and its indexed text, zlib-compressed:
  the text feeds snippets and lets a contentless row be deleted with the exact tokens it had.

A query of two or more characters is a phrase of consecutive bigrams, which matches exactly the
documents where the term occurs as a substring: no false positives, no false negatives.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from sqlalchemy import Connection

from gazette.search import sqlite_fields, tokenise
from gazette.search.model import META_COLUMNS, Filters, IndexRow, RawHit, RawPage, filter_clauses
from gazette.search.query import Query

DDL = (
    """CREATE TABLE IF NOT EXISTS search_docs (
        key INTEGER PRIMARY KEY,
        doc_id INTEGER NOT NULL UNIQUE,
        title_key TEXT NOT NULL,
        year INTEGER, issue_id INTEGER, issue_year INTEGER, issue_number INTEGER,
        page INTEGER, section TEXT, issuer TEXT NOT NULL DEFAULT '', kind TEXT,
        disclosure TEXT, validity TEXT, issued_on TEXT, historical INTEGER NOT NULL DEFAULT 0,
        doc_number TEXT, title TEXT NOT NULL, body BLOB NOT NULL)""",
    "CREATE INDEX IF NOT EXISTS search_docs_title_key ON search_docs (title_key)",
    "CREATE INDEX IF NOT EXISTS search_docs_year ON search_docs (year)",
    # body first: entries in column 0 carry no column marker; no bm25, so no column sizes
    """CREATE VIRTUAL TABLE IF NOT EXISTS fts_search USING fts5(
        body, title, content='', tokenize='ascii', detail='full', columnsize=0)""",
)
# FTS5's own defaults, restored after a rebuild
DEFAULTS = (("automerge", 4), ("hashsize", 1024 * 1024))
BULK_HASH = 64 * 1024 * 1024  # about what a step of 1,000 two-page documents produces
DROP = ("DROP TABLE IF EXISTS fts_search", "DROP TABLE IF EXISTS search_docs")

# per sqlite3 connection: bigram -> documents holding it (cleared on every write here)
_GRAM_COUNTS: dict[int, dict[str, int]] = {}


def title_key(title: str) -> str:
    return "".join(tokenise.normalise(title).split())


def _fields(title: str, body: str) -> tuple[str, str]:
    """(body, title) column values, in the table's column order."""
    return (
        sqlite_fields.body_field(tokenise.normalise(body)),
        sqlite_fields.title_field(tokenise.normalise(title)),
    )


def phrase(term: str) -> str:
    """A normalised term as an FTS5 phrase: its tokens in quotes (they never contain a quote)."""
    return '"' + " ".join(tokenise.query_tokens(term)) + '"'


def match_expression(q: Query) -> str | None:
    """The MATCH text for the included terms (None when there are none)."""
    if not q.include:
        return None
    expr = " AND ".join(phrase(t) for t in q.include)
    if q.exclude:
        expr = f"({expr}) NOT ({' OR '.join(phrase(t) for t in q.exclude)})"
    return expr


class SqliteIndex:
    dialect = "sqlite"

    def create(self, conn: Connection) -> None:
        for sql in DDL:
            conn.exec_driver_sql(sql)

    def drop(self, conn: Connection) -> None:
        for sql in DROP:
            conn.exec_driver_sql(sql)

    def exists(self, conn: Connection) -> bool:
        return bool(
            conn.exec_driver_sql("SELECT 1 FROM sqlite_master WHERE name = 'fts_search'").first()
        )

    # writing ----------------------------------------------------------------------------
    def upsert(self, conn: Connection, rows: Sequence[IndexRow]) -> None:
        if not rows:
            return
        _GRAM_COUNTS.clear()
        self.delete(conn, [r.doc_id for r in rows])
        docs, fts = [], []
        for r in rows:
            meta = [getattr(r, m) for m in META_COLUMNS]
            meta[META_COLUMNS.index("issued_on")] = r.issued_on.isoformat() if r.issued_on else None
            meta[META_COLUMNS.index("historical")] = int(r.historical)
            packed = zlib.compress(r.text.encode("utf-8"), 3)
            docs.append((r.key, r.doc_id, title_key(r.title), *meta, r.title, packed))
            fts.append((r.key, *_fields(r.title, r.text)))
        cols = ", ".join(("key", "doc_id", "title_key", *META_COLUMNS, "title", "body"))
        marks = ", ".join("?" * (len(META_COLUMNS) + 5))
        conn.exec_driver_sql(f"INSERT INTO search_docs ({cols}) VALUES ({marks})", docs)
        conn.exec_driver_sql("INSERT INTO fts_search (rowid, body, title) VALUES (?, ?, ?)", fts)

    def delete(self, conn: Connection, doc_ids: Iterable[int]) -> None:
        _GRAM_COUNTS.clear()
        ids = list(doc_ids)
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            marks = ", ".join("?" * len(chunk))
            old = conn.exec_driver_sql(
                f"SELECT key, title, body FROM search_docs WHERE doc_id IN ({marks})", tuple(chunk)
            ).all()
            if not old:
                continue
            conn.exec_driver_sql(
                "INSERT INTO fts_search (fts_search, rowid, body, title) "
                "VALUES ('delete', ?, ?, ?)",
                [
                    (key, *_fields(title, zlib.decompress(body).decode("utf-8")))
                    for key, title, body in old
                ],
            )
            conn.exec_driver_sql(f"DELETE FROM search_docs WHERE doc_id IN ({marks})", tuple(chunk))

    def clear(self, conn: Connection) -> None:
        _GRAM_COUNTS.clear()
        conn.exec_driver_sql("DELETE FROM search_docs")
        conn.exec_driver_sql("INSERT INTO fts_search (fts_search) VALUES ('delete-all')")

    def bulk_begin(self, conn: Connection) -> None:
        self.bulk_mode(conn, True)

    def chunk_end(self, first_id: int) -> int | None:
        return None  # any run of documents may be committed on its own

    def bulk_add(
        self, conn: Connection, rows: Iterable[IndexRow], step: Callable[[int], None]
    ) -> int:
        chunk = list(rows)
        self.upsert(conn, chunk)
        step(len(chunk))
        return len(chunk)

    def bulk_end(self, conn: Connection) -> None:
        self.bulk_mode(conn, False)

    def bulk_mode(self, conn: Connection, on: bool) -> None:
        """During a rebuild, merge segments once at the end instead of on every insert, and
        keep a whole step's postings in memory so that each committed step writes one segment
        (FTS5 otherwise flushes every megabyte). Both settings are stored with the table, so
        a resumed rebuild keeps them."""
        settings = (("automerge", 0), ("hashsize", BULK_HASH)) if on else DEFAULTS
        for name, value in settings:
            conn.exec_driver_sql(
                "INSERT INTO fts_search (fts_search, rank) VALUES (?, ?)", (name, value)
            )
        if not on:
            conn.exec_driver_sql("INSERT INTO fts_search (fts_search) VALUES ('optimize')")

    # reading ----------------------------------------------------------------------------
    def texts(self, conn: Connection, doc_ids: Sequence[int]) -> dict[int, str]:
        if not doc_ids:
            return {}
        marks = ", ".join("?" * len(doc_ids))
        rows = conn.exec_driver_sql(
            f"SELECT doc_id, body FROM search_docs WHERE doc_id IN ({marks})", tuple(doc_ids)
        ).all()
        return {d: zlib.decompress(b).decode("utf-8") for d, b in rows}

    def count_docs(self, conn: Connection) -> int:
        return int(conn.exec_driver_sql("SELECT count(*) FROM search_docs").scalar_one())

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

        Counting a common phrase means checking positions in every document holding it, which
        costs more than finding the best 20, so the screen asks for the total separately."""
        # the ranking walks up to ~20 small indexed queries: SQLAlchemy's per-statement
        # overhead would dominate, so they go straight to the sqlite3 connection
        raw: Any = conn.connection.driver_connection
        where, params = filter_clauses(filters, "d", "instr")
        match = match_expression(q)
        need = offset + limit
        if match is None:
            if q.exclude:
                where.append(
                    "d.key NOT IN (SELECT rowid FROM fts_search WHERE fts_search MATCH :ex)"
                )
                params["ex"] = " OR ".join(phrase(t) for t in q.exclude)
            cond = " AND ".join(where) or "1"
            total = raw.execute(f"SELECT count(*) FROM search_docs d WHERE {cond}", params)
            n = int(total.fetchone()[0])
            rows = raw.execute(
                f"SELECT d.doc_id, d.key, 0.0 FROM search_docs d WHERE {cond} "
                f"ORDER BY d.key DESC LIMIT {int(limit)} OFFSET {int(offset)}",
                params,
            ).fetchall()
            return RawPage(n, [RawHit(*r) for r in rows])

        join = "JOIN search_docs d ON d.key = f.rowid" if where else ""
        cond = "".join(f" AND {w}" for w in where)
        base = f"FROM fts_search f {join} WHERE fts_search MATCH :match{cond}"
        params["match"] = match
        total = -1
        if count:
            total = int(raw.execute(f"SELECT count(*) {base}", params).fetchone()[0])
            if not total:
                return RawPage(0, [])
        if not need:
            return RawPage(total, [])
        if not q.single_char and not where:
            # a rare phrase has its whole match set in one streamed query; ranking those few
            # here beats walking 18 levels that each re-check the phrase (with filters the
            # probe could stream far before 21 rows pass them, so the levels go first)
            probe = raw.execute(
                f"SELECT f.rowid {base} ORDER BY f.rowid DESC LIMIT {need + 1}", params
            ).fetchall()
            if len(probe) <= need:
                ranked = self._rank_few(raw, q, [int(k) for (k,) in probe])[offset:need]
                ids = self._doc_ids(conn, [k for k, _ in ranked])
                return RawPage(total, [RawHit(ids[k], k, sc) for k, sc in ranked])
        levels = [(0.0, "", None)] if q.single_char else self._levels(raw, q)
        ordered: list[tuple[int, float]] = []
        seen: set[int] = set()
        for score, extra, keys in levels:
            if len(ordered) >= need:
                break
            params["match"] = f"({match}) AND {extra}" if extra else match
            lim = need - len(ordered) + len(seen)
            only = f" AND f.rowid IN ({keys})" if keys else ""
            rows = raw.execute(
                f"SELECT f.rowid {base}{only} ORDER BY f.rowid DESC LIMIT {lim}", params
            )
            for (key,) in rows:
                if key not in seen:
                    seen.add(key)
                    ordered.append((key, score))
        page = ordered[offset:need]
        ids = self._doc_ids(conn, [k for k, _ in page])
        return RawPage(total, [RawHit(ids[k], k, s) for k, s in page])

    def _levels(self, raw: Any, q: Query) -> list[tuple[float, str, str | None]]:
        """Rank levels, best first: exact title, title holds the driving term, impact tiers.

        The driving bigram is the query's rarest; its impact tier in a document orders the
        documents by relevance, newer first within a tier.
        """
        levels: list[tuple[float, str, str | None]] = []
        exact = [
            int(r[0])
            for r in raw.execute(
                "SELECT key FROM search_docs WHERE title_key = ? LIMIT 50", (q.key,)
            )
        ]
        if exact:
            levels.append((100.0, "", ", ".join(map(str, exact))))
        term, gram = self.driver(raw, q)
        levels.append((50.0, f"title : {phrase(term)}", None))
        for tier in range(tokenise.TIERS - 1, -1, -1):
            token = tokenise.impact_token(tokenise.encode(gram), tier)
            base = sqlite_fields.base_token(tier)
            levels.append((float(tier), f'("{token}" OR "{base}")', None))
        return levels

    def _rank_few(self, raw: Any, q: Query, keys: list[int]) -> list[tuple[int, float]]:
        """The level of each of a few hits, computed from their text exactly as the levels
        (exact title, title holds the driving term, stored impact tier) would place them."""
        if not keys:
            return []
        term, gram = self.driver(raw, q)
        marks = ", ".join(map(str, keys))
        scored = []
        for key, tkey, title, body in raw.execute(
            f"SELECT key, title_key, title, body FROM search_docs WHERE key IN ({marks})"
        ):
            if tkey == q.key:
                score = 100.0
            elif term in tokenise.normalise(title):
                score = 50.0
            else:
                norm = tokenise.normalise(zlib.decompress(body).decode("utf-8"))
                tf = (  # overlapping occurrences, as the stored bigram counts were taken
                    norm.count(gram)
                    if gram[0] != gram[1]
                    else sum(1 for i in range(len(norm) - 1) if norm.startswith(gram, i))
                )
                score = float(tokenise.impact_tier(tf, len(norm)))
            scored.append((int(key), score))
        scored.sort(key=lambda ks: (-ks[1], -ks[0]))
        return scored

    def driver(self, raw: Any, q: Query) -> tuple[str, str]:
        """(term, bigram): the included term holding the bigram found in the fewest documents."""
        best: tuple[int, int, str, str] | None = None
        order = 0
        for term in q.include:
            if len(term) < 2:
                continue
            for gram in dict.fromkeys(term[i : i + 2] for i in range(len(term) - 1)):
                n = self._gram_count(raw, gram)
                order += 1
                if best is None or (n, order) < best[:2]:
                    best = (n, order, term, gram)
        assert best is not None  # a ranked query has a term of two or more characters
        return best[2], best[3]

    def _gram_count(self, raw: Any, gram: str) -> int:
        """Documents holding a bigram, remembered until this process next writes the index:
        a common bigram costs milliseconds to count and recurs in query after query."""
        cache = _GRAM_COUNTS.setdefault(id(raw), {})
        n = cache.get(gram)
        if n is None:
            if len(cache) > 100_000:
                cache.clear()
            n = cache[gram] = int(
                raw.execute(
                    "SELECT count(*) FROM fts_search WHERE fts_search MATCH ?",
                    (f'body : "{tokenise.encode(gram)}"',),
                ).fetchone()[0]
            )
        return n

    def _doc_ids(self, conn: Connection, keys: Sequence[int]) -> dict[int, int]:
        if not keys:
            return {}
        marks = ", ".join(map(str, keys))
        rows = conn.exec_driver_sql(
            f"SELECT key, doc_id FROM search_docs WHERE key IN ({marks})"
        ).all()
        return {int(k): int(d) for k, d in rows}
