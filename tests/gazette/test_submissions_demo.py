"""The demo part fills the desk with every status, including uncovered 2027 deadlines at year end."""

from __future__ import annotations

import datetime as dt
import random

from gazette.demo import submissions as demo
from gazette.submissions import queries
from gazette.vocab import SubmissionStatus as S
from tests.gazette.submissions_setup import make_departments


def test_demo_part_gives_every_status(ctx) -> None:
    make_departments(ctx)
    today = dt.date(2026, 12, 31)
    demo.load(ctx, random.Random(3), today=today)
    with ctx.uow() as uow:
        desk = queries.desk(uow.session, today)
    statuses = {r.status for r in desk.rows}
    assert {S.ON_TIME, S.LATE, S.OVERDUE, S.UNCOVERED} <= statuses
    assert 2027 in desk.missing_years
    assert any(not r.is_normative for r in desk.rows)
    assert any(r.decision == "选登" for r in desk.rows)
    assert any(r.reminders for r in desk.rows)


def test_demo_issues_and_receives_nothing_after_its_today(ctx) -> None:
    make_departments(ctx)
    today = dt.date(2026, 11, 27)
    demo.load(ctx, random.Random(3), today=today)
    with ctx.uow() as uow:
        rows = queries.desk(uow.session, today).rows
    assert rows
    late = [(r.doc_number, r.issued_on, r.received_on) for r in rows if r.issued_on > today]
    late += [
        (r.doc_number, r.issued_on, r.received_on)
        for r in rows
        if r.received_on and r.received_on > today
    ]
    assert late == []
