"""Each issue's distribution: computed from the list as it stands, frozen at 定稿.

印数 = the copies to every recipient + the reserve (留存, 档案, a setting). It is computed when
the issue reaches 定稿 and printed in that issue's colophon; the editor may override it with a
recorded reason. Before 定稿 the numbers are a live preview of the list.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from gazette.db.base import utcnow
from gazette.db.models import DistributionLine, Issue, IssueDistribution, Recipient, Setting
from gazette.distribution.recipients import issue_key, mailing
from gazette.office.auth import mutating, require
from gazette.office.conflicts import check_version, flush_guarded
from gazette.vocab import RECEIPT_STATUSES, issue_label

RESERVE_KEY = "distribution.reserve"
DEFAULT_RESERVE = 30  # 留存 and 档案 copies when the office has set nothing
STATUSES = RECEIPT_STATUSES
RETURN_REASONS = ("地址不详", "单位撤并", "拒收", "其他")


class DistributionError(ValueError):
    """A distribution step that cannot be done; the message says why, in Chinese."""


@dataclass(frozen=True)
class Line:
    recipient_id: int
    name: str
    category: str
    address: str
    postcode: str
    contact: str
    phone: str
    method: str
    copies: int
    status: str = "pending"
    reason: str = ""
    line_id: int | None = None
    version: int = 0

    @property
    def status_text(self) -> str:
        return STATUSES.get(self.status, self.status)


@dataclass(frozen=True)
class IssueDistributionView:
    issue_id: int
    label: str  # 2026年第3期
    issue_status: str
    frozen: bool
    lines: list[Line]
    recipient_copies: int
    reserve: int
    print_run: int
    override_reason: str = ""

    def counts(self) -> Counter[str]:
        return Counter(line.status for line in self.lines)


def reserve(session: Session) -> int:
    row = session.get(Setting, RESERVE_KEY)
    return int(row.value) if row is not None and row.value is not None else DEFAULT_RESERVE


@mutating
def save_reserve(session: Session, copies: int) -> None:
    """留存 and 档案 copies added to every issue's 印数 from its next 定稿 on."""
    require(session, "distribution.write")
    if not 0 <= int(copies) <= 10_000:
        raise DistributionError(f"留存份数应在 0 到 10000 之间，而不是 {copies}")
    row = session.get(Setting, RESERVE_KEY)
    if row is None:
        session.add(Setting(key=RESERVE_KEY, value=int(copies)))
    else:
        row.value = int(copies)


def _issue(session: Session, issue_id: int) -> Issue:
    issue = session.get(Issue, issue_id)
    if issue is None:
        raise DistributionError(f"找不到期次（id={issue_id}）")
    return issue


def live_lines(session: Session, issue: Issue) -> list[Line]:
    """The recipients the list gives this issue now: active and within their 起止."""
    key = issue_key(issue.year, issue.number)
    q = select(Recipient).where(Recipient.active.is_(True)).order_by(Recipient.id)
    out = []
    for r in session.scalars(q):
        if (r.from_issue and key < r.from_issue) or (r.to_issue and key > r.to_issue):
            continue
        out.append(Line(r.id, **mailing(r)))
    return out


def _frozen_lines(session: Session, issue_id: int) -> list[Line]:
    q = (
        select(DistributionLine)
        .where(DistributionLine.issue_id == issue_id)
        .order_by(DistributionLine.id)
    )
    return [
        Line(
            d.recipient_id,
            **mailing(d),
            status=d.status,
            reason=d.reason,
            line_id=d.id,
            version=d.version,
        )
        for d in session.scalars(q)
    ]


def _frozen(session: Session, issue_id: int) -> IssueDistribution | None:
    return session.scalars(
        select(IssueDistribution).where(IssueDistribution.issue_id == issue_id)
    ).first()


def view(session: Session, issue_id: int) -> IssueDistributionView:
    """The issue's distribution: the frozen one once 定稿, else a preview of the list."""
    issue = _issue(session, issue_id)
    label = issue_label(issue.year, issue.number, issue.supplement)
    frozen = _frozen(session, issue_id)
    if frozen is not None:
        lines = _frozen_lines(session, issue_id)
        return IssueDistributionView(
            issue_id,
            label,
            issue.status,
            True,
            lines,
            frozen.recipient_copies,
            frozen.reserve,
            frozen.print_run,
            frozen.override_reason,
        )
    lines = live_lines(session, issue)
    copies, spare = sum(line.copies for line in lines), reserve(session)
    return IssueDistributionView(
        issue_id, label, issue.status, False, lines, copies, spare, copies + spare
    )


@mutating
def on_status(session: Session, issue_id: int, old: str, new: str) -> None:
    """Called by the one place an issue's status changes: 定稿 freezes, 退回校样 thaws."""
    require(session, "issues.write")
    if new == "final" and _frozen(session, issue_id) is None:
        freeze(session, issue_id)
    elif old == "final" and new == "proof":
        session.execute(delete(DistributionLine).where(DistributionLine.issue_id == issue_id))
        session.execute(delete(IssueDistribution).where(IssueDistribution.issue_id == issue_id))


