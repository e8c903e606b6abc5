"""Reminders (催报): notices grouped per liaison officer, with text to paste and a record of sending.

The department's current liaison officer receives the notice; when that officer is absent (the
caller passes their id in ``absent``) or there is none, the current alternate does.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from gazette.auth import require
from gazette.db.models import Department, Liaison, Reminder, ReminderItem, Submission
from gazette.submissions.queries import DeskRow
from gazette.submissions.register import add_event
from gazette.submissions.status import DUE_SOON, OVERDUE

METHODS: tuple[str, ...] = ("电话", "短信", "电子邮件", "函件", "即时通讯")


@dataclass(frozen=True)
class Contact:
    liaison_id: int | None
    name: str
    role: str  # primary / alternate / ""
    post: str = ""
    office_phone: str = ""
    mobile: str = ""
    email: str = ""

    @property
    def role_label(self) -> str:
        return {"primary": "联络员", "alternate": "备用联络员"}.get(self.role, "")


@dataclass
class ReminderNotice:
    department_id: int
    department: str
    contact: Contact
    substitute_for: str = ""  # the absent primary officer's name, when the alternate is used
    items: list[DeskRow] = field(default_factory=list)
    as_of: dt.date = field(default_factory=dt.date.today)
    primary_id: int | None = None  # the department's current primary officer, absent or not

    @property
    def overdue(self) -> list[DeskRow]:
        return [r for r in self.items if r.status == OVERDUE]

    @property
    def due_soon(self) -> list[DeskRow]:
        return [r for r in self.items if r.status == DUE_SOON]

    def text(self, office: str = "市政府办公室公报编辑部") -> str:
        """A message ready to paste into e-mail or a messaging app."""
        who = self.contact.name or "联络员"
        lines = [
            f"{self.department}{who}同志：",
            f"　　根据规范性文件报送规定，各部门应在文件印发后5个工作日内报送{office}。"
            f"截至{_cn(self.as_of)}，贵单位以下文件尚未报送：",
        ]
        for i, r in enumerate(self.items, start=1):
            due = _cn(r.deadline) if r.deadline else "（日历未覆盖）"
            if r.status == OVERDUE:
                state = f"截止日期{due}，已逾期{r.days if r.days is not None else '?'}个工作日"
            else:
                state = f"将于{due}到期"
            lines.append(
                f"　　{i}. 《{r.title}》（{r.doc_number}，{_cn(r.issued_on)}印发，{state}）"
            )
        lines.append("　　请尽快报送纸质件及电子版。如已报送，请告知报送方式和日期，以便核对。")
        if self.substitute_for:
            lines.append(f"　　（{self.substitute_for}同志不在岗，此通知发送备用联络员。）")
        lines.append(f"　　{office}")
        lines.append(f"　　{_cn(self.as_of)}")
        return "\n".join(lines)


def _cn(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def current_contacts(session: Session, department_id: int, on: dt.date) -> dict[str, Contact]:
    """The current primary and alternate officers of a department on ``on``."""
    rows = session.scalars(
        select(Liaison)
        .where(Liaison.department_id == department_id, Liaison.started_on <= on)
        .order_by(Liaison.started_on)
    ).all()
    found: dict[str, Contact] = {}
    for lia in rows:
        if lia.ended_on is not None and lia.ended_on < on:
            continue
        found[lia.role] = Contact(
            lia.id, lia.name, lia.role, lia.post, lia.office_phone, lia.mobile, lia.email
        )
    return found


def build(
    session: Session,
    rows: Iterable[DeskRow],
    as_of: dt.date,
    absent: Iterable[int] = (),
    *,
    include_due_soon: bool = True,
    include_non_normative: bool = False,
) -> list[ReminderNotice]:
    """One notice per department with overdue (and, by default, due-soon) documents."""
    wanted = {OVERDUE, DUE_SOON} if include_due_soon else {OVERDUE}
    away = set(absent)
    grouped: dict[int, list[DeskRow]] = {}
    for r in rows:
        if r.status in wanted and (include_non_normative or r.is_normative):
            grouped.setdefault(r.department_id, []).append(r)
    names = dict(session.execute(select(Department.id, Department.name)).all())
    notices = []
    for dept_id, items in grouped.items():
        contacts = current_contacts(session, dept_id, as_of)
        primary, alternate = contacts.get("primary"), contacts.get("alternate")
        substitute = ""
        contact = primary
        if (primary is None or primary.liaison_id in away) and (
            alternate is not None and alternate.liaison_id not in away
        ):
            contact = alternate
            substitute = primary.name if primary else ""
        if contact is None:
            contact = Contact(None, "", "")
        items.sort(key=lambda r: (r.status != OVERDUE, r.deadline or as_of, r.doc_number))
        notices.append(
            ReminderNotice(
                dept_id,
                names.get(dept_id, ""),
                contact,
                substitute,
                items,
                as_of,
                primary.liaison_id if primary else None,
            )
        )
    notices.sort(key=lambda n: (-len(n.overdue), n.department))
    return notices


def record_sent(
    session: Session, notice: ReminderNotice, method: str, text: str | None = None
) -> int:
    """Record that a notice was sent; each named document's history shows it. Caller commits."""
    require(session, "submissions.write")
    if method not in METHODS:
        raise ValueError(f"“{method}”不是催报方式，应为：" + "、".join(METHODS))
    reminder = Reminder(
        department_id=notice.department_id,
        liaison_id=notice.contact.liaison_id,
        liaison_name=notice.contact.name or "（未设联络员）",
        liaison_role=notice.contact.role or "primary",
        as_of=notice.as_of,
        method=method,
        sent_by=str(session.info.get("user", "")),
        text=text if text is not None else notice.text(),
    )
    reminder.items = [
        ReminderItem(document_id=r.document_id, status=r.status, days_overdue=r.days)
        for r in notice.items
    ]
    session.add(reminder)
    subs = {
        s.document_id: s
        for s in session.scalars(
            select(Submission).where(
                Submission.document_id.in_([r.document_id for r in notice.items])
            )
        )
    }
    who = f"{notice.contact.role_label}{notice.contact.name}"
    for r in notice.items:
        sub = subs.get(r.document_id)
        if sub is not None:
            add_event(session, sub, "催报", f"{method}催报{who}（{r.status}）")
    session.flush()
    return reminder.id
