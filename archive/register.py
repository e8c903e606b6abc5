"""The register of historical issues: expected issues from publication periods, 增刊, gaps.

Each expected issue is a gazette ``Issue`` (``historical=True``) with an ``ArchiveEntry``.
Numbers restart at 1 each year and continue across a change of frequency within a year; the
cumulative serial (总第N期) is given per period, because that is what the printed issues show.
Changing an issue re-indexes its documents when the unit of work commits (``gazette.search.hooks``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import func, select

from archive.models import ArchiveEntry, ArchiveEvent, ScanPage
from gazette.db import UnitOfWork
from gazette.db.models import Issue
from gazette.office.auth import mutating, require
from gazette.vocab import issue_label

# a registered historical issue is printed but not yet published online: the shared Issue says
# 定稿 until the backlog's workflow reaches 已发布 (archive.workflow.issue_status)
UNPUBLISHED = "final"

# frequency -> the (month, day) of each issue in a year
FREQUENCIES: dict[str, tuple[str, list[tuple[int, int]]]] = {
    "monthly": ("月刊", [(m, 1) for m in range(1, 13)]),
    "semimonthly": ("半月刊", [(m, d) for m in range(1, 13) for d in (1, 16)]),
    "decadal": ("旬刊", [(m, d) for m in range(1, 13) for d in (1, 11, 21)]),
    "bimonthly": ("双月刊", [(m, 1) for m in range(1, 13, 2)]),
    "quarterly": ("季刊", [(m, 1) for m in (1, 4, 7, 10)]),
}


class RegisterError(ValueError):
    """A period or register row is wrong; the message names it."""


@dataclass(frozen=True)
class Period:
    """Issues from ``start`` to ``end`` (months, inclusive) at ``frequency``."""

    start: tuple[int, int]  # (year, month)
    end: tuple[int, int]
    frequency: str
    first_serial: int

    @staticmethod
    def parse_month(text: str) -> tuple[int, int]:
        try:
            year, month = (int(x) for x in text.strip().split("-"))
        except ValueError:
            raise RegisterError(f"月份“{text}”格式应为 YYYY-MM") from None
        if not (1 <= month <= 12 and 1900 <= year <= 2100):
            raise RegisterError(f"月份“{text}”超出范围")
        return year, month


@dataclass(frozen=True)
class Expected:
    year: int
    number: int
    serial: int
    published_on: dt.date


def expected_issues(period: Period, numbers_used: dict[int, int] | None = None) -> list[Expected]:
    """The issues a period should have produced; ``numbers_used`` carries numbering across periods."""
    if period.frequency not in FREQUENCIES:
        raise RegisterError(f"未知的刊期“{period.frequency}”，可选：{'、'.join(FREQUENCIES)}")
    if period.end < period.start:
        raise RegisterError(f"结束月份 {period.end} 早于开始月份 {period.start}")
    if period.first_serial < 1:
        raise RegisterError("起始总期号必须大于 0")
    used = dict(numbers_used or {})
    days = FREQUENCIES[period.frequency][1]
    out: list[Expected] = []
    serial = period.first_serial
    for year in range(period.start[0], period.end[0] + 1):
        for month, day in days:
            if not (period.start <= (year, month) <= period.end):
                continue
            used[year] = used.get(year, 0) + 1
            out.append(Expected(year, used[year], serial, dt.date(year, month, day)))
            serial += 1
    if numbers_used is not None:
        numbers_used.update(used)
    return out


@dataclass
class RegisterResult:
    created: int = 0
    existing: int = 0
    labels: list[str] = field(default_factory=list)


@mutating
def register_period(uow: UnitOfWork, period: Period) -> RegisterResult:
    """Create the period's issues and their register entries; existing issues are kept."""
    require(uow, "archive.write")
    session = uow.session
    # numbering continues within a year, after issues registered for earlier months
    first_day = dt.date(period.start[0], period.start[1], 1)
    before = session.scalar(
        select(func.count())
        .select_from(Issue)
        .where(
            Issue.year == period.start[0],
            Issue.supplement == 0,
            Issue.historical.is_(True),
            Issue.published_on < first_day,
        )
    )
    used = {period.start[0]: int(before or 0)}
    result = RegisterResult()
    for exp in expected_issues(period, used):
        issue = session.scalar(
            select(Issue).where(
                Issue.year == exp.year, Issue.number == exp.number, Issue.supplement == 0
            )
        )
        if issue is not None:
            result.existing += 1
            continue
        issue = Issue(
            year=exp.year,
            number=exp.number,
            supplement=0,
            serial=exp.serial,
            published_on=exp.published_on,
            status=UNPUBLISHED,
            historical=True,
        )
        session.add(issue)
        session.flush()
        session.add(ArchiveEntry(issue_id=issue.id, state="to_locate"))
        result.created += 1
        result.labels.append(issue_label(exp.year, exp.number))
    session.flush()
    return result


