"""archive: a historical issue is published only when its backlog entry is

Registering used to mark every historical issue published, so the site exported issues still
being digitised. The shared Issue's status now follows the backlog: published at 已发布 only,
定稿 (final) before that.

Revision ID: 0800
Revises: 0400
Create Date: 2026-12-02 06:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0800"
down_revision: str | Sequence[str] | None = "0400"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute(
        sa.text(
            "UPDATE issues SET status = CASE WHEN EXISTS (SELECT 1 FROM archive_entries e "
            "WHERE e.issue_id = issues.id AND e.state = 'published') "
            "THEN 'published' ELSE 'final' END "
            "WHERE historical AND EXISTS (SELECT 1 FROM archive_entries e "
            "WHERE e.issue_id = issues.id)"
        )
    )


def downgrade() -> None:
    op.execute(sa.text("UPDATE issues SET status = 'published' WHERE historical"))
