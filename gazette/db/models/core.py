"""The shared entities: people, settings, calendar, departments, documents, issues, files, audit.

One gazette, one model: a historical issue is an ``Issue`` with ``historical=True`` and its
catalogued articles are ``Document`` rows with ``historical=True``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from gazette.db.base import Base, Timestamped, Versioned, utcnow


class User(Base, Versioned, Timestamped):
    __tablename__ = "users"
    __mapper_args__ = {"version_id_col": Versioned.version}  # noqa: RUF012
    __audited__ = True

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(64))
    role: Mapped[str] = mapped_column(String(16))  # admin / editor / clerk / archivist / reader
    password_hash: Mapped[str | None] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class Setting(Base, Versioned):
    """Office-wide settings (gazette name, publisher, frequency, file store…), shared by clients."""

    __tablename__ = "settings"
    __mapper_args__ = {"version_id_col": Versioned.version}  # noqa: RUF012
    __audited__ = True

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[Any] = mapped_column(JSON)


class AuditEntry(Base):
    """One change to one record: who, when, what, old and new values. Append-only."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, index=True)
    actor: Mapped[str] = mapped_column(String(64), index=True)
    action: Mapped[str] = mapped_column(String(8))  # create / update / delete
    table_name: Mapped[str] = mapped_column(String(64), index=True)
    record_id: Mapped[str] = mapped_column(String(64))
    changes: Mapped[dict[str, Any]] = mapped_column(JSON)


class CalendarYear(Base, Versioned):
    """A year whose working days are known, and from which source."""

    __tablename__ = "calendar_years"
    __mapper_args__ = {"version_id_col": Versioned.version}  # noqa: RUF012
    __audited__ = True

    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    source: Mapped[str] = mapped_column(String(255))
    papers: Mapped[list[str]] = mapped_column(JSON, default=list)
    imported_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class HolidayOverride(Base, Versioned):
    """A day whose status overrides the library: a holiday, or a 调休 working weekend."""

    __tablename__ = "holiday_overrides"
    __mapper_args__ = {"version_id_col": Versioned.version}  # noqa: RUF012
    __audited__ = True

    day: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    is_workday: Mapped[bool] = mapped_column(Boolean)
    name: Mapped[str] = mapped_column(String(64), default="")
    notice: Mapped[str] = mapped_column(String(255), default="")


class Department(Base, Versioned, Timestamped):
    __tablename__ = "departments"
    __mapper_args__ = {"version_id_col": Versioned.version}  # noqa: RUF012
    __audited__ = True

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(128), unique=True)
    short_name: Mapped[str] = mapped_column(String(64), default="")
    issuer_codes: Mapped[list[str]] = mapped_column(JSON, default=list)
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    liaisons: Mapped[list[Liaison]] = relationship(
        back_populates="department", cascade="all, delete-orphan", order_by="Liaison.id"
    )


class Liaison(Base, Versioned):
    """A person holding the liaison (primary) or alternate role for a department, for a time.

    The current holder has ``ended_on`` empty; earlier holders form the history.
    """

    __tablename__ = "liaisons"
    __mapper_args__ = {"version_id_col": Versioned.version}  # noqa: RUF012
    __audited__ = True

    id: Mapped[int] = mapped_column(primary_key=True)
    department_id: Mapped[int] = mapped_column(ForeignKey("departments.id"), index=True)
    role: Mapped[str] = mapped_column(String(16))  # primary / alternate
    name: Mapped[str] = mapped_column(String(64))
    post: Mapped[str] = mapped_column(String(64), default="")
    office_phone: Mapped[str] = mapped_column(String(32), default="")
    mobile: Mapped[str] = mapped_column(String(32), default="")
    email: Mapped[str] = mapped_column(String(128), default="")
    started_on: Mapped[dt.date] = mapped_column(Date)
    ended_on: Mapped[dt.date | None] = mapped_column(Date)

    department: Mapped[Department] = relationship(back_populates="liaisons")


