"""Status and deadlines across Spring Festival, National Day and 调休 weekends, and uncovered years."""

from __future__ import annotations

import datetime as dt

import pytest

from gazette.calendar.workdays import Override, WorkCalendar
from gazette.submissions.status import StatusCalculator, uncovered_banner
from gazette.vocab import SubmissionStatus as S

D = dt.date


@pytest.fixture(scope="module")
def calc() -> StatusCalculator:
    return StatusCalculator(WorkCalendar())


def test_spring_festival_2024_worked_example(calc) -> None:
    # day 1 = 2024-02-09 (kept as a working day), day 2 = Sunday 02-18 (调休), then 19, 20, 21
    assert calc.status(D(2024, 2, 8), D(2024, 2, 21), D(2024, 3, 1)).status == S.ON_TIME
    late = calc.status(D(2024, 2, 8), D(2024, 2, 22), D(2024, 3, 1))
    assert (late.deadline, late.status, late.days) == (D(2024, 2, 21), S.LATE, 1)


def test_national_day_2025_with_makeup_weekends(calc) -> None:
    issued = D(2025, 9, 26)  # Friday; Sunday 09-28 is a 调休 working day
    res = calc.status(issued, None, D(2025, 9, 29))
    assert (res.deadline, res.status) == (D(2025, 10, 10), S.PENDING)
    # the working day before the deadline is 10-09: due soon; a holiday before it is not
    assert calc.status(issued, None, D(2025, 10, 9)).status == S.DUE_SOON
    assert calc.status(issued, None, D(2025, 10, 10)).status == S.DUE_SOON
    assert calc.status(issued, None, D(2025, 10, 5)).status == S.PENDING
    # Saturday 10-11 is a 调休 working day, so received Monday 10-13 is 2 working days late
    late = calc.status(issued, D(2025, 10, 13), D(2025, 10, 20))
    assert (late.status, late.days) == (S.LATE, 2)
    # overdue as of Sunday 10-12: 10-11 counted, 10-12 is a rest day
    over = calc.status(issued, None, D(2025, 10, 12))
    assert (over.status, over.days) == (S.OVERDUE, 1)


def test_received_on_weekend_after_deadline_is_late_at_least_one(calc) -> None:
    # issued Friday 2025-11-07 → deadline Friday 11-14; received Saturday 11-15
    res = calc.status(D(2025, 11, 7), D(2025, 11, 15), D(2025, 11, 30))
    assert res.deadline == D(2025, 11, 14)
    assert (res.status, res.days) == (S.LATE, 1)  # Saturday: 0 working days, shown as 1


def test_spring_festival_2026(calc) -> None:
    res = calc.status(D(2026, 2, 13), None, D(2026, 3, 3))
    assert res.deadline == D(2026, 2, 27)
    # 02-28 is a 调休 Saturday, then 03-02, 03-03
    assert (res.status, res.days) == (S.OVERDUE, 3)


def test_uncovered_year_is_a_status_not_a_crash(calc) -> None:
    res = calc.status(D(2026, 12, 28), None, D(2026, 12, 29))
    assert (res.status, res.deadline, res.missing_year) == (S.UNCOVERED, None, 2027)
    over = calc.status(D(2026, 12, 1), None, D(2027, 1, 6))
    assert (over.status, over.days, over.missing_year) == (S.OVERDUE, None, 2027)
    assert 2027 in calc.missing_years
    assert "2027年" in uncovered_banner(calc.missing_years)


def test_imported_year_makes_it_covered() -> None:
    notice = [Override(D(2027, 1, 1), False, "元旦")]
    calc = StatusCalculator(WorkCalendar(notice, [2027]))
    res = calc.status(D(2026, 12, 28), None, D(2027, 1, 11))
    # 12-29, 30, 31, (01-01 holiday), 01-04, 01-05 → deadline 2027-01-05
    assert res.deadline == D(2027, 1, 5)
    assert (res.status, res.days) == (S.OVERDUE, 4)


def test_matches_counting_working_days_one_by_one(calc) -> None:
    plain = WorkCalendar()
    day = D(2025, 1, 1)
    while day < D(2025, 3, 1):
        assert calc.deadline(day) == plain.add_workdays(day, 5)
        day += dt.timedelta(days=3)


def test_lateness_across_year_end(calc) -> None:
    res = calc.status(D(2025, 12, 22), D(2026, 1, 6), D(2026, 2, 1))
    # deadline 2025-12-29; 12-30, 12-31, (01-01..03 元旦), 01-04 Sunday 调休, 01-05, 01-06
    assert res.deadline == D(2025, 12, 29)
    cal = WorkCalendar()
    walk = [D(2025, 12, 29) + dt.timedelta(n) for n in range(1, 9)]
    assert res.days == sum(cal.is_workday(d) for d in walk) == 5
