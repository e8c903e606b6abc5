"""退文: returning an incomplete submission to its department, and its resubmission.

The 5-working-day clock: the desk's rule is "报送日期 is the date a complete submission
arrived". A return therefore clears the submission's 报送日期 (the first arrival stays in the
history), so the document counts as awaited again, is named in reminder letters, and is on time
only if the complete resubmission arrives within the original deadline. The 通报 counts returns
per department (``Submission.returns``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from gazette.db.models import Department, Document, Liaison, Submission
from gazette.office.auth import require
from gazette.office.conflicts import check_version, flush_guarded
from gazette.submissions.interpretation import OTHER_REASON, return_reasons
from gazette.submissions.register import CHANNELS, SubmissionError, add_event
from gazette.vocab import RESUBMITTED, RETURN_REASONS, RETURNED


@dataclass(frozen=True)
class ReturnNotice:
    """What a 退文通知 letter says: to whom, about which document, why, and when."""

    department: str
    liaison: str
    title: str
    doc_number: str
    issued_on: dt.date | None
    received_on: dt.date | None
    returned_on: dt.date
    reason: str
    office: str = ""


def _submission(session: Session, document_id: int) -> tuple[Document, Submission]:
    doc = session.get(Document, document_id)
    sub = session.scalars(select(Submission).where(Submission.document_id == document_id)).first()
    if doc is None or sub is None:
        raise SubmissionError([("文件", f"文件（编号 {document_id}）不在报送台账中")])
    return doc, sub


def return_submission(
    session: Session,
    document_id: int,
    reason: str,
    detail: str = "",
    on: dt.date | None = None,
    *,
    expected_version: int | None = None,
) -> ReturnNotice:
    """Return a received submission (退文). The caller commits and may print the letter."""
    require(session, "submissions.return")
    doc, sub = _submission(session, document_id)
    if expected_version is not None:
        check_version(session, sub, expected_version)
    label = doc.doc_number or doc.title
    on = on or dt.date.today()
    problems = []
    if reason not in RETURN_REASONS:
        problems.append(("退文理由", f"“{reason}”应为：" + "、".join(RETURN_REASONS)))
    if reason == OTHER_REASON and not detail.strip():
        problems.append(("退文理由", "理由为“其他”时必须写明具体情况"))
    if sub.received_on is None:
        problems.append(("报送日期", f"{label} 尚未收到或已退文，不能退文"))
    elif on < sub.received_on:
        problems.append(("退文日期", f"退文日期 {on} 早于收到日期 {sub.received_on}"))
    if sub.decision == "选登":
        problems.append(("选登决定", f"{label} 已决定选登，请先撤销决定再退文"))
    if problems:
        raise SubmissionError(problems)
    text = reason + (f"：{detail.strip()}" if detail.strip() else "")
    first = sub.received_on
    sub.received_on = None  # 报送日期 is the date a complete submission arrives
    sub.returned_on, sub.return_reason = on, text
    sub.returns = (sub.returns or 0) + 1
    add_event(session, sub, RETURNED, f"{on} 退文（{first}收到）：{text}")
    flush_guarded(session, sub)
    dept = session.get(Department, doc.department_id) if doc.department_id else None
    return ReturnNotice(
        department=dept.name if dept else doc.issuer,
        liaison=sub.liaison_name or _liaison(session, doc.department_id),
        title=doc.title,
        doc_number=doc.doc_number or "",
        issued_on=doc.issued_on,
        received_on=first,
        returned_on=on,
        reason=text,
    )


def resubmit(session: Session, document_id: int, received_on: dt.date, channel: str = "") -> None:
    """Record the complete resubmission of a returned document against the same record.

    Refused while a return reason still holds (the materials are still incomplete)."""
    require(session, "submissions.write")
    doc, sub = _submission(session, document_id)
    label = doc.doc_number or doc.title
    problems = []
    if sub.returned_on is None:
        problems.append(("报送日期", f"{label} 没有待补报的退文"))
    elif received_on < sub.returned_on:
        problems.append(("报送日期", f"重新报送日期 {received_on} 早于退文日期 {sub.returned_on}"))
    if channel and channel not in CHANNELS:
        problems.append(("报送方式", f"“{channel}”应为：" + "、".join(CHANNELS)))
    still = return_reasons(session, doc)
    if still:
        problems.append(("材料", f"{label} 仍{'、'.join(still)}，不能登记为重新报送"))
    if problems:
        raise SubmissionError(problems)
    sub.received_on = received_on
    sub.channel = channel or sub.channel
    sub.returned_on, sub.return_reason = None, ""
    add_event(
        session, sub, RESUBMITTED, f"{received_on}重新报送" + (f"，{channel}" if channel else "")
    )
    flush_guarded(session, sub)


def _liaison(session: Session, department_id: int | None) -> str:
    if department_id is None:
        return ""
    name = session.scalar(
        select(Liaison.name).where(
            Liaison.department_id == department_id,
            Liaison.role == "primary",
            Liaison.ended_on.is_(None),
        )
    )
    return name or ""
