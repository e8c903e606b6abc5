"""The search service on the app's database: filters, ranking, snippets, index upkeep."""

from __future__ import annotations

import datetime as dt

import pytest

from gazette.db.models import Document, IssueItem
from gazette.search import service
from gazette.search.model import Filters
from tests.search_support import D, add_docs

SAMPLE = [
    D(  # 0
        "市政府办公室关于贯彻落实江苏省全面推进政务公开工作实施细则的通知",
        "为贯彻落实全面推进政务公开工作的任务要求，深入开展政府信息公开标准化工作。\n"
        "政务公开是行政机关全面推进决策、执行、管理、服务、结果全过程公开。",
        doc_number="宿政办发〔2018〕56号",
        issue=(2018, 5),
        section="市政府办公室文件",
        page=12,
    ),
    D(  # 1
        "关于加强PM2.5污染防治的通知",
        "各地要加强PM2.5监测，按月公开监测数据。",
        doc_number="宿环发〔2019〕3号",
        issuer="宿迁市生态环境局",
        issued_on=dt.date(2019, 3, 1),
        issue=(2019, 3),
        section="部门文件",
        page=30,
    ),
    D(  # 2
        "政务公开",
        "本期专题：政务公开。",
        kind="政策解读",
        issued_on=dt.date(2020, 6, 1),
        issue=(2020, 6),
        section="政策解读",
        page=2,
        disclosure=None,
    ),
    D(  # 3
        "宿迁县人民政府关于农业生产的通知",
        "各乡镇要抓好农业生产，依申请公开。",
        doc_number="宿县发〔1998〕7号",
        issuer="宿迁县人民政府",
        issued_on=dt.date(1998, 4, 2),
        historical=True,
        issue=(1998, 4),
        section="市政府文件",
        page=5,
        validity="废止",
        disclosure="此件依申请公开",
    ),
    D(  # 4
        "关于印发政务服务事项清单的通知",
        "政务服务事项清单。政务服务，政务服务，政务服务。公开方式见附件。",
        doc_number="宿政发〔2021〕1号",
        issuer="宿迁市人民政府",
        issued_on=dt.date(2021, 1, 5),
        issue=(2021, 1),
        section="市政府文件",
        page=1,
    ),
]


@pytest.fixture(scope="module")
def shared(tmp_path_factory):
    """One archive for the read-only tests (a migrated database costs a second or two)."""
    from gazette.context import open_context

    context = open_context(None, tmp_path_factory.mktemp("search"))
    ids = add_docs(context, SAMPLE)
    yield context, ids
    context.close()


@pytest.fixture
def archive(ctx):
    """A private archive for the tests that change it."""
    ids = add_docs(ctx, SAMPLE)
    return ctx, ids


def titles(results) -> list[str]:
    return [h.title for h in results.hits]


def test_two_character_word_finds_every_document_carrying_it(shared) -> None:
    ctx, ids = shared
    r = service.search(ctx, "公开")
    assert r.total == 5
    assert {h.doc_id for h in r.hits} == set(ids)
    assert all("公开" in h.snippet.text for h in r.hits)
    for h in r.hits:
        assert all(h.snippet.text[s:e] == "公开" for s, e in h.snippet.spans)


def test_exact_title_first_then_title_hits_then_relevance(shared) -> None:
    ctx, ids = shared
    r = service.search(ctx, "政务公开")
    assert r.hits[0].doc_id == ids[2]  # the title is exactly the query
    assert r.hits[1].doc_id == ids[0]  # the title holds the term
    assert r.total == 2
    r = service.search(ctx, "政务服务")
    assert [h.doc_id for h in r.hits] == [ids[4]]


def test_relevance_then_newer_first(ctx) -> None:
    ids = add_docs(
        ctx,
        [
            D("甲", "公开" * 20, issued_on=dt.date(2010, 1, 1)),
            D("乙", "公开。" + "其他内容" * 300, issued_on=dt.date(2011, 1, 1)),
            D("丙", "公开。" + "其他内容" * 300, issued_on=dt.date(2012, 1, 1)),
        ],
    )
    r = service.search(ctx, "公开")
    assert [h.doc_id for h in r.hits] == [ids[0], ids[2], ids[1]]


def test_single_character_newest_first(shared) -> None:
    ctx, ids = shared
    r = service.search(ctx, "公")
    assert [h.doc_id for h in r.hits] == [ids[4], ids[2], ids[1], ids[0], ids[3]]


def test_doc_numbers_latin_and_digits(shared) -> None:
    ctx, ids = shared
    assert [h.doc_id for h in service.search(ctx, "宿政办发〔2018〕56号").hits] == [ids[0]]
    assert [h.doc_id for h in service.search(ctx, "宿政办发[2018]56号").hits] == []
    assert [h.doc_id for h in service.search(ctx, "﹝2018﹞").hits] == [ids[0]]
    assert [h.doc_id for h in service.search(ctx, "pm2.5").hits] == [ids[1]]
    assert [h.doc_id for h in service.search(ctx, "ＰＭ２．５").hits] == [ids[1]]
    assert service.search(ctx, "2018").total == 1
    assert service.search(ctx, "宿政办发").total == 1


