"""open-government rules: 政策解读 materials, 退文, 公开属性 reasons, 主题分类, the self-check

Revision ID: 1000
Revises: 0110
Create Date: 2026-12-02 06:30:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "1000"
down_revision: str | Sequence[str] | None = "0110"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("documents") as batch:
        batch.add_column(sa.Column("topic", sa.String(length=32), nullable=True))
        batch.add_column(sa.Column("index_no", sa.String(length=32), nullable=True))
        batch.add_column(sa.Column("publishing_org", sa.String(length=128), nullable=True))
        batch.add_column(
            sa.Column("disclosure_basis", sa.Text(), nullable=False, server_default="")
        )
        batch.add_column(
            sa.Column("disclosure_reason", sa.Text(), nullable=False, server_default="")
        )
        batch.add_column(sa.Column("needs_interpretation", sa.Boolean(), nullable=True))
    with op.batch_alter_table("submissions") as batch:
        batch.add_column(sa.Column("returned_on", sa.Date(), nullable=True))
        batch.add_column(sa.Column("return_reason", sa.Text(), nullable=False, server_default=""))
        batch.add_column(sa.Column("returns", sa.Integer(), nullable=False, server_default="0"))
        batch.add_column(sa.Column("portal_doc_on", sa.Date(), nullable=True))
        batch.add_column(sa.Column("portal_interp_on", sa.Date(), nullable=True))
    op.create_table(
        "interpretation_materials",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("material", sa.String(length=8), nullable=False),
        sa.Column("form", sa.String(length=8), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=True),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("recorded_by", sa.String(length=64), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name=op.f("fk_interpretation_materials_document_id_documents"),
        ),
        sa.ForeignKeyConstraint(
            ["sha256"],
            ["stored_files.sha256"],
            name=op.f("fk_interpretation_materials_sha256_stored_files"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_interpretation_materials")),
    )
    op.create_index(
        op.f("ix_interpretation_materials_document_id"),
        "interpretation_materials",
        ["document_id"],
    )
    op.create_table(
        "disclosure_requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("applied_on", sa.Date(), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("document_ref", sa.String(length=128), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name=op.f("fk_disclosure_requests_document_id_documents"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_disclosure_requests")),
    )
    op.create_index(
        op.f("ix_disclosure_requests_applied_on"), "disclosure_requests", ["applied_on"]
    )
    op.create_index(
        op.f("ix_disclosure_requests_document_id"), "disclosure_requests", ["document_id"]
    )
    op.create_table(
        "self_check_replies",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("department_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("replied_on", sa.Date(), nullable=False),
        sa.Column("result", sa.Text(), nullable=False),
        sa.Column("opened", sa.JSON(), nullable=False),
        sa.Column("recorded_by", sa.String(length=64), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["department_id"],
            ["departments.id"],
            name=op.f("fk_self_check_replies_department_id_departments"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_self_check_replies")),
        sa.UniqueConstraint(
            "department_id", "year", name=op.f("uq_self_check_replies_department_id")
        ),
    )
    op.create_index(
        op.f("ix_self_check_replies_department_id"), "self_check_replies", ["department_id"]
    )


def downgrade() -> None:
    op.drop_table("self_check_replies")
    op.drop_table("disclosure_requests")
    op.drop_table("interpretation_materials")
    with op.batch_alter_table("submissions") as batch:
        for name in (
            "portal_interp_on",
            "portal_doc_on",
            "returns",
            "return_reason",
            "returned_on",
        ):
            batch.drop_column(name)
    with op.batch_alter_table("documents") as batch:
        for name in (
            "needs_interpretation",
            "disclosure_reason",
            "disclosure_basis",
            "publishing_org",
            "index_no",
            "topic",
        ):
            batch.drop_column(name)
