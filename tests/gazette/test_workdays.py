"""The working-day calendar across Spring Festival, National Day, 调休 weekends and uncovered years."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from gazette.calendar.store import NoticeError, import_notice, load_calendar, parse_notice
from gazette.calendar.workdays import CalendarNotCovered, Override, WorkCalendar

D = dt.date


def test_spring_festival_2024_worked_example() -> None:
    # Day 1 = 02-09 (kept as working day), day 2 = Sunday 02-18 (调休), then 19, 20, 21.
    assert WorkCalendar().deadline(D(2024, 2, 8)) == D(2024, 2, 21)


def test_national_day_2025() -> None:
    cal = WorkCalendar()
    # 2025-09-28 (Sunday) and 10-11 (Saturday) were 调休 working days; 10-01..10-08 off.
    assert cal.is_workday(D(2025, 9, 28))
    assert not cal.is_workday(D(2025, 10, 3))
    assert cal.is_workday(D(2025, 10, 11))
    # Issued Tue 09-30: 10-09 (1), 10-10 (2), Sat 10-11 (3), 10-13 (4), 10-14 (5)
    assert cal.deadline(D(2025, 9, 30)) == D(2025, 10, 14)


def test_make_up_weekend_labelled() -> None:
    cal = WorkCalendar()
    info = cal.info(D(2024, 2, 18))
    assert info.is_workday and "调休" in info.name
    assert cal.info(D(2024, 2, 12)).label == "休息日（春节）"
    assert cal.info(D(2024, 3, 9)).label == "休息日"


def test_ordinary_week() -> None:
    assert WorkCalendar().deadline(D(2024, 3, 4)) == D(2024, 3, 11)  # Mon → next Mon


def test_days_parameter_and_lateness() -> None:
    cal = WorkCalendar()
    assert cal.deadline(D(2024, 3, 4), 1) == D(2024, 3, 5)
    assert cal.workdays_after(D(2024, 2, 8), D(2024, 2, 18)) == 2  # 02-09 and the 调休 Sunday
    assert cal.workdays_after(D(2024, 3, 11), D(2024, 3, 11)) == 0


def test_uncovered_year_raises_with_year_and_how() -> None:
    cal = WorkCalendar()
    with pytest.raises(CalendarNotCovered) as err:
        cal.deadline(D(2026, 12, 28))
    assert err.value.year == 2027
    assert "2027" in str(err.value) and "导入" in str(err.value)


NOTICE_2027 = {
    "year": 2027,
    "papers": ["国务院办公厅关于2027年部分节假日安排的通知"],
    "days": [
        {"name": "元旦", "date": "2027-01-01", "isOffDay": True},
        {"name": "元旦", "date": "2027-01-02", "isOffDay": True},
        {"name": "元旦", "date": "2027-01-03", "isOffDay": True},
        {"name": "春节", "date": "2027-02-06", "isOffDay": False},
    ],
}


def test_import_notice_covers_year(ctx, tmp_path) -> None:
    path = tmp_path / "2027.json"
    path.write_text(json.dumps(NOTICE_2027, ensure_ascii=False), encoding="utf-8")
    with ctx.uow() as uow:
        import_notice(uow.session, parse_notice(path))
        uow.commit()
    with ctx.uow() as uow:
        cal = load_calendar(uow.session)
    assert cal.covers(2027)
    # Issued Thu 2026-12-31: Fri 01-01 off, weekend off, then 4,5,6,7,8 Jan 2027.
    assert cal.deadline(D(2026, 12, 31)) == D(2027, 1, 8)
    assert cal.info(D(2027, 2, 6)).label == "工作日（春节调休）"


@pytest.mark.parametrize(
    ("payload", "fragment"),
    [
        (b"not json", "JSON"),
        (b"[]", "顶层"),
        (json.dumps({"year": "x", "days": []}).encode(), "year"),
        (
            json.dumps({"year": 2027, "days": [{"date": "2027-13-01", "isOffDay": True}]}).encode(),
            "2027-13-01",
        ),
        (
            json.dumps(
                {"year": 2027, "days": [{"date": "2027-01-01", "isOffDay": "yes"}]}
            ).encode(),
            "isOffDay",
        ),
    ],
)
def test_bad_notice_names_the_fault(tmp_path, payload: bytes, fragment: str) -> None:
    path = tmp_path / "bad.json"
    path.write_bytes(payload)
    with pytest.raises(NoticeError) as err:
        parse_notice(path)
    assert "bad.json" in str(err.value) and fragment in str(err.value)


def test_workdays_after_counts_as_a_walk_would_across_years_and_notices() -> None:
    """The bisect count equals walking the days, over year ends and an imported 2027 notice."""
    notice = [
        *(Override(D(2027, 1, d), False, "元旦") for d in (1, 4)),
        Override(D(2027, 1, 9), True, "元旦"),
    ]
    cal = WorkCalendar(notice, imported_years=[2027])
    start = D(2024, 12, 20)
    for end in (D(2024, 12, 20), D(2024, 12, 31), D(2025, 1, 2), D(2026, 6, 1), D(2027, 1, 12)):
        walk = sum(
            cal.is_workday(start + dt.timedelta(n)) for n in range(1, (end - start).days + 1)
        )
        assert cal.workdays_after(start, end) == walk
    assert (
        cal.workdays_after(D(2026, 12, 31), D(2027, 1, 9)) == 5
    )  # 01-05..08 and the 调休 Saturday
