"""Errata (勘误): recorded after publication, printed as a notice in a later issue, and the
e-edition re-released as a new version that notes the change (the old version is kept)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import aliased

from gazette.db.models import BuiltFile, Document, Erratum, Issue, IssueItem
from gazette.db.uow import UnitOfWork
from gazette.files.atomic import atomic_write_bytes
from gazette.issues.planning import FROZEN, STATUSES, IssueError
from gazette.issues.render import BuildResult, render_issue
from gazette.office.auth import mutating, require
from gazette.progress import Reporter
from gazette.vocab import issue_label

if TYPE_CHECKING:
    from gazette.context import AppContext

LOCATION_MAX = 128  # the column's width: 第5页第3段, 第二条第（三）项


@dataclass(frozen=True)
class ErratumRow:
    id: int
    document_id: int
    location: str
    wrong: str
    right: str
    notice_issue_id: int | None
    rereleased_version: int | None
    reason: str = ""
    title: str = ""
    doc_number: str | None = None
    recorded_by: str = ""
    recorded_at: dt.datetime | None = None
    notice_label: str = ""  # 2026年第3期: the later issue that prints the notice


@dataclass(frozen=True)
class VersionRow:
    """One e-edition version of an issue; the newest carries the errata re-released so far."""

    id: int
    version: int
    name: str
    sha256: str
    pages: int
    built_at: dt.datetime
    built_by: str
    note: str


@mutating
def record(
    uow: UnitOfWork,
    issue_id: int,
    document_id: int,
    location: str,
    wrong: str,
    right: str,
    reason: str = "",
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
    location = location.strip()
    if not location:
        raise IssueError("请填写出错位置（如“第5页第3段”）")
    if len(location) > LOCATION_MAX:
        raise IssueError(f"出错位置太长（{len(location)}字），请控制在{LOCATION_MAX}字以内")
    if not wrong.strip() or not right.strip() or wrong == right:
        raise IssueError("勘误必须写明错误内容和更正内容，且二者不同")
    e = Erratum(
        issue_id=issue_id,
        document_id=document_id,
        location=location,
        wrong=wrong,
        right=right,
        reason=reason.strip(),
        recorded_by=uow.user,
    )
    s.add(e)
    s.flush()
    return e.id


@mutating
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
    current = s.get(Issue, e.notice_issue_id) if e.notice_issue_id else None
    if current is not None and current.id != target.id and current.status in FROZEN:
        # the notice is already in a fixed issue's pages: moving it would unprint it there
        raise IssueError(
            f"这条勘误已刊登在{issue_label(current.year, current.number, current.supplement)}"
            f"（{STATUSES[current.status]}），不能改到别的期次"
        )
    e.notice_issue_id = notice_issue_id


@mutating
def rerelease(
    ctx: AppContext, issue_id: int, out_dir: Path | str, reporter: Reporter | None = None
) -> BuildResult:
    """A new e-edition version of a published issue carrying its errata; older versions stay."""
    with ctx.uow() as uow:
        require(uow, "issues.publish")
        errata = uow.session.scalars(select(Erratum).where(Erratum.issue_id == issue_id)).all()
        if not errata:
            raise IssueError("本期没有登记勘误，无需重新发布")
        count = len(errata)
    result = render_issue(
        ctx, issue_id, out_dir, reporter, edition="web", check_rules=False, errata_of_issue=True
    )
    with ctx.uow() as uow:
        newest = uow.session.scalars(
            select(BuiltFile)
            .where(BuiltFile.issue_id == issue_id, BuiltFile.kind == "web")
            .order_by(BuiltFile.version.desc())
            .limit(1)
        ).first()
        assert newest is not None
        if not newest.note:
            newest.note = f"勘误版：含勘误{count}条"
        for e in uow.session.scalars(select(Erratum).where(Erratum.issue_id == issue_id)):
            e.rereleased_version = newest.version
        uow.commit()
    return result


def errata_of(uow: UnitOfWork, issue_id: int) -> list[ErratumRow]:
    notice = aliased(Issue)
    q = (
        select(
            Erratum.id,
            Erratum.document_id,
            Erratum.location,
            Erratum.wrong,
            Erratum.right,
            Erratum.notice_issue_id,
            Erratum.rereleased_version,
            Erratum.reason,
            Document.title,
            Document.doc_number,
            Erratum.recorded_by,
            Erratum.recorded_at,
            notice.year.label("notice_year"),
            notice.number.label("notice_number"),
            notice.supplement.label("notice_supplement"),
        )
        .join(Document, Document.id == Erratum.document_id)
        .outerjoin(notice, notice.id == Erratum.notice_issue_id)
        .where(Erratum.issue_id == issue_id)
        .order_by(Erratum.id)
    )
    return [
        ErratumRow(
            id=r.id,
            document_id=r.document_id,
            location=r.location,
            wrong=r.wrong,
            right=r.right,
            notice_issue_id=r.notice_issue_id,
            rereleased_version=r.rereleased_version,
            reason=r.reason,
            title=r.title,
            doc_number=r.doc_number,
            recorded_by=r.recorded_by,
            recorded_at=r.recorded_at,
            notice_label=(
                issue_label(r.notice_year, r.notice_number, r.notice_supplement)
                if r.notice_year
                else ""
            ),
        )
        for r in uow.session.execute(q)
    ]


def notice_targets(uow: UnitOfWork, issue_id: int) -> list[tuple[int, str]]:
    """Later issues still open for changes: where this issue's errata notices can be printed."""
    s = uow.session
    source = s.get(Issue, issue_id)
    if source is None:
        raise IssueError(f"找不到期次（id={issue_id}）")
    q = (
        select(Issue.id, Issue.year, Issue.number, Issue.supplement)
        .where(
            Issue.status.not_in(FROZEN),
            (Issue.year > source.year)
            | ((Issue.year == source.year) & (Issue.number > source.number)),
        )
        .order_by(Issue.year, Issue.number)
    )
    return [(i, issue_label(y, n, sup)) for i, y, n, sup in s.execute(q)]


def versions(uow: UnitOfWork, issue_id: int) -> list[VersionRow]:
    """Every e-edition version of the issue, oldest first; all of them stay in the file store."""
    q = (
        select(
            BuiltFile.id,
            BuiltFile.version,
            BuiltFile.name,
            BuiltFile.sha256,
            BuiltFile.pages,
            BuiltFile.built_at,
            BuiltFile.built_by,
            BuiltFile.note,
        )
        .where(
            BuiltFile.issue_id == issue_id,
            BuiltFile.kind == "web",
            BuiltFile.document_id.is_(None),
        )
        .order_by(BuiltFile.version)
    )
    return [VersionRow(*r) for r in uow.session.execute(q)]


def export_version(ctx: AppContext, version: VersionRow, out_dir: Path | str) -> Path:
    """Copy one stored version out under a name that says which version it is (to open it)."""
    data = ctx.filestore().open(version.sha256).read_bytes()
    stem = Path(version.name).stem
    path = Path(out_dir) / f"{stem}-第{version.version}版.pdf"
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_bytes(path, data)
    return path
