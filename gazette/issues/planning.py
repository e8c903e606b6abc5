"""Issue planning: numbering, sections, items in order, status, and the rules checked before a build.

Status runs planning → proof → final → published, each move with its precondition (the named
actions in ``issue_workflow`` say what each does). A final or published issue is frozen: its
items can no longer change (corrections after publication go through errata).

Placing a document, renaming a section or renumbering an issue re-indexes the documents
concerned when the unit of work commits (``gazette.search.hooks``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from gazette.db.audit import annotate
from gazette.db.models import (
    BuiltFile,
    Document,
    Issue,
    IssueItem,
    ProofRound,
    Section,
    SectionOff,
)
from gazette.db.uow import UnitOfWork
from gazette.distribution import issue as distribution
from gazette.issues.rules import Problem, check_plan
from gazette.office.auth import mutating, require
from gazette.office.conflicts import check_version, flush_guarded
from gazette.vocab import ISSUE_STATUSES, issue_label

STATUSES = ISSUE_STATUSES  # the words live in the one vocabulary
NEXT_STATUS = {"planning": "proof", "proof": "final", "final": "published"}
BACK_STATUS = {"proof": "planning", "final": "proof"}  # before publication only, with a reason
FROZEN = ("final", "published")
DEFAULT_SECTIONS = ("市政府文件", "市政府办公室文件", "部门文件", "人事任免", "政策解读")

__all__ = ["Problem", "check"]


class IssueError(ValueError):
    """A planning action that is not allowed; the message says why, in Chinese."""


@dataclass(frozen=True)
class Suggestion:
    year: int
    number: int
    serial: int
    published_on: dt.date


@dataclass(frozen=True)
class IssueRow:
    id: int
    year: int
    number: int
    serial: int | None
    published_on: dt.date | None
    status: str
    items: int
    version: int = 0  # what a status change saves against
    supplement: int = 0  # 增刊 n; 0 for a regular issue

    @property
    def label(self) -> str:
        return issue_label(self.year, self.number, self.supplement)


@dataclass(frozen=True)
class ItemRow:
    id: int
    document_id: int
    title: str
    doc_number: str | None
    kind: str
    disclosure: str | None
    position: int
    page_start: int | None = None
    validity: str = "有效"  # 有效 / 失效 / 废止
    version: int = 0  # what a reorder saves against


@dataclass
class SectionPlan:
    id: int
    name: str
    items: list[ItemRow] = field(default_factory=list)
    off: bool = False  # switched off for this issue: not printed, not checked for emptiness


@dataclass
class IssuePlan:
    issue: IssueRow
    sections: list[SectionPlan]

    def documents(self) -> list[int]:
        return [i.document_id for s in self.sections for i in s.items]


@mutating
def ensure_sections(uow: UnitOfWork) -> list[Section]:
    """The active sections in order; the default five are created on first use."""
    session = uow.session
    rows = session.scalars(select(Section).order_by(Section.position, Section.id)).all()
    if not rows:
        for pos, name in enumerate(DEFAULT_SECTIONS):
            session.add(Section(name=name, position=pos))
        session.flush()
        rows = session.scalars(select(Section).order_by(Section.position, Section.id)).all()
    return [s for s in rows if s.active]


def _add_months(day: dt.date, months: int) -> dt.date:
    m = day.month - 1 + months
    year, month = day.year + m // 12, m % 12 + 1
    for d in (day.day, 28):
        try:
            return dt.date(year, month, d)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def suggest_next(
    uow: UnitOfWork, frequency: str = "monthly", today: dt.date | None = None
) -> Suggestion:
    """The next issue's year, number, serial and date, from the latest issue and the frequency."""
    session = uow.session
    last = session.execute(
        select(Issue.year, Issue.number, Issue.serial, Issue.published_on)
        .where(Issue.supplement == 0)
        .order_by(Issue.serial.desc().nulls_last(), Issue.year.desc(), Issue.number.desc())
        .limit(1)
    ).first()
    today = today or dt.date.today()
    if last is None:
        return Suggestion(today.year, 1, 1, today)
    year, number, serial, published = last
    base = published or dt.date(year, 1, 1)
    if frequency == "weekly":
        date = base + dt.timedelta(days=7)
    elif frequency == "semimonthly":
        date = base.replace(day=15) if base.day < 15 else _add_months(base.replace(day=1), 1)
    else:
        date = _add_months(base, 1)
    same_year = date.year == year
    return Suggestion(date.year, number + 1 if same_year else 1, (serial or 0) + 1, date)


