"""Submission statuses are stored by their stable code; migration 1100 converts older records.

A reminder sent before 1100 recorded the status's Chinese name in ``reminder_items.status``. The
test sends a real reminder, downgrades to 1000 (the names come back), upgrades again (the
codes come back), and reads the stored value as a ``SubmissionStatus``.
"""

from __future__ import annotations

import datetime as dt

import pytest
from alembic import command
from sqlalchemy import text

from gazette.context import AppContext
from gazette.db.migrate import alembic_config, schema_state, upgrade
from gazette.db.models import ReminderItem
from gazette.submissions import queries, reminders
from gazette.submissions.register import SubmissionData, record
from gazette.vocab import SubmissionStatus
from tests.gazette.submissions_setup import make_departments

D = dt.date


def _stored(context: AppContext) -> list[str]:
    with context.db.engine.connect() as conn:
        return list(conn.execute(text("SELECT status FROM reminder_items ORDER BY id")).scalars())


def _round_trip(context: AppContext) -> None:
    dep = make_departments(context)["市教育局"]
    with context.uow() as uow:
        record(uow.session, SubmissionData(dep, "关于甲的通知", "宿教发〔2025〕1号", D(2025, 3, 3)))
        uow.commit()
    with context.uow() as uow:
        rows = queries.desk(uow.session, D(2025, 3, 26)).rows
        assert [r.status for r in rows] == [SubmissionStatus.OVERDUE]
        reminders.record_sent(
            uow.session, reminders.build(uow.session, rows, D(2025, 3, 26))[0], "函件"
        )
        uow.commit()
    assert _stored(context) == ["overdue"]

    command.downgrade(alembic_config(context.db), "1000")
    assert _stored(context) == ["逾期未报"]
    assert not schema_state(context.db).up_to_date
    upgrade(context.db)
    assert schema_state(context.db).up_to_date
    assert [SubmissionStatus(s) for s in _stored(context)] == [SubmissionStatus.OVERDUE]


def test_status_codes_migrate_both_ways_sqlite(ctx: AppContext) -> None:
    _round_trip(ctx)


@pytest.mark.postgres
def test_status_codes_migrate_both_ways_postgres(pg_ctx: AppContext) -> None:
    _round_trip(pg_ctx)


def test_every_status_code_fits_its_column() -> None:
    width = ReminderItem.__table__.c.status.type.length
    assert width == 8
    assert all(len(s.value) <= width for s in SubmissionStatus)
    assert len({s.value for s in SubmissionStatus}) == len({s.label for s in SubmissionStatus})


def test_a_status_is_read_by_its_label_or_code() -> None:
    assert SubmissionStatus.from_label("逾期未报") is SubmissionStatus.OVERDUE
    assert SubmissionStatus.from_label("late") is SubmissionStatus.LATE
    with pytest.raises(ValueError, match="状态“退回”无法识别，应为：按时报送、逾期报送"):
        SubmissionStatus.from_label("退回")
