"""Demo data: a realistic office to try every screen and command on (``gazette demo``).

Each wing adds a module here with ``load(ctx, rng)``; ``PARTS`` runs them in order, so a later
part may rely on an earlier one (documents need departments, issues need documents …).
"""

from __future__ import annotations

import importlib
import random

from sqlalchemy import func, select

from gazette.auth import require
from gazette.context import AppContext
from gazette.db.models import Department
from gazette.progress import Reporter

# module names under gazette.demo, in dependency order
PARTS: list[str] = ["departments", "sections", "submissions", "documents", "issues", "search"]


def is_empty(ctx: AppContext) -> bool:
    with ctx.uow() as uow:
        return not uow.session.scalar(select(func.count()).select_from(Department))


def load(ctx: AppContext, reporter: Reporter | None = None, seed: int = 20261127) -> None:
    """Fill an empty database with the demo office; refuses a database that holds data."""
    require(ctx, "settings.write")  # only an administrator fills a database with demo data
    if not is_empty(ctx):
        raise ValueError("数据库中已有数据，演示数据只能载入空数据库")
    reporter = reporter or Reporter()
    rng = random.Random(seed)
    for i, name in enumerate(PARTS):
        reporter.step(i, len(PARTS), f"载入演示数据：{name}")
        importlib.import_module(f"gazette.demo.{name}").load(ctx, rng)
    reporter.step(len(PARTS), len(PARTS), "演示数据已载入")