@mutating
def create_issue(
    uow: UnitOfWork, year: int, number: int, serial: int | None, published_on: dt.date | None
) -> int:
    require(uow, "issues.write")
    s = uow.session
    clash = s.scalar(
        select(Issue.id).where(Issue.year == year, Issue.number == number, Issue.supplement == 0)
    )
    if clash:
        raise IssueError(f"{issue_label(year, number)}已经存在")
    if serial is not None and s.scalar(select(Issue.id).where(Issue.serial == serial)):
        raise IssueError(f"总第{serial}期已经被另一期使用")
    issue = Issue(year=year, number=number, serial=serial, published_on=published_on)
    s.add(issue)
    ensure_sections(uow)
    s.flush()
    return issue.id


def _issue(session: Session, issue_id: int, *, editable: bool = True) -> Issue:
    issue = session.get(Issue, issue_id)
    if issue is None:
        raise IssueError(f"找不到期次（id={issue_id}）")
    if editable and issue.status in FROZEN:
        raise IssueError(
            f"{issue_label(issue.year, issue.number, issue.supplement)}已{STATUSES[issue.status]}，内容已冻结，不能再修改"
        )
    return issue


@mutating
def add_item(uow: UnitOfWork, issue_id: int, document_id: int, section_id: int) -> int:
    """Place a document at the end of a section; a document appears once per issue."""
    require(uow, "issues.write")
    s = uow.session
    issue = _issue(s, issue_id)
    if s.get(Document, document_id) is None:
        raise IssueError(f"找不到文件（id={document_id}）")
    if s.scalar(
        select(IssueItem.id).where(
            IssueItem.issue_id == issue_id, IssueItem.document_id == document_id
        )
    ):
        raise IssueError("该文件已在本期中，同一文件不能刊登两次")
    pos = s.scalar(
        select(func.coalesce(func.max(IssueItem.position), -1)).where(
            IssueItem.issue_id == issue_id, IssueItem.section_id == section_id
        )
    )
    item = IssueItem(
        issue=issue,
        document_id=document_id,
        section_id=section_id,
        position=int(pos or 0) + 1 if pos is not None else 0,
    )
    s.add(item)
    s.flush()
    return item.id


@mutating
def remove_item(uow: UnitOfWork, item_id: int) -> None:
    require(uow, "issues.write")
    item = uow.session.get(IssueItem, item_id)
    if item is None:
        raise IssueError(f"找不到编排条目（id={item_id}）")
    _issue(uow.session, item.issue_id)
    uow.session.delete(item)


@mutating
def reorder(
    uow: UnitOfWork,
    issue_id: int,
    section_id: int,
    item_ids: list[int],
    *,
    expected_versions: Mapping[int, int] | None = None,
) -> None:
    """Put ``item_ids`` into ``section_id`` in this order (drag and drop ends here).

    ``expected_versions`` maps item id to the version the screen showed: an item someone else
    moved meanwhile raises ConflictError instead of being silently moved back.
    """
    require(uow, "issues.write")
    s = uow.session
    _issue(s, issue_id)
    items = []
    for item_id in item_ids:
        item = s.get(IssueItem, item_id)
        if item is None or item.issue_id != issue_id:
            raise IssueError(f"编排条目（id={item_id}）不属于本期")
        if expected_versions is not None and item_id in expected_versions:
            check_version(s, item, expected_versions[item_id])
        items.append(item)
    for pos, item in enumerate(items):
        item.section_id, item.position = section_id, pos
    for item in items:
        flush_guarded(s, item)


