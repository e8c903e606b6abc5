"""search: SQLite's FTS5 table in one positional column, without column sizes

Revision ID: 0525
Revises: 0520
Create Date: 2026-12-02 13:40:00.000000

The table's columns change (body, title instead of title, body, chars, impact), so SQLite's
index is rebuilt here from the documents, as 0510 does for PostgreSQL's. The rebuild runs in the
migration's transaction: a program killed part-way leaves the schema at 0520 and the old index
whole, and the next start upgrades again. An unfinished rebuild is completed by this one.
PostgreSQL's index is unchanged.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0525"
down_revision: str | Sequence[str] | None = "0520"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OLD_FTS = """CREATE VIRTUAL TABLE fts_search USING fts5(
    title, body, chars, impact, content='', tokenize='ascii', detail='full')"""


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        return
    from gazette.search import index_sqlite, indexer

    had_rows = bool(bind.execute(sa.text("SELECT EXISTS (SELECT 1 FROM search_docs)")).scalar())
    unfinished = indexer.resume_point(bind) is not None
    op.execute("DROP TABLE IF EXISTS fts_search")
    index_sqlite.SqliteIndex().create(bind)
    if had_rows or unfinished:
        indexer.rebuild(bind)


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        return
    op.execute("DROP TABLE IF EXISTS fts_search")
    op.execute(OLD_FTS)
    # the old layout is filled by ``gazette search-index rebuild`` of that version
    op.execute("DELETE FROM search_docs")
