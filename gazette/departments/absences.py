"""Liaison absence (联络员不在岗): who is away when, and so whom to contact on a given day.

A department's liaison officer is contacted; while they are away the alternate is, and when
both are away nobody is, and the result says so. Absences live in the database, so every
client on a shared database, the command line and the reports choose the same person.

Services take a Session (the caller commits) and return plain rows. Rule breaches raise
``AbsenceError`` with a Chinese message naming the person, the field and the dates.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from gazette.db.models import Liaison, LiaisonAbsence
from gazette.office.auth import mutating, require
from gazette.office.conflicts import check_version

REASONS: tuple[str, ...] = ("出差", "休假", "病假", "其他")
ROLE_LABELS = {"primary": "联络员", "alternate": "备用联络员"}


class AbsenceError(ValueError):
    """An absence that cannot be recorded or changed; the message says which rule and why."""


@dataclass(frozen=True)
class AbsenceRow:
    """One recorded absence, with the person it belongs to."""

    id: int
    liaison_id: int
    role: str
    name: str
    starts_on: dt.date
    ends_on: dt.date | None
    reason: str
    note: str = ""
    recorded_by: str = ""
    version: int = 1

    @property
    def role_label(self) -> str:
        return ROLE_LABELS.get(self.role, self.role)

    @property
    def period(self) -> str:
        end = self.ends_on.isoformat() if self.ends_on else "返岗日期未定"
        return f"{self.starts_on.isoformat()} 至 {end}"

    def covers(self, day: dt.date) -> bool:
        return self.starts_on <= day and (self.ends_on is None or day <= self.ends_on)

    def ended_before(self, day: dt.date) -> bool:
        return self.ends_on is not None and self.ends_on < day


@dataclass(frozen=True)
class Person:
    """The holder of one role on one day, with what is needed to reach them."""

    liaison_id: int
    role: str
    name: str
    post: str = ""
    office_phone: str = ""
    mobile: str = ""
    email: str = ""

    @property
    def role_label(self) -> str:
        return ROLE_LABELS.get(self.role, self.role)


@dataclass(frozen=True)
class ContactChoice:
    """Whom to contact at a department on a day, and why when it is not the liaison officer."""

    department_id: int
    on: dt.date
    contact: Person | None  # None: nobody is set, or everybody set is away
    primary: Person | None = None
    alternate: Person | None = None
    primary_absence: AbsenceRow | None = None
    alternate_absence: AbsenceRow | None = None

    @property
    def substituted(self) -> bool:
        """The alternate stands in because the liaison officer is away."""
        return (
            self.contact is not None
            and self.contact.role == "alternate"
            and (self.primary_absence is not None)
        )

    @property
    def nobody_available(self) -> bool:
        """Someone holds a role, but everybody who does is away."""
        return self.contact is None and (self.primary is not None or self.alternate is not None)

    @property
    def explanation(self) -> str:
        """One line for a screen or a letter; empty when the liaison officer is in."""
        if self.contact is not None and self.contact.role == "primary":
            return ""
        if self.substituted:
            assert self.primary is not None and self.contact is not None
            return (
                f"联络员{self.primary.name}{_away(self.primary_absence)}，"
                f"由备用联络员{self.contact.name}联系"
            )
        if self.contact is not None:
            return f"未设联络员，由备用联络员{self.contact.name}联系"
        if not self.nobody_available:
            return "未设联络员"
        parts = [
            f"{p.role_label}{p.name}{_away(a)}"
            for p, a in (
                (self.primary, self.primary_absence),
                (self.alternate, self.alternate_absence),
            )
            if p is not None
        ]
        both = "均" if len(parts) > 1 else ""
        return "、".join(parts) + f"，{both}不在岗，暂无人可联系"


def _away(absence: AbsenceRow | None) -> str:
    if absence is None:
        return "不在岗"
    return f"{absence.reason}（{absence.period}）"


# queries -------------------------------------------------------------------------------------

_ROW_COLUMNS = (
    LiaisonAbsence.id,
    LiaisonAbsence.liaison_id,
    Liaison.role,
    Liaison.name,
    LiaisonAbsence.starts_on,
    LiaisonAbsence.ends_on,
    LiaisonAbsence.reason,
    LiaisonAbsence.note,
    LiaisonAbsence.recorded_by,
    LiaisonAbsence.version,
)


def list_absences(session: Session, department_id: int) -> list[AbsenceRow]:
    """Every absence of the department's liaison officers, latest first."""
    rows = session.execute(
        select(*_ROW_COLUMNS)
        .join(Liaison, Liaison.id == LiaisonAbsence.liaison_id)
        .where(Liaison.department_id == department_id)
        .order_by(LiaisonAbsence.starts_on.desc(), LiaisonAbsence.id.desc())
    )
    return [AbsenceRow(**r._mapping) for r in rows]


