"""search: the rebuild's progress as a table of the schema, not one the rebuild creates

Revision ID: 0520
Revises: 0510
Create Date: 2026-12-02 08:15:00.000000

A rebuild records, while unfinished, the first document id it has not yet committed. It used to
create and drop this table itself, which only the owner role of a shared PostgreSQL office may
do; with the table here the rebuild only inserts, updates and deletes its one row.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0520"
down_revision: str | Sequence[str] | None = "0510"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # IF NOT EXISTS: an older rebuild may have left its own table behind, with a resume point
    op.execute(
        "CREATE TABLE IF NOT EXISTS search_rebuild "
        "(one INTEGER PRIMARY KEY, next_id BIGINT NOT NULL)"
    )


def downgrade() -> None:
    op.execute("DROP TABLE IF EXISTS search_rebuild")
