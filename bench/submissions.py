"""Benchmark of the submissions desk: statuses of N documents, and the desk model at N rows.

    python bench/submissions.py            # 100,000 documents
    python bench/submissions.py --smoke    # a few hundred, for CI

Baselines measured in the same run:
- naive: a fresh ``WorkCalendar().deadline()`` once per row,
  timed on a sample and scaled to N, since at ~20 ms a call the full run would take half an hour;
- shared calendar: one WorkCalendar, its memoised ``deadline`` and ``workdays_after``, no row memo.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import contextlib

from gazette.calendar.workdays import WorkCalendar
from gazette.submissions.queries import DeskRow
from gazette.submissions.status import StatusCalculator
from gazette.vocab import PUBLIC_DISCLOSURE, SubmissionStatus

AS_OF = dt.date(2026, 11, 27)


def make_inputs(n: int, seed: int = 7) -> list[tuple[dt.date, dt.date | None]]:
    rng = random.Random(seed)
    start = dt.date(2025, 1, 1)
    out = []
    for _ in range(n):
        issued = start + dt.timedelta(days=rng.randrange(725))
        received = issued + dt.timedelta(days=rng.randint(0, 25)) if rng.random() < 0.85 else None
        out.append((issued, received if received and received <= AS_OF else None))
    return out


def fast(inputs: list[tuple[dt.date, dt.date | None]]) -> tuple[float, list]:
    t = time.perf_counter()
    calc = StatusCalculator(WorkCalendar())
    res = [calc.status(i, r, AS_OF) for i, r in inputs]
    return time.perf_counter() - t, res


def shared_calendar(inputs: list[tuple[dt.date, dt.date | None]]) -> float:
    t = time.perf_counter()
    cal = WorkCalendar()
    for issued, received in inputs:
        try:
            due = cal.deadline(issued)
        except LookupError:
            continue
        end = received or AS_OF
        if end > due:
            with contextlib.suppress(LookupError):
                cal.workdays_after(due, end)
    return time.perf_counter() - t


def naive(inputs: list[tuple[dt.date, dt.date | None]]) -> float:
    """Per row: a fresh calendar's deadline, then compare dates."""
    t = time.perf_counter()
    for issued, received in inputs:
        try:
            due = WorkCalendar().deadline(issued)
        except LookupError:
            continue
        _ = (received or AS_OF) <= due
    return time.perf_counter() - t


