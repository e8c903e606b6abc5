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


MORE = (
    ("市公安局", "宿公发"),
    ("市民政局", "宿民发"),
    ("市司法局", "宿司发"),
    ("市人力资源和社会保障局", "宿人社发"),
    ("市自然资源和规划局", "宿自然资发"),
    ("市生态环境局", "宿环发"),
    ("市住房和城乡建设局", "宿建发"),
    ("市交通运输局", "宿交发"),
    ("市水务局", "宿水发"),
    ("市农业农村局", "宿农发"),
    ("市商务局", "宿商发"),
    ("市卫生健康委员会", "宿卫发"),
    ("市市场监督管理局", "宿市监发"),
)


def make_many_departments(ctx: AppContext) -> dict[str, int]:
    """The three above plus thirteen more, for the demo-like tests and screenshots."""
    ids = make_departments(ctx)
    with ctx.uow() as uow:
        for i, (name, code) in enumerate(MORE):
            dept = Department(name=name, short_name=name, issuer_codes=[code])
            dept.liaisons = [
                Liaison(
                    role="primary",
                    name=f"联络员{i + 1}",
                    mobile=f"1370000{i:04d}",
                    started_on=dt.date(2021, 1, 1),
                ),
                Liaison(role="alternate", name=f"备用{i + 1}", started_on=dt.date(2021, 1, 1)),
            ]
            uow.session.add(dept)
            uow.session.flush()
            ids[name] = dept.id
        uow.commit()
    return ids