@mutating
def add_supplement(
    uow: UnitOfWork,
    year: int,
    published_on: dt.date | None = None,
    serial: int | None = None,
    note: str = "",
) -> int:
    """Add a 增刊 by hand; returns its entry id. Supplements are numbered 1, 2 … per year."""
    require(uow, "archive.write")
    session = uow.session
    last = session.scalar(
        select(func.max(Issue.supplement)).where(Issue.year == year, Issue.supplement > 0)
    )
    issue = Issue(
        year=year,
        number=0,
        supplement=(last or 0) + 1,
        serial=serial,
        published_on=published_on,
        status=UNPUBLISHED,
        historical=True,
        note=note,
    )
    session.add(issue)
    session.flush()
    entry = ArchiveEntry(issue_id=issue.id, state="to_locate", note=note)
    session.add(entry)
    session.flush()
    return entry.id


@dataclass(frozen=True)
class RegisterRow:
    """A plain row of the register table."""

    entry_id: int
    issue_id: int
    year: int
    number: int
    supplement: int
    serial: int | None
    published_on: dt.date | None
    state: str
    location: str
    box: str
    assignee: str | None
    missing: bool
    searched_where: str
    pages: int
    cover_status: str
    state_at: dt.datetime | None
    state_by: str
    note: str
    version: int = 0  # what a workflow action on this row saves against

    @property
    def label(self) -> str:
        return issue_label(self.year, self.number, self.supplement)


def rows(uow: UnitOfWork, entry_ids: list[int] | None = None) -> list[RegisterRow]:
    """Every register entry in publication order, as plain rows (one query, no ORM objects)."""
    session = uow.session
    pages = (
        select(ScanPage.entry_id, func.count().label("n")).group_by(ScanPage.entry_id).subquery()
    )
    stmt = (
        select(
            ArchiveEntry.id,
            Issue.id,
            Issue.year,
            Issue.number,
            Issue.supplement,
            Issue.serial,
            Issue.published_on,
            ArchiveEntry.state,
            ArchiveEntry.location,
            ArchiveEntry.box,
            ArchiveEntry.assignee,
            ArchiveEntry.missing,
            ArchiveEntry.searched_where,
            func.coalesce(pages.c.n, 0),
            ArchiveEntry.cover_status,
            ArchiveEntry.state_at,
            ArchiveEntry.state_by,
            ArchiveEntry.note,
            ArchiveEntry.version,
        )
        .join(Issue, Issue.id == ArchiveEntry.issue_id)
        .outerjoin(pages, pages.c.entry_id == ArchiveEntry.id)
        .order_by(Issue.year, Issue.supplement > 0, Issue.number, Issue.supplement)
    )
    if entry_ids is not None:
        stmt = stmt.where(ArchiveEntry.id.in_(entry_ids))
    return [RegisterRow(*r) for r in session.execute(stmt)]  # type: ignore[call-arg]