class StoredFile(Base):
    """A file in the content-addressed store, by SHA-256; stored once, never modified."""

    __tablename__ = "stored_files"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    size: Mapped[int] = mapped_column(BigInteger)
    original_name: Mapped[str] = mapped_column(String(255))
    media_type: Mapped[str] = mapped_column(String(128), default="application/octet-stream")
    stored_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class Document(Base, Versioned, Timestamped):
    """A document the gazette tracks or carries: current or historical, 公文 or not.

    ``kind`` is 公文 for official documents; items public by nature carry their type
    (政策解读, 人事任免, 公告 …). ``structure`` is the structured text (title, headings, body,
    tables, signature, date, disclosure line) that layout, search and the site all read.
    """

    __tablename__ = "documents"
    __mapper_args__ = {"version_id_col": Versioned.version}  # noqa: RUF012
    __audited__ = True

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16), default="公文")
    title: Mapped[str] = mapped_column(Text)
    doc_number: Mapped[str | None] = mapped_column(String(64), index=True)
    issuer_code: Mapped[str | None] = mapped_column(String(32))
    doc_year: Mapped[int | None] = mapped_column(Integer)
    doc_serial: Mapped[int | None] = mapped_column(Integer)
    issuer: Mapped[str] = mapped_column(String(128), default="")
    department_id: Mapped[int | None] = mapped_column(ForeignKey("departments.id"), index=True)
    issued_on: Mapped[dt.date | None] = mapped_column(Date, index=True)
    disclosure: Mapped[str | None] = mapped_column(String(16))
    is_normative: Mapped[bool] = mapped_column(Boolean, default=False)
    validity: Mapped[str] = mapped_column(String(8), default="有效")  # 有效 / 失效 / 废止
    historical: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    body_text: Mapped[str] = mapped_column(Text, default="")
    structure: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    note: Mapped[str] = mapped_column(Text, default="")
    # 政府信息公开 metadata, suggested at selection and confirmed by the editor
    topic: Mapped[str | None] = mapped_column(String(32))  # 主题分类 (gazette.vocab.TOPICS)
    index_no: Mapped[str | None] = mapped_column(String(32))  # 索引号
    publishing_org: Mapped[str | None] = mapped_column(String(128))  # 发布机构
    # for 依申请公开 / 部分公开 / 不予公开: the legal basis and reason the drafter states
    disclosure_basis: Mapped[str] = mapped_column(Text, default="", server_default="")
    disclosure_reason: Mapped[str] = mapped_column(Text, default="", server_default="")
    # the editor's mark: True needs a 政策解读, False does not, None follows the office rule
    needs_interpretation: Mapped[bool | None] = mapped_column(Boolean)

    department: Mapped[Department | None] = relationship()
    files: Mapped[list[DocumentFile]] = relationship(
        back_populates="document", cascade="all, delete-orphan"
    )


class DocumentFile(Base):
    """A stored file attached to a document (its source, an attachment, a per-document PDF)."""

    __tablename__ = "document_files"

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"), index=True)
    sha256: Mapped[str] = mapped_column(ForeignKey("stored_files.sha256"))
    role: Mapped[str] = mapped_column(String(16), default="source")
    name: Mapped[str] = mapped_column(String(255))

    document: Mapped[Document] = relationship(back_populates="files")
    stored: Mapped[StoredFile] = relationship()


class Section(Base, Versioned):
    """A 栏目 of the gazette, in display order."""

    __tablename__ = "sections"
    __mapper_args__ = {"version_id_col": Versioned.version}  # noqa: RUF012
    __audited__ = True

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class Issue(Base, Versioned, Timestamped):
    """An issue of the gazette, current or historical (the same entity)."""

    __tablename__ = "issues"
    __table_args__ = (UniqueConstraint("year", "number", "supplement"),)
    __mapper_args__ = {"version_id_col": Versioned.version}  # noqa: RUF012
    __audited__ = True

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(Integer, index=True)
    number: Mapped[int] = mapped_column(Integer)
    supplement: Mapped[int] = mapped_column(Integer, default=0)  # 增刊 n; 0 = a regular issue
    serial: Mapped[int | None] = mapped_column(Integer, index=True)  # 总第N期
    published_on: Mapped[dt.date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16), default="planning")
    historical: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    note: Mapped[str] = mapped_column(Text, default="")

    items: Mapped[list[IssueItem]] = relationship(
        back_populates="issue", cascade="all, delete-orphan", order_by="IssueItem.position"
    )


class IssueItem(Base, Versioned):
    """A document placed in an issue's section, in order, with its pages once laid out."""

    __tablename__ = "issue_items"
    __table_args__ = (UniqueConstraint("issue_id", "document_id"),)
    __mapper_args__ = {"version_id_col": Versioned.version}  # noqa: RUF012
    __audited__ = True

    id: Mapped[int] = mapped_column(primary_key=True)
    issue_id: Mapped[int] = mapped_column(ForeignKey("issues.id"), index=True)
    section_id: Mapped[int | None] = mapped_column(ForeignKey("sections.id"))
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    page_start: Mapped[int | None] = mapped_column(Integer)
    page_end: Mapped[int | None] = mapped_column(Integer)

    issue: Mapped[Issue] = relationship(back_populates="items")
    section: Mapped[Section | None] = relationship()
    document: Mapped[Document] = relationship()
