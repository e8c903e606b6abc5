"""Demo part: the gazette's default sections (栏目), in the order they appear in an issue."""

from __future__ import annotations

import random

from sqlalchemy import select

from gazette.context import AppContext
from gazette.db.models import Section
from gazette.office.auth import mutating

DEFAULT_SECTIONS: tuple[str, ...] = (
    "市政府文件",
    "市政府办公室文件",
    "部门文件",
    "人事任免",
    "政策解读",
)


@mutating
def load(ctx: AppContext, rng: random.Random) -> None:
    with ctx.uow() as uow:
        existing = set(uow.session.scalars(select(Section.name)))
        for position, name in enumerate(DEFAULT_SECTIONS, start=1):
            if name not in existing:
                uow.session.add(Section(name=name, position=position))
        uow.commit()
