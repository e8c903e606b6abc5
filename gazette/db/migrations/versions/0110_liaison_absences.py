"""submissions desk: liaison absences

Revision ID: 0110
Revises: 0100
Create Date: 2026-11-27 10:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0110"
down_revision: str | Sequence[str] | None = "0100"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "liaison_absences",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("liaison_id", sa.Integer(), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=True),
        sa.Column("reason", sa.String(length=8), nullable=False),
        sa.Column("note", sa.String(length=255), nullable=False),
        sa.Column("recorded_by", sa.String(length=64), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["liaison_id"], ["liaisons.id"], name=op.f("fk_liaison_absences_liaison_id_liaisons")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_liaison_absences")),
    )
    with op.batch_alter_table("liaison_absences", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_liaison_absences_liaison_id"), ["liaison_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("liaison_absences", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_liaison_absences_liaison_id"))
    op.drop_table("liaison_absences")
