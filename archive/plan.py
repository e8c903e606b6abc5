"""The three-year plan: quarterly targets per step, burn-down, velocity and the forecast.

Actual progress is replayed from the workflow events, so a send-back counts against the step it
undoes. "Done" for a step means the issue's state is at or past that step.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import func, select

from archive.models import ArchiveEntry, ArchiveEvent, Plan, PlanTarget
from archive.workflow import CODES, LABELS, STEPS, index
from gazette.db import UnitOfWork
from gazette.office.auth import mutating, require

QUARTERS_DEFAULT = 12


class PlanError(ValueError):
    """The plan is missing or inconsistent; the message says what to do."""


def add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def quarter_end(start: dt.date, quarter: int) -> dt.date:
    """The last day of plan quarter ``quarter`` (1-based), counted from the plan's start."""
    months = start.month - 1 + 3 * quarter
    first_after = dt.date(start.year + months // 12, months % 12 + 1, 1)
    nominal = first_after.replace(day=min(start.day, 28)) if start.day > 1 else first_after
    return nominal - dt.timedelta(days=1)


@mutating
def create_plan(
    uow: UnitOfWork,
    start: dt.date,
    deadline: dt.date | None = None,
    *,
    velocity_weeks: int = 8,
    targets: dict[tuple[int, str], int] | None = None,
) -> int:
    """Create the plan; without explicit targets every step is spread evenly over the quarters."""
    require(uow, "archive.write")
    deadline = deadline or add_years(start, 3)
    if deadline <= start:
        raise PlanError(f"截止日期 {deadline} 必须晚于开始日期 {start}")
    session = uow.session
    total = int(session.scalar(select(func.count()).select_from(ArchiveEntry)) or 0)
    months = (deadline.year - start.year) * 12 + deadline.month - start.month
    quarters = max(1, math.ceil(months / 3))
    plan = Plan(start=start, deadline=deadline, velocity_weeks=velocity_weeks)
    session.add(plan)
    session.flush()
    if targets is None:
        targets = {
            (q, step): round(total * q / quarters) for q in range(1, quarters + 1) for step in STEPS
        }
    for (q, step), done in sorted(targets.items()):
        if step not in STEPS:
            raise PlanError(f"未知的步骤“{step}”")
        session.add(PlanTarget(plan_id=plan.id, quarter=q, step=step, done=done))
    session.flush()
    return plan.id


@mutating
def set_target(uow: UnitOfWork, plan_id: int, quarter: int, step: str, done: int) -> None:
    require(uow, "archive.write")
    session = uow.session
    target = session.scalar(
        select(PlanTarget).where(
            PlanTarget.plan_id == plan_id, PlanTarget.quarter == quarter, PlanTarget.step == step
        )
    )
    if target is None:
        session.add(PlanTarget(plan_id=plan_id, quarter=quarter, step=step, done=done))
    else:
        target.done = done
    session.flush()


def current_plan(uow: UnitOfWork) -> Plan | None:
    session = uow.session
    return session.scalar(select(Plan).order_by(Plan.id.desc()).limit(1))


@dataclass
class StepStatus:
    step: str
    label: str
    done: int
    remaining: int
    planned_remaining: int  # where the plan says we should be today
    per_week: float  # velocity over the last N weeks
    needed_per_week: float  # to finish by the deadline
    forecast: dt.date | None  # None: no progress in the window, cannot forecast
    late: bool


@dataclass
class PlanStatus:
    today: dt.date
    start: dt.date
    deadline: dt.date
    total: int
    weeks: int
    steps: list[StepStatus]
    weeks_axis: list[dt.date] = field(default_factory=list)
    actual: dict[str, list[int]] = field(default_factory=dict)  # remaining per week, per step
    planned: dict[str, list[int]] = field(default_factory=dict)
    by_person: list[tuple[str, int]] = field(default_factory=list)  # steps done in the window

    @property
    def forecast(self) -> dt.date | None:
        """The finish: the latest step's forecast (None while any step has no velocity)."""
        dates = [s.forecast for s in self.steps if s.remaining]
        if not dates:
            return self.today
        if any(d is None for d in dates):
            return None
        return max(d for d in dates if d is not None)

    @property
    def late(self) -> bool:
        return any(s.late for s in self.steps)

    def warnings(self) -> list[str]:
        out = []
        for s in self.steps:
            if not s.late:
                continue
            when = f"预计 {s.forecast} 完成" if s.forecast else f"近 {self.weeks} 周没有进展"
            out.append(
                f"“{s.label}”{when}，晚于截止日期 {self.deadline}；"
                f"按期完成需每周 {s.needed_per_week:.1f} 期（近 {self.weeks} 周每周 {s.per_week:.1f} 期）"
            )
        return out


def _states_at(
    events: list[tuple[int, dt.datetime, str]], moments: list[dt.datetime]
) -> list[Counter[str]]:
    """State counts at each moment (events sorted by time; moments ascending)."""
    state: dict[int, str] = {}
    out: list[Counter[str]] = []
    i = 0
    for moment in moments:
        while i < len(events) and events[i][1] <= moment:
            state[events[i][0]] = events[i][2]
            i += 1
        out.append(Counter(state.values()))
    return out


def done_for(counts: Counter[str], total_entries: int, step: str) -> int:
    """Entries at or past ``step`` (entries with no event are at 待征集)."""
    k = index(step)
    return sum(n for code, n in counts.items() if index(code) >= k) if k else total_entries


def planned_done(
    plan_targets: dict[tuple[int, str], int], start: dt.date, step: str, day: dt.date
) -> int:
    """The target for a day, interpolated linearly between quarter ends."""
    points = [(start, 0)] + [
        (quarter_end(start, q), n) for (q, s), n in sorted(plan_targets.items()) if s == step
    ]
    for (d0, n0), (d1, n1) in itertools.pairwise(points):
        if day <= d1:
            span = max(1, (d1 - d0).days)
            return round(n0 + (n1 - n0) * max(0, (day - d0).days) / span)
    return points[-1][1]


def status(uow: UnitOfWork, today: dt.date | None = None, plan: Plan | None = None) -> PlanStatus:
    """Where the backlog stands against the plan, with weekly burn-down series and the forecast."""
    session = uow.session
    plan = plan or current_plan(uow)
    if plan is None:
        raise PlanError("尚未制定数字化计划（gazette archive plan create）")
    today = today or dt.date.today()
    total = int(session.scalar(select(func.count()).select_from(ArchiveEntry)) or 0)
    events = [
        (int(e), a, str(s))
        for e, a, s in session.execute(
            select(ArchiveEvent.entry_id, ArchiveEvent.at, ArchiveEvent.to_state)
            .where(ArchiveEvent.kind.in_(("advance", "send_back")))
            .order_by(ArchiveEvent.at, ArchiveEvent.id)
        )
    ]
    targets = {(t.quarter, t.step): t.done for t in plan.targets}
    n = max(1, plan.velocity_weeks)
    axis = []
    day = plan.start
    while day < today:
        axis.append(day)
        day += dt.timedelta(days=7)
    axis.append(today)
    window_start = today - dt.timedelta(weeks=n)
    moments = [dt.datetime.combine(d, dt.time.max) for d in [*axis, window_start]]
    order = sorted(range(len(moments)), key=lambda i: moments[i])
    counted = _states_at(events, [moments[i] for i in order])
    at = {order[j]: counted[j] for j in range(len(order))}
    now_counts, window_counts = at[len(axis) - 1], at[len(axis)]
    weeks_left = max((plan.deadline - today).days / 7, 1e-9)
    steps: list[StepStatus] = []
    status_ = PlanStatus(today, plan.start, plan.deadline, total, n, steps, axis)
    for step in STEPS:
        done = done_for(now_counts, total, step)
        before = done_for(window_counts, total, step) if window_start >= plan.start else 0
        remaining = total - done
        rate = max(0.0, (done - before) / n)
        forecast = today + dt.timedelta(weeks=remaining / rate) if rate > 0 else None
        if remaining == 0:
            forecast = today
        planned_now = planned_done(targets, plan.start, step, today)
        steps.append(
            StepStatus(
                step,
                LABELS[step],
                done,
                remaining,
                max(0, total - planned_now),
                rate,
                remaining / weeks_left if today < plan.deadline else float(remaining),
                forecast,
                remaining > 0 and (forecast is None or forecast > plan.deadline),
            )
        )
        status_.actual[step] = [total - done_for(at[i], total, step) for i in range(len(axis))]
        status_.planned[step] = [
            max(0, total - planned_done(targets, plan.start, step, d)) for d in axis
        ]
    status_.by_person = [
        (str(actor), int(cnt))
        for actor, cnt in session.execute(
            select(ArchiveEvent.actor, func.count())
            .where(
                ArchiveEvent.kind == "advance",
                ArchiveEvent.at >= dt.datetime.combine(window_start, dt.time.min),
            )
            .group_by(ArchiveEvent.actor)
            .order_by(func.count().desc())
        )
    ]
    return status_


def step_label(code: str) -> str:
    return LABELS.get(code, code) if code in CODES else code
