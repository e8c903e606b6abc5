"""The editorial workflow as named actions: 出校样 → 审签 → 定稿 → 发布, and 退回 before publication.

Each action checks its precondition in ``issues.set_status`` (the one place a status changes) or
``proofs.sign_off``; the audit trail records the step, the person and, for a step back, the
reason. ``ACTIONS`` says in words what each one changes, for the confirmation a person reads
before acting (the screen and the command line use the same sentences).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from gazette.db.models import Issue
from gazette.db.uow import UnitOfWork
from gazette.issues import planning as issues
from gazette.issues import proofs
from gazette.issues.render import BuiltPdf
from gazette.progress import Reporter

if TYPE_CHECKING:
    from gazette.context import AppContext


@dataclass(frozen=True)
class Action:
    key: str  # proof / sign-off / finalise / publish / reopen
    label: str  # the button's words
    changes: str  # what it changes, for the confirmation


ACTIONS: dict[str, Action] = {
    a.key: a
    for a in (
        Action(
            "proof",
            "出校样",
            "排出新一轮带“校样”水印的清样，期次进入“校样”状态；编排仍可修改，改后须再出校样。",
        ),
        Action(
            "sign-off",
            "审签",
            "以您的名义审签最新一轮校样，审签人和时间记入操作记录。制作校样的人不能审签本人的校样。",
        ),
        Action(
            "finalise",
            "定稿",
            "期次改为“定稿”：内容冻结，不能再增删或调整文件；如需修改，须由审签人退回校样并写明原因。",
        ),
        Action(
            "publish",
            "发布",
            "期次改为“已发布”：内容永久冻结，不能退回；此后发现的错误只能通过勘误更正，"
            "并重新发布电子版。",
        ),
        Action(
            "reopen",
            "退回",
            "期次退回上一步（校样 → 编排中，定稿 → 校样），原因记入操作记录；定稿的冻结随之解除。",
        ),
    )
}


def next_action(status: str) -> Action | None:
    """The forward action a screen offers for an issue in ``status`` (none once published)."""
    return {
        "planning": ACTIONS["proof"],
        "proof": ACTIONS["finalise"],
        "final": ACTIONS["publish"],
    }.get(status)


def proof(
    ctx: AppContext, issue_id: int, out_dir: Path | str, reporter: Reporter | None = None
) -> tuple[int, BuiltPdf]:
    """出校样: a new proof round; an issue being planned moves to 校样."""
    return proofs.new_round(ctx, issue_id, out_dir, reporter)


def sign_off(uow: UnitOfWork, issue_id: int, note: str = "") -> int:
    """审签 the latest proof round; returns its number."""
    last = issues.last_round(uow, issue_id)
    if last is None:
        raise issues.IssueError("本期还没有校样，无从审签")
    proofs.sign_off(uow, issue_id, last.round, note)
    return last.round


def finalise(uow: UnitOfWork, issue_id: int, *, expected_version: int | None = None) -> None:
    """定稿: the last proof round signed off and the rules clean; the content is frozen."""
    issues.set_status(uow, issue_id, "final", expected_version=expected_version)


def publish(uow: UnitOfWork, issue_id: int, *, expected_version: int | None = None) -> None:
    """发布: a built print edition and e-edition; afterwards only errata correct the issue."""
    issues.set_status(uow, issue_id, "published", expected_version=expected_version)


def reopen(
    uow: UnitOfWork, issue_id: int, reason: str, *, expected_version: int | None = None
) -> str:
    """退回 one step (校样 → 编排中; 定稿 → 校样 by the signer) with a reason; returns the new
    status."""
    issue = uow.session.get(Issue, issue_id)
    if issue is None:
        raise issues.IssueError(f"找不到期次（id={issue_id}）")
    back = issues.BACK_STATUS.get(issue.status)
    if back is None:
        if issue.status == "published":
            raise issues.IssueError("已发布的期次不能退回，只能通过勘误更正")
        raise issues.IssueError("编排中的期次没有可退回的上一步")
    issues.set_status(uow, issue_id, back, reason=reason, expected_version=expected_version)
    return back
