"""The calendar services behind the settings screen: special days, one day, permissions."""

from __future__ import annotations

import datetime as dt

import pytest

from gazette.calendar import admin as cal
from gazette.db import UnitOfWork
from gazette.office.auth import PermissionDenied


def test_special_days_of_a_library_year(ctx) -> None:
    with ctx.uow() as uow:
        rows = {r.day: r for r in cal.special_days(uow.session, 2024)}
        assert cal.special_days(uow.session, 2031) == []
    assert rows[dt.date(2024, 2, 18)].is_workday  # a Sunday worked for the Spring Festival
    assert rows[dt.date(2024, 2, 18)].name == "春节调休"
    assert rows[dt.date(2024, 10, 1)].name == "国庆节"
    assert dt.date(2024, 3, 5) not in rows  # an ordinary Tuesday


def test_correct_day_is_guarded_and_shown(ctx) -> None:
    day = dt.date(2025, 3, 3)
    with UnitOfWork(ctx.db, user="读者", role="reader") as uow, pytest.raises(PermissionDenied):
        cal.correct_day(uow.session, day, False, "停电")
    with ctx.uow() as uow:
        cal.correct_day(uow.session, day, False, "停电")
        uow.commit()
    with ctx.uow() as uow:
        status = cal.day_status(uow.session, day)
        rows = {r.day: r for r in cal.special_days(uow.session, 2025)}
    assert (status.is_workday, status.name, status.overridden) == (False, "停电", True)
    assert rows[day].source == cal.MANUAL
