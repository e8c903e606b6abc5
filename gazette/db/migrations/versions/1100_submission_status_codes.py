"""submissions desk: reminder items store the status's stable code, not its Chinese name

Revision ID: 1100
Revises: 0110
Create Date: 2026-12-02 06:30:00.000000

The mapping is written out here, frozen as it was at this revision: a migration must keep
meaning the same thing after ``gazette.vocab.SubmissionStatus`` grows.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "1100"
down_revision: str | Sequence[str] | None = "1000"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CODES = {
    "按时报送": "on_time",
    "逾期报送": "late",
    "即将到期": "due_soon",
    "逾期未报": "overdue",
    "待报送": "pending",
    "日历未覆盖": "no_cal",
}


def _convert(mapping: dict[str, str]) -> None:
    items = sa.table("reminder_items", sa.column("status", sa.String(8)))
    for old, new in mapping.items():
        op.execute(items.update().where(items.c.status == old).values(status=new))


def upgrade() -> None:
    _convert(CODES)


def downgrade() -> None:
    _convert({code: name for name, code in CODES.items()})
