"""Read side of the desk: plain rows for tables, the CLI and reports (never live ORM objects).

One column-only SELECT over documents ⟕ submissions ⟕ departments, then statuses computed in
Python with the cached ``StatusCalculator``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from gazette.calendar.store import load_calendar
from gazette.db.models import (
    Department,
    Document,
    DocumentFile,
    Reminder,
    ReminderItem,
    Submission,
    SubmissionEvent,
)
from gazette.office.audit_words import local_time
from gazette.submissions.status import StatusCalculator
from gazette.vocab import SubmissionStatus


@dataclass(slots=True)
class DeskRow:
    document_id: int
    department_id: int
    department: str
    title: str
    doc_number: str
    issued_on: dt.date
    received_on: dt.date | None
    channel: str
    disclosure: str
    is_normative: bool
    expected: bool
    liaison_name: str
    decision: str
    decision_reason: str
    reminders: int
    deadline: dt.date | None = None
    status: SubmissionStatus = SubmissionStatus.PENDING  # set from the calculator
    days: int | None = None
    version: int = 0  # the submission's version, which an edit of this row saves against
    returned_on: dt.date | None = None  # a 退文 awaiting its resubmission
    return_reason: str = ""
    returns: int = 0  # how many times the desk returned it
    needs_interpretation: bool = False
    interpretation_complete: bool = False
    interpretation_on_time: bool | None = None  # on the portal within 3 working days; None: unknown


@dataclass
class Desk:
    as_of: dt.date
    rows: list[DeskRow]
    missing_years: set[int]


def desk(
    session: Session,
    as_of: dt.date,
    calculator: StatusCalculator | None = None,
    *,
    issued_from: dt.date | None = None,
    issued_to: dt.date | None = None,
) -> Desk:
    """Every tracked, current document with its status as of ``as_of``."""
    calc = calculator or StatusCalculator(load_calendar(session))
    reminded = dict(
        session.execute(
            select(ReminderItem.document_id, func.count()).group_by(ReminderItem.document_id)
        ).all()
    )
    stmt = (
        select(
            Document.id,
            Document.department_id,
            Department.name,
            Document.title,
            Document.doc_number,
            Document.issued_on,
            Submission.received_on,
            Submission.channel,
            Document.disclosure,
            Document.is_normative,
            Submission.expected,
            Submission.liaison_name,
            Submission.decision,
            Submission.decision_reason,
            Submission.version,
            Submission.returned_on,
            Submission.return_reason,
            Submission.returns,
        )
        .join(Department, Department.id == Document.department_id)
        .join(Submission, Submission.document_id == Document.id, isouter=True)
        .where(Document.historical.is_(False), Document.issued_on.is_not(None))
    )  # no ORDER BY: SQLite sorting the joined rows costs seconds at 100k; Python sorts below
    if issued_from is not None:
        stmt = stmt.where(Document.issued_on >= issued_from)
    if issued_to is not None:
        stmt = stmt.where(Document.issued_on <= issued_to)
    rows: list[DeskRow] = []
    status = calc.status
    # Core execution on the session's connection: plain rows, without the ORM loading layer
    for (
        document_id,
        department_id,
        department,
        title,
        doc_number,
        issued_on,
        received_on,
        channel,
        disclosure,
        is_normative,
        expected,
        liaison_name,
        decision,
        decision_reason,
        version,
        returned_on,
        return_reason,
        returns,
    ) in session.connection().execute(stmt):  # columns in the SELECT's order above
        assert issued_on is not None and department_id is not None  # filtered and joined above
        res = status(issued_on, received_on, as_of)
        rows.append(
            DeskRow(
                document_id=document_id,
                department_id=department_id,
                department=department,
                title=title,
                doc_number=doc_number or "",
                issued_on=issued_on,
                received_on=received_on,
                channel=channel or "",
                disclosure=disclosure or "",
                is_normative=bool(is_normative),
                expected=bool(expected),
                liaison_name=liaison_name or "",
                decision=decision or "",
                decision_reason=decision_reason or "",
                reminders=reminded.get(document_id, 0),
                deadline=res.deadline,
                status=res.status,
                days=res.days,
                version=version or 0,
                returned_on=returned_on,
                return_reason=return_reason or "",
                returns=returns or 0,
            )
        )
    rows.sort(key=lambda row: (row.issued_on, row.document_id), reverse=True)
    from gazette.submissions.interpretation import annotate  # it reads this module's rows

    annotate(session, rows, calc)
    return Desk(as_of, rows, set(calc.missing_years))


@dataclass(frozen=True)
class HistoryLine:
    at: dt.datetime
    actor: str
    kind: str
    detail: str


@dataclass(frozen=True)
class Detail:
    document_id: int
    title: str
    doc_number: str
    files: list[tuple[str, str]]  # (name, sha256)
    history: list[HistoryLine]
    flags: tuple[str, ...] = ()  # why the desk would return it now, and a 公开属性 mismatch


def detail(session: Session, document_id: int) -> Detail:
    """History (registration, arrival, reminders, decisions) and attachments of one document."""
    doc = session.get(Document, document_id)
    if doc is None:
        raise LookupError(f"文件（编号 {document_id}）不存在")
    files = [
        (n, s)
        for n, s in session.execute(
            select(DocumentFile.name, DocumentFile.sha256).where(
                DocumentFile.document_id == document_id
            )
        )
    ]
    # the trail stores UTC; the desk reads the office's own clock, as the audit log does
    lines = [
        HistoryLine(local_time(at), actor, kind, text)
        for at, actor, kind, text in session.execute(
            select(
                SubmissionEvent.at,
                SubmissionEvent.actor,
                SubmissionEvent.kind,
                SubmissionEvent.detail,
            )
            .join(Submission, Submission.id == SubmissionEvent.submission_id)
            .where(Submission.document_id == document_id)
        )
    ]
    for at, by, name, role, method in session.execute(
        select(
            Reminder.sent_at,
            Reminder.sent_by,
            Reminder.liaison_name,
            Reminder.liaison_role,
            Reminder.method,
        )
        .join(ReminderItem, ReminderItem.reminder_id == Reminder.id)
        .where(ReminderItem.document_id == document_id)
    ):
        who = "备用联络员" if role == "alternate" else "联络员"
        said = f"向{who}{name}催报（{method or '未注明方式'}）"
        lines.append(HistoryLine(local_time(at), by, "催报", said))
    lines.sort(key=lambda h: h.at)
    from gazette.submissions.interpretation import return_reasons, text_mismatch

    flags = [f"应退文：{r}" for r in return_reasons(session, doc)]
    flags += [m for m in [text_mismatch(doc)] if m]
    return Detail(document_id, doc.title, doc.doc_number or "", files, lines, tuple(flags))


def departments(session: Session) -> list[tuple[int, str]]:
    """(id, name) of active departments, for filters and the form."""
    return list(
        session.execute(
            select(Department.id, Department.name)
            .where(Department.active.is_(True))
            .order_by(Department.name)
        )
    )


def departments_with_codes(session: Session) -> list[tuple[int, str, list[str]]]:
    """(id, name, issuer codes) of active departments: the desk's filter and the form, which
    warns when a document number carries another department's code."""
    return [
        (dept_id, name, list(codes or []))
        for dept_id, name, codes in session.execute(
            select(Department.id, Department.name, Department.issuer_codes)
            .where(Department.active.is_(True))
            .order_by(Department.name)
        )
    ]
