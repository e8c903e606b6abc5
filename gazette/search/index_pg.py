"""The PostgreSQL index: the same answers as the SQLite one, from a GIN index over grams.

Each document row keeps its normalised text and the array of its distinct bigrams and
characters. A term's grams narrow the candidates through the GIN index (``grams @> …``) and
``strpos`` on the normalised text confirms the substring, so results equal a substring scan.
Ranking uses the same levels as SQLite (exact title, title holds the driving term, the driving
bigram's impact tier, newer first), computed from the same stored tiers, so both rank alike.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Sequence

from sqlalchemy import Connection, bindparam, text
from sqlalchemy.dialects.postgresql import ARRAY, TEXT

from gazette.search import tokenise
from gazette.search.index_sqlite import title_key
from gazette.search.model import Filters, IndexRow, RawHit, RawPage, filter_clauses
from gazette.search.query import Query

DDL = (
    """CREATE TABLE IF NOT EXISTS search_docs (
        key BIGINT PRIMARY KEY,
        doc_id INTEGER NOT NULL UNIQUE,
        title_key TEXT NOT NULL,
        year INTEGER, issue_id INTEGER, issue_year INTEGER, issue_number INTEGER,
        page INTEGER, section TEXT, issuer TEXT NOT NULL DEFAULT '', kind TEXT,
        disclosure TEXT, validity TEXT, issued_on TEXT, historical INTEGER NOT NULL DEFAULT 0,
        doc_number TEXT, title TEXT NOT NULL, body TEXT NOT NULL,
        norm_title TEXT NOT NULL, norm TEXT NOT NULL, grams TEXT[] NOT NULL,
        impacts JSONB NOT NULL)""",
    "CREATE INDEX IF NOT EXISTS search_docs_grams ON search_docs USING gin (grams)",
    "CREATE INDEX IF NOT EXISTS search_docs_title_key ON search_docs (title_key)",
)
DROP = ("DROP TABLE IF EXISTS search_docs",)

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


def grams(norm: str) -> list[str]:
    """Distinct bigrams and characters of a normalised text (line breaks excluded)."""
    out = {norm[i : i + 2] for i in range(len(norm) - 1)}
    out.update(norm)
    out.difference_update(" \n")
    return sorted(out)


def term_grams(term: str) -> list[str]:
    return [term] if len(term) == 1 else sorted({term[i : i + 2] for i in range(len(term) - 1)})


def impacts(norm: str) -> dict[str, int]:
    """Each distinct bigram's impact tier, exactly as the SQLite index stores it."""
    counts = Counter(norm[i : i + 2] for i in range(len(norm) - 1))
    return {g: tokenise.impact_tier(n, len(norm)) for g, n in counts.items()}


