"""Reminders (催报): notices grouped per liaison officer, with text to paste and a record of sending.

The department's liaison officer on the reminder date receives the notice; when that officer is
recorded as away that day (``gazette.departments.absences``) or there is none, the alternate does, and the
notice says why. When both are away the notice is addressed to the department and says so.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from gazette.db.models import Department, Reminder, ReminderItem, Submission
from gazette.departments.absences import ContactChoice, Person, contacts_on
from gazette.office import settings
from gazette.office.auth import mutating, require
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
    routing: str = ""  # why the notice does not go to the liaison officer, for the letter
    office: str = ""  # who sends it: the office's 主办单位 from Settings

    @property
    def overdue(self) -> list[DeskRow]:
        return [r for r in self.items if r.status == OVERDUE]

    @property
    def due_soon(self) -> list[DeskRow]:
        return [r for r in self.items if r.status == DUE_SOON]

    @property
    def recipient_name(self) -> str:
        """The contact's name, or why there is none (nobody set, everybody away)."""
        if self.contact.name:
            return self.contact.name
        return "（联络员均不在岗）" if self.routing else "（未设联络员）"

    def text(self) -> str:
        """A message ready to paste into e-mail or a messaging app, signed by the office."""
        office = self.office or UNSIGNED
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
            if r.returned_on is not None:
                state += f"；已于{_cn(r.returned_on)}退文：{r.return_reason}，请补正后重新报送"
            lines.append(
                f"　　{i}. 《{r.title}》（{r.doc_number}，{_cn(r.issued_on)}印发，{state}）"
            )
        lines.append("　　请尽快报送纸质件及电子版。如已报送，请告知报送方式和日期，以便核对。")
        if self.routing:
            lines.append(f"　　（{self.routing}。）")
        lines.append(f"　　{office}")
        lines.append(f"　　{_cn(self.as_of)}")
        return "\n".join(lines)


# said in place of the office until Settings name it, so nobody sends an unsigned notice
UNSIGNED = "【尚未设置主办单位：请在“设置 → 公报 → 主办单位”中填写】"


def _cn(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _contact(person: Person | None) -> Contact:
    if person is None:
        return Contact(None, "", "")
    return Contact(
        person.liaison_id,
        person.name,
        person.role,
        person.post,
        person.office_phone,
        person.mobile,
        person.email,
    )


def _routing(choice: ContactChoice) -> str:
    """The sentence a letter carries when it does not go to the liaison officer."""
    if choice.substituted:
        assert choice.primary is not None and choice.primary_absence is not None
        assert choice.contact is not None
        away = choice.primary_absence
        return (
            f"{choice.primary.name}同志不在岗（{away.reason}，{away.period}），"
            f"此通知发送备用联络员{choice.contact.name}同志"
        )
    if choice.nobody_available:
        return f"{choice.explanation}；此通知请单位办公室转交"
    return ""


def build(
    session: Session,
    rows: Iterable[DeskRow],
    as_of: dt.date,
    *,
    include_due_soon: bool = True,
    include_non_normative: bool = False,
) -> list[ReminderNotice]:
    """One notice per department with overdue (and, by default, due-soon) documents.

    Each goes to whoever ``gazette.departments.absences`` says to contact on ``as_of``.
    """
    # the list is shown whatever Settings hold; only the signed text and letter need the office
    office = str(settings.value(session, "publisher") or "").strip()
    wanted = {OVERDUE, DUE_SOON} if include_due_soon else {OVERDUE}
    grouped: dict[int, list[DeskRow]] = {}
    for r in rows:
        if r.status in wanted and (include_non_normative or r.is_normative):
            grouped.setdefault(r.department_id, []).append(r)
    names = dict(session.execute(select(Department.id, Department.name)).all())
    choices = contacts_on(session, as_of, grouped)
    notices = []
    for dept_id, items in grouped.items():
        choice = choices[dept_id]
        items.sort(key=lambda r: (r.status != OVERDUE, r.deadline or as_of, r.doc_number))
        notices.append(
            ReminderNotice(
                dept_id,
                names.get(dept_id, ""),
                _contact(choice.contact),
                choice.primary.name if choice.substituted and choice.primary else "",
                items,
                as_of,
                _routing(choice),
                office,
            )
        )
    notices.sort(key=lambda n: (-len(n.overdue), n.department))
    return notices


@mutating
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
        liaison_name=notice.recipient_name,
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
            add_event(session, sub, "催报", f"{method}催报{who}（{r.status.label}）")
    session.flush()
    return reminder.id
