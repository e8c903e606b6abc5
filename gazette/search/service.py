"""Searching the archive: the one entry point the CLI, the screen and the benchmark call.

    results = search(ctx, "政务 公开 -依申请", Filters(year_from=2015), page=0)

Ranking: a title equal to the query first, then relevance (BM25 with the title weighted 20×),
newer documents first on ties; queries of single characters only are listed newest first.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, text

from gazette.office.auth import mutating, require
from gazette.progress import Reporter
from gazette.search import guard, indexer
from gazette.search.model import Filters, RawPage
from gazette.search.query import Query, parse
from gazette.search.snippets import Snippet, make_snippet, matches
from gazette.vocab import issue_label

if TYPE_CHECKING:
    from gazette.context import AppContext

PAGE_SIZE = 20


@dataclass(frozen=True)
class Hit:
    doc_id: int
    title: str
    doc_number: str | None
    issuer: str
    issued_on: dt.date | None
    issue_id: int | None
    issue_year: int | None
    issue_number: int | None
    page: int | None
    section: str | None
    historical: bool
    snippet: Snippet
    score: float = 0.0
    validity: str = ""  # 有效 / 失效 / 废止 ("" for documents indexed without one)

    @property
    def issue_label(self) -> str:
        if self.issue_year is None:
            return ""
        return issue_label(self.issue_year, self.issue_number or 0)


@dataclass(frozen=True)
class Results:
    query: Query
    filters: Filters
    total: int
    page: int
    page_size: int
    hits: list[Hit] = field(default_factory=list)
    elapsed_ms: float = 0.0

    @property
    def pages(self) -> int:
        """Pages known so far (while the total is being counted: up to the next one)."""
        if self.total < 0:
            return self.page + (2 if len(self.hits) == self.page_size else 1)
        return max(1, -(-self.total // self.page_size))


def reindex(conn: Connection, doc_ids: list[int]) -> None:
    indexer.reindex(conn, doc_ids)


@mutating
def rebuild(ctx: AppContext, reporter: Reporter | None = None, restart: bool = False) -> int:
    """Rebuild the whole index in committed steps: a rebuild that was killed or cancelled
    continues where it stopped the next time (``restart`` starts afresh). Until it finishes,
    searches see only the documents indexed so far."""
    require(ctx, "search.rebuild")
    return indexer.rebuild_in_steps(ctx.db.engine, reporter, restart)


def rebuild_unfinished(ctx: AppContext) -> bool:
    """Whether a rebuild was interrupted and the index is incomplete until it is resumed."""
    with ctx.db.engine.connect() as conn:
        return indexer.resume_point(conn) is not None


def search(
    ctx: AppContext,
    query: str | Query,
    filters: Filters | None = None,
    page: int = 0,
    page_size: int = PAGE_SIZE,
    count: bool = True,
) -> Results:
    """A page of hits; ``count=False`` skips the exact total (``total`` is then -1)."""
    with ctx.db.engine.connect() as conn:
        return search_conn(conn, query, filters, page, page_size, count)


def count(ctx: AppContext, query: str | Query, filters: Filters | None = None) -> int:
    """The exact number of documents matching (the screen fills it in after the first page)."""
    guard.check(query, filters or Filters(), 0, 1)
    q = parse(query) if isinstance(query, str) else query
    with ctx.db.engine.connect() as conn:
        index = indexer.index_for(conn.dialect.name)
        return int(index.search(conn, q, filters or Filters(), 0, 0).total)


def search_conn(
    conn: Connection,
    query: str | Query,
    filters: Filters | None = None,
    page: int = 0,
    page_size: int = PAGE_SIZE,
    count: bool = True,
) -> Results:
    t0 = time.perf_counter()
    f = filters or Filters()
    guard.check(query, f, page, page_size)
    q = parse(query) if isinstance(query, str) else query
    index = indexer.index_for(conn.dialect.name)
    raw: RawPage = index.search(conn, q, f, page * page_size, page_size, count)
    hits = _hits(conn, index, q, raw)
    ms = (time.perf_counter() - t0) * 1000
    return Results(q, f, raw.total, page, page_size, hits, ms)


_META_COLUMNS = (
    "doc_id, title, doc_number, issuer, issued_on, issue_id, issue_year, issue_number, "
    "page, section, historical, validity"
)
_META_SQL = f"SELECT {_META_COLUMNS} FROM search_docs WHERE doc_id IN ({{ids}})"


def _hits(conn: Connection, index: Any, q: Query, raw: RawPage) -> list[Hit]:
    ids = [h.doc_id for h in raw.hits]
    if not ids:
        return []
    hit_rows = getattr(index, "hit_rows", None)
    if hit_rows is not None:  # a server: one round trip for the page
        meta, texts = hit_rows(conn, ids, _META_COLUMNS)
    else:
        sql = text(_META_SQL.format(ids=", ".join(map(str, ids))))
        meta = {r[0]: r for r in conn.execute(sql).all()}
        texts = index.texts(conn, ids)
    out: list[Hit] = []
    for h in raw.hits:
        body = texts.get(h.doc_id, "")
        if q.include and not matches(body, q.include, q.exclude):
            continue  # the final check; by construction it never drops a hit
        m = meta[h.doc_id]
        day = m[4]
        if isinstance(day, str):
            day = dt.date.fromisoformat(day)
        skip = _body_start(body, m[1], m[2])
        out.append(
            Hit(
                doc_id=h.doc_id,
                title=m[1],
                doc_number=m[2],
                issuer=m[3] or "",
                issued_on=day,
                issue_id=m[5],
                issue_year=m[6],
                issue_number=m[7],
                page=m[8],
                section=m[9],
                historical=bool(m[10]),
                snippet=make_snippet(body, q.include, width=80, skip=skip),
                score=h.score,
                validity=m[11] or "",
            )
        )
    return out


def _body_start(text: str, title: str, doc_number: str | None) -> int:
    """Where the body proper starts: after the title and number lines that open the text."""
    start = 0
    for head in (title, doc_number):
        if head:
            at = text.rfind(head, 0, 400 + len(head))
            if at >= 0:
                start = max(start, at + len(head))
    return start


def citation(gazette_name: str, hit: Hit) -> str:
    """《宿迁市人民政府公报》2018年第5期第12页 (the page only when known)."""
    if hit.issue_year is None:
        return f"《{gazette_name}》"
    page = f"第{hit.page}页" if hit.page else ""
    return f"《{gazette_name}》{hit.issue_label}{page}"