def desk_model(n: int) -> tuple[float, float, float, float, int]:
    """(reset, sort by date, sort by department, text filter) seconds, and rows the filter shows."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    from ui.submissions.models import COL_DEPARTMENT, COL_ISSUED, DeskModel, DeskProxy

    app = QApplication.instance() or QApplication([])
    calc = StatusCalculator(WorkCalendar())
    rows = []
    for k, (issued, received) in enumerate(make_inputs(n, seed=11)):
        res = calc.status(issued, received, AS_OF)
        rows.append(
            DeskRow(
                k,
                k % 40,
                f"部门{k % 40:02d}",
                f"关于印发第{k}号管理办法的通知",
                f"宿测发〔{issued.year}〕{k}号",
                issued,
                received,
                "纸质",
                PUBLIC_DISCLOSURE,
                True,
                False,
                "",
                "",
                "",
                0,
                res.deadline,
                res.status,
                res.days,
            )
        )
    model = DeskModel()
    proxy = DeskProxy()
    proxy.setSourceModel(model)
    t = time.perf_counter()
    model.set_rows(rows)
    proxy.refilter()
    app.processEvents()
    reset = time.perf_counter() - t
    t = time.perf_counter()
    proxy.sort(COL_ISSUED, Qt.SortOrder.DescendingOrder)
    sort_date = time.perf_counter() - t
    t = time.perf_counter()
    proxy.sort(COL_DEPARTMENT)
    sort_dept = time.perf_counter() - t
    t = time.perf_counter()
    proxy.filter.text = "第12"
    proxy.refilter()
    filt = time.perf_counter() - t
    return reset, sort_date, sort_dept, filt, proxy.rowCount()


def db_desk(n: int) -> tuple[float, float, int]:
    """(insert time, desk query + statuses time, rows on the desk) for n fresh documents."""
    import tempfile

    from sqlalchemy import insert

    from gazette.context import open_context
    from gazette.db.models import Department, Document, Submission
    from gazette.submissions import queries

    with tempfile.TemporaryDirectory() as tmp:
        ctx = open_context(None, tmp)
        inputs = make_inputs(n, seed=5)
        t = time.perf_counter()
        with ctx.db.engine.begin() as conn:
            conn.execute(
                insert(Department),
                [
                    {
                        "id": d,
                        "name": f"部门{d:02d}",
                        "short_name": "",
                        "issuer_codes": [],
                        "active": True,
                        "version": 1,
                    }
                    for d in range(1, 41)
                ],
            )
            conn.execute(
                insert(Document),
                [
                    {
                        "id": k + 1,
                        "kind": "公文",
                        "title": f"关于印发第{k}号管理办法的通知",
                        "doc_number": f"宿测发〔{i.year}〕{k + 1}号",
                        "department_id": 1 + k % 40,
                        "issued_on": i,
                        "disclosure": PUBLIC_DISCLOSURE,
                        "is_normative": True,
                        "historical": False,
                        "issuer": "",
                        "body_text": "",
                        "note": "",
                        "validity": "有效",
                        "version": 1,
                    }
                    for k, (i, _r) in enumerate(inputs)
                ],
            )
            conn.execute(
                insert(Submission),
                [
                    {
                        "document_id": k + 1,
                        "received_on": r,
                        "channel": "纸质",
                        "liaison_name": "",
                        "expected": False,
                        "decision_reason": "",
                        "decided_by": "",
                        "version": 1,
                    }
                    for k, (_i, r) in enumerate(inputs)
                ],
            )
        inserted = time.perf_counter() - t
        t = time.perf_counter()
        with ctx.uow() as uow:
            rows = queries.desk(uow.session, AS_OF).rows
        loaded = time.perf_counter() - t
        ctx.close()
    return inserted, loaded, len(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--smoke", action="store_true", help="tiny scale for CI")
    parser.add_argument("-n", type=int, default=100_000)
    args = parser.parse_args(argv)
    n = 300 if args.smoke else args.n
    sample = 20 if args.smoke else 300
    inputs = make_inputs(n)
    t_fast, results = fast(inputs)
    t_shared = shared_calendar(inputs)
    t_naive_sample = naive(inputs[:sample])
    t_naive = t_naive_sample / sample * n
    uncovered = sum(1 for r in results if r.status == SubmissionStatus.UNCOVERED)
    print(
        f"statuses of {n:,} documents as of {AS_OF}: {t_fast * 1000:.1f} ms "
        f"({t_fast / n * 1e6:.1f} µs/row, {uncovered} uncovered)"
    )
    print(
        f"shared WorkCalendar, no row memo: {t_shared * 1000:.1f} ms "
        f"(ratio {t_shared / t_fast:.1f}×)"
    )
    print(
        f"naive: fresh calendar per row: {t_naive_sample / sample * 1000:.2f} ms/row "
        f"on {sample:,} rows → {t_naive:.1f} s for {n:,} (ratio {t_naive / t_fast:,.0f}×)"
    )
    reset, sort_date, sort_dept, filt, shown = desk_model(n)
    print(
        f"desk model at {n:,} rows: reset+filter {reset * 1000:.1f} ms, "
        f"sort by 印发日期 {sort_date * 1000:.1f} ms, by 单位 {sort_dept * 1000:.1f} ms, "
        f"text filter {filt * 1000:.1f} ms ({shown:,} rows shown)"
    )
    inserted, loaded, on_desk = db_desk(n)
    print(
        f"embedded database with {n:,} documents: desk query + statuses {loaded * 1000:.0f} ms "
        f"for {on_desk:,} rows (bulk insert {inserted * 1000:.0f} ms)"
    )
    return 0 if on_desk == n else 1


if __name__ == "__main__":
    raise SystemExit(main())
