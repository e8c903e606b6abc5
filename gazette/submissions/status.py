"""Status of a document against its 5-working-day deadline, computed "as of" a date.

Rules (issue 3):
- 按时报送: received on or before the deadline;
- 逾期报送: received after it; late = working days in (deadline, received], at least 1;
- 即将到期: not received and the as-of date is the deadline or the working day before it;
- 逾期未报: not received and the as-of date is past the deadline; days counted like lateness;
- 待报送: not received and not yet due;
- 日历未覆盖: the deadline needs a year the calendar does not cover (never a crash).

Speed: a desk holds ~100,000 rows but only a few hundred distinct 印发日期, so the deadline and
the day before it are cached per date, working days between two dates are counted by the
calendar (``WorkCalendar.workdays_after``, with ``bisect`` on each year's sorted days), and whole
results are memoised per (印发日期, 报送日期, as-of) — rows repeat those triples a lot.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from gazette.calendar.workdays import CalendarNotCovered, WorkCalendar
from gazette.vocab import SubmissionStatus

ON_TIME = SubmissionStatus.ON_TIME
LATE = SubmissionStatus.LATE
DUE_SOON = SubmissionStatus.DUE_SOON
OVERDUE = SubmissionStatus.OVERDUE
PENDING = SubmissionStatus.PENDING
UNCOVERED = SubmissionStatus.UNCOVERED
ALL_STATUSES: tuple[SubmissionStatus, ...] = tuple(SubmissionStatus)
AWAITED_STATUSES: frozenset[SubmissionStatus] = frozenset({DUE_SOON, OVERDUE, PENDING})
RECEIVED_STATUSES: frozenset[SubmissionStatus] = frozenset({ON_TIME, LATE})
DEADLINE_DAYS = 5


@dataclass(frozen=True, slots=True)
class StatusResult:
    deadline: dt.date | None
    status: SubmissionStatus
    days: int | None  # working days late (逾期报送) or overdue (逾期未报); else None
    missing_year: int | None = None  # the year to import, when the calendar fell short


class StatusCalculator:
    """Computes statuses for many documents against one calendar, with per-date caches."""

    def __init__(self, calendar: WorkCalendar, days: int = DEADLINE_DAYS) -> None:
        self.calendar = calendar
        self.days = days
        self._deadlines: dict[dt.date, tuple[dt.date, dt.date] | int] = {}
        self.missing_years: set[int] = set()
        self._memo: dict[tuple[dt.date, dt.date | None, dt.date], StatusResult] = {}

    # calendar helpers -----------------------------------------------------------------------
    def _deadline_pair(self, issued_on: dt.date) -> tuple[dt.date, dt.date] | int:
        """(deadline, the working day before it), or the uncovered year as an int."""
        cached = self._deadlines.get(issued_on)
        if cached is None:
            try:
                due = self.calendar.deadline(issued_on, self.days)
                cached = (due, self.calendar.previous_workday(due))
            except CalendarNotCovered as exc:
                cached = exc.year
            self._deadlines[issued_on] = cached
        return cached

    def deadline(self, issued_on: dt.date) -> dt.date | None:
        pair = self._deadline_pair(issued_on)
        return None if isinstance(pair, int) else pair[0]

    # status ---------------------------------------------------------------------------------
    def status(
        self, issued_on: dt.date, received_on: dt.date | None, as_of: dt.date
    ) -> StatusResult:
        """The status of one document; results are memoised (rows repeat the same dates)."""
        key = (issued_on, received_on, as_of)
        res = self._memo.get(key)
        if res is None:
            res = self._memo[key] = self._status(issued_on, received_on, as_of)
        elif res.missing_year is not None:
            self.missing_years.add(res.missing_year)
        return res

    def _status(
        self, issued_on: dt.date, received_on: dt.date | None, as_of: dt.date
    ) -> StatusResult:
        pair = self._deadline_pair(issued_on)
        if isinstance(pair, int):
            self.missing_years.add(pair)
            return StatusResult(None, UNCOVERED, None, pair)
        due, before = pair
        if received_on is not None:
            if received_on <= due:
                return StatusResult(due, ON_TIME, None)
            return StatusResult(due, LATE, *self._late_days(due, received_on))
        if as_of > due:
            return StatusResult(due, OVERDUE, *self._late_days(due, as_of))
        if as_of >= before:
            return StatusResult(due, DUE_SOON, None)
        return StatusResult(due, PENDING, None)

    def _late_days(self, due: dt.date, end: dt.date) -> tuple[int | None, int | None]:
        try:
            return max(1, self.calendar.workdays_after(due, end)), None
        except CalendarNotCovered as exc:
            self.missing_years.add(exc.year)
            return None, exc.year


def uncovered_banner(years: set[int] | frozenset[int], *, command: bool = False) -> str:
    """The warning shown above tables and in reports when the calendar falls short; the
    command-line way to import is named only on the command line (``command``)."""
    if not years:
        return ""
    names = "、".join(f"{y}年" for y in sorted(years))
    how = f"（或运行 gazette workdays import {min(years)}.json）" if command else ""
    return (
        f"工作日历未覆盖 {names}：部分文件无法计算报送截止日期或逾期天数，状态显示为“{UNCOVERED.label}”。"
        f"请在“设置 → 工作日历”中导入国务院办公厅{names}部分节假日安排的通知{how}。"
    )
