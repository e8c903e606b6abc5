"""The workflow of each historical issue: 待征集 → 已征集 → 已扫描 → 已识别 → 已校对 → 已编目 → 已发布.

Every change writes an ``ArchiveEvent`` (who, when, from, to, why), so the plan can replay history
and a send-back is explained. Actions take a selection of entry ids: batch is the normal case.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from archive.models import ArchiveEntry, ArchiveEvent
from archive.register import UNPUBLISHED, RegisterRow, rows
from gazette.db import UnitOfWork
from gazette.db.base import utcnow
from gazette.db.models import Issue
from gazette.office.auth import mutating, require
from gazette.office.conflicts import check_version, flush_guarded
from gazette.vocab import issue_label

STATES: tuple[tuple[str, str], ...] = (
    ("to_locate", "待征集"),
    ("located", "已征集"),
    ("scanned", "已扫描"),
    ("ocred", "已识别"),
    ("proofread", "已校对"),
    ("catalogued", "已编目"),
    ("published", "已发布"),
)
CODES = tuple(code for code, _ in STATES)
LABELS = dict(STATES)
STEPS = CODES[1:]  # the states an issue moves into: what the plan counts


class WorkflowError(ValueError):
    """An action that does not fit an entry's state; the message names the issue."""


def index(state: str) -> int:
    try:
        return CODES.index(state)
    except ValueError:
        raise WorkflowError(f"未知的状态“{state}”") from None


def state_code(text: str) -> str:
    """Accept a code (``scanned``) or its Chinese label (``已扫描``)."""
    if text in LABELS:
        return text
    for code, name in STATES:
        if name == text:
            return code
    raise WorkflowError(f"未知的状态“{text}”，可选：{'、'.join(LABELS.values())}")


def _entries(
    session: Session, entry_ids: list[int], seen: Mapping[int, int] | None = None
) -> list[ArchiveEntry]:
    """The entries, in the order given; ``seen`` (entry id → the version the register showed)
    refuses with ConflictError an entry someone else changed since."""
    if not entry_ids:
        raise WorkflowError("没有选中任何期次")
    found = list(session.scalars(select(ArchiveEntry).where(ArchiveEntry.id.in_(entry_ids))))
    missing = set(entry_ids) - {e.id for e in found}
    if missing:
        raise WorkflowError(f"登记簿中没有编号为 {sorted(missing)} 的条目")
    for entry in found:
        if seen is not None and entry.id in seen:
            check_version(session, entry, seen[entry.id])
    return sorted(found, key=lambda e: entry_ids.index(e.id))


def _name(session: Session, entry: ArchiveEntry) -> str:
    issue = session.get(Issue, entry.issue_id)
    return issue_label(issue.year, issue.number, issue.supplement) if issue else f"条目{entry.id}"


def _event(
    uow: UnitOfWork,
    entry: ArchiveEntry,
    kind: str,
    to_state: str,
    reason: str,
    at: dt.datetime,
) -> None:
    actor = str(uow.session.info.get("user", "system"))
    uow.session.add(
        ArchiveEvent(
            entry_id=entry.id,
            at=at,
            actor=actor,
            kind=kind,
            from_state=entry.state,
            to_state=to_state,
            reason=reason,
        )
    )
    if to_state != entry.state:
        entry.state = to_state
        entry.state_at = at
        entry.state_by = actor
        issue = uow.session.get(Issue, entry.issue_id)
        if issue is not None:
            issue.status = issue_status(to_state)


def issue_status(state: str) -> str:
    """The shared Issue's status for a backlog state: published only at 已发布, so the site and
    the annual volume, which read the Issue, never show an issue still being digitised."""
    return "published" if state == "published" else UNPUBLISHED


@mutating
def advance(
    uow: UnitOfWork,
    entry_ids: list[int],
    to_state: str | None = None,
    *,
    location: str | None = None,
    note: str = "",
    at: dt.datetime | None = None,
    expected_versions: Mapping[int, int] | None = None,
) -> int:
    """Move each entry forward one step, or step by step up to ``to_state``; returns steps made.

    Reaching 已征集 needs the original's location (given here or already recorded). Only an
    issue already at 已识别 may become 已校对: proofreading checks recognised text, so a jump
    from an earlier state would mark text as proofread that nobody recognised or read.
    """
    require(uow, "archive.write")
    when = at or utcnow()
    made = 0
    entries = _entries(uow.session, entry_ids, expected_versions)
    for entry in entries:
        target = index(to_state) if to_state else index(entry.state) + 1
        if target >= len(CODES):
            raise WorkflowError(f"{_name(uow.session, entry)} 已发布，没有下一步")
        if target <= index(entry.state):
            raise WorkflowError(
                f"{_name(uow.session, entry)} 已是“{LABELS[entry.state]}”，"
                f"不能前进到“{LABELS[CODES[target]]}”（退回请用“退回”）"
            )
        if entry.missing:
            raise WorkflowError(f"{_name(uow.session, entry)} 标记为缺期，找到原件后才能前进")
        if location:
            entry.location = location
        before = entry.state
        while index(entry.state) < target:
            nxt = CODES[index(entry.state) + 1]
            if nxt == "located" and not entry.location:
                raise WorkflowError(f"{_name(uow.session, entry)} 需要填写原件的馆藏位置")
            # 校对 is the proofreaders' step on recognised text; a jump past it registers work
            # already finished elsewhere (an issue digitised before the system, say)
            if nxt == "proofread" and CODES[target] == "proofread" and before != "ocred":
                raise WorkflowError(
                    f"{_name(uow.session, entry)} 当前为“{LABELS[before]}”，"
                    "识别完成（已识别）后才能校对"
                )
            _event(uow, entry, "advance", nxt, note, when)
            made += 1
    flush_guarded(uow.session, *entries)
    return made


