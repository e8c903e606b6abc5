"""search: PostgreSQL's text bigram lists carry their positions

Revision ID: 0530
Revises: 0525
Create Date: 2026-12-02 14:00:00.000000

A term of three or more characters is now found from its bigrams' positions instead of reading
the candidates' texts, and the lists are stored in a new blob layout, so PostgreSQL's index is
rebuilt here from the documents, in this transaction, as 0510 did (an interrupted rebuild's
``search_rebuild`` row goes with it). SQLite's index is unchanged.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0530"
down_revision: str | Sequence[str] | None = "0525"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    from gazette.search import indexer
    from gazette.search.index_pg_schema import POS_COLUMN

    for sql in POS_COLUMN:
        op.execute(sql)
    stale = bind.execute(
        sa.text(
            "SELECT EXISTS (SELECT 1 FROM search_docs) OR EXISTS (SELECT 1 FROM search_rebuild)"
        )
    ).scalar()
    if stale:
        indexer.rebuild(bind)


def downgrade() -> None:
    """The older layout cannot read these lists: empty the index and record a rebuild from the
    first document, which the older program's ``gazette search-index rebuild`` resumes."""
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    op.execute("ALTER TABLE search_postings DROP COLUMN IF EXISTS pos")
    op.execute("DELETE FROM search_postings")
    op.execute("DELETE FROM search_docs")
    op.execute("DELETE FROM search_rebuild")
    op.execute("INSERT INTO search_rebuild VALUES (1, 0)")
