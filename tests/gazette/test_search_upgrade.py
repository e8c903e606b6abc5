"""Migration 0530 gives PostgreSQL's lists their positions: an index written before it (no
positions, an interrupted rebuild recorded) is rebuilt by the upgrade and answers as before;
on SQLite the upgrade leaves the index alone."""

from __future__ import annotations

import pytest
from sqlalchemy import inspect

from gazette.db.migrate import schema_state, upgrade
from gazette.search import indexer, service
from tests.gazette.test_search_service import SAMPLE
from tests.search_support import D, add_docs

QUERIES = ("政务公开", "公开工作", "政务公开 -第7号", "公开", "公", "第7号文")


def _answers(ctx) -> list:  # type: ignore[no-untyped-def]
    return [
        (q, r.total, [h.doc_id for h in r.hits])
        for q in QUERIES
        for r in [service.search(ctx, q, count=True)]
    ]


@pytest.mark.parametrize("db", ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def test_upgrade_to_positions(request, db: str) -> None:
    ctx = request.getfixturevalue("ctx" if db == "sqlite" else "pg_ctx")
    add_docs(ctx, [*SAMPLE, *(D(f"第{i}号文件", f"政务公开工作第{i}条") for i in range(12))])
    want = _answers(ctx)
    assert all(total for _, total, _ in want[:3])
    with ctx.db.engine.begin() as conn:
        if db == "postgresql":  # the index as the older program left it, mid-rebuild
            conn.exec_driver_sql("ALTER TABLE search_postings DROP COLUMN pos")
            conn.exec_driver_sql("INSERT INTO search_rebuild VALUES (1, 3)")
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = '0525' "
                             "WHERE version_num = '0530'")  # fmt: skip
    assert not schema_state(ctx.db).up_to_date
    upgrade(ctx.db)
    assert schema_state(ctx.db).up_to_date
    with ctx.db.engine.connect() as conn:
        assert indexer.resume_point(conn) is None
        if db == "postgresql":
            columns = {c["name"] for c in inspect(conn).get_columns("search_postings")}
            assert "pos" in columns
            assert conn.exec_driver_sql(
                "SELECT count(*) FROM search_postings WHERE pos IS NOT NULL"
            ).scalar()
    assert _answers(ctx) == want
