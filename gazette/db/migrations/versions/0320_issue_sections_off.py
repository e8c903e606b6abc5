"""issues: a section switched off for one issue (the empty-section rule then skips it)

Revision ID: 0320
Revises: 0310
Create Date: 2026-12-02 04:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0320"
down_revision: str | Sequence[str] | None = "0310"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "issue_sections_off",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("issue_id", sa.Integer(), nullable=False),
        sa.Column("section_id", sa.Integer(), nullable=False),
        sa.Column("by", sa.String(length=64), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["issue_id"], ["issues.id"], name=op.f("fk_issue_sections_off_issue_id_issues")
        ),
        sa.ForeignKeyConstraint(
            ["section_id"], ["sections.id"], name=op.f("fk_issue_sections_off_section_id_sections")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_issue_sections_off")),
        sa.UniqueConstraint("issue_id", "section_id", name=op.f("uq_issue_sections_off_issue_id")),
    )
    with op.batch_alter_table("issue_sections_off", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_issue_sections_off_issue_id"), ["issue_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("issue_sections_off", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_issue_sections_off_issue_id"))
    op.drop_table("issue_sections_off")
