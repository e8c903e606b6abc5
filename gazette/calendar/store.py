"""Loading the calendar from the database, and importing State Council notices into it.

A notice file has the holiday-cn shape::

    {"year": 2027, "papers": ["https://…"], "days": [{"name": "元旦", "date": "2027-01-01",
     "isOffDay": true}, …]}
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from gazette.calendar.workdays import LIBRARY_SOURCE, LIBRARY_YEARS, Override, WorkCalendar
from gazette.db.models import CalendarYear, HolidayOverride
from gazette.office.auth import mutating, require


class NoticeError(ValueError):
    """A notice file that cannot be imported; the message names the file and the entry."""


@dataclass(frozen=True)
class Notice:
    year: int
    papers: list[str]
    days: list[Override]
    source: str


def load_calendar(session: Session) -> WorkCalendar:
    """The calendar as this office knows it: library data plus stored overrides and notices."""
    overrides = [
        Override(r.day, r.is_workday, r.name, r.notice)
        for r in session.scalars(select(HolidayOverride))
    ]
    years = list(session.scalars(select(CalendarYear.year)))
    return WorkCalendar(overrides, years)


def parse_notice(path: Path | str, data: bytes | None = None) -> Notice:
    """Read and validate a holiday-cn style JSON file."""
    path = Path(path)
    try:
        raw = data if data is not None else path.read_bytes()
        doc: Any = json.loads(raw.decode("utf-8-sig"))
    except FileNotFoundError as exc:
        raise NoticeError(f"{path}：文件不存在") from exc
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise NoticeError(f"{path}：不是有效的 JSON 节假日文件（{exc}）") from exc
    if not isinstance(doc, dict):
        raise NoticeError(f"{path}：顶层应为对象，包含 year、papers、days")
    year = doc.get("year")
    if not isinstance(year, int) or isinstance(year, bool) or not 1949 <= year <= 2200:
        raise NoticeError(f"{path}：字段 year 应为年份整数，实际为 {year!r}")
    papers = doc.get("papers", [])
    if not isinstance(papers, list) or not all(isinstance(p, str) for p in papers):
        raise NoticeError(f"{path}：字段 papers 应为文字列表")
    days = doc.get("days")
    if not isinstance(days, list) or not days:
        raise NoticeError(f"{path}：字段 days 应为非空列表")
    overrides: list[Override] = []
    seen: set[dt.date] = set()
    for i, entry in enumerate(days, start=1):
        where = f"{path}：days 第{i}项"
        if not isinstance(entry, dict):
            raise NoticeError(f"{where} 应为对象")
        try:
            day = dt.date.fromisoformat(str(entry.get("date")))
        except ValueError as exc:
            raise NoticeError(
                f"{where} 的 date {entry.get('date')!r} 不是 YYYY-MM-DD 日期"
            ) from exc
        off = entry.get("isOffDay")
        if not isinstance(off, bool):
            raise NoticeError(f"{where}（{day}）的 isOffDay 应为 true 或 false")
        name = entry.get("name", "")
        if not isinstance(name, str):
            raise NoticeError(f"{where}（{day}）的 name 应为文字")
        if day in seen:
            raise NoticeError(f"{where}：日期 {day} 重复")
        first, last = dt.date(year - 1, 12, 1), dt.date(year + 1, 1, 31)
        if not first <= day <= last:
            raise NoticeError(
                f"{where}：日期 {day} 不属于 {year} 年（只允许跨年的元旦、春节前后一个月）"
            )
        seen.add(day)
        overrides.append(Override(day, not off, name.strip(), ";".join(papers)[:255]))
    _check_counts(path, year, overrides)
    return Notice(year, papers, overrides, str(path.name))


# A real State Council notice gives about 28-40 days off (2020, extended: 44) and 4-10 working
# weekends; far more means a wrong or tampered file, not a generous year.
MAX_OFF_DAYS = 60
MAX_WORKED_WEEKENDS = 20


def _check_counts(path: Path, year: int, overrides: list[Override]) -> None:
    off = sum(1 for o in overrides if not o.is_workday)
    worked = len(overrides) - off
    if off > MAX_OFF_DAYS:
        raise NoticeError(
            f"{path}：{year} 年共列出 {off} 天假日，超过合理上限 {MAX_OFF_DAYS} 天；"
            "请核对是否为国务院办公厅的放假通知"
        )
    if worked > MAX_WORKED_WEEKENDS:
        raise NoticeError(
            f"{path}：{year} 年共列出 {worked} 个调休上班日，超过合理上限 {MAX_WORKED_WEEKENDS} 个"
        )


@mutating
def import_notice(session: Session, notice: Notice) -> int:
    """Store a notice's days (replacing that year's earlier import) and mark the year covered.

    The caller commits. Returns the number of days stored.
    """
    require(session, "calendar.write")
    for over in notice.days:
        row = session.get(HolidayOverride, over.day)
        if row is None:
            session.add(
                HolidayOverride(
                    day=over.day, is_workday=over.is_workday, name=over.name, notice=over.notice
                )
            )
        else:
            row.is_workday, row.name, row.notice = over.is_workday, over.name, over.notice
    year = session.get(CalendarYear, notice.year)
    if year is None:
        session.add(CalendarYear(year=notice.year, source=notice.source, papers=notice.papers))
    else:
        year.source, year.papers = notice.source, notice.papers
    return len(notice.days)


@mutating
def set_day(
    session: Session, day: dt.date, is_workday: bool, name: str = "", notice: str = ""
) -> None:
    """Record one edited day (an administrator's correction of the calendar)."""
    require(session, "calendar.write")
    row = session.get(HolidayOverride, day)
    if row is None:
        session.add(HolidayOverride(day=day, is_workday=is_workday, name=name, notice=notice))
    else:
        row.is_workday, row.name, row.notice = is_workday, name, notice


@dataclass(frozen=True)
class YearCoverage:
    year: int
    source: str
    days: int


def coverage(session: Session) -> list[YearCoverage]:
    """Every covered year with its source, for the settings screen."""
    imported = {r.year: r for r in session.scalars(select(CalendarYear))}
    counts: dict[int, int] = {}
    for day in session.scalars(select(HolidayOverride.day)):
        counts[day.year] = counts.get(day.year, 0) + 1
    rows = []
    for year in sorted(set(LIBRARY_YEARS) | set(imported)):
        if year in imported:
            rows.append(YearCoverage(year, f"导入：{imported[year].source}", counts.get(year, 0)))
        else:
            rows.append(YearCoverage(year, LIBRARY_SOURCE, counts.get(year, 0)))
    return rows
