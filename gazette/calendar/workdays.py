"""The working-day calendar: the State Council's notices, and deadline arithmetic on them.

Official data comes from the ``chinese_calendar`` package (2004 to its last year). Overrides in the
database sit on top: imported notices for later years (holiday-cn JSON) and individual edits.
A date in a year that neither covers raises ``CalendarNotCovered`` — never a silent guess.

Deadline rule: day 1 is the first working day *after* the issuance date; the deadline is day N.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

import chinese_calendar as _cc

ONE_DAY = dt.timedelta(days=1)

HOLIDAY_NAMES_ZH: dict[str, str] = {h.value: h.chinese for h in _cc.Holiday}

LIBRARY_YEARS: frozenset[int] = frozenset(
    range(min(_cc.holidays).year, max(max(_cc.holidays), max(_cc.workdays)).year + 1)
)
LIBRARY_SOURCE = f"chinese-calendar {getattr(_cc, '__version__', '')}".strip()


class CalendarNotCovered(LookupError):
    """The working days of ``year`` are unknown: import that year's State Council notice."""

    def __init__(self, year: int) -> None:
        self.year = year
        super().__init__(
            f"{year}年的节假日安排尚未导入，无法计算工作日。请在“设置 → 工作日历”中导入国务院办公厅"
            f"{year}年部分节假日安排的通知（holiday-cn 格式 JSON），或运行 "
            f"gazette workdays import {year}.json"
        )


@dataclass(frozen=True)
class Override:
    """One day's status from a notice or an edit: a holiday, or a 调休 working weekend."""

    day: dt.date
    is_workday: bool
    name: str = ""
    notice: str = ""


@dataclass(frozen=True)
class DayInfo:
    day: dt.date
    is_workday: bool
    name: str  # holiday name in Chinese, "调休" for a make-up working day, "" for an ordinary day

    @property
    def label(self) -> str:
        kind = "工作日" if self.is_workday else "休息日"
        return f"{kind}（{self.name}）" if self.name else kind


class WorkCalendar:
    """Working days for the years covered by the library or by imported notices.

    Immutable once built; cheap to query (each year is computed once and cached).
    """

    def __init__(
        self,
        overrides: Iterable[Override] = (),
        imported_years: Iterable[int] = (),
        *,
        use_library: bool = True,
    ) -> None:
        self._overrides: Mapping[dt.date, Override] = {o.day: o for o in overrides}
        self._imported = frozenset(imported_years)
        self._library = LIBRARY_YEARS if use_library else frozenset()
        self._year_cache: dict[int, frozenset[dt.date]] = {}
        self._year_sorted: dict[int, list[dt.date]] = {}
        self.deadline = lru_cache(maxsize=65536)(self._deadline)  # type: ignore[method-assign]

    # coverage ------------------------------------------------------------------------------
    @property
    def covered_years(self) -> frozenset[int]:
        return self._library | self._imported

    def covers(self, year: int) -> bool:
        return year in self._library or year in self._imported

    def require(self, year: int) -> None:
        if not self.covers(year):
            raise CalendarNotCovered(year)

    def source_of(self, year: int) -> str:
        if year in self._imported:
            return "导入的通知"
        if year in self._library:
            return LIBRARY_SOURCE
        return "未覆盖"

    # single days ---------------------------------------------------------------------------
    def info(self, day: dt.date) -> DayInfo:
        self.require(day.year)
        over = self._overrides.get(day)
        if over is not None:
            name = over.name or ("调休" if over.is_workday and day.weekday() >= 5 else "")
            if over.is_workday and day.weekday() >= 5 and "调休" not in name:
                name = f"{name}调休" if name else "调休"
            return DayInfo(day, over.is_workday, name)
        if day.year in self._library:
            is_holiday, name = _cc.get_holiday_detail(day)
            zh = HOLIDAY_NAMES_ZH.get(name or "", name or "")
            if not is_holiday and day.weekday() >= 5:
                return DayInfo(day, True, f"{zh}调休" if zh else "调休")
            if is_holiday and day.weekday() < 5 and not zh:
                return DayInfo(day, False, "")
            return DayInfo(day, not is_holiday, zh if is_holiday else "")
        return DayInfo(day, day.weekday() < 5, "")

    def is_workday(self, day: dt.date) -> bool:
        return day in self._workdays_of(day.year)

    def _workdays_of(self, year: int) -> frozenset[dt.date]:
        cached = self._year_cache.get(year)
        if cached is None:
            self.require(year)
            day, days = dt.date(year, 1, 1), []
            while day.year == year:
                if self.info(day).is_workday:
                    days.append(day)
                day += ONE_DAY
            cached = self._year_cache[year] = frozenset(days)
            self._year_sorted[year] = days
        return cached

    def _sorted_of(self, year: int) -> list[dt.date]:
        """The year's working days in order, for counting with ``bisect``."""
        self._workdays_of(year)
        return self._year_sorted[year]

    # arithmetic ----------------------------------------------------------------------------
    def add_workdays(self, start: dt.date, n: int) -> dt.date:
        """The n-th working day after ``start`` (n ≥ 1); ``start`` itself is not counted."""
        if n < 1:
            raise ValueError("工作日数必须至少为 1")
        day, count = start, 0
        while count < n:
            day += ONE_DAY
            if self.is_workday(day):
                count += 1
        return day

    def _deadline(self, issued_on: dt.date, days: int = 5) -> dt.date:
        return self.add_workdays(issued_on, days)

    def workdays_after(self, start: dt.date, end: dt.date) -> int:
        """Working days in (start, end]: how late ``end`` is after the deadline ``start``.

        Counted on each year's sorted working days with ``bisect``, not day by day: the desk
        asks this for thousands of rows."""
        if end <= start:
            return 0
        if start.year == end.year:
            days = self._sorted_of(start.year)
            return bisect.bisect_right(days, end) - bisect.bisect_right(days, start)
        first = self._sorted_of(start.year)
        total = len(first) - bisect.bisect_right(first, start)
        for year in range(start.year + 1, end.year):
            total += len(self._sorted_of(year))
        return total + bisect.bisect_right(self._sorted_of(end.year), end)

    def previous_workday(self, day: dt.date) -> dt.date:
        day -= ONE_DAY
        while not self.is_workday(day):
            day -= ONE_DAY
        return day
