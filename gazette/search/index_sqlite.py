"""The SQLite index: FTS5 over our own bigram/unigram tokens, with a side table for filters.

- ``fts_search`` is a contentless FTS5 table with the ``ascii`` tokenizer (white space splits,
  everything else is kept), columns title / body (bigrams) and chars (distinct characters). It
  needs no custom tokenizer, so Python's bundled SQLite 3.40 works, and it avoids the 3.40
  trigram LIKE bug entirely. Its rowid is the document's sort key, so "newest first" streams.
- ``search_docs`` holds each document's filter values and its indexed text, zlib-compressed:
  the text feeds snippets and lets a contentless row be deleted with the exact tokens it had.

A query of two or more characters is a phrase of consecutive bigrams, which matches exactly the
documents where the term occurs as a substring: no false positives, no false negatives.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Sequence

from sqlalchemy import Connection, text

from gazette.search import tokenise
from gazette.search.model import Filters, IndexRow, RawHit, RawPage, filter_clauses
from gazette.search.query import Query

# title counts far more than body; the distinct-character column only decides membership
WEIGHTS = (20.0, 1.0, 0.0)

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
    """CREATE VIRTUAL TABLE IF NOT EXISTS fts_search USING fts5(
        title, body, chars, content='', tokenize='ascii', detail='full')""",
)
DROP = ("DROP TABLE IF EXISTS fts_search", "DROP TABLE IF EXISTS search_docs")

_META = (
    "year",
    "issue_id",
    "issue_year",
    "issue_number",
    "page",
    "section",
    "issuer",
    "kind",
    "disclosure",
    "validity",
    "issued_on",
    "historical",
    "doc_number",
)


def title_key(title: str) -> str:
    return "".join(tokenise.normalise(title).split())


def _fields(title: str, body: str) -> tuple[str, str, str]:
    nt = tokenise.normalise(title)
    nb = tokenise.normalise(body)
    return tokenise.bigram_field(nt), tokenise.bigram_field(nb), tokenise.unigram_field(nb)


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
        self.delete(conn, [r.doc_id for r in rows])
        docs, fts = [], []
        for r in rows:
            meta = [getattr(r, m) for m in _META]
            meta[_META.index("issued_on")] = r.issued_on.isoformat() if r.issued_on else None
            meta[_META.index("historical")] = int(r.historical)
            packed = zlib.compress(r.text.encode("utf-8"), 3)
            docs.append((r.key, r.doc_id, title_key(r.title), *meta, r.title, packed))
            fts.append((r.key, *_fields(r.title, r.text)))
        cols = ", ".join(("key", "doc_id", "title_key", *_META, "title", "body"))
        marks = ", ".join("?" * (len(_META) + 5))
        conn.exec_driver_sql(f"INSERT INTO search_docs ({cols}) VALUES ({marks})", docs)
        conn.exec_driver_sql(
            "INSERT INTO fts_search (rowid, title, body, chars) VALUES (?, ?, ?, ?)", fts
        )

    def delete(self, conn: Connection, doc_ids: Iterable[int]) -> None:
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
                "INSERT INTO fts_search (fts_search, rowid, title, body, chars) "
                "VALUES ('delete', ?, ?, ?, ?)",
                [
                    (key, *_fields(title, zlib.decompress(body).decode("utf-8")))
                    for key, title, body in old
                ],
            )
            conn.exec_driver_sql(f"DELETE FROM search_docs WHERE doc_id IN ({marks})", tuple(chunk))

    def clear(self, conn: Connection) -> None:
        conn.exec_driver_sql("DELETE FROM search_docs")
        conn.exec_driver_sql("INSERT INTO fts_search (fts_search) VALUES ('delete-all')")

    def optimize(self, conn: Connection) -> None:
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
        self, conn: Connection, q: Query, filters: Filters, offset: int = 0, limit: int = 20
    ) -> RawPage:
        where, params = filter_clauses(filters, "d", "instr")
        match = match_expression(q)
        params |= {"limit": limit, "offset": offset}
        if match is None:
            if q.exclude:
                ex = " OR ".join(phrase(t) for t in q.exclude)
                where.append(
                    "d.key NOT IN (SELECT rowid FROM fts_search WHERE fts_search MATCH :ex)"
                )
                params["ex"] = ex
            cond = " AND ".join(where) or "1"
            total = conn.execute(
                text(f"SELECT count(*) FROM search_docs d WHERE {cond}"), params
            ).scalar_one()
            rows = conn.execute(
                text(
                    f"SELECT d.doc_id, d.key, 0.0 FROM search_docs d WHERE {cond} "
                    "ORDER BY d.key DESC LIMIT :limit OFFSET :offset"
                ),
                params,
            ).all()
            return RawPage(int(total), [RawHit(*r) for r in rows])

        params["match"] = match
        join = "JOIN search_docs d ON d.key = f.rowid" if where else ""
        cond = "".join(f" AND {w}" for w in where)
        base = f"FROM fts_search f {join} WHERE fts_search MATCH :match{cond}"
        total = conn.execute(text(f"SELECT count(*) {base}"), params).scalar_one()
        if not total:
            return RawPage(0, [])
        if q.single_char:
            sql = f"SELECT f.rowid, 0.0 {base} ORDER BY f.rowid DESC LIMIT :limit OFFSET :offset"
        else:
            exact = self._exact_title_keys(conn, q)
            first = f"f.rowid IN ({', '.join(map(str, exact))}) DESC, " if exact else ""
            w = ", ".join(map(str, WEIGHTS))
            sql = (
                f"SELECT f.rowid, bm25(fts_search, {w}) AS s {base} "
                f"ORDER BY {first}s, f.rowid DESC LIMIT :limit OFFSET :offset"
            )
        keyed = conn.execute(text(sql), params).all()
        ids = self._doc_ids(conn, [k for k, _ in keyed])
        return RawPage(int(total), [RawHit(ids[k], k, float(s)) for k, s in keyed])

    def _exact_title_keys(self, conn: Connection, q: Query) -> list[int]:
        rows = conn.execute(
            text("SELECT key FROM search_docs WHERE title_key = :k LIMIT 50"), {"k": q.key}
        ).all()
        return [int(r[0]) for r in rows]

    def _doc_ids(self, conn: Connection, keys: Sequence[int]) -> dict[int, int]:
        if not keys:
            return {}
        marks = ", ".join(map(str, keys))
        rows = conn.exec_driver_sql(
            f"SELECT key, doc_id FROM search_docs WHERE key IN ({marks})"
        ).all()
        return {int(k): int(d) for k, d in rows}
