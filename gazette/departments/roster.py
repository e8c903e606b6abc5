"""Departments (报送单位) and their liaison officers, with the history of who held each role.

A department has a name, a short name, one or more issuer codes (机关代字, e.g. 宿财发 and 宿财规)
and an active flag. Each has a liaison officer (``primary``) and an alternate (``alternate``);
setting a different person ends the previous holder's period, so the history stays complete.

Services take a Session (the caller's unit of work commits) and return plain rows, never live ORM
objects. Field checks (gazette/departments/fields.py) raise ``FieldError`` naming the field, in
Chinese, so the XLSX import and the edit dialog report the same reasons.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace

from sqlalchemy import select
from sqlalchemy.orm import Session

from gazette.db.models import Department, Liaison, LiaisonAbsence
from gazette.db.uow import UnitOfWork
from gazette.departments.absences import ContactChoice, contacts_on
from gazette.departments.fields import CODE_SEPARATORS as CODE_SEPARATORS
from gazette.departments.fields import Contact as Contact
from gazette.departments.fields import DepartmentInput as DepartmentInput
from gazette.departments.fields import FieldError as FieldError
from gazette.departments.fields import check_email as check_email
from gazette.departments.fields import check_mobile as check_mobile
from gazette.departments.fields import check_name as check_name
from gazette.departments.fields import check_office_phone as check_office_phone
from gazette.departments.fields import clean as clean
from gazette.departments.fields import parse_codes as parse_codes
from gazette.departments.fields import validate as validate
from gazette.office.auth import mutating, require
from gazette.office.conflicts import check_version

ROLES = {"primary": "联络员", "alternate": "备用联络员"}


class DepartmentError(ValueError):
    """A department operation that cannot be done (unknown id, stale copy, duplicate)."""


@dataclass(frozen=True)
class DepartmentRow:
    """One line of the departments table."""

    id: int
    name: str
    short_name: str
    issuer_codes: tuple[str, ...]
    active: bool
    liaison: str = ""
    liaison_post: str = ""
    liaison_phone: str = ""
    liaison_mobile: str = ""
    liaison_email: str = ""
    alternate: str = ""
    alternate_mobile: str = ""
    contact_today: str = ""  # whom to contact today, with the reason when not the liaison
    contact_note: str = ""  # the full reason, for a tooltip or a report

    @property
    def codes_text(self) -> str:
        return "、".join(self.issuer_codes)


@dataclass(frozen=True)
class DepartmentDetail:
    id: int
    version: int
    name: str
    short_name: str
    issuer_codes: tuple[str, ...]
    active: bool
    liaison: Contact | None
    alternate: Contact | None

    def as_input(self) -> DepartmentInput:
        return DepartmentInput(
            self.name, self.short_name, self.issuer_codes, self.liaison, self.alternate
        )


@dataclass(frozen=True)
class LiaisonRow:
    """One period of one person in one role."""

    id: int
    role: str
    name: str
    post: str
    office_phone: str
    mobile: str
    email: str
    started_on: dt.date
    ended_on: dt.date | None

    @property
    def role_label(self) -> str:
        return ROLES.get(self.role, self.role)


@dataclass
class SaveResult:
    """What saving one department changed, for reports."""

    id: int
    created: bool = False
    changed_fields: list[str] = field(default_factory=list)
    liaison_changes: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return self.created or bool(self.changed_fields) or bool(self.liaison_changes)


# queries -------------------------------------------------------------------------------------


def _current_contacts(session: Session) -> dict[tuple[int, str], Contact]:
    rows = session.execute(
        select(
            Liaison.department_id,
            Liaison.role,
            Liaison.name,
            Liaison.post,
            Liaison.office_phone,
            Liaison.mobile,
            Liaison.email,
        ).where(Liaison.ended_on.is_(None))
    )
    return {(r[0], r[1]): Contact(*r[2:]) for r in rows}


def list_departments(
    uow: UnitOfWork,
    include_inactive: bool = True,
    on: dt.date | None = None,
    *,
    only: int | None = None,
) -> list[DepartmentRow]:
    """Every department as a plain row with its current liaison and alternate, by name, and
    whom to contact on ``on`` (today by default) given recorded absences.

    ``only`` gives just that department's row: a screen refreshes the one line an edit changed.
    """
    session = uow.session
    query = select(
        Department.id,
        Department.name,
        Department.short_name,
        Department.issuer_codes,
        Department.active,
    ).order_by(Department.id)
    if not include_inactive:
        query = query.where(Department.active.is_(True))
    if only is not None:
        query = query.where(Department.id == only)
    contacts = _current_contacts(session)
    today = contacts_on(session, on or dt.date.today())
    rows = []
    for dep_id, name, short, codes, active in session.execute(query):
        lia = contacts.get((dep_id, "primary"))
        alt = contacts.get((dep_id, "alternate"))
        rows.append(
            DepartmentRow(
                dep_id,
                name,
                short or "",
                tuple(codes or ()),
                bool(active),
                liaison=lia.name if lia else "",
                liaison_post=lia.post if lia else "",
                liaison_phone=lia.office_phone if lia else "",
                liaison_mobile=lia.mobile if lia else "",
                liaison_email=lia.email if lia else "",
                alternate=alt.name if alt else "",
                alternate_mobile=alt.mobile if alt else "",
                contact_today=_contact_today(today.get(dep_id)),
                contact_note=today[dep_id].explanation if dep_id in today else "",
            )
        )
    return rows


def _contact_today(choice: ContactChoice | None) -> str:
    """Short text for a table cell: the name, and in brackets why it is not the liaison."""
    if choice is None:
        return ""
    if choice.nobody_available:
        return "无人在岗"
    if choice.contact is None:
        return ""
    if choice.substituted and choice.primary and choice.primary_absence:
        return f"{choice.contact.name}（{choice.primary.name}{choice.primary_absence.reason}）"
    if choice.contact.role == "alternate":
        return f"{choice.contact.name}（备用）"
    return choice.contact.name


def _get(session: Session, dep_id: int) -> Department:
    dep = session.get(Department, dep_id)
    if dep is None:
        raise DepartmentError(f"部门 {dep_id} 不存在")
    return dep


def _current(dep: Department, role: str) -> Liaison | None:
    for lia in dep.liaisons:
        if lia.role == role and lia.ended_on is None:
            return lia
    return None


def _contact(lia: Liaison | None) -> Contact | None:
    if lia is None:
        return None
    return Contact(lia.name, lia.post, lia.office_phone, lia.mobile, lia.email)


def get_detail(uow: UnitOfWork, dep_id: int) -> DepartmentDetail:
    session = uow.session
    dep = _get(session, dep_id)
    return DepartmentDetail(
        dep.id,
        dep.version,
        dep.name,
        dep.short_name,
        tuple(dep.issuer_codes or ()),
        dep.active,
        _contact(_current(dep, "primary")),
        _contact(_current(dep, "alternate")),
    )


def find_by_name(uow: UnitOfWork, name: str) -> int | None:
    session = uow.session
    return session.scalar(select(Department.id).where(Department.name == clean(name)))


def code_owners(uow: UnitOfWork) -> dict[str, tuple[int, str]]:
    """Issuer code → (department id, name), to find who issued a 发文字号 and to spot clashes."""
    session = uow.session
    owners: dict[str, tuple[int, str]] = {}
    for dep_id, name, codes in session.execute(
        select(Department.id, Department.name, Department.issuer_codes)
    ):
        for code in codes or ():
            owners.setdefault(code, (dep_id, name))
    return owners


def department_for_code(uow: UnitOfWork, code: str) -> int | None:
    """The department that uses an issuer code (e.g. 宿财规), or None."""
    owner = code_owners(uow).get(clean(code))
    return owner[0] if owner else None


def liaison_history(uow: UnitOfWork, dep_id: int) -> list[LiaisonRow]:
    """Every holder of both roles, current first, then by start date, newest first."""
    session = uow.session
    rows = session.execute(
        select(
            Liaison.id,
            Liaison.role,
            Liaison.name,
            Liaison.post,
            Liaison.office_phone,
            Liaison.mobile,
            Liaison.email,
            Liaison.started_on,
            Liaison.ended_on,
        ).where(Liaison.department_id == dep_id)
    )
    items = [LiaisonRow(*r) for r in rows]
    items.sort(
        key=lambda r: (
            r.ended_on is not None,
            r.role != "primary",
            -r.started_on.toordinal(),
            -r.id,
        )
    )
    return items


# changes -------------------------------------------------------------------------------------


@mutating
def save(
    uow: UnitOfWork,
    inp: DepartmentInput,
    *,
    dep_id: int | None = None,
    expected_version: int | None = None,
    on: dt.date | None = None,
    owners: dict[str, tuple[int, str]] | None = None,
) -> SaveResult:
    """Create or update a department and its two contacts; the caller commits.

    ``expected_version`` guards an edit dialog against overwriting someone else's save.
    ``on`` is the date a liaison change takes effect (today by default). A bulk import passes
    ``owners`` (from ``code_owners``) once and it is kept up to date here, so each row does not
    re-read every department.
    """
    require(uow, "departments.write")
    session = uow.session
    inp = validate(inp)
    on = on or dt.date.today()
    if owners is None:
        owners = code_owners(uow)
    for code in inp.issuer_codes:
        owner = owners.get(code)
        if owner and owner[0] != dep_id:
            raise FieldError("发文机关代字", f"“{code}”已由“{owner[1]}”使用")
    same_name = find_by_name(uow, inp.name)
    if same_name is not None and same_name != dep_id:
        raise FieldError("单位名称", f"已有名为“{inp.name}”的部门")
    if dep_id is None:
        dep = Department(
            name=inp.name, short_name=inp.short_name, issuer_codes=list(inp.issuer_codes)
        )
        session.add(dep)
        session.flush()
        result = SaveResult(dep.id, created=True)
    else:
        dep = _get(session, dep_id)
        if expected_version is not None:
            check_version(session, dep, expected_version)  # names who changed what
        result = SaveResult(dep.id)
        if dep.name != inp.name:
            dep.name = inp.name
            result.changed_fields.append("单位名称")
        if dep.short_name != inp.short_name:
            dep.short_name = inp.short_name
            result.changed_fields.append("简称")
        if tuple(dep.issuer_codes or ()) != inp.issuer_codes:
            dep.issuer_codes = list(inp.issuer_codes)
            result.changed_fields.append("发文机关代字")
    for role, contact in (("primary", inp.liaison), ("alternate", inp.alternate)):
        change = _set_contact(session, dep, role, contact, on)
        if change:
            result.liaison_changes.append(change)
    for code in [c for c, owner in owners.items() if owner[0] == dep.id]:
        del owners[code]
    owners.update({code: (dep.id, dep.name) for code in inp.issuer_codes})
    return result


def _end_absences_with_tenure(session: Session, former: Liaison) -> None:
    """An absence still open when its holder is replaced ends with their tenure: whom to contact
    no longer depends on it, and the record should not claim they are away for good."""
    end = former.ended_on
    assert end is not None
    still_open = select(LiaisonAbsence).where(
        LiaisonAbsence.liaison_id == former.id,
        LiaisonAbsence.starts_on <= end,
        LiaisonAbsence.ends_on.is_(None) | (LiaisonAbsence.ends_on > end),
    )
    for absence in session.scalars(still_open):
        absence.ends_on = end


def _set_contact(
    session: Session, dep: Department, role: str, contact: Contact | None, on: dt.date
) -> str:
    """Make ``contact`` the holder of ``role``; a different person ends the previous period."""
    label = ROLES[role]
    current = _current(dep, role)
    if current is not None and contact is not None and current.name == contact.name:
        fields = ("post", "office_phone", "mobile", "email")
        changed = [f for f in fields if getattr(current, f) != getattr(contact, f)]
        for f in changed:
            setattr(current, f, getattr(contact, f))
        return f"{dep.name}：{label}{contact.name}联系方式更新" if changed else ""
    if current is None and contact is None:
        return ""
    if current is not None:
        current.ended_on = max(on, current.started_on)
        _end_absences_with_tenure(session, current)
    if contact is None:
        assert current is not None
        return f"{dep.name}：{label}{current.name}卸任"
    dep.liaisons.append(
        Liaison(
            role=role,
            name=contact.name,
            post=contact.post,
            office_phone=contact.office_phone,
            mobile=contact.mobile,
            email=contact.email,
            started_on=on,
        )
    )
    if current is None:
        return f"{dep.name}：新增{label}{contact.name}"
    return f"{dep.name}：{label}由{current.name}更换为{contact.name}"


@mutating
def set_active(uow: UnitOfWork, dep_id: int, active: bool) -> None:
    """Deactivate (or reactivate) a department; its history and documents stay."""
    require(uow, "departments.write")
    session = uow.session
    dep = _get(session, dep_id)
    if dep.active != active:
        dep.active = active


def merge_blank(inp: DepartmentInput, current: DepartmentDetail | None) -> DepartmentInput:
    """For imports: a blank cell keeps what the database already holds."""
    if current is None:
        return inp
    liaison = _merge_contact(inp.liaison, current.liaison)
    alternate = _merge_contact(inp.alternate, current.alternate)
    return replace(
        inp,
        short_name=inp.short_name or current.short_name,
        issuer_codes=inp.issuer_codes or current.issuer_codes,
        liaison=liaison,
        alternate=alternate,
    )


def _merge_contact(new: Contact | None, old: Contact | None) -> Contact | None:
    if new is None:
        return old
    if old is None or old.name != new.name:
        return new
    return Contact(
        new.name,
        new.post or old.post,
        new.office_phone or old.office_phone,
        new.mobile or old.mobile,
        new.email or old.email,
    )
