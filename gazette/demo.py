"""Demo data: a realistic office to try every screen and command on (``gazette demo``)."""

from __future__ import annotations

from sqlalchemy import func, select

from gazette.context import AppContext
from gazette.db.models import Department


def is_empty(ctx: AppContext) -> bool:
    with ctx.uow() as uow:
        return not uow.session.scalar(select(func.count()).select_from(Department))


def load(ctx: AppContext) -> None:
    """Fill an empty database; each wing adds its part in order."""
