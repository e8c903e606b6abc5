"""What the settings screen needs from the working calendar: a year's special days, one day's
status, and the guarded changes (importing a notice, correcting a day)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from gazette.calendar.store import Notice, import_notice, load_calendar, parse_notice, set_day
from gazette.calendar.workdays import ONE_DAY, CalendarNotCovered
from gazette.db.models import CalendarYear, HolidayOverride
from gazette.office.auth import mutating, require
from gazette.office.conflicts import check_version, flush_guarded

WEEKDAYS = "一二三四五六日"
MANUAL = "手工修改"


@dataclass(frozen=True)
class DayRow:
    """A day that is not an ordinary weekday/weekend: a holiday, a 调休 working day, an edit."""

    day: dt.date
    is_workday: bool
    name: str
    source: str  # 内置数据 (chinese-calendar), or the notice / 手工修改 of an override

    @property
    def weekday(self) -> str:
        return "星期" + WEEKDAYS[self.day.weekday()]

    @property
    def kind(self) -> str:
        return "工作日" if self.is_workday else "休息日"


@dataclass(frozen=True)
class DayStatus:
    day: dt.date
    covered: bool
    is_workday: bool
    name: str
    label: str
    overridden: bool
    version: int = 0  # the override's version (0: none), which a correction saves against


def special_days(session: Session, year: int) -> list[DayRow]:
    """The holidays and make-up working days of a covered year (empty if uncovered)."""
    cal = load_calendar(session)
    if not cal.covers(year):
        return []
    overrides = {
        r.day: r
        for r in session.scalars(
            select(HolidayOverride).where(
                HolidayOverride.day >= dt.date(year, 1, 1),
                HolidayOverride.day <= dt.date(year, 12, 31),
            )
        )
    }
    year_row = session.get(CalendarYear, year)
    imported = year_row.source if year_row else None
    rows, day = [], dt.date(year, 1, 1)
    while day.year == year:
        info = cal.info(day)
        ordinary = info.is_workday == (day.weekday() < 5)
        if day in overrides or not ordinary or info.name:
            source = _source(overrides.get(day), imported)
            rows.append(DayRow(day, info.is_workday, info.name, source))
        day += ONE_DAY
    return rows


def _source(over: HolidayOverride | None, imported: str | None) -> str:
    if over is None:
        return "内置数据"
    if over.notice.startswith(MANUAL) or imported is None:
        return over.notice or MANUAL
    return f"导入：{imported}"


def day_status(session: Session, day: dt.date) -> DayStatus:
    cal = load_calendar(session)
    override = session.get(HolidayOverride, day)
    overridden, version = override is not None, override.version if override else 0
    try:
        info = cal.info(day)
    except CalendarNotCovered:
        return DayStatus(day, False, day.weekday() < 5, "", "日历未覆盖", overridden, version)
    return DayStatus(day, True, info.is_workday, info.name, info.label, overridden, version)


@mutating
def import_notice_file(session: Session, path: Path | str) -> Notice:
    """Import a holiday-cn JSON notice (administrators only); the caller commits."""
    require(session, "calendar.write")
    notice = parse_notice(path)
    import_notice(session, notice)
    return notice


@mutating
def correct_day(
    session: Session,
    day: dt.date,
    is_workday: bool,
    name: str = "",
    note: str = "",
    *,
    expected_version: int | None = None,
) -> None:
    """Record an administrator's correction of one day; the caller commits.

    ``expected_version`` is the override version the screen showed (0: the day had none): a
    correction someone else saved meanwhile raises ConflictError instead of being replaced.
    """
    require(session, "calendar.write")
    row = session.get(HolidayOverride, day)
    if expected_version is not None and row is not None:
        check_version(session, row, expected_version)
    set_day(session, day, is_workday, name.strip()[:64], (note.strip() or MANUAL)[:255])
    if row is not None:
        flush_guarded(session, row)


NEXT_YEAR_FROM_MONTH = 11  # the State Council's notice for next year usually appears in autumn


def years_to_check(today: dt.date | None = None) -> list[int]:
    """This year, and from 1 November next year too: deadlines of documents issued in late
    December already fall in it."""
    today = today or dt.date.today()
    if today.month >= NEXT_YEAR_FROM_MONTH:
        return [today.year, today.year + 1]
    return [today.year]


def notice_needed(session: Session, today: dt.date | None = None) -> list[int]:
    """The years to check that the calendar does not cover; their notice must be imported."""
    cal = load_calendar(session)
    return [year for year in years_to_check(today) if not cal.covers(year)]


def notice_reminder(years: list[int]) -> str:
    """One sentence for the start-up notice and the desk; empty when nothing is needed."""
    if not years:
        return ""
    names = "、".join(f"{y}年" for y in years)
    return (
        f"工作日历尚未覆盖{names}：请导入国务院办公厅{names}节假日安排的通知，"
        "否则这些日期的报送截止日无法计算（程序不会猜测未公布的安排）。"
    )
