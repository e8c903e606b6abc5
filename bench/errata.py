"""Errata benchmark: re-releasing the e-edition of a published issue with its errata, against
building that same e-edition again without them (the baseline, measured warm in the same run).

Prints: documents and pages, baseline seconds, re-release seconds, the ratio, and how long the
勘误 panel takes to read the issue's errata and versions. ``--smoke`` runs at tiny scale.

    python bench/errata.py [--errata 40] [--smoke]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from gazette.context import open_context  # noqa: E402
from gazette.db import UnitOfWork  # noqa: E402
from gazette.demo import load  # noqa: E402
from gazette.issues import errata  # noqa: E402
from gazette.issues import planning as issues  # noqa: E402
from gazette.issues import workflow as issue_workflow  # noqa: E402
from gazette.issues.render import render_issue  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--smoke", action="store_true", help="tiny scale, for CI")
    ap.add_argument("--errata", type=int, default=40, help="errata recorded against the issue")
    args = ap.parse_args(argv)
    if args.smoke:
        args.errata = 2
    with tempfile.TemporaryDirectory() as tmp:
        ctx = open_context(None, Path(tmp) / "data")
        load(ctx)
        with ctx.uow() as uow:
            issue_id = issues.list_issues(uow)[-1].id
        # published as an office does: a proof round, 审签 by a second person, 定稿, 发布
        issue_workflow.proof(ctx, issue_id, Path(tmp) / "proof")
        with UnitOfWork(ctx.db, user="审签人", role="editor") as uow:
            issue_workflow.sign_off(uow, issue_id)
            issue_workflow.finalise(uow, issue_id)
            uow.commit()
        render_issue(ctx, issue_id, Path(tmp) / "built", check_rules=False)
        with UnitOfWork(ctx.db, user="审签人", role="editor") as uow:
            issue_workflow.publish(uow, issue_id)
            docs = issues.plan(uow, issue_id).documents()
            uow.commit()
        # the published e-edition (version 1); it also warms the fonts for both timings
        first = render_issue(ctx, issue_id, Path(tmp) / "v1", edition="web", check_rules=False)
        t0 = time.perf_counter()
        render_issue(
            ctx, issue_id, Path(tmp) / "again", edition="web", check_rules=False, record=False
        )
        baseline = time.perf_counter() - t0
        with ctx.uow() as uow:
            for k in range(args.errata):
                doc = docs[k % len(docs)]
                errata.record(uow, issue_id, doc, f"第{k + 1}页", f"错字{k}", f"正字{k}", "校对")
            uow.commit()
        t0 = time.perf_counter()
        second = errata.rerelease(ctx, issue_id, Path(tmp) / "v2")
        took = time.perf_counter() - t0
        t0 = time.perf_counter()
        with ctx.uow() as uow:
            rows, versions = errata.errata_of(uow, issue_id), errata.versions(uow, issue_id)
        panel = time.perf_counter() - t0
        ctx.close()
    assert len(rows) == args.errata and [v.version for v in versions] == [1, 2]
    pages = (first.of("web")[0].pages, second.of("web")[0].pages)
    print(f"documents: {len(docs)}, errata: {args.errata}")
    print(f"baseline e-edition build (warm): {baseline:.2f} s ({pages[0]} pages)")
    print(f"re-release with errata: {took:.2f} s ({pages[1]} pages)")
    print(f"ratio re-release / baseline: {took / baseline:.2f} × baseline")
    print(f"勘误 panel read (errata and versions): {panel * 1000:.1f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