@mutating
def set_status(
    uow: UnitOfWork,
    issue_id: int,
    status: str,
    *,
    reason: str = "",
    ad_words: list[str] | None = None,
    expected_version: int | None = None,
) -> None:
    """The one place an issue's status changes; each move checks its precondition.

    Forward: 校样 needs a proof round; 定稿 the last round signed off and a clean rule check;
    已发布 a built print edition and e-edition. Back (before publication only) needs a reason,
    and 定稿 → 校样 is for the person who signed. ``expected_version`` is the issue version the
    screen showed: a status someone else changed meanwhile raises ConflictError naming them.
    """
    require(uow, "issues.write")  # before looking at anything
    if status not in STATUSES:
        raise IssueError(f"未知的期次状态：{status}")
    s = uow.session
    issue = _issue(s, issue_id, editable=False)
    if expected_version is not None:
        check_version(s, issue, expected_version)
    name, current = issue_label(issue.year, issue.number, issue.supplement), issue.status
    if current == "published":
        raise IssueError(f"{name}已发布，内容已冻结，只能通过勘误更正")
    if status == NEXT_STATUS.get(current):
        _check_forward(uow, issue, status, ad_words)
    elif status == BACK_STATUS.get(current):
        _check_back(uow, issue, reason)
    else:
        raise IssueError(f"期次不能从“{STATUSES[current]}”改为“{STATUSES[status]}”")
    issue.status = status
    if reason.strip():
        annotate(s, issue, reason=reason.strip())
    flush_guarded(s, issue)
    distribution.on_status(s, issue.id, current, status)  # 定稿 freezes who gets the issue


def last_round(uow: UnitOfWork, issue_id: int) -> ProofRound | None:
    session = uow.session
    return session.scalars(
        select(ProofRound).where(ProofRound.issue_id == issue_id).order_by(ProofRound.round.desc())
    ).first()


def _check_forward(uow: UnitOfWork, issue: Issue, status: str, ad_words: list[str] | None) -> None:
    s = uow.session
    name = issue_label(issue.year, issue.number, issue.supplement)
    last = last_round(uow, issue.id)
    if status == "proof" and last is None:
        raise IssueError(f"{name}还没有校样：请先出校样")
    if status == "final":
        require(uow, "issues.publish")
        if last is None:
            raise IssueError(f"{name}至少要有一轮校样并经审签，才能定稿")
        if not last.signed_by:
            raise IssueError(f"{name}第{last.round}校尚未审签，审签后才能定稿")
        problems = check(uow, issue.id, ad_words)
        if problems:
            raise IssueError("规则检查未通过，不能定稿：" + "；".join(p.message for p in problems))
    if status == "published":
        require(uow, "issues.publish")
        kinds = set(s.scalars(select(BuiltFile.kind).where(BuiltFile.issue_id == issue.id)))
        missing = [
            label for kind, label in (("print", "印刷版"), ("web", "电子版")) if kind not in kinds
        ]
        if missing:
            raise IssueError(f"{name}还没有生成{'和'.join(missing)}，生成后才能发布")


def _check_back(uow: UnitOfWork, issue: Issue, reason: str) -> None:
    name = issue_label(issue.year, issue.number, issue.supplement)
    if not reason.strip():
        raise IssueError(f"请写明{name}退回“{STATUSES[BACK_STATUS[issue.status]]}”的原因")
    if issue.status == "final":
        require(uow, "issues.publish")
        last = last_round(uow, issue.id)
        signer = last.signed_by if last is not None else None
        if signer and signer != uow.user:
            raise IssueError(f"{name}由{signer}审签定稿，只有{signer}可以退回校样")


def list_issues(uow: UnitOfWork, year: int | None = None) -> list[IssueRow]:
    session = uow.session
    counts = (
        select(IssueItem.issue_id, func.count().label("n")).group_by(IssueItem.issue_id).subquery()
    )
    q = (
        select(
            Issue.id,
            Issue.year,
            Issue.number,
            Issue.serial,
            Issue.published_on,
            Issue.status,
            func.coalesce(counts.c.n, 0),
            Issue.version,
            Issue.supplement,
        )
        .outerjoin(counts, counts.c.issue_id == Issue.id)
        .where(Issue.historical.is_(False))
        .order_by(Issue.year, Issue.number, Issue.supplement)
    )
    if year is not None:
        q = q.where(Issue.year == year)
    return [IssueRow(*row) for row in session.execute(q)]


def find_issue(uow: UnitOfWork, year: int, number: int) -> int:
    session = uow.session
    found = session.scalar(
        select(Issue.id).where(Issue.year == year, Issue.number == number, Issue.supplement == 0)
    )
    if found is None:
        raise IssueError(f"没有{issue_label(year, number)}")
    return int(found)


