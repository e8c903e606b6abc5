"""Benchmark of optimistic locking on the save path: what checking the version costs a save, and
how long refusing a stale save (naming who changed what) takes.

    python bench/stale_saves.py            # 500 selection decisions on the embedded database
    python bench/stale_saves.py --smoke    # 30, for CI

Baseline measured in the same run: the same decisions saved without an expected version (the
unguarded save every screen but the department dialog used before).
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from gazette.context import AppContext, open_context
from gazette.db.models import Department
from gazette.office.conflicts import ConflictError
from gazette.submissions import queries, selection
from gazette.submissions.register import SubmissionData, record

AS_OF = dt.date(2026, 11, 27)


def setup(ctx: AppContext, n: int) -> None:
    with ctx.uow() as uow:
        dept = Department(name="市教育局", short_name="市教育局", issuer_codes=["宿教发"])
        uow.session.add(dept)
        uow.session.flush()
        for i in range(n):
            day = dt.date(2026, 1, 5) + dt.timedelta(days=i % 200)
            data = SubmissionData(dept.id, f"文件{i}", f"宿教发〔2026〕{i + 1}号", day, day, "纸质")
            record(uow.session, data)
        uow.commit()


def rows(ctx: AppContext) -> list[queries.DeskRow]:
    with ctx.uow() as uow:
        return queries.desk(uow.session, AS_OF).rows


def save(ctx: AppContext, doc_id: int, seen: int | None) -> float:
    """Seconds for one decision in its own unit of work, as the desk saves it."""
    t = time.perf_counter()
    with ctx.uow() as uow:
        selection.decide(uow.session, doc_id, selection.SELECTED, expected_version=seen)
        uow.commit()
    return time.perf_counter() - t


def alternate(ctx: AppContext, seen: dict[int, int]) -> tuple[float, float]:
    """Per document, an unguarded save then a guarded one (each decision bumps the version by
    one), alternating so the database grows alike under both."""
    unguarded = guarded = 0.0
    for doc_id, version in seen.items():
        unguarded += save(ctx, doc_id, None)
        guarded += save(ctx, doc_id, version + 1)
    return unguarded, guarded


def refuse_all(ctx: AppContext, stale: dict[int, int]) -> tuple[float, int]:
    t = time.perf_counter()
    refused = 0
    for doc_id, seen in stale.items():
        with ctx.uow() as uow:
            try:
                selection.decide(uow.session, doc_id, "选登", expected_version=seen)
            except ConflictError as exc:
                refused += exc.their is not None
    return time.perf_counter() - t, refused


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true", help="30 decisions, for CI")
    args = parser.parse_args(argv)
    n = 30 if args.smoke else 500
    with tempfile.TemporaryDirectory() as tmp:
        ctx = open_context(None, Path(tmp))
        try:
            setup(ctx, n)
            seen = {r.document_id: r.version for r in rows(ctx)}
            unguarded, guarded = alternate(ctx, seen)
            refusing, refused = refuse_all(ctx, seen)  # seen is two saves behind now
        finally:
            ctx.close()
    print(f"decisions saved: {n}")
    print(f"unguarded save   {unguarded / n * 1000:8.2f} ms")
    print(f"guarded save     {guarded / n * 1000:8.2f} ms")
    print(f"ratio guarded/unguarded {guarded / unguarded:.2f}")
    print(f"stale save refused (naming who) {refusing / n * 1000:8.2f} ms; {refused}/{n} named")
    return 0 if refused == n else 1


if __name__ == "__main__":
    raise SystemExit(main())
