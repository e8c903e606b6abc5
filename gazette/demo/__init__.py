"""Demo data: a realistic office to try every screen and command on (``gazette demo``).

Each wing adds a module here with ``load(ctx, rng)``; ``PARTS`` runs them in order, so a later
part may rely on an earlier one (documents need departments, issues need documents …). Parts
that live above the core (the historical backlog in ``archive/``) come in through ``more``, so
``gazette/`` never imports ``archive/`` and the whole office still loads as one run whose
progress names each stage in Chinese and only moves forward.
"""

from __future__ import annotations

import importlib
import random
from collections.abc import Callable, Sequence

from sqlalchemy import func, select

from gazette.context import AppContext
from gazette.db.base import Base
from gazette.db.models import Department, Setting
from gazette.office.auth import mutating, require
from gazette.progress import Reporter
from gazette.search import hooks

Part = Callable[[AppContext, random.Random], None]

# module names under gazette.demo, in dependency order, with the stage name a person reads
PARTS: list[str] = [
    "office",
    "departments",
    "sections",
    "submissions",
    "documents",
    "interpretations",
    "distribution",
    "issues",
    "receipts",
    "search",
]
STAGES: dict[str, str] = {
    "office": "公报信息与版权页",
    "departments": "部门与联络员",
    "sections": "栏目",
    "submissions": "两年的报送记录与催报",
    "documents": "文件正文",
    "interpretations": "政策解读、退文与年度自查",
    "distribution": "赠阅发行对象",
    "issues": "公报期次：校样、审签、发布与勘误",
    "receipts": "发行签收回执",
    "search": "全文检索索引",
}
LAST = "search"  # indexes what every earlier part made, the backlog's articles included


# set while a demo loads, cleared when it has finished: a database holding it and nothing an
# office made holds only a killed demo's partial data, which the next ``gazette demo`` discards
UNFINISHED = "demo.unfinished"


def is_empty(ctx: AppContext) -> bool:
    with ctx.uow() as uow:
        return not uow.session.scalar(select(func.count()).select_from(Department))


def unfinished(ctx: AppContext) -> bool:
    """Whether the database holds a demo that was interrupted (killed, power cut) mid-way."""
    with ctx.uow() as uow:
        return uow.session.get(Setting, UNFINISHED) is not None


def _mark(ctx: AppContext, loading: bool) -> None:
    with ctx.uow() as uow:
        row = uow.session.get(Setting, UNFINISHED)
        if loading and row is None:
            uow.session.add(Setting(key=UNFINISHED, value=True))
        elif not loading and row is not None:
            uow.session.delete(row)
        uow.commit()


def _discard(ctx: AppContext) -> None:
    """Empty every table of a killed demo in one transaction, so it loads again from the start.
    The audit trail keeps what happened (it is append-only)."""
    with ctx.uow() as uow:
        for table in reversed(Base.metadata.sorted_tables):
            if table.name not in KEEP_TABLES:
                uow.session.execute(table.delete())
        uow.commit()


KEEP_TABLES = frozenset({"audit_log", "job_leases"})


@mutating
def load(
    ctx: AppContext,
    reporter: Reporter | None = None,
    seed: int = 20261127,
    more: Sequence[tuple[str, Part]] = (),
) -> None:
    """Fill an empty database with the demo office; refuses a database that holds data.

    ``more`` adds (stage name, part) steps that run after the core's parts and before the
    search index is built, on the same progress bar.
    """
    require(ctx, "settings.write")  # only an administrator fills a database with demo data
    reporter = reporter or Reporter()
    if unfinished(ctx):
        reporter.step(0, 1, "上次载入演示数据被中断，正在清除不完整的数据后重新载入")
        _discard(ctx)
    if not is_empty(ctx):
        raise ValueError("数据库中已有数据，演示数据只能载入空数据库")
    _mark(ctx, loading=True)
    rng = random.Random(seed)

    def core(name: str) -> Part:
        return importlib.import_module(f"gazette.demo.{name}").load  # type: ignore[no-any-return]

    steps: list[tuple[str, Part]] = [(STAGES[n], core(n)) for n in PARTS if n != LAST]
    steps += list(more)
    steps.append((STAGES[LAST], core(LAST)))
    with hooks.bulk(ctx.db):  # the last part indexes everything the others made, at once
        for i, (stage, part) in enumerate(steps):
            reporter.step(i, len(steps), f"正在载入演示数据：{stage}（{i + 1}/{len(steps)}）")
            part(ctx, rng)
    _mark(ctx, loading=False)
    reporter.step(len(steps), len(steps), "演示数据已全部载入")
