"""SQLite's FTS5 values: the array-built body field holds exactly the tokens of the plain one,
and ranking by stored tiers (impact tokens above a document's base tier, base tokens for the
rest) orders hits exactly as scoring each hit's text does."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from hypothesis import given, settings
from hypothesis import strategies as st

from gazette.search.index_sqlite import SqliteIndex
from gazette.search.model import Filters, IndexRow, sort_key
from gazette.search.query import parse
from gazette.search.sqlite_fields import body_field, body_field_plain
from gazette.search.tokenise import normalise
from tests.gazette.test_search_index import ALPHABET

WIDE = ALPHABET + "\U0001f600\U00020000\ue1ff\ue10a"  # beyond the BMP, and the marks' own area


@settings(max_examples=300)
@given(st.text(alphabet=WIDE, max_size=60))
def test_array_body_field_has_the_plain_tokens(text: str) -> None:
    norm = normalise(text)
    fast, plain = body_field(norm), body_field_plain(norm)
    assert sorted(fast.split(" ")) == sorted(plain.split(" "))
    n = max(len(norm) - 1, 0)  # the bigrams lead, in text order (phrases need their positions)
    assert fast.split(" ")[:n] == plain.split(" ")[:n]


def _doc(i: int) -> IndexRow:
    """Documents where 政务 occurs 1 to 6 times in texts of very different lengths, so that
    impact tiers and base tiers both vary."""
    body = "政务公开" * (1 + i % 6) + "其他内容" * (i * 37 % 900)
    return IndexRow(
        doc_id=i + 1,
        key=sort_key(dt.date(2001, 1, 1) + dt.timedelta(days=i % 40), i + 1),
        title="政务通知" if i % 11 == 0 else f"第{i}号",
        text=f"第{i}号\n{body}",
    )


def test_tier_levels_rank_as_the_texts_score() -> None:
    engine = sa.create_engine("sqlite://")
    index = SqliteIndex()
    with engine.begin() as conn:
        index.create(conn)
        index.upsert(conn, [_doc(i) for i in range(120)])
        raw = conn.connection.driver_connection
        for text in ("政务", "政务公开", "务公"):
            q = parse(text)
            keys = [int(k) for (k,) in raw.execute("SELECT key FROM search_docs")]
            exact = index._rank_few(raw, q, keys)  # every hit scored from its text
            for offset in (0, 20, 60):
                page = index.search(conn, q, Filters(), offset, 20, count=False)
                got = [(h.key, h.score) for h in page.hits]
                assert got == exact[offset : offset + 20], (text, offset)
    engine.dispose()
