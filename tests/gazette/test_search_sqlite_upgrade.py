"""Migration 0525 changes SQLite's FTS5 columns: a database upgraded from 0520 has its index
rebuilt in the new layout, stale rows dropped, and a rebuild left unfinished completed."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import command

from gazette.db.migrate import alembic_config, schema_state, upgrade
from gazette.search import indexer, service
from tests.gazette.test_search_rebuild import QUERIES, add_segmented_documents


def _answers(ctx) -> list:  # type: ignore[no-untyped-def]
    return [(q, [h.doc_id for h in service.search(ctx, q).hits]) for q in QUERIES]


def _fts_sql(ctx) -> str:  # type: ignore[no-untyped-def]
    with ctx.db.engine.connect() as conn:
        return str(
            conn.exec_driver_sql("SELECT sql FROM sqlite_master WHERE name = 'fts_search'").scalar()
        )


def _back_to_0520(ctx, unfinished: bool) -> None:  # type: ignore[no-untyped-def]
    """The database as 0520 left it: the old columns, and index rows, one of them stale."""
    command.downgrade(alembic_config(ctx.db), "0520")
    with ctx.db.engine.begin() as conn:
        assert "chars, impact" in _fts_sql(ctx)
        conn.execute(
            sa.text(
                "INSERT INTO search_docs (key, doc_id, title_key, title, body) "
                "VALUES (1, 424242, '旧', '旧', x'')"
            )
        )
        if unfinished:
            conn.exec_driver_sql("INSERT INTO search_rebuild VALUES (1, 3)")
    assert not schema_state(ctx.db).up_to_date


def _upgraded(ctx, unfinished: bool) -> None:  # type: ignore[no-untyped-def]
    add_segmented_documents(ctx)
    assert service.rebuild(ctx) == 9
    want = _answers(ctx)
    assert all(ids for _q, ids in want)
    _back_to_0520(ctx, unfinished)
    upgrade(ctx.db)
    assert schema_state(ctx.db).up_to_date
    assert "columnsize=0" in _fts_sql(ctx) and "impact" not in _fts_sql(ctx)
    with ctx.db.engine.connect() as conn:
        assert indexer.resume_point(conn) is None
        ids = conn.exec_driver_sql("SELECT doc_id FROM search_docs ORDER BY doc_id").scalars()
        assert 424242 not in list(ids)
    assert _answers(ctx) == want


def test_upgrade_rebuilds_the_old_layout(ctx) -> None:  # type: ignore[no-untyped-def]
    _upgraded(ctx, unfinished=False)


def test_upgrade_completes_an_unfinished_rebuild(ctx) -> None:  # type: ignore[no-untyped-def]
    _upgraded(ctx, unfinished=True)
