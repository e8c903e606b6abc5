"""Per-department figures: the dashboard and the notification report read the same numbers.

On-time rate = on time / (on time + late + never received). Documents not yet due, and those the
calendar cannot place, are left out of the rate (they are not anyone's failure yet).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from gazette.submissions.queries import DeskRow
from gazette.submissions.status import LATE, ON_TIME, OVERDUE, UNCOVERED


@dataclass
class DeptStats:
    department_id: int
    department: str
    issued: int = 0
    submitted: int = 0
    on_time: int = 0
    late: int = 0
    never: int = 0  # 逾期未报
    pending: int = 0  # 待报送 / 即将到期
    uncovered: int = 0
    late_days_total: int = 0
    late_days_known: int = 0
    selected: int = 0
    declined: int = 0
    returned: int = 0  # 退文 (times), counted on the documents of the period
    interp_needed: int = 0
    interp_complete: int = 0
    interp_on_time: int = 0  # on the portal within 3 working days of the document
    interp_late: int = 0

    @property
    def due(self) -> int:
        return self.on_time + self.late + self.never

    @property
    def rate(self) -> float | None:
        return self.on_time / self.due if self.due else None

    @property
    def average_delay(self) -> float | None:
        return self.late_days_total / self.late_days_known if self.late_days_known else None


def by_department(
    rows: Iterable[DeskRow],
    *,
    include_non_normative: bool = False,
    issued_from: dt.date | None = None,
    issued_to: dt.date | None = None,
    departments: Iterable[tuple[int, str]] = (),
) -> list[DeptStats]:
    """Figures per department, ordered by department name; departments with no document are
    included when passed in ``departments`` (a report lists every department)."""
    out: dict[int, DeptStats] = {i: DeptStats(i, n) for i, n in departments}
    for r in rows:
        if not include_non_normative and not r.is_normative:
            continue
        if issued_from is not None and r.issued_on < issued_from:
            continue
        if issued_to is not None and r.issued_on > issued_to:
            continue
        s = out.get(r.department_id)
        if s is None:
            s = out[r.department_id] = DeptStats(r.department_id, r.department)
        s.issued += 1
        if r.received_on is not None:
            s.submitted += 1
        if r.status == ON_TIME:
            s.on_time += 1
        elif r.status == LATE:
            s.late += 1
            if r.days is not None:
                s.late_days_total += r.days
                s.late_days_known += 1
        elif r.status == OVERDUE:
            s.never += 1
        elif r.status == UNCOVERED:
            s.uncovered += 1
        else:
            s.pending += 1
        s.returned += r.returns
        if r.needs_interpretation:
            s.interp_needed += 1
            s.interp_complete += r.interpretation_complete
            s.interp_on_time += r.interpretation_on_time is True
            s.interp_late += r.interpretation_on_time is False
        if r.decision == "选登":
            s.selected += 1
        elif r.decision == "不予选登":
            s.declined += 1
    return sorted(out.values(), key=lambda s: s.department)


def totals(stats: Iterable[DeptStats]) -> DeptStats:
    t = DeptStats(0, "合计")
    for s in stats:
        for name in (
            "issued",
            "submitted",
            "on_time",
            "late",
            "never",
            "pending",
            "uncovered",
            "late_days_total",
            "late_days_known",
            "selected",
            "declined",
            "returned",
            "interp_needed",
            "interp_complete",
            "interp_on_time",
            "interp_late",
        ):
            setattr(t, name, getattr(t, name) + getattr(s, name))
    return t


def worst(stats: Iterable[DeptStats], limit: int = 3) -> list[DeptStats]:
    """Departments with the worst record: lowest on-time rate, then most never received."""
    candidates = [s for s in stats if s.due and (s.late or s.never)]
    candidates.sort(key=lambda s: (s.rate or 0.0, -s.never, -s.late, s.department))
    return candidates[:limit]


def percent(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"
