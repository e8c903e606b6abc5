"""Tables of the submissions desk (报送台账): one submission record per tracked document,
its history, reminders sent to liaison officers, and which documents each reminder named.

The document itself (title, 发文字号, 印发日期, 公开属性, 是否规范性文件, department) is the
shared ``Document``; these tables only add what tracking needs.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from gazette.db.base import Base, Timestamped, Versioned, utcnow
from gazette.db.models.core import Document


class Submission(Base, Versioned, Timestamped):
    """How and when a document reached the gazette office, and the editor's decision on it.

    ``received_on`` is empty while the document is awaited (an expected document registered
    from a department's published list, or any document not yet sent).
    """

    __tablename__ = "submissions"
    __mapper_args__ = {"version_id_col": Versioned.version}  # noqa: RUF012
    __audited__ = True

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"), unique=True)
    received_on: Mapped[dt.date | None] = mapped_column(Date, index=True)
    channel: Mapped[str] = mapped_column(String(16), default="")  # 纸质 / 电子邮件 / 公文交换系统
    liaison_name: Mapped[str] = mapped_column(String(64), default="")
    expected: Mapped[bool] = mapped_column(Boolean, default=False)  # registered before arrival
    decision: Mapped[str | None] = mapped_column(String(8))  # 选登 / 不予选登
    decision_reason: Mapped[str] = mapped_column(Text, default="")
    decided_by: Mapped[str] = mapped_column(String(64), default="")
    decided_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    # a 退文 waiting for resubmission: when and why (cleared when a complete one arrives)
    returned_on: Mapped[dt.date | None] = mapped_column(Date)
    return_reason: Mapped[str] = mapped_column(Text, default="", server_default="")
    returns: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # the dates the department reports: the document, and its interpretation, on the portal
    portal_doc_on: Mapped[dt.date | None] = mapped_column(Date)
    portal_interp_on: Mapped[dt.date | None] = mapped_column(Date)

    document: Mapped[Document] = relationship()
    events: Mapped[list[SubmissionEvent]] = relationship(
        back_populates="submission", cascade="all, delete-orphan", order_by="SubmissionEvent.id"
    )


class SubmissionEvent(Base):
    """One line of a submission's history: registered, arrived, reminded, decided … Append-only."""

    __tablename__ = "submission_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("submissions.id"), index=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    actor: Mapped[str] = mapped_column(String(64), default="")
    kind: Mapped[str] = mapped_column(String(16))
    detail: Mapped[str] = mapped_column(Text, default="")

    submission: Mapped[Submission] = relationship(back_populates="events")


class Reminder(Base):
    """A reminder (催报) sent to one liaison officer about one or more awaited documents."""

    __tablename__ = "reminders"

    id: Mapped[int] = mapped_column(primary_key=True)
    department_id: Mapped[int] = mapped_column(ForeignKey("departments.id"), index=True)
    liaison_id: Mapped[int | None] = mapped_column(ForeignKey("liaisons.id"))
    liaison_name: Mapped[str] = mapped_column(String(64))
    liaison_role: Mapped[str] = mapped_column(String(16))  # primary / alternate
    as_of: Mapped[dt.date] = mapped_column(Date)
    method: Mapped[str] = mapped_column(String(16), default="")  # 电话 / 短信 / 邮件 / 函件
    sent_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    sent_by: Mapped[str] = mapped_column(String(64), default="")
    text: Mapped[str] = mapped_column(Text, default="")

    items: Mapped[list[ReminderItem]] = relationship(
        back_populates="reminder", cascade="all, delete-orphan"
    )


class ReminderItem(Base):
    """A document named in a reminder."""

    __tablename__ = "reminder_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    reminder_id: Mapped[int] = mapped_column(ForeignKey("reminders.id"), index=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"), index=True)
    status: Mapped[str] = mapped_column(String(8), default="")
    days_overdue: Mapped[int | None] = mapped_column(Integer)

    reminder: Mapped[Reminder] = relationship(back_populates="items")
