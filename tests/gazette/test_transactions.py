"""SQLite transactions are real: a released savepoint inside an uncommitted unit of work is lost.

(pysqlite's own transaction handling would let RELEASE SAVEPOINT commit for good.)
"""

from __future__ import annotations

from sqlalchemy import func, select

from gazette.db.models import Department


def test_savepoint_inside_rolled_back_unit_of_work_is_not_kept(ctx) -> None:
    with ctx.uow() as uow:
        savepoint = uow.session.begin_nested()
        uow.session.add(Department(name="市教育局", short_name="教育局", issuer_codes=[]))
        savepoint.commit()
        uow.rollback()
    with ctx.uow() as uow:
        assert uow.session.scalar(select(func.count()).select_from(Department)) == 0


def test_savepoint_rollback_keeps_the_rest(ctx) -> None:
    with ctx.uow() as uow:
        uow.session.add(Department(name="市财政局", short_name="财政局", issuer_codes=[]))
        savepoint = uow.session.begin_nested()
        uow.session.add(Department(name="市公安局", short_name="公安局", issuer_codes=[]))
        savepoint.rollback()
        uow.commit()
    with ctx.uow() as uow:
        names = uow.session.scalars(select(Department.name)).all()
    assert names == ["市财政局"]