def find_entry(uow: UnitOfWork, year: int, number: int, supplement: int = 0) -> int | None:
    session = uow.session
    return session.scalar(
        select(ArchiveEntry.id)
        .join(Issue, Issue.id == ArchiveEntry.issue_id)
        .where(Issue.year == year, Issue.number == number, Issue.supplement == supplement)
    )


def parse_issue_ref(uow: UnitOfWork, text: str) -> int:
    """``2003/7`` (or ``2003/增1``) to an entry id; the error names what was not found."""
    try:
        year_s, num_s = text.replace("-", "/").split("/")
        supplement = int(num_s[1:] or 1) if num_s.startswith("增") else 0
        number = 0 if supplement else int(num_s)
        year = int(year_s)
    except ValueError:
        raise RegisterError(f"期次“{text}”格式应为 年/期，例如 2003/7") from None
    entry = find_entry(uow, year, number, supplement)
    if entry is None:
        raise RegisterError(f"登记簿中没有 {issue_label(year, number, supplement)}")
    return entry


# gap detection ---------------------------------------------------------------------------------


@dataclass
class Gaps:
    missing_serials: list[tuple[int, int, str]] = field(default_factory=list)  # from, to, after
    out_of_order: list[tuple[str, int, str, int]] = field(default_factory=list)
    duplicates: list[tuple[int, list[str]]] = field(default_factory=list)
    missing_issues: list[tuple[str, str]] = field(default_factory=list)  # 缺期: label, where

    @property
    def empty(self) -> bool:
        return not (
            self.missing_serials or self.out_of_order or self.duplicates or self.missing_issues
        )

    def lines(self) -> list[str]:
        out = []
        for a, b, after in self.missing_serials:
            span = f"总第{a}期" if a == b else f"总第{a}–{b}期"
            out.append(f"总期号缺号：{span}（在 {after} 之后）")
        for prev, ps, cur, cs in self.out_of_order:
            out.append(f"总期号顺序颠倒：{prev}（总第{ps}期）之后是 {cur}（总第{cs}期）")
        for serial, labels in self.duplicates:
            out.append(f"总期号重复：总第{serial}期 出现在 {'、'.join(labels)}")
        for lab, where in self.missing_issues:
            out.append(f"缺期：{lab}（已查找：{where or '未记录'}）")
        return out


def find_gaps(uow: UnitOfWork) -> Gaps:
    """Serial numbers missing, repeated or out of order (regular issues), and 缺期 issues."""
    gaps = Gaps()
    all_rows = rows(uow)
    regular = [r for r in all_rows if r.supplement == 0 and r.serial is not None]
    seen: dict[int, list[str]] = {}
    prev: RegisterRow | None = None
    for r in regular:
        assert r.serial is not None
        seen.setdefault(r.serial, []).append(r.label)
        if prev is not None and prev.serial is not None:
            if r.serial > prev.serial + 1:
                gaps.missing_serials.append((prev.serial + 1, r.serial - 1, prev.label))
            elif r.serial <= prev.serial and len(seen[r.serial]) == 1:
                gaps.out_of_order.append((prev.label, prev.serial, r.label, r.serial))
        prev = r if prev is None or prev.serial is None or r.serial > prev.serial else prev
    gaps.duplicates = [(s, labels) for s, labels in sorted(seen.items()) if len(labels) > 1]
    gaps.missing_issues = [(r.label, r.searched_where) for r in all_rows if r.missing]
    return gaps


def history(uow: UnitOfWork, entry_id: int) -> list[tuple[dt.datetime, str, str, str, str, str]]:
    """The entry's events, oldest first: (at, actor, kind, from, to, reason)."""
    session = uow.session
    return [
        tuple(r)  # type: ignore[misc]
        for r in session.execute(
            select(
                ArchiveEvent.at,
                ArchiveEvent.actor,
                ArchiveEvent.kind,
                ArchiveEvent.from_state,
                ArchiveEvent.to_state,
                ArchiveEvent.reason,
            )
            .where(ArchiveEvent.entry_id == entry_id)
            .order_by(ArchiveEvent.at, ArchiveEvent.id)
        )
    ]
