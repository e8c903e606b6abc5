"""PostgreSQL gives the same answers as SQLite: same hits, same order, same totals."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gazette.search import service
from gazette.search.index_pg import PgIndex
from gazette.search.index_pg_schema import LISTS_SQL
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


def _scans(conn) -> dict[str, tuple[int, int]]:
    """(sequential, index) scans of the index tables so far in this transaction."""
    rows = conn.exec_driver_sql(
        "SELECT relname, seq_scan, coalesce(idx_scan, 0) FROM pg_stat_xact_user_tables "
        "WHERE relname IN ('search_docs', 'search_postings') AND schemaname = current_schema()"
    ).all()
    return {name: (int(seq), int(idx)) for name, seq, idx in rows}


def test_a_two_character_word_is_one_probe_of_the_posting_lists(pg_ctx) -> None:
    """The first page of a two-character word reads its one list through the primary key, and
    touches the documents only through their indexes: no table is read whole."""
    add_docs(pg_ctx, SAMPLE)
    index = PgIndex()
    with pg_ctx.db.engine.connect() as conn:
        index.search(conn, parse("公开"), Filters(), 0, 20, count=False)  # reads the sort keys
        conn.commit()
        # a few sample rows are a page or two, where reading a table whole is the planner's
        # right choice once autovacuum has analysed it (and before, it is not): the question is
        # whether the statements can probe the indexes, so sequential scans are priced out
        conn.exec_driver_sql("SET enable_seqscan = off")
        before = _scans(conn)
        page = index.search(conn, parse("公开"), Filters(), 0, 20, count=False)
        after = _scans(conn)
        assert page.hits
        seq = {t: after.get(t, (0, 0))[0] - before.get(t, (0, 0))[0] for t in after}
        idx = {t: after.get(t, (0, 0))[1] - before.get(t, (0, 0))[1] for t in after}
        assert seq.get("search_postings", 0) == 0 and seq.get("search_docs", 0) == 0, seq
        # the word's list and the title lists of the driving bigram: one probe each
        assert idx.get("search_postings") == 2, idx


def test_the_list_lookup_plans_an_index_scan(pg_ctx) -> None:
    """What keeps a short query fast at any size: each gram is one probe of the list index."""
    from tests.search_support import D

    docs = [D(f"第{i}号通知", f"政务公开第{i}条，推进信息公开{i % 7}项") for i in range(40)]
    add_docs(pg_ctx, SAMPLE + docs)
    with pg_ctx.db.engine.connect() as conn:
        conn.exec_driver_sql("SET enable_seqscan = off")  # as above: the plan, not the statistics
        raw = conn.connection.driver_connection
        plan = "\n".join(
            r[0]
            for r in raw.execute(
                "EXPLAIN " + LISTS_SQL, ([0, 0], ["公开", "政务"], "公开")
            ).fetchall()
        )
    assert "Index Scan using search_postings_gram" in plan, plan
    assert "Seq Scan on search_postings" not in plan, plan


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


def test_a_first_page_never_reads_a_common_bigrams_positions(pg_ctx, monkeypatch) -> None:
    """The screen's first page narrows a long term by its cheap bigrams and checks the few
    candidates left by their texts: the positions of a bigram as common as 政务 (millions of
    occurrences in a real archive) are not read, and the page is still the full search's."""
    from gazette.search import pg_first_page
    from tests.search_support import D

    class Recording(PgIndex):
        def __init__(self) -> None:
            super().__init__()
            self.read: list[str] = []

        def positions(self, conn, grams, within=None):  # type: ignore[no-untyped-def]
            self.read.extend(grams)
            return super().positions(conn, grams, within)

    def busy(i: int) -> str:  # 政务 a hundred times, at irregular gaps
        return "".join(f"政务第{(i * 37 + j * j * 11) % 997}项，" for j in range(100))

    common = [D(f"第{i}号通知", busy(i)) for i in range(30)]
    near = [D(f"第{i}号意见", busy(i) + "服务质检要规范。") for i in range(8)]
    hits = [
        D(f"第{i}号办法", busy(i) + "开展政务质检。", issued_on=dt.date(2019, 1, 1 + i))
        for i in range(5)
    ]
    add_docs(pg_ctx, common + near + hits)
    with pg_ctx.db.engine.connect() as conn:
        index = Recording()
        found = index.lists(conn, [(0, "政务"), (0, "务质"), (0, "质检")])
        sizes = found.pos_bytes
        assert sizes["政务"] > 5 * (sizes["务质"] + sizes["质检"])
        monkeypatch.setattr(pg_first_page, "POS_BUDGET", sizes["务质"] + sizes["质检"])
        monkeypatch.setattr(pg_first_page, "NARROW_MAX", sizes["政务"] - 1)
        q = parse("政务质检")
        first = index.search(conn, q, Filters(), 0, 20, count=False)
        assert "政务" not in index.read and {"务质", "质检"} <= set(index.read)
        full = index.search(conn, q, Filters(), 0, 20, count=True)
        assert full.total == len(hits)
        assert [(h.doc_id, h.score) for h in first.hits] == [(h.doc_id, h.score) for h in full.hits]


