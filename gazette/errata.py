"""Errata (勘误): recorded after publication, printed as a notice in a later issue, and the
e-edition re-released as a new version that notes the change (the old version is kept)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from gazette.auth import require
from gazette.context import AppContext
from gazette.db.models import Erratum, Issue, IssueItem
from gazette.db.uow import UnitOfWork
from gazette.issues import FROZEN, IssueError
from gazette.layout.render import BuildResult, render_issue
from gazette.progress import Reporter


@dataclass(frozen=True)
class ErratumRow:
    id: int
    document_id: int
    location: str
    wrong: str
    right: str
    notice_issue_id: int | None
    rereleased_version: int | None


def record(
    uow: UnitOfWork, issue_id: int, document_id: int, location: str, wrong: str, right: str
) -> int:
    require(uow, "issues.publish")
    s = uow.session
    issue = s.get(Issue, issue_id)
    if issue is None or issue.status != "published":
        raise IssueError("只有已发布的期次才登记勘误")
    if not s.scalar(
        select(IssueItem.id).where(
            IssueItem.issue_id == issue_id, IssueItem.document_id == document_id
        )
    ):
        raise IssueError("该文件不在这一期中")
    if not wrong.strip() or not right.strip() or wrong == right:
        raise IssueError("勘误必须写明错误内容和更正内容，且二者不同")
    e = Erratum(
        issue_id=issue_id,
        document_id=document_id,
        location=location,
        wrong=wrong,
        right=right,
        recorded_by=uow.user,
    )
    s.add(e)
    s.flush()
    return e.id


def print_in(uow: UnitOfWork, erratum_id: int, notice_issue_id: int) -> None:
    """Print the erratum notice in a later issue that is still being planned."""
    require(uow, "issues.write")
    s = uow.session
    e = s.get(Erratum, erratum_id)
    target = s.get(Issue, notice_issue_id)
    if e is None or target is None:
        raise IssueError("找不到勘误或期次")
    source = s.get(Issue, e.issue_id)
    assert source is not None
    if (target.year, target.number) <= (source.year, source.number):
        raise IssueError("勘误只能刊登在出错那一期之后的期次上")
    if target.status in FROZEN:
        raise IssueError("目标期次已定稿，不能再加入勘误")
    e.notice_issue_id = notice_issue_id


def rerelease(
    ctx: AppContext, issue_id: int, out_dir: Path | str, reporter: Reporter | None = None
) -> BuildResult:
    """A new e-edition version of a published issue carrying its errata; older versions stay."""
    with ctx.uow() as uow:
        require(uow, "issues.publish")
        errata = uow.session.scalars(select(Erratum).where(Erratum.issue_id == issue_id)).all()
        if not errata:
            raise IssueError("本期没有登记勘误，无需重新发布")
    result = render_issue(
        ctx, issue_id, out_dir, reporter, edition="web", check_rules=False, errata_of_issue=True
    )
    from gazette.db.models import BuiltFile

    with ctx.uow() as uow:
        version = uow.session.scalar(
            select(BuiltFile.version)
            .where(BuiltFile.issue_id == issue_id, BuiltFile.kind == "web")
            .order_by(BuiltFile.version.desc())
            .limit(1)
        )
        for e in uow.session.scalars(select(Erratum).where(Erratum.issue_id == issue_id)):
            e.rereleased_version = version
        uow.commit()
    return result


def errata_of(uow: UnitOfWork, issue_id: int) -> list[ErratumRow]:
    q = (
        select(
            Erratum.id,
            Erratum.document_id,
            Erratum.location,
            Erratum.wrong,
            Erratum.right,
            Erratum.notice_issue_id,
            Erratum.rereleased_version,
        )
        .where(Erratum.issue_id == issue_id)
        .order_by(Erratum.id)
    )
    return [ErratumRow(*r) for r in uow.session.execute(q)]
