"""Long-job leases and optimistic locking, with real concurrent sessions."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy.orm.exc import StaleDataError

from gazette.context import open_context
from gazette.db.models import Department
from gazette.db.uow import ConcurrentChange
from gazette.office.conflicts import ConflictError, check_version
from gazette.office.leases import LeaseHeld, acquire, lease, release


def _lease_rules(ctx) -> None:
    with lease(ctx.db, "issue-build:1", "张编辑"):
        with pytest.raises(LeaseHeld, match="张编辑"):
            acquire(ctx.db, "issue-build:1", "李编辑@pc2:1")
        acquire(ctx.db, "ocr:7", "李编辑@pc2:1")  # another resource is free
    acquire(ctx.db, "issue-build:1", "李编辑@pc2:1")  # released, so free again
    release(ctx.db, "issue-build:1", "李编辑@pc2:1")
    # an expired lease (a crashed client) is taken over
    acquire(ctx.db, "issue-build:2", "crashed@pc3:9", ttl=dt.timedelta(seconds=-1))
    acquire(ctx.db, "issue-build:2", "李编辑@pc2:1")


def test_leases_sqlite(ctx) -> None:
    _lease_rules(ctx)


@pytest.mark.postgres
def test_leases_postgres(pg_ctx) -> None:
    _lease_rules(pg_ctx)


def _two_editors(url: str, data_dir) -> None:
    a = open_context(url, data_dir, user="张编辑")
    b = open_context(url, data_dir, user="李编辑")
    with a.uow() as uow:
        uow.session.add(Department(name="市财政局", short_name="财政局", issuer_codes=["宿财发"]))
        uow.commit()
    with a.uow() as ua, b.uow() as ub:
        da = ua.session.query(Department).one()
        db_ = ub.session.query(Department).one()
        seen = db_.version
        da.short_name = "财政"
        ua.commit()
        db_.short_name = "市财政"
        # the version column (or, on SQLite, the stale snapshot) refuses the silent overwrite
        with pytest.raises((StaleDataError, ConcurrentChange)):
            ub.commit()
    with b.uow() as ub:
        fresh = ub.session.query(Department).one()
        with pytest.raises(ConflictError) as err:
            check_version(ub.session, fresh, seen)
        assert "张编辑" in str(err.value) and "简称" in str(err.value)
        assert err.value.their is not None
        assert err.value.their.changes["short_name"]["new"] == "财政"
    a.close()
    b.close()


def test_optimistic_locking_sqlite(tmp_path) -> None:
    _two_editors(f"sqlite:///{tmp_path}/g.sqlite3", tmp_path)


@pytest.mark.postgres
def test_optimistic_locking_postgres(pg_url, tmp_path) -> None:
    _two_editors(pg_url, tmp_path)