def test_a_long_term_is_decided_by_the_cheapest_bigrams_covering_it() -> None:
    """Only bigrams that together cover every character are read for their positions, the
    rarest such set; an uncovered character would let 政务X公开 stand for 政务公开."""
    from gazette.search.postings import cover

    sizes = {"政务": 50, "务公": 900, "公开": 80, "开工": 5, "工作": 70}
    assert cover("政务公开", sizes.__getitem__) == [0, 2]
    assert cover("政务公", sizes.__getitem__) == [0, 1]
    assert cover("务公开工作", sizes.__getitem__) == [0, 2, 3]
    for term in ("政务公开", "务公开工作", "政务公开工作"):
        chosen = cover(term, sizes.__getitem__)
        covered = {c for i in chosen for c in (i, i + 1)}
        assert covered == set(range(len(term))), term


def test_filters_in_memory_pass_what_the_sql_conditions_pass(pg_ctx) -> None:
    """The filter values kept in memory answer every filter as ``filter_clauses`` does in SQL,
    missing values (no issue, no section, no disclosure) included."""
    from gazette.search import doc_facts
    from gazette.search.model import filter_clauses
    from tests.search_support import D

    day = dt.date(2012, 3, 4)
    docs = [
        D(
            f"第{i}号通知",
            f"正文{i}",
            issuer=("宿迁市环境局", "宿迁市人民政府", "")[i % 3],
            kind=("公文", "规范性文件")[i % 2],
            issued_on=day + dt.timedelta(days=97 * i),
            disclosure=(None, "此件公开发布", "依申请公开")[i % 3],
            validity=("有效", "失效", "废止")[i % 3],
            historical=i % 4 == 0,
            issue=(2012 + i // 6, 1 + i % 5) if i % 5 else None,
            section=("规范性文件", None)[i % 2],
            page=i,
        )
        for i in range(30)
    ]
    add_docs(pg_ctx, docs)
    cases = [
        Filters(year_from=2014),
        Filters(year_to=2013, historical=False),
        Filters(issue_number=3),
        Filters(issue_number=0),  # a document in no issue has no number, not 0
        Filters(section="规范性文件", kind="公文"),
        Filters(kind="规范性文件", validity="有效"),
        Filters(disclosure="依申请公开"),
        Filters(issuer="环境"),
        Filters(issuer="宿迁市"),
        Filters(date_from=day + dt.timedelta(days=400), date_to=day + dt.timedelta(days=1500)),
        Filters(historical=True, validity="废止"),
        Filters(validity="不存在"),
    ]
    with pg_ctx.db.engine.connect() as conn:
        raw = conn.connection.driver_connection
        stamp = raw.execute("SELECT stamp FROM search_stamp").fetchone()[0]
        every = {d for (d,) in raw.execute("SELECT doc_id FROM search_docs")}
        issue_ids = {i for (i,) in raw.execute("SELECT issue_id FROM search_docs")}
        cases.append(Filters(issue_id=max(i for i in issue_ids if i is not None)))
        facts = doc_facts.of(raw, stamp)
        for f in cases:
            where, params = filter_clauses(f, "d", "strpos")
            sql = sa.text(f"SELECT d.doc_id FROM search_docs d WHERE {' AND '.join(where)}")
            want = set(conn.execute(sql, params).scalars())
            assert facts.passing(f, every) == want, f
            assert facts.passing(f, every - {min(every)}) == want - {min(every)}, f
        assert sum(bool(facts.passing(f, every)) for f in cases) == len(cases) - 2  # none: 2
