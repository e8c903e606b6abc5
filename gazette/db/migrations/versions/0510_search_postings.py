"""search: PostgreSQL's index as gram-to-posting lists instead of GIN-indexed gram arrays

Revision ID: 0510
Revises: 0500
Create Date: 2026-12-02 04:00:00.000000

The old ``search_docs`` rows carry no posting lists, so PostgreSQL's index is rebuilt here from
the documents (the same as ``gazette search-index rebuild``). SQLite's index is unchanged.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0510"
down_revision: str | Sequence[str] | None = "0500"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    from gazette.search import index_pg, indexer

    had_rows = bool(bind.execute(sa.text("SELECT EXISTS (SELECT 1 FROM search_docs)")).scalar())
    op.execute("DROP TABLE IF EXISTS search_docs")
    index_pg.PgIndex().create(bind)
    if had_rows:
        indexer.rebuild(bind)


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    from gazette.search import index_pg

    index_pg.PgIndex().drop(bind)
    op.execute(
        """CREATE TABLE IF NOT EXISTS search_docs (
        key BIGINT PRIMARY KEY,
        doc_id INTEGER NOT NULL UNIQUE,
        title_key TEXT NOT NULL,
        year INTEGER, issue_id INTEGER, issue_year INTEGER, issue_number INTEGER,
        page INTEGER, section TEXT, issuer TEXT NOT NULL DEFAULT '', kind TEXT,
        disclosure TEXT, validity TEXT, issued_on TEXT, historical INTEGER NOT NULL DEFAULT 0,
        doc_number TEXT, title TEXT NOT NULL, body TEXT NOT NULL,
        norm_title TEXT NOT NULL, norm TEXT NOT NULL, grams TEXT[] NOT NULL,
        impacts TEXT[] NOT NULL)"""
    )
    op.execute("CREATE INDEX IF NOT EXISTS search_docs_grams ON search_docs USING gin (grams)")
    op.execute("CREATE INDEX IF NOT EXISTS search_docs_impacts ON search_docs USING gin (impacts)")
    op.execute("CREATE INDEX IF NOT EXISTS search_docs_title_key ON search_docs (title_key)")
    # the old layout is filled by ``gazette search-index rebuild`` of that version