class PgIndex:
    dialect = "postgresql"

    def create(self, conn: Connection) -> None:
        for sql in DDL:
            conn.exec_driver_sql(sql)

    def drop(self, conn: Connection) -> None:
        for sql in DROP:
            conn.exec_driver_sql(sql)

    def exists(self, conn: Connection) -> bool:
        return bool(conn.exec_driver_sql("SELECT to_regclass('search_docs') IS NOT NULL").scalar())

    def upsert(self, conn: Connection, rows: Sequence[IndexRow]) -> None:
        if not rows:
            return
        self.delete(conn, [r.doc_id for r in rows])
        params = []
        for r in rows:
            nt, nb = tokenise.normalise(r.title), tokenise.normalise(r.text)
            p = {m: getattr(r, m) for m in _META}
            p["issued_on"] = r.issued_on.isoformat() if r.issued_on else None
            p["historical"] = int(r.historical)
            p |= {
                "key": r.key,
                "doc_id": r.doc_id,
                "title_key": title_key(r.title),
                "title": r.title,
                "body": r.text,
                "norm_title": nt,
                "norm": nb,
                "grams": grams(nb),
                "impacts": json.dumps(impacts(nb), ensure_ascii=False),
            }
            params.append(p)
        cols = list(params[0])
        stmt = text(
            f"INSERT INTO search_docs ({', '.join(cols)}) "
            f"VALUES ({', '.join(':' + c for c in cols[:-1])}, CAST(:impacts AS jsonb))"
        ).bindparams(bindparam("grams", type_=ARRAY(TEXT)))
        conn.execute(stmt, params)

    def delete(self, conn: Connection, doc_ids: Iterable[int]) -> None:
        ids = list(doc_ids)
        if ids:
            conn.execute(text("DELETE FROM search_docs WHERE doc_id = ANY(:ids)"), {"ids": ids})

    def clear(self, conn: Connection) -> None:
        conn.exec_driver_sql("DELETE FROM search_docs")

    def texts(self, conn: Connection, doc_ids: Sequence[int]) -> dict[int, str]:
        if not doc_ids:
            return {}
        rows = conn.execute(
            text("SELECT doc_id, body FROM search_docs WHERE doc_id = ANY(:ids)"),
            {"ids": list(doc_ids)},
        ).all()
        return {int(d): b for d, b in rows}

    def count_docs(self, conn: Connection) -> int:
        return int(conn.exec_driver_sql("SELECT count(*) FROM search_docs").scalar_one())

    # searching ---------------------------------------------------------------------------
    def _term_sql(self, terms: Sequence[str], prefix: str, present: bool) -> tuple[list[str], dict]:
        where: list[str] = []
        params: dict[str, object] = {}
        for i, t in enumerate(terms):
            g, s = f"{prefix}g{i}", f"{prefix}t{i}"
            params[g], params[s] = term_grams(t), t
            if present:
                where.append(f"d.grams @> CAST(:{g} AS text[]) AND strpos(d.norm, :{s}) > 0")
            else:
                where.append(f"strpos(d.norm, :{s}) = 0")
        return where, params

    def search(
        self, conn: Connection, q: Query, filters: Filters, offset: int = 0, limit: int = 20
    ) -> RawPage:
        where, params = filter_clauses(filters, "d", "strpos")
        inc, pi = self._term_sql(q.include, "i", True)
        exc, pe = self._term_sql(q.exclude, "e", False)
        params |= pi | pe | {"limit": limit, "offset": offset}
        cond = " AND ".join([*inc, *exc, *where]) or "TRUE"
        total = int(
            conn.execute(
                text(f"SELECT count(*) FROM search_docs d WHERE {cond}"), params
            ).scalar_one()
        )
        if not total:
            return RawPage(0, [])
        if not q.include or q.single_char:
            score = "0.0"
        else:
            term, gram = self.driver(conn, q)
            params |= {"title_key": q.key, "dterm": term, "dgram": gram}
            score = (
                "CASE WHEN d.title_key = :title_key THEN 100.0 "
                "WHEN strpos(d.norm_title, :dterm) > 0 THEN 50.0 "
                "ELSE coalesce((d.impacts ->> :dgram)::float8, 0.0) END"
            )
        rows = conn.execute(
            text(
                f"SELECT d.doc_id, d.key, {score} AS s FROM search_docs d WHERE {cond} "
                "ORDER BY s DESC, d.key DESC LIMIT :limit OFFSET :offset"
            ),
            params,
        ).all()
        return RawPage(total, [RawHit(int(d), int(k), float(s)) for d, k, s in rows])

    def driver(self, conn: Connection, q: Query) -> tuple[str, str]:
        """The same driving term and bigram as the SQLite index picks (rarest, first on ties)."""
        best: tuple[int, int, str, str] | None = None
        order = 0
        for term in q.include:
            if len(term) < 2:
                continue
            for gram in dict.fromkeys(term[i : i + 2] for i in range(len(term) - 1)):
                n = conn.execute(
                    text("SELECT count(*) FROM search_docs WHERE grams @> CAST(:g AS text[])"),
                    {"g": [gram]},
                ).scalar_one()
                order += 1
                if best is None or (n, order) < best[:2]:
                    best = (n, order, term, gram)
        assert best is not None
        return best[2], best[3]