def holders_on(
    session: Session, on: dt.date, department_ids: Iterable[int] | None = None
) -> dict[int, dict[str, Person]]:
    """Department id → role → the person holding it on ``on`` (a hand-over day: the newcomer)."""
    query = (
        select(Liaison)
        .where(Liaison.started_on <= on)
        .where((Liaison.ended_on.is_(None)) | (Liaison.ended_on >= on))
        .order_by(Liaison.started_on, Liaison.id)
    )
    if department_ids is not None:
        query = query.where(Liaison.department_id.in_(list(department_ids)))
    found: dict[int, dict[str, Person]] = {}
    for lia in session.scalars(query):
        found.setdefault(lia.department_id, {})[lia.role] = Person(
            lia.id, lia.role, lia.name, lia.post, lia.office_phone, lia.mobile, lia.email
        )
    return found


def absences_on(session: Session, on: dt.date, liaison_ids: Iterable[int]) -> dict[int, AbsenceRow]:
    """Liaison id → the absence covering ``on``, for those of ``liaison_ids`` who are away."""
    ids = list(liaison_ids)
    if not ids:
        return {}
    rows = session.execute(
        select(*_ROW_COLUMNS)
        .join(Liaison, Liaison.id == LiaisonAbsence.liaison_id)
        .where(LiaisonAbsence.liaison_id.in_(ids), LiaisonAbsence.starts_on <= on)
        .where((LiaisonAbsence.ends_on.is_(None)) | (LiaisonAbsence.ends_on >= on))
    )
    return {r.liaison_id: r for r in (AbsenceRow(**row._mapping) for row in rows)}


def contacts_on(
    session: Session, on: dt.date, department_ids: Iterable[int] | None = None
) -> dict[int, ContactChoice]:
    """Whom to contact at each department on ``on``, in two queries for any number of them."""
    wanted = None if department_ids is None else list(department_ids)
    holders = holders_on(session, on, wanted)
    people = [p.liaison_id for roles in holders.values() for p in roles.values()]
    away = absences_on(session, on, people)
    choices = {}
    for dep_id in wanted if wanted is not None else holders:
        roles = holders.get(dep_id, {})
        primary, alternate = roles.get("primary"), roles.get("alternate")
        p_away = away.get(primary.liaison_id) if primary else None
        a_away = away.get(alternate.liaison_id) if alternate else None
        contact = None
        if primary is not None and p_away is None:
            contact = primary
        elif alternate is not None and a_away is None:
            contact = alternate
        choices[dep_id] = ContactChoice(dep_id, on, contact, primary, alternate, p_away, a_away)
    return choices


def who_to_contact(session: Session, department_id: int, on: dt.date) -> ContactChoice:
    """The liaison officer, or the alternate when the officer is away on ``on``, or nobody."""
    return contacts_on(session, on, [department_id])[department_id]


def current_people(session: Session, department_id: int) -> list[Person]:
    """The department's current liaison officer and alternate, officer first."""
    rows = session.scalars(
        select(Liaison).where(Liaison.department_id == department_id, Liaison.ended_on.is_(None))
    )
    people = [
        Person(lia.id, lia.role, lia.name, lia.post, lia.office_phone, lia.mobile, lia.email)
        for lia in rows
    ]
    return sorted(people, key=lambda p: (p.role != "primary", p.liaison_id))


def current_holder(session: Session, department_id: int, role: str) -> Liaison | None:
    """The person now holding ``role`` (primary / alternate) at a department, if anyone."""
    return session.scalar(
        select(Liaison).where(
            Liaison.department_id == department_id,
            Liaison.role == role,
            Liaison.ended_on.is_(None),
        )
    )


# changes -------------------------------------------------------------------------------------


