"""Departments and liaison officers for the submissions tests (until the departments wing lands)."""

from __future__ import annotations

import datetime as dt

from gazette.context import AppContext
from gazette.db.models import Department, Liaison

DEPARTMENTS = (
    ("市发展和改革委员会", "市发改委", ["宿发改", "宿发改发"]),
    ("市教育局", "市教育局", ["宿教发", "宿教"]),
    ("市财政局", "市财政局", ["宿财发", "宿财"]),
)


def make_departments(ctx: AppContext) -> dict[str, int]:
    """Three departments, each with a primary and an alternate officer; returns name → id."""
    ids = {}
    with ctx.uow() as uow:
        for i, (name, short, codes) in enumerate(DEPARTMENTS):
            dept = Department(name=name, short_name=short, issuer_codes=codes)
            dept.liaisons = [
                Liaison(
                    role="primary",
                    name=["王敏", "李强", "赵磊"][i],
                    mobile=f"1390000000{i}",
                    email=f"p{i}@example.gov.cn",
                    started_on=dt.date(2020, 1, 1),
                ),
                Liaison(
                    role="alternate",
                    name=["陈静", "刘洋", "孙丽"][i],
                    mobile=f"1380000000{i}",
                    started_on=dt.date(2020, 1, 1),
                ),
            ]
            uow.session.add(dept)
            uow.session.flush()
            ids[name] = dept.id
        uow.commit()
    return ids
