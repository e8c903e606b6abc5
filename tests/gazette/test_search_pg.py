"""PostgreSQL gives the same answers as SQLite: same hits, same order, same totals."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gazette.search import service
from gazette.search.index_pg import PgIndex
from gazette.search.index_sqlite import SqliteIndex
from gazette.search.model import Filters, IndexRow, sort_key
from gazette.search.query import parse
from tests.gazette.test_search_index import ALPHABET, reference
from tests.gazette.test_search_service import SAMPLE
from tests.search_support import add_docs

pytestmark = pytest.mark.postgres

QUERIES = [
    "公开",
    "政务公开",
    "公",
    "pm2.5",
    "宿政办发〔2018〕56号",
    "公开 -政务",
    "-公开",
    "",
    "政务 服务",
]
FILTERS = [Filters(), Filters(year_from=2019), Filters(historical=True), Filters(issuer="环境")]


def answers(ctx) -> list:
    out = []
    for q in QUERIES:
        for f in FILTERS:
            r = service.search(ctx, q, f)
            out.append((q, f, r.total, [(h.doc_id, h.score, h.page) for h in r.hits]))
    return out


def test_service_parity_on_the_sample(ctx, pg_ctx) -> None:
    add_docs(ctx, SAMPLE)
    add_docs(pg_ctx, SAMPLE)
    assert answers(pg_ctx) == answers(ctx)
    # and after edits through the ORM on both
    from gazette.db.models import Document, IssueItem

    for c in (ctx, pg_ctx):
        with c.uow() as uow:
            uow.session.get(Document, 2).body_text = "公开公开公开"
            uow.session.delete(uow.session.query(IssueItem).filter_by(document_id=5).one())
            uow.session.delete(uow.session.get(Document, 5))
            uow.commit()
    assert answers(pg_ctx) == answers(ctx)
    assert service.rebuild(pg_ctx) == 4
    assert answers(pg_ctx) == answers(ctx)


texts = st.text(alphabet=ALPHABET.replace("\u3000", ""), max_size=30)


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    docs=st.lists(st.tuples(texts, texts), min_size=1, max_size=8),
    text=st.text(alphabet=ALPHABET + " -", max_size=8),
)
def test_index_parity(pg_url, docs, text) -> None:
    rows = [
        IndexRow(
            doc_id=i + 1,
            key=sort_key(dt.date(2001, 1, 1) + dt.timedelta(days=i % 3), i + 1),
            title=t,
            text=t + "\n" + b,
        )
        for i, (t, b) in enumerate(docs)
    ]
    q = parse(text)
    results = []
    for url, index in (("sqlite://", SqliteIndex()), (pg_url, PgIndex())):
        engine = sa.create_engine(url)
        with engine.begin() as conn:
            index.drop(conn)
            index.create(conn)
            index.upsert(conn, rows)
            page = index.search(conn, q, Filters(), 0, 100)
            results.append((page.total, [(h.doc_id, h.score) for h in page.hits]))
            index.drop(conn)
        engine.dispose()
    assert results[0] == results[1]
    if not q.empty:
        assert {d for d, _ in results[0][1]} == reference(docs, text)


def test_term_queries_reach_the_documents_through_the_gram_index(pg_ctx) -> None:
    """A filter beside common grams once made PostgreSQL unpack every row's gram array (a
    sequential scan, ~100× slower at 5,000 documents); the search keeps it on the GIN index."""
    from gazette.search.index_pg import gin_scans

    add_docs(pg_ctx, SAMPLE)
    index = PgIndex()
    sql, params = index.matches_sql(parse("政务 公开"), Filters(issuer="环境", historical=False))
    explain = sa.text("EXPLAIN " + str(sql))
    with pg_ctx.db.engine.connect() as conn:
        conn.exec_driver_sql("ANALYZE search_docs")
        plain = "\n".join(r[0] for r in conn.execute(explain, params))
        with gin_scans(conn):
            kept = "\n".join(r[0] for r in conn.execute(explain, params))
        after = conn.exec_driver_sql("SHOW enable_seqscan").scalar()
    assert "Seq Scan" in plain  # a handful of rows: left alone, the planner reads them all
    assert "Bitmap Index Scan on search_docs_grams" in kept and "Seq Scan" not in kept
    assert after == "on"  # the planner settings do not outlive the query


def test_first_page_without_a_total_confirms_in_rank_order(pg_ctx) -> None:
    """The screen's first page (no total) confirms long terms only as far as it needs: it must
    list exactly the documents, in the order, that the full search does. Many documents hold the
    grams of 政务公开 apart, newest and best-ranked among them, so a page of unconfirmed
    candidates would show them."""
    from tests.search_support import D

    apart = [
        D(
            f"关于政务服务和事务公开第{i}号通知",
            "政务服务要规范。" * (i % 5 + 1) + "事务公开要及时。",
            issued_on=dt.date(2020, 1, 1) + dt.timedelta(days=i),
        )
        for i in range(60)
    ]
    together = [
        D(
            f"关于推进政务公开第{i}号通知",
            "全面推进政务公开。" * (i % 3 + 1),
            issued_on=dt.date(2016, 1, 1) + dt.timedelta(days=i),
        )
        for i in range(30)
    ]
    add_docs(pg_ctx, SAMPLE + apart + together)
    index = PgIndex()
    with pg_ctx.db.engine.connect() as conn:
        for text in ("政务公开", "推进政务公开", "政务公开 -全面", "公开工作", "政务公开 通知"):
            for f in (Filters(), Filters(year_from=2016, year_to=2016)):
                q = parse(text)
                full = index.search(conn, q, f, 0, 20, count=True)
                first = index.search(conn, q, f, 0, 20, count=False)
                assert first.total == -1
                assert [(h.doc_id, h.score) for h in first.hits] == [
                    (h.doc_id, h.score) for h in full.hits
                ], (text, f)
                second = index.search(conn, q, f, 20, 20, count=False)
                assert [h.doc_id for h in second.hits] == [
                    h.doc_id for h in index.search(conn, q, f, 20, 20).hits
                ], (text, f)
        assert len(index.search(conn, parse("政务公开"), Filters(), 0, 20, count=False).hits) == 20
