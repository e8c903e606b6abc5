"""Taking a test's issue through the editorial workflow as an office does, preconditions and all:
a proof round, 审签 by a second person, 定稿, the print edition and e-edition, 发布."""

from __future__ import annotations

from pathlib import Path

from gazette.db import UnitOfWork
from gazette.issues import workflow as issue_workflow
from gazette.issues.render import render_issue

SIGNER = "王审签"


def sign(ctx, issue_id: int) -> None:  # type: ignore[no-untyped-def]
    """审签 the latest round as a second person with the right to sign."""
    with UnitOfWork(ctx.db, user=SIGNER, role="editor") as uow:
        issue_workflow.sign_off(uow, issue_id, "同意付印")
        uow.commit()


def finalise(ctx, issue_id: int, out: Path) -> None:  # type: ignore[no-untyped-def]
    """From 编排中 (or 校样) to 定稿: a proof round, its sign-off, then 定稿 by the signer."""
    issue_workflow.proof(ctx, issue_id, out / "proof")
    sign(ctx, issue_id)
    with UnitOfWork(ctx.db, user=SIGNER, role="editor") as uow:
        issue_workflow.finalise(uow, issue_id)
        uow.commit()


def publish(ctx, issue_id: int, out: Path, *, build: bool = True) -> None:  # type: ignore[no-untyped-def]
    """All the way to 已发布; ``build=False`` when the test built the editions itself."""
    finalise(ctx, issue_id, out)
    if build:
        render_issue(ctx, issue_id, out / "build")
    with UnitOfWork(ctx.db, user=SIGNER, role="editor") as uow:
        issue_workflow.publish(uow, issue_id)
        uow.commit()
