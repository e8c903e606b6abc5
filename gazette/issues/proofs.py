"""Proof rounds (校样): watermarked proof PDFs, the 审签 sign-off, and source-vs-typeset diffs."""

from __future__ import annotations

import datetime as dt
import difflib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import func, select

from gazette.db.audit import annotate
from gazette.db.base import utcnow
from gazette.db.models import AuditEntry, Issue, ProofRound
from gazette.db.uow import UnitOfWork
from gazette.issues.planning import FROZEN, IssueError, set_status
from gazette.issues.render import BuildResult, BuiltPdf, render_issue
from gazette.layout.textcheck import squash
from gazette.office import settings
from gazette.office.auth import mutating, require
from gazette.pdf.verify import pages_pypdf
from gazette.progress import Reporter

if TYPE_CHECKING:
    from gazette.context import AppContext


@dataclass(frozen=True)
class RoundRow:
    id: int
    round: int
    pages: int
    built_at: dt.datetime
    signed_by: str | None
    signed_at: dt.datetime | None
    note: str


@mutating
def new_round(
    ctx: AppContext, issue_id: int, out_dir: Path | str, reporter: Reporter | None = None
) -> tuple[int, BuiltPdf]:
    """Typeset the next proof round (校样 watermark + round number) and record it."""
    number, pdf, _result = _proof(ctx, issue_id, out_dir, reporter)
    return number, pdf


def _proof(
    ctx: AppContext, issue_id: int, out_dir: Path | str, reporter: Reporter | None
) -> tuple[int, BuiltPdf, BuildResult]:
    with ctx.uow() as uow:
        require(uow, "issues.write")
        issue = uow.session.get(Issue, issue_id)
        if issue is None:
            raise IssueError(f"找不到期次（id={issue_id}）")
        if issue.status in FROZEN:
            raise IssueError("已定稿的期次不再出校样")
        number = (
            int(
                uow.session.scalar(
                    select(func.coalesce(func.max(ProofRound.round), 0)).where(
                        ProofRound.issue_id == issue_id
                    )
                )
                or 0
            )
            + 1
        )
    result = render_issue(ctx, issue_id, out_dir, reporter, proof_round=number)
    (pdf,) = result.of("proof")
    with ctx.uow() as uow:
        issue = uow.session.get(Issue, issue_id)
        assert issue is not None
        uow.session.add(
            ProofRound(issue_id=issue_id, round=number, sha256=pdf.sha256, pages=pdf.pages)
        )
        uow.session.flush()
        if issue.status == "planning":
            set_status(uow, issue_id, "proof")
        uow.commit()
    return number, pdf, result


@dataclass
class ProofCheck:
    """A proof round's PDF with, per document, where its typeset text departs from the source."""

    round: int
    pdf: BuiltPdf
    diffs: dict[str, list[Change]]  # document label -> changes (empty list: faithful)


@mutating
def proof_with_diff(
    ctx: AppContext, issue_id: int, out_dir: Path | str, reporter: Reporter | None = None
) -> ProofCheck:
    """A new proof round plus the source-vs-typeset diff of every document in it."""
    from gazette.issues.render import style_sheet
    from gazette.pdf.assemble import plan_pages
    from gazette.pdf.verify import strip_furniture

    number, pdf, result = _proof(ctx, issue_id, out_dir, reporter)
    assert result.typeset is not None
    layout = plan_pages(result.typeset, style_sheet(ctx).page.pad_multiple)
    pages = pages_pypdf(pdf.path)
    mark = f"校样　第{number}校"
    diffs: dict[str, list[Change]] = {}
    for d in result.typeset.docs:
        furniture = result.furniture(d.id)
        got = ""
        for k, p in enumerate(range(d.first, d.last + 1)):
            text = squash(pages[layout.body_index(p)]).replace(squash(mark), "")
            got += strip_furniture(text, furniture[k])
        diffs[d.number or d.title] = text_diff(result.texts[d.id], got)
    return ProofCheck(number, pdf, diffs)


def maker(uow: UnitOfWork, round_id: int) -> str | None:
    """Who made a proof round: the audit trail's record of its creation."""
    return uow.session.scalar(
        select(AuditEntry.actor).where(
            AuditEntry.table_name == ProofRound.__tablename__,
            AuditEntry.record_id == str(round_id),
            AuditEntry.action == "create",
        )
    )


@mutating
def sign_off(uow: UnitOfWork, issue_id: int, round_no: int, note: str = "") -> None:
    """审签: a person with the right to sign approves the latest proof round; not its maker,
    unless Settings allow it (a one-person office), which the trail then records."""
    require(uow, "issues.publish")
    s = uow.session
    row = s.scalar(
        select(ProofRound).where(ProofRound.issue_id == issue_id, ProofRound.round == round_no)
    )
    if row is None:
        raise IssueError(f"本期没有第{round_no}校")
    if row.signed_by:
        raise IssueError(f"第{round_no}校已由{row.signed_by}审签")
    issue = s.get(Issue, issue_id)
    assert issue is not None
    if issue.status != "proof":
        raise IssueError("只有处于“校样”状态的期次才能审签")
    newest = s.scalar(select(func.max(ProofRound.round)).where(ProofRound.issue_id == issue_id))
    if newest != round_no:
        raise IssueError(f"只能审签最新的一轮校样（第{newest}校）")
    made_by = maker(uow, row.id)
    own = made_by is not None and made_by == uow.user
    if own and not settings.value(s, "sign_own_proof"):
        raise IssueError(
            f"第{round_no}校由{made_by}制作，须由另一位有审签权限的人审签"
            "（单人编辑部可在“设置 → 公报 → 允许本人审签”中开启）"
        )
    row.signed_by, row.signed_at, row.note = uow.user, utcnow(), note
    if own:
        annotate(s, row, same_person="制作者本人审签（设置允许单人编辑部本人审签）")


def rounds(uow: UnitOfWork, issue_id: int) -> list[RoundRow]:
    q = (
        select(
            ProofRound.id,
            ProofRound.round,
            ProofRound.pages,
            ProofRound.built_at,
            ProofRound.signed_by,
            ProofRound.signed_at,
            ProofRound.note,
        )
        .where(ProofRound.issue_id == issue_id)
        .order_by(ProofRound.round)
    )
    return [RoundRow(*r) for r in uow.session.execute(q)]


@dataclass(frozen=True)
class Change:
    op: str  # replace / delete / insert
    source: str
    typeset: str
    context: str


def text_diff(source: str, typeset: str, context: int = 8) -> list[Change]:
    """Where the typeset text differs from the source, white space aside."""
    a, b = squash(source), squash(typeset)
    out = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op != "equal":
            out.append(Change(op, a[i1:i2], b[j1:j2], a[max(0, i1 - context) : i2 + context]))
    return out


def typeset_text(pdf: Path, furniture_pages: list[list[str]] | None = None) -> str:
    """The text a proof PDF gives back (pypdf), for the diff view."""
    from gazette.pdf.verify import strip_furniture

    pages = pages_pypdf(pdf)
    if furniture_pages is None:
        return "".join(squash(p) for p in pages)
    return "".join(strip_furniture(p, f) for p, f in zip(pages, furniture_pages, strict=False))
