"""The recipients list (发行对象): checks, saving with the copies' history, and listing.

Field checks raise ``FieldError`` naming the column in Chinese, so the XLSX import, the edit
dialog and the command line report the same reasons. Services take the caller's Session (its
unit of work commits) and return plain rows.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from gazette.db.models import Department, Liaison, Recipient, RecipientCopies
from gazette.departments.fields import FieldError, check_name, check_office_phone, clean
from gazette.office.audit_words import local_time
from gazette.office.auth import mutating, require
from gazette.office.conflicts import check_version, flush_guarded

CATEGORIES: tuple[str, ...] = ("机关", "人大政协", "档案馆", "图书馆", "查阅点", "其他")
METHODS: tuple[str, ...] = ("邮寄", "机要交换", "自取", "专人送达")
MAILED = ("邮寄", "机要交换")  # these need an address and postcode, and get a label
MAX_COPIES = 500  # far above any one unit's need; a typo such as 1000 is caught
_POSTCODE = re.compile(r"^[1-8]\d{5}$")  # China's postcodes: six digits, no leading 0 or 9
# what a mailing copies from the list: the recipient, its live distribution line and the line
# frozen at 定稿 all carry these, so a new mailing field is added in one place
MAILING_FIELDS = ("name", "category", "address", "postcode", "contact", "phone", "method", "copies")
_ISSUE = re.compile(r"^\s*(\d{4})\s*(?:年\s*第?|[-./])\s*(\d{1,3})\s*期?\s*$")


@dataclass(frozen=True)
class RecipientInput:
    name: str
    category: str = "机关"
    address: str = ""
    postcode: str = ""
    contact: str = ""
    phone: str = ""
    method: str = "邮寄"
    copies: int = 1
    from_issue: str = ""
    to_issue: str = ""
    note: str = ""


@dataclass(frozen=True)
class RecipientRow:
    id: int
    name: str
    category: str
    address: str
    postcode: str
    contact: str
    phone: str
    method: str
    copies: int
    from_issue: str
    to_issue: str
    note: str
    active: bool
    needs_review: bool
    version: int

    @property
    def incomplete(self) -> bool:
        """A mailed recipient without an address or postcode cannot be sent anything yet."""
        return self.method in MAILED and not (self.address and self.postcode)

    @property
    def state(self) -> str:
        if not self.active:
            return "停用"
        if self.needs_review:
            return "待核实"
        return "资料不全" if self.incomplete else "正常"

    def as_input(self) -> RecipientInput:
        return RecipientInput(
            self.name,
            self.category,
            self.address,
            self.postcode,
            self.contact,
            self.phone,
            self.method,
            self.copies,
            self.from_issue,
            self.to_issue,
            self.note,
        )


def issue_key(year: int, number: int) -> str:
    """The sortable text an issue range compares against: 2026-03."""
    return f"{year:04d}-{number:02d}"


def parse_issue(text: str, column: str) -> str:
    """“2026年第3期”, “2026-3” or “2026.03” → “2026-03”; blank stays blank."""
    value = clean(text)
    if not value:
        return ""
    m = _ISSUE.match(value)
    if m is None or not 1 <= int(m.group(2)) <= 99:
        raise FieldError(column, f"“{value}”不是期次（如 2026年第3期 或 2026-3）")
    return issue_key(int(m.group(1)), int(m.group(2)))


def parse_copies(value: object) -> int:
    text = clean(value)
    if isinstance(value, float) and value.is_integer():
        text = str(int(value))
    if not text.isdigit():
        raise FieldError("每期份数", f"“{text}”不是整数份数")
    copies = int(text)
    if copies < 1:
        raise FieldError("每期份数", "至少 1 份；不再赠阅的单位请停用")
    if copies > MAX_COPIES:
        raise FieldError("每期份数", f"{copies} 份超过每个单位 {MAX_COPIES} 份的上限，请核对")
    return copies


def problems(inp: RecipientInput) -> list[FieldError]:
    """Every problem of one recipient, column by column (empty: it may be saved)."""
    found: list[FieldError] = []

    def collect(check: Callable[..., str], *args: str) -> None:
        try:
            check(*args)
        except FieldError as exc:
            found.append(exc)

    collect(check_name, inp.name)  # the departments' rule: one place for 单位名称
    if inp.category not in CATEGORIES:
        found.append(FieldError("类别", f"“{inp.category}”不是 {'、'.join(CATEGORIES)} 之一"))
    if inp.method not in METHODS:
        found.append(FieldError("发送方式", f"“{inp.method}”不是 {'、'.join(METHODS)} 之一"))
    if inp.postcode and not _POSTCODE.match(inp.postcode):
        found.append(FieldError("邮政编码", f"“{inp.postcode}”不是 6 位数字的邮政编码"))
    if len(inp.address) > 255:
        found.append(FieldError("地址", "超过 255 个字"))
    if len(inp.contact) > 64:
        found.append(FieldError("收件人", "超过 64 个字"))
    collect(check_office_phone, inp.phone, "电话")
    if not 1 <= inp.copies <= MAX_COPIES:
        found.append(FieldError("每期份数", f"应在 1 到 {MAX_COPIES} 份之间，而不是 {inp.copies}"))
    if inp.from_issue and inp.to_issue and inp.to_issue < inp.from_issue:
        found.append(FieldError("截止期次", "早于起始期次"))
    return found


def normalise(inp: RecipientInput) -> RecipientInput:
    """Trimmed text and a phone number without spaces; raises the first problem."""
    inp = replace(
        inp,
        name=clean(inp.name),
        address=clean(inp.address),
        postcode=clean(inp.postcode).replace(" ", ""),
        contact=clean(inp.contact),
        phone=clean(inp.phone),
        note=clean(inp.note),
    )
    found = problems(inp)
    if found:
        raise found[0]
    return replace(inp, phone=check_office_phone(inp.phone, "电话"))


def mailing(source: object) -> dict[str, Any]:
    """The MAILING_FIELDS of a recipient, a distribution line or a view's line, by name."""
    return {name: getattr(source, name) for name in MAILING_FIELDS}