@mutating
def record_absence(
    session: Session,
    liaison_id: int,
    starts_on: dt.date,
    ends_on: dt.date | None,
    reason: str,
    note: str = "",
) -> int:
    """Record that a liaison officer is away from ``starts_on`` to ``ends_on`` (inclusive;
    None while the return date is unknown). The caller commits; returns the new id."""
    require(session, "departments.write")
    lia = _liaison(session, liaison_id)
    reason = (reason or "").strip()
    if reason not in REASONS:
        raise AbsenceError(f"原因：“{reason}”不是不在岗原因，应为 " + "、".join(REASONS))
    note = (note or "").strip()
    if len(note) > 255:
        raise AbsenceError("说明：超过 255 个字")
    _check_period(session, lia, starts_on, ends_on)
    absence = LiaisonAbsence(
        liaison_id=lia.id,
        starts_on=starts_on,
        ends_on=ends_on,
        reason=reason,
        note=note,
        recorded_by=str(session.info.get("user", "")),
    )
    session.add(absence)
    session.flush()
    return absence.id


@mutating
def end_absence(
    session: Session, absence_id: int, last_day: dt.date, *, expected_version: int | None = None
) -> None:
    """End an absence early: ``last_day`` is the last day away (the person is back the next)."""
    require(session, "departments.write")
    absence = _absence(session, absence_id, expected_version)
    lia = _liaison(session, absence.liaison_id)
    if last_day < absence.starts_on:
        raise AbsenceError(
            f"结束日期：{last_day.isoformat()} 早于{lia.name}不在岗的开始日期 "
            f"{absence.starts_on.isoformat()}；尚未开始的登记请直接删除"
        )
    if absence.ends_on is not None and last_day > absence.ends_on:
        raise AbsenceError(
            f"结束日期：{last_day.isoformat()} 晚于原定结束日期 {absence.ends_on.isoformat()}，"
            "不是提前结束；如需延长请删除后重新登记"
        )
    absence.ends_on = last_day


@mutating
def delete_absence(
    session: Session, absence_id: int, *, expected_version: int | None = None
) -> None:
    """Delete an absence recorded by mistake (the audit trail keeps what it was)."""
    require(session, "departments.write")
    session.delete(_absence(session, absence_id, expected_version))
    session.flush()


def _liaison(session: Session, liaison_id: int) -> Liaison:
    lia = session.scalar(select(Liaison).where(Liaison.id == liaison_id).with_for_update())
    if lia is None:
        raise AbsenceError(f"联络员记录 {liaison_id} 不存在")
    return lia


def _absence(session: Session, absence_id: int, expected_version: int | None) -> LiaisonAbsence:
    absence = session.get(LiaisonAbsence, absence_id)
    if absence is None:
        raise AbsenceError(f"不在岗登记 {absence_id} 不存在（可能已被他人删除）")
    if expected_version is not None:
        check_version(session, absence, expected_version)
    return absence


def _check_period(
    session: Session,
    lia: Liaison,
    starts_on: dt.date,
    ends_on: dt.date | None,
) -> None:
    """The period is in order, inside the person's tenure, and overlaps none of theirs."""
    if starts_on is None:
        raise AbsenceError("开始日期：不能为空")
    who = f"{ROLE_LABELS.get(lia.role, lia.role)}{lia.name}"
    asked = AbsenceRow(0, lia.id, lia.role, lia.name, starts_on, ends_on, "")
    if ends_on is not None and ends_on < starts_on:
        raise AbsenceError(
            f"结束日期：{ends_on.isoformat()} 早于开始日期 {starts_on.isoformat()}（{who}）"
        )
    tenure_end = lia.ended_on.isoformat() if lia.ended_on else "今"
    tenure = f"{who}的任期为 {lia.started_on.isoformat()} 至 {tenure_end}"
    outside = starts_on < lia.started_on or (
        lia.ended_on is not None and (ends_on is None or ends_on > lia.ended_on)
    )
    if outside:
        raise AbsenceError(f"不在岗期间 {asked.period} 超出任期：{tenure}")
    for other in session.scalars(select(LiaisonAbsence).where(LiaisonAbsence.liaison_id == lia.id)):
        if (other.ends_on is None or starts_on <= other.ends_on) and (
            ends_on is None or other.starts_on <= ends_on
        ):
            existing = AbsenceRow(
                other.id, lia.id, lia.role, lia.name, other.starts_on, other.ends_on, other.reason
            )
            raise AbsenceError(
                f"{who}已登记 {existing.period} {other.reason}，与 {asked.period} 重叠"
            )