@mutating
def send_back(
    uow: UnitOfWork,
    entry_ids: list[int],
    to_state: str,
    reason: str,
    *,
    at: dt.datetime | None = None,
    expected_versions: Mapping[int, int] | None = None,
) -> None:
    """Return entries to an earlier step; the reason is required (it is how corrections travel)."""
    require(uow, "archive.write")
    if not reason.strip():
        raise WorkflowError("退回必须填写原因")
    target = index(state_code(to_state))
    entries = _entries(uow.session, entry_ids, expected_versions)
    for entry in entries:
        if target >= index(entry.state):
            raise WorkflowError(
                f"{_name(uow.session, entry)} 当前是“{LABELS[entry.state]}”，只能退回到更早的步骤"
            )
        _event(uow, entry, "send_back", CODES[target], reason.strip(), at or utcnow())
    flush_guarded(uow.session, *entries)


@mutating
def assign(
    uow: UnitOfWork,
    entry_ids: list[int],
    person: str | None,
    *,
    expected_versions: Mapping[int, int] | None = None,
) -> None:
    """Give the selection to a person (None clears it)."""
    require(uow, "archive.write")
    entries = _entries(uow.session, entry_ids, expected_versions)
    for entry in entries:
        entry.assignee = person or None
        _event(uow, entry, "assign", entry.state, person or "（取消分配）", utcnow())
    flush_guarded(uow.session, *entries)


@mutating
def locate(
    uow: UnitOfWork,
    entry_ids: list[int],
    location: str,
    box: str = "",
    *,
    expected_versions: Mapping[int, int] | None = None,
) -> int:
    """A box of originals was found: record where, and move 待征集 entries to 已征集."""
    require(uow, "archive.write")
    if not location.strip():
        raise WorkflowError("请填写馆藏位置")
    moved = 0
    entries = _entries(uow.session, entry_ids, expected_versions)
    for entry in entries:
        entry.location = location.strip()
        if box:
            entry.box = box
        if entry.missing:
            entry.missing = False
        if entry.state == "to_locate":
            _event(uow, entry, "advance", "located", f"档案盒 {box}" if box else "", utcnow())
            moved += 1
    flush_guarded(uow.session, *entries)
    return moved


@mutating
def mark_missing(
    uow: UnitOfWork,
    entry_ids: list[int],
    searched_where: str,
    *,
    expected_versions: Mapping[int, int] | None = None,
) -> None:
    """Mark 缺期: not found anywhere, saying where it was searched for."""
    require(uow, "archive.write")
    if not searched_where.strip():
        raise WorkflowError("标记缺期须写明已在何处查找")
    entries = _entries(uow.session, entry_ids, expected_versions)
    for entry in entries:
        if entry.state != "to_locate":
            raise WorkflowError(f"{_name(uow.session, entry)} 已征集，不能标记为缺期")
        entry.missing = True
        entry.searched_where = searched_where.strip()
        _event(uow, entry, "missing", entry.state, searched_where.strip(), utcnow())
    flush_guarded(uow.session, *entries)


def queue(uow: UnitOfWork, person: str) -> list[RegisterRow]:
    """A person's work queue: their unpublished issues, earliest step first."""
    session = uow.session
    ids = list(
        session.scalars(
            select(ArchiveEntry.id).where(
                ArchiveEntry.assignee == person, ArchiveEntry.state != "published"
            )
        )
    )
    found = rows(uow, ids) if ids else []
    return sorted(found, key=lambda r: (index(r.state), r.year, r.number, r.supplement))


def people(uow: UnitOfWork) -> list[tuple[str, int]]:
    """Everyone with assigned, unpublished work, and how much."""
    session = uow.session
    stmt = (
        select(ArchiveEntry.assignee, func.count())
        .where(ArchiveEntry.assignee.is_not(None), ArchiveEntry.state != "published")
        .group_by(ArchiveEntry.assignee)
        .order_by(ArchiveEntry.assignee)
    )
    return [(str(p), int(n)) for p, n in session.execute(stmt)]


@dataclass(frozen=True)
class StateCount:
    code: str
    label: str
    count: int


def counts(uow: UnitOfWork) -> list[StateCount]:
    session = uow.session
    stmt = select(ArchiveEntry.state, func.count()).group_by(ArchiveEntry.state)
    found = {str(s): int(n) for s, n in session.execute(stmt)}
    return [StateCount(code, name, int(found.get(code, 0))) for code, name in STATES]


def missing_count(uow: UnitOfWork) -> int:
    session = uow.session
    return int(
        session.scalar(
            select(func.count()).select_from(ArchiveEntry).where(ArchiveEntry.missing.is_(True))
        )
        or 0
    )