def test_terms_phrases_and_exclusions(shared) -> None:
    ctx, ids = shared
    assert {h.doc_id for h in service.search(ctx, "公开 -政务").hits} == {ids[1], ids[3]}
    assert {h.doc_id for h in service.search(ctx, "公开 监测").hits} == {ids[1]}
    assert service.search(ctx, '"公开 监测"').total == 0
    assert {h.doc_id for h in service.search(ctx, "-公开").hits} == set()
    assert service.search(ctx, "-农业").total == 4


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (Filters(year_from=2019), {1, 2, 4}),
        (Filters(year_to=2018), {0, 3}),
        (Filters(year_from=2019, year_to=2020), {1, 2}),
        (Filters(issuer="生态环境"), {1}),
        (Filters(kind="政策解读"), {2}),
        (Filters(disclosure="此件依申请公开"), {3}),
        (Filters(validity="废止"), {3}),
        (Filters(section="市政府文件"), {3, 4}),
        (Filters(historical=True), {3}),
        (Filters(historical=False), {0, 1, 2, 4}),
        (Filters(date_from=dt.date(2019, 1, 1), date_to=dt.date(2020, 12, 31)), {1, 2}),
        (Filters(issue_number=5, year_from=2018, year_to=2018), {0}),
    ],
)
def test_filters(shared, filters: Filters, expected: set[int]) -> None:
    ctx, ids = shared
    assert {h.doc_id for h in service.search(ctx, "公开", filters).hits} == {
        ids[i] for i in expected
    }
    # filters alone (no words) list the same documents, newest first
    r = service.search(ctx, "", filters)
    assert {h.doc_id for h in r.hits} == {ids[i] for i in expected}


def test_hit_carries_issue_page_and_citation(shared) -> None:
    ctx, _ids = shared
    hit = service.search(ctx, "宿政办发〔2018〕56号").hits[0]
    assert (hit.issue_year, hit.issue_number, hit.page) == (2018, 5, 12)
    assert hit.section == "市政府办公室文件"
    assert service.citation("宿迁市人民政府公报", hit) == "《宿迁市人民政府公报》2018年第5期第12页"


def test_index_follows_edits_placements_and_deletes(archive) -> None:
    ctx, ids = archive
    with ctx.uow() as uow:
        doc = uow.session.get(Document, ids[1])
        doc.body_text = "改为讨论扬尘治理。"
        doc.title = "关于扬尘治理的通知"
        uow.commit()
    assert service.search(ctx, "监测").total == 0
    assert [h.doc_id for h in service.search(ctx, "扬尘").hits] == [ids[1]]
    with ctx.uow() as uow:
        item = uow.session.query(IssueItem).filter_by(document_id=ids[1]).one()
        item.page_start = 44
        uow.commit()
    assert service.search(ctx, "扬尘").hits[0].page == 44
    with ctx.uow() as uow:
        uow.session.delete(uow.session.query(IssueItem).filter_by(document_id=ids[1]).one())
        uow.session.delete(uow.session.get(Document, ids[1]))
        uow.commit()
    assert service.search(ctx, "扬尘").total == 0
    assert service.search(ctx, "").total == 4


def test_rolled_back_change_leaves_index_alone(archive) -> None:
    ctx, ids = archive
    with ctx.uow() as uow:
        uow.session.get(Document, ids[0]).body_text = "全新内容"
        uow.session.flush()
        uow.rollback()
    assert service.search(ctx, "全新内容").total == 0
    assert service.search(ctx, "政务公开").total == 2


def test_rebuild_gives_the_same_answers(archive) -> None:
    ctx, _ids = archive
    before = [(q, [h.doc_id for h in service.search(ctx, q).hits]) for q in ("公开", "公", "政务")]
    assert service.rebuild(ctx) == 5
    after = [(q, [h.doc_id for h in service.search(ctx, q).hits]) for q in ("公开", "公", "政务")]
    assert before == after


def test_paging(ctx) -> None:
    add_docs(
        ctx, [D(f"第{i}号文件", "公开内容", issued_on=dt.date(2000 + i, 1, 1)) for i in range(25)]
    )
    first = service.search(ctx, "公开", page=0)
    second = service.search(ctx, "公开", page=1)
    assert (first.total, first.pages, len(first.hits), len(second.hits)) == (25, 2, 20, 5)
    assert not {h.doc_id for h in first.hits} & {h.doc_id for h in second.hits}


def test_first_page_without_the_total_then_the_count(shared) -> None:
    ctx, _ids = shared
    fast = service.search(ctx, "政务公开", count=False)
    full = service.search(ctx, "政务公开")
    assert fast.total == -1 and full.total == 2
    assert [h.doc_id for h in fast.hits] == [h.doc_id for h in full.hits]
    assert service.count(ctx, "政务公开") == 2
    assert service.count(ctx, "公开", Filters(historical=True)) == 1


@pytest.mark.parametrize("which", ["ctx", "pg_ctx"])
def test_indexing_is_a_step_of_the_opened_databases_units_of_work(which, request, tmp_path) -> None:
    """The step hangs on the office database's own session factory, not on every Session:
    a bare ``Database`` (a migration, a backup check) keeps the audit trail and nothing else."""
    ctx = request.getfixturevalue(which)
    from sqlalchemy import event
    from sqlalchemy.orm import Session

    from gazette.db import Database
    from gazette.search import hooks

    assert event.contains(ctx.db.sessionmaker, "after_flush", hooks._after_flush)
    assert not event.contains(Session, "after_flush", hooks._after_flush)
    bare = Database(f"sqlite:///{tmp_path}/bare.sqlite3", tmp_path)
    assert not event.contains(bare.sessionmaker, "after_flush", hooks._after_flush)
    bare.dispose()
    (doc_id,) = add_docs(ctx, [D("关于印发城市书屋管理办法的通知", "城市书屋向市民开放。")])
    assert [h.doc_id for h in service.search(ctx, "城市书屋").hits] == [doc_id]