def plan(uow: UnitOfWork, issue_id: int) -> IssuePlan:
    """The issue with its sections (in order, every active one) and their items (in order)."""
    session = uow.session
    issue = _issue(session, issue_id, editable=False)
    row = next(r for r in list_issues(uow, issue.year) if r.id == issue_id)
    off = switched_off(uow, issue_id)
    sections = {s.id: SectionPlan(s.id, s.name, off=s.id in off) for s in ensure_sections(uow)}
    q = (
        select(
            IssueItem.id,
            IssueItem.section_id,
            Document.id.label("document_id"),
            Document.title,
            Document.doc_number,
            Document.kind,
            Document.disclosure,
            IssueItem.position,
            IssueItem.page_start,
            Document.validity,
            IssueItem.version,
        )
        .join(Document, Document.id == IssueItem.document_id)
        .where(IssueItem.issue_id == issue_id)
        .order_by(IssueItem.position, IssueItem.id)
    )
    for r in session.execute(q):
        target = sections.get(r.section_id) if r.section_id is not None else None
        if target is None:  # an item in an inactive or missing section still shows
            target = sections.setdefault(-1, SectionPlan(-1, "未分栏目"))
        target.items.append(
            ItemRow(
                id=r.id,
                document_id=r.document_id,
                title=r.title,
                doc_number=r.doc_number,
                kind=r.kind,
                disclosure=r.disclosure,
                position=r.position,
                page_start=r.page_start,
                validity=r.validity,
                version=r.version,
            )
        )
    return IssuePlan(row, list(sections.values()))


def find_section(uow: UnitOfWork, name: str) -> int:
    """The id of an active 栏目 by its name, or an error listing the names there are."""
    sections = ensure_sections(uow)
    for s in sections:
        if s.name == name.strip():
            return s.id
    names = "、".join(s.name for s in sections)
    raise IssueError(f"栏目“{name}”不存在，现有栏目：{names}")


def switched_off(uow: UnitOfWork, issue_id: int) -> set[int]:
    """The ids of the 栏目 switched off for this issue."""
    session = uow.session
    rows = session.scalars(select(SectionOff.section_id).where(SectionOff.issue_id == issue_id))
    return set(rows)


@mutating
def switch_section(uow: UnitOfWork, issue_id: int, section_id: int, on: bool) -> None:
    """Switch a 栏目 off for one issue (or on again); one with documents cannot go off."""
    require(uow, "issues.write")
    s = uow.session
    _issue(s, issue_id)
    section = s.get(Section, section_id)
    if section is None:
        raise IssueError(f"找不到栏目（id={section_id}）")
    row = s.scalar(
        select(SectionOff).where(
            SectionOff.issue_id == issue_id, SectionOff.section_id == section_id
        )
    )
    if on:
        if row is not None:
            s.delete(row)
        return
    used = s.scalar(
        select(func.count()).where(
            IssueItem.issue_id == issue_id, IssueItem.section_id == section_id
        )
    )
    if used:
        raise IssueError(f"栏目“{section.name}”中还有 {used} 份文件，请先移出再停用")
    if row is None:
        s.add(SectionOff(issue_id=issue_id, section_id=section_id, by=uow.user))
    s.flush()


def check(uow: UnitOfWork, issue_id: int, ad_words: list[str] | None = None) -> list[Problem]:
    """Every rule broken by the issue, each with its reason (empty: ready to build)."""
    session = uow.session
    from gazette.issues.rules import ad_overrides, document_texts, load_ad_words

    issue_plan = plan(uow, issue_id)
    words = ad_words if ad_words is not None else load_ad_words(session)
    dup_ids = (
        session.execute(
            select(IssueItem.document_id)
            .where(IssueItem.issue_id == issue_id)
            .group_by(IssueItem.document_id)
            .having(func.count() > 1)
        )
        .scalars()
        .all()
    )
    return check_plan(
        issue_plan,
        texts=document_texts(session, issue_plan.documents()),
        ad_words=words,
        overrides=ad_overrides(session, issue_id),
        duplicates=list(dup_ids),
    )
