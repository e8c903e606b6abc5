"""The index against the plain rule (substring of the normalised text), property-based, and
the query syntax against anything a user can type."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa
from hypothesis import given, settings
from hypothesis import strategies as st

from gazette.search.index_sqlite import SqliteIndex
from gazette.search.model import Filters, IndexRow, sort_key
from gazette.search.query import parse
from gazette.search.snippets import find_spans, make_snippet
from gazette.search.tokenise import normalise

# a small alphabet makes collisions, repeats and partial overlaps likely
ALPHABET = "政务公开信息府发〔〕号abAB25.-* \n，,（(）)ＰＭ２５\u3000\"'“”:^{}"
texts = st.text(alphabet=ALPHABET, max_size=40)
queries = st.text(alphabet=ALPHABET + ' -"', max_size=12)


def reference(docs: list[tuple[str, str]], text: str) -> set[int]:
    q = parse(text)
    out = set()
    for i, (title, body) in enumerate(docs):
        norm = normalise(title + "\n" + body)
        if all(t in norm for t in q.include) and not any(t in norm for t in q.exclude):
            out.add(i + 1)
    return out


def build(conn: sa.Connection, docs: list[tuple[str, str]], index=None) -> None:
    index = index or SqliteIndex()
    index.drop(conn)
    index.create(conn)
    rows = [
        IndexRow(
            doc_id=i + 1,
            key=sort_key(dt.date(2000, 1, 1) + dt.timedelta(days=7 * (i % 5)), i + 1),
            title=title,
            text=title + "\n" + body,
        )
        for i, (title, body) in enumerate(docs)
    ]
    index.upsert(conn, rows)


@pytest.fixture(scope="module")
def engine():
    eng = sa.create_engine("sqlite://")
    yield eng
    eng.dispose()


@settings(max_examples=150)
@given(docs=st.lists(st.tuples(texts, texts), min_size=1, max_size=10), text=queries)
def test_index_agrees_with_substring_scan(engine, docs, text) -> None:
    index = SqliteIndex()
    with engine.begin() as conn:
        build(conn, docs, index)
        q = parse(text)
        page = index.search(conn, q, Filters(), 0, 1000)
        ids = [h.doc_id for h in page.hits]
        assert len(ids) == len(set(ids)) == page.total
        assert set(ids) == (reference(docs, text) if not q.empty else set(range(1, len(docs) + 1)))
        if q.single_char or q.empty:  # newest first
            assert [h.key for h in page.hits] == sorted((h.key for h in page.hits), reverse=True)


@settings(max_examples=60)
@given(docs=st.lists(st.tuples(texts, texts), min_size=1, max_size=6), edits=st.data())
def test_updates_and_deletes_keep_agreement(engine, docs, edits) -> None:
    index = SqliteIndex()
    with engine.begin() as conn:
        build(conn, docs, index)
        victim = edits.draw(st.integers(0, len(docs) - 1))
        new = edits.draw(st.tuples(texts, texts))
        docs = list(docs)
        docs[victim] = new
        index.upsert(
            conn, [IndexRow(doc_id=victim + 1, key=victim + 1, title=new[0], text="\n".join(new))]
        )
        gone = edits.draw(st.integers(0, len(docs) - 1))
        index.delete(conn, [gone + 1])
        for term in ("政务", "公", "ab", "25", "〔"):
            want = reference(docs, term) - {gone + 1}
            got = {h.doc_id for h in index.search(conn, parse(term), Filters(), 0, 100).hits}
            assert got == want, term


@given(st.text(max_size=60))
def test_any_text_parses(text) -> None:
    q = parse(text)
    for term in (*q.include, *q.exclude):
        assert term and term == normalise(term)
        assert not term.startswith(" ") and not term.endswith(" ")


@settings(max_examples=150)
@given(st.text(max_size=40))
def test_any_text_searches_without_error(engine, text) -> None:
    index = SqliteIndex()
    with engine.begin() as conn:
        build(conn, [("AND OR NEAR", 'a AND b OR c NEAR(d e) "x" *y^ {col}: -z'), ("政务", "公开")])
        index.search(conn, parse(text), Filters(), 0, 20)


@pytest.mark.parametrize(
    ("text", "include", "exclude"),
    [
        ("政务 公开", ("政务", "公开"), ()),
        ("政务　公开", ("政务", "公开"), ()),  # an ideographic space separates too
        ('"政务  公开"', ("政务 公开",), ()),
        ("“政务公开”", ("政务公开",), ()),
        ("公开 -依申请", ("公开",), ("依申请",)),
        ("公开 －依申请", ("公开",), ("依申请",)),
        ('公开 -"依 申请"', ("公开",), ("依 申请",)),
        ("- 公开", ("-", "公开"), ()),
        ('"未闭合 引号', ("未闭合 引号",), ()),
        ("a AND b", ("and", "b"), ()),  # a is inside "and": it adds nothing
        ("公开 OR 政务", ("公开", "or", "政务"), ()),
        ("NEAR(政务 公开)", ("near(政务", "公开)"), ()),
        ("政务* ^公开 {title}:x", ("政务*", "^公开", "{title}:x"), ()),
        ("公开 公开 政务公开", ("政务公开",), ()),
        ("ＰＭ２．５", ("pm2.5",), ()),
        ("", (), ()),
        ('""', (), ()),
    ],
)
def test_parse(text, include, exclude) -> None:
    q = parse(text)
    assert (q.include, q.exclude) == (include, exclude)


def test_fts_syntax_is_literal(engine) -> None:
    index = SqliteIndex()
    docs = [("a", "x AND y"), ("b", "x y"), ("c", "NEAR(x y)"), ("d", '"quoted" *star*')]
    with engine.begin() as conn:
        build(conn, docs, index)
        for text, want in [
            ("AND", {1}),
            ("x AND y", {1}),  # three words that must all occur: x, and, y
            ('"x AND y"', {1}),
            ("x OR y", set()),  # nothing holds the word "or"
            ("NEAR(x", {3}),
            ('"quoted"', {4}),
            ("*star*", {4}),
            ("x -AND", {2, 3}),
        ]:
            got = {h.doc_id for h in index.search(conn, parse(text), Filters(), 0, 50).hits}
            assert got == want == reference(docs, text), text


def test_spans_and_snippet() -> None:
    text = "宿政办发﹝2018﹞56号\n为贯彻落实ＰＭ2.5 监测，公开数据。" + "其他" * 100 + "公开"
    spans = find_spans(text, ("〔2018〕", "pm2.5"))
    assert [text[s:e] for s, e in spans] == ["﹝2018﹞", "ＰＭ2.5"]
    snip = make_snippet(text, ("公开",), width=20)
    assert "【公开】" in snip.marked()
    assert len(find_spans("aaaa", ("aa",))) == 1  # overlapping hits merge


def test_plain_substring_test_only_where_it_is_the_same() -> None:
    """matches() takes the plain substring path only for terms no other character folds to."""
    from gazette.search.snippets import matches
    from gazette.search.tokenise import literal

    assert literal("公开") and not literal("郎") and not literal("pm2.5")
    assert matches("新\uf92c中", ("郎",), ())  # a compatibility ideograph folds to 郎
    assert matches("ＰＭ２．５浓度", ("pm2.5",), ()) and not matches("公示", ("公开",), ())
    assert matches("政务公开", ("公开",), ("依申请",))
    assert not matches("政务公开依申请", ("公开",), ("依申请",))