def _row(r: Recipient) -> RecipientRow:
    return RecipientRow(
        r.id,
        **mailing(r),
        from_issue=r.from_issue,
        to_issue=r.to_issue,
        note=r.note,
        active=r.active,
        needs_review=r.needs_review,
        version=r.version,
    )


def list_recipients(session: Session, *, include_inactive: bool = True) -> list[RecipientRow]:
    q = select(Recipient).order_by(Recipient.category, Recipient.name, Recipient.id)
    if not include_inactive:
        q = q.where(Recipient.active.is_(True))
    order = {c: i for i, c in enumerate(CATEGORIES)}
    rows = [_row(r) for r in session.scalars(q)]
    return sorted(rows, key=lambda r: (order.get(r.category, 99), r.name, r.id))


def get(session: Session, recipient_id: int) -> RecipientRow:
    return _row(_get(session, recipient_id))


def _get(session: Session, recipient_id: int) -> Recipient:
    found = session.get(Recipient, recipient_id)
    if found is None:
        raise FieldError("发行对象", f"找不到发行对象（id={recipient_id}）")
    return found


def find(session: Session, name: str, address: str) -> Recipient | None:
    return session.scalars(
        select(Recipient).where(Recipient.name == name, Recipient.address == address)
    ).first()


@mutating
def save(
    session: Session,
    inp: RecipientInput,
    *,
    recipient_id: int | None = None,
    expected_version: int | None = None,
) -> tuple[int, bool]:
    """Create or update one recipient; returns (id, changed). A change of copies is appended
    to the history; the same unit at the same address twice is refused."""
    require(session, "distribution.write")
    inp = normalise(inp)
    twin = find(session, inp.name, inp.address)
    if twin is not None and twin.id != recipient_id:
        raise FieldError("单位名称", f"“{inp.name}”在这一地址已有发行对象，不能重复")
    if recipient_id is None:
        rec = Recipient(**inp.__dict__)
        session.add(rec)
        session.flush()
        _note_copies(session, rec)
        return rec.id, True
    rec = _get(session, recipient_id)
    if expected_version is not None:
        check_version(session, rec, expected_version)
    old_copies = rec.copies
    changed = False
    for key, value in inp.__dict__.items():
        if getattr(rec, key) != value:
            setattr(rec, key, value)
            changed = True
    if changed:
        flush_guarded(session, rec)
    if rec.copies != old_copies:
        _note_copies(session, rec)
    return rec.id, changed