@mutating
def freeze(session: Session, issue_id: int) -> IssueDistributionView:
    """Copy the list as it stands into the issue, with its 印数; an empty list freezes nothing
    (the office does not use the distribution yet, the colophon's 印数 setting stays)."""
    require(session, "issues.write")
    issue = _issue(session, issue_id)
    if _frozen(session, issue_id) is not None:
        raise DistributionError(
            f"{issue_label(issue.year, issue.number, issue.supplement)}的发行已冻结"
        )
    lines = live_lines(session, issue)
    if not lines:
        return view(session, issue_id)
    copies, spare = sum(line.copies for line in lines), reserve(session)
    for line in lines:
        session.add(
            DistributionLine(
                issue_id=issue_id,
                recipient_id=line.recipient_id,
                **mailing(line),
            )
        )
    by = str(session.info.get("user", ""))
    session.add(
        IssueDistribution(
            issue_id=issue_id,
            recipient_copies=copies,
            reserve=spare,
            print_run=copies + spare,
            frozen_by=by,
        )
    )
    session.flush()
    return view(session, issue_id)


def override_print_run(session: Session, issue_id: int, print_run: int, reason: str) -> None:
    """The editor prints a different 印数 than list + reserve; the reason goes on record."""
    require(session, "distribution.write")
    frozen = _frozen(session, issue_id)
    if frozen is None:
        raise DistributionError("本期发行尚未冻结（定稿时冻结），不能修改印数")
    if not reason.strip():
        raise DistributionError("修改印数须写明原因")
    if print_run < frozen.recipient_copies:
        raise DistributionError(f"印数 {print_run} 少于赠阅份数 {frozen.recipient_copies}")
    frozen.print_run, frozen.override_reason = int(print_run), reason.strip()
    flush_guarded(session, frozen)


def mark(
    session: Session,
    issue_id: int,
    recipient_id: int,
    status: str,
    reason: str = "",
    *,
    expected_version: int | None = None,
) -> None:
    """签收 / 退回 (with a reason) / back to 未确认; a returned copy flags its recipient."""
    require(session, "distribution.write")
    if status not in STATUSES:
        raise DistributionError(f"未知的签收状态：{status}")
    if status == "returned" and not reason.strip():
        raise DistributionError(f"退回须写明原因（如 {'、'.join(RETURN_REASONS[:2])}）")
    line = session.scalars(
        select(DistributionLine).where(
            DistributionLine.issue_id == issue_id, DistributionLine.recipient_id == recipient_id
        )
    ).first()
    if line is None:
        raise DistributionError("本期的发行清单中没有这个发行对象（发行在定稿时冻结）")
    if expected_version is not None:
        check_version(session, line, expected_version)
    line.status, line.reason = status, reason.strip() if status == "returned" else ""
    line.marked_by, line.marked_at = str(session.info.get("user", "")), utcnow()
    flush_guarded(session, line)
    if status == "returned":
        rec = session.get(Recipient, recipient_id)
        if rec is not None and not rec.needs_review:
            rec.needs_review = True
            flush_guarded(session, rec)


def print_run_text(session: Session, issue_id: int) -> str | None:
    """The colophon's 印数 for this issue (“1234册”), or None when nothing is frozen or listed."""
    frozen = _frozen(session, issue_id)
    if frozen is not None:
        return f"{frozen.print_run}册"
    shown = view(session, issue_id)
    return f"{shown.print_run}册" if shown.lines else None


@dataclass(frozen=True)
class IssueStatusRow:
    issue_id: int
    label: str
    issue_status: str
    frozen: bool
    recipients: int
    print_run: int
    received: int
    returned: int
    pending: int


def overview(session: Session, year: int | None = None) -> list[IssueStatusRow]:
    """Every issue's distribution at a glance, newest first; the historical backlog (issues
    printed before this office kept its list here) has none and is left out."""
    q = (
        select(Issue)
        .where(Issue.supplement == 0, Issue.historical.is_(False))
        .order_by(Issue.year.desc(), Issue.number.desc())
    )
    if year is not None:
        q = q.where(Issue.year == year)
    out = []
    for issue in session.scalars(q):
        v = view(session, issue.id)
        c = v.counts()
        out.append(
            IssueStatusRow(
                issue.id,
                v.label,
                issue.status,
                v.frozen,
                len(v.lines),
                v.print_run,
                c["received"],
                c["returned"],
                c["pending"],
            )
        )
    return out


def recipient_history(session: Session, recipient_id: int) -> list[tuple[str, int, str, str]]:
    """(issue, copies, status, reason) of every frozen issue that included the recipient."""
    q = (
        select(DistributionLine, Issue)
        .join(Issue, Issue.id == DistributionLine.issue_id)
        .where(DistributionLine.recipient_id == recipient_id)
        .order_by(Issue.year.desc(), Issue.number.desc())
    )
    return [
        (
            issue_label(i.year, i.number, i.supplement),
            d.copies,
            STATUSES.get(d.status, d.status),
            d.reason,
        )
        for d, i in session.execute(q).all()
    ]
