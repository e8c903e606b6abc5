"""Benchmark of choosing whom to remind: every department's contact on a day, absences included.

    python bench/reminders.py            # 400 departments, 30 absences per liaison officer
    python bench/reminders.py --smoke    # 40 departments, for CI

Baseline measured in the same run: ``who_to_contact`` once per department (two queries each),
against ``contacts_on`` for all of them at once (two queries in all), which reminders use.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import insert

from gazette.context import AppContext, open_context
from gazette.db.models import Department, Liaison, LiaisonAbsence
from gazette.departments import absences

ON = dt.date(2026, 11, 27)


def fill(ctx: AppContext, departments: int, per_person: int) -> None:
    """Departments with an officer and an alternate; each officer away a week every month."""
    start = dt.date(2020, 1, 1)
    with ctx.db.engine.begin() as conn:
        conn.execute(
            insert(Department),
            [
                {"id": d, "name": f"部门{d:03d}", "short_name": "", "issuer_codes": [],
                 "active": True, "version": 1}
                for d in range(1, departments + 1)
            ],
        )  # fmt: skip
        conn.execute(
            insert(Liaison),
            [
                {"id": 2 * d - (role == "primary"), "department_id": d, "role": role,
                 "name": f"{role}{d}", "post": "", "office_phone": "", "mobile": "", "email": "",
                 "started_on": start, "ended_on": None, "version": 1}
                for d in range(1, departments + 1)
                for role in ("primary", "alternate")
            ],
        )  # fmt: skip
        rows = []
        for d in range(1, departments + 1):
            for k in range(per_person):  # every third officer is away on ON itself
                first = ON - dt.timedelta(days=30 * k + (2 if d % 3 == 0 else 20))
                rows.append(
                    {"liaison_id": 2 * d - 1, "starts_on": first,
                     "ends_on": first + dt.timedelta(days=6), "reason": "出差", "note": "",
                     "recorded_by": "bench", "recorded_at": dt.datetime(2026, 1, 1),
                     "version": 1}
                )  # fmt: skip
        conn.execute(insert(LiaisonAbsence), rows)


def timed(ctx: AppContext, departments: int, repeat: int) -> tuple[float, float, int]:
    """(per-department seconds, bulk seconds, departments routed to someone else)."""
    ids = list(range(1, departments + 1))
    with ctx.uow() as uow:
        t = time.perf_counter()
        for _ in range(repeat):
            one_by_one = {d: absences.who_to_contact(uow.session, d, ON) for d in ids}
        t_each = (time.perf_counter() - t) / repeat
        t = time.perf_counter()
        for _ in range(repeat):
            bulk = absences.contacts_on(uow.session, ON, ids)
        t_bulk = (time.perf_counter() - t) / repeat
    assert bulk == one_by_one
    return t_each, t_bulk, sum(1 for c in bulk.values() if c.explanation)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--smoke", action="store_true", help="tiny scale for CI")
    parser.add_argument("-n", type=int, default=400, help="departments")
    args = parser.parse_args(argv)
    n, per_person, repeat = (40, 5, 1) if args.smoke else (args.n, 30, 5)
    with tempfile.TemporaryDirectory() as tmp:
        ctx = open_context(None, Path(tmp))
        try:
            fill(ctx, n, per_person)
            t_each, t_bulk, routed = timed(ctx, n, repeat)
        finally:
            ctx.close()
    print(
        f"contacts of {n:,} departments on {ON} ({n * per_person:,} absences, "
        f"{routed} routed away from the officer): all at once {t_bulk * 1000:.1f} ms; "
        f"one department at a time {t_each * 1000:.1f} ms (ratio {t_each / t_bulk:.1f}×)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