def _note_copies(session: Session, rec: Recipient) -> None:
    by = str(session.info.get("user", ""))
    session.add(RecipientCopies(recipient_id=rec.id, copies=rec.copies, by=by))


def set_active(session: Session, recipient_id: int, active: bool) -> None:
    """停用 a unit that no longer receives the gazette (its past issues keep it)."""
    require(session, "distribution.write")
    rec = _get(session, recipient_id)
    if rec.active != active:
        rec.active = active
        flush_guarded(session, rec)


def mark_reviewed(session: Session, recipient_id: int) -> None:
    """The office has checked a recipient flagged by a returned copy."""
    require(session, "distribution.write")
    rec = _get(session, recipient_id)
    if rec.needs_review:
        rec.needs_review = False
        flush_guarded(session, rec)


def copies_history(session: Session, recipient_id: int) -> list[tuple[str, int, str]]:
    """(when, copies, by) for every change of a recipient's copies, oldest first.

    Stored in UTC like the audit trail; shown in the office's own clock, as the trail is.
    """
    q = (
        select(RecipientCopies)
        .where(RecipientCopies.recipient_id == recipient_id)
        .order_by(RecipientCopies.id)
    )
    return [
        (local_time(c.at).strftime("%Y-%m-%d %H:%M"), c.copies, c.by) for c in session.scalars(q)
    ]


@mutating
def from_departments(session: Session) -> int:
    """Fill 机关 recipients from the departments in one step; returns how many were added.

    Departments have no address, so the name, liaison and phone come over and each new row is
    incomplete until someone enters its address and postcode. Running it again adds nothing.
    """
    require(session, "distribution.write")
    have = set(
        session.scalars(select(Recipient.department_id).where(Recipient.department_id.isnot(None)))
    )
    names = {n for (n,) in session.execute(select(Recipient.name).where(Recipient.address == ""))}
    added = 0
    deps = session.scalars(
        select(Department).where(Department.active.is_(True)).order_by(Department.id)
    )
    for dep in deps:
        if dep.id in have or dep.name in names:
            continue
        liaison = session.scalars(
            select(Liaison).where(
                Liaison.department_id == dep.id,
                Liaison.role == "primary",
                Liaison.ended_on.is_(None),
            )
        ).first()
        contact = liaison.name if liaison else ""
        phone = (liaison.office_phone or liaison.mobile) if liaison else ""
        session.add(
            Recipient(
                name=dep.name,
                category="机关",
                contact=contact,
                phone=phone,
                copies=1,
                department_id=dep.id,
                note="从部门名单导入，待补地址和邮政编码",
            )
        )
        added += 1
    session.flush()
    for rec in session.scalars(select(Recipient).where(Recipient.department_id.isnot(None))):
        if rec.department_id not in have and not session.scalar(
            select(RecipientCopies.id).where(RecipientCopies.recipient_id == rec.id)
        ):
            _note_copies(session, rec)
    return added


def reading_points(session: Session) -> list[tuple[str, str]]:
    """(name, address) of every active 查阅点, where citizens read the printed gazette; the
    e-gazette site lists them."""
    q = (
        select(Recipient.name, Recipient.address)
        .where(Recipient.category == "查阅点", Recipient.active.is_(True))
        .order_by(Recipient.name)
    )
    return [(str(n), str(a)) for n, a in session.execute(q)]
