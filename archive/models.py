"""Tables only digitisation needs, linked to the gazette's own Issue, Document and StoredFile.

A historical issue is a gazette ``Issue`` (``historical=True``); ``ArchiveEntry`` is its row in the
backlog register: workflow state, where the original is, who works on it, the cover check.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, configure_mappers, mapped_column, relationship

from gazette.db.base import Base, Timestamped, Versioned, utcnow
from gazette.db.models import Issue


class ArchiveEntry(Base, Versioned, Timestamped):
    """One historical issue in the backlog: its workflow state and where its original is."""

    __tablename__ = "archive_entries"
    __mapper_args__ = {"version_id_col": Versioned.version}  # noqa: RUF012
    __audited__ = True

    id: Mapped[int] = mapped_column(primary_key=True)
    issue_id: Mapped[int] = mapped_column(ForeignKey("issues.id"), unique=True)
    state: Mapped[str] = mapped_column(String(16), default="to_locate", index=True)
    location: Mapped[str] = mapped_column(String(255), default="")  # 馆藏位置 / 来源
    box: Mapped[str] = mapped_column(String(64), default="")  # 档案盒
    assignee: Mapped[str | None] = mapped_column(String(64), index=True)
    missing: Mapped[bool] = mapped_column(Boolean, default=False)  # 缺期
    searched_where: Mapped[str] = mapped_column(Text, default="")
    state_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    state_by: Mapped[str] = mapped_column(String(64), default="")
    # what the cover says, read by OCR; status: "" / ok / mismatch / resolved
    cover: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    cover_status: Mapped[str] = mapped_column(String(16), default="", index=True)
    catalogue_draft: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON)
    note: Mapped[str] = mapped_column(Text, default="")

    issue: Mapped[Issue] = relationship()


class ArchiveEvent(Base):
    """One workflow step, send-back, assignment or note: who, when, why. Append-only."""

    __tablename__ = "archive_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("archive_entries.id"), index=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, index=True)
    actor: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(16))  # advance / send_back / assign / missing / note
    from_state: Mapped[str] = mapped_column(String(16), default="")
    to_state: Mapped[str] = mapped_column(String(16), default="")
    reason: Mapped[str] = mapped_column(Text, default="")


class ScanFile(Base):
    """An original file as ingested (image or PDF); the bytes live in the file store."""

    __tablename__ = "archive_scan_files"

    id: Mapped[int] = mapped_column(primary_key=True)
    sha256: Mapped[str] = mapped_column(ForeignKey("stored_files.sha256"), unique=True)
    entry_id: Mapped[int | None] = mapped_column(ForeignKey("archive_entries.id"), index=True)
    name: Mapped[str] = mapped_column(String(255))
    kind: Mapped[str] = mapped_column(String(16))  # image / scanned_pdf / digital_pdf
    page_count: Mapped[int] = mapped_column(Integer, default=1)
    ingested_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    ingested_by: Mapped[str] = mapped_column(String(64), default="")


class ScanPage(Base, Versioned):
    """One page of an issue: its image in the store and where its text came from."""

    __tablename__ = "archive_pages"
    __table_args__ = (UniqueConstraint("scan_file_id", "source_index"),)
    __mapper_args__ = {"version_id_col": Versioned.version}  # noqa: RUF012
    __audited__ = True

    id: Mapped[int] = mapped_column(primary_key=True)
    scan_file_id: Mapped[int] = mapped_column(ForeignKey("archive_scan_files.id"), index=True)
    entry_id: Mapped[int | None] = mapped_column(ForeignKey("archive_entries.id"), index=True)
    source_index: Mapped[int] = mapped_column(Integer, default=0)  # page within the file
    page_no: Mapped[int] = mapped_column(Integer, default=1)  # page within the issue
    image_sha256: Mapped[str] = mapped_column(ForeignKey("stored_files.sha256"))
    thumb_sha256: Mapped[str | None] = mapped_column(ForeignKey("stored_files.sha256"))
    width: Mapped[int] = mapped_column(Integer, default=0)
    height: Mapped[int] = mapped_column(Integer, default=0)
    dpi: Mapped[int] = mapped_column(Integer, default=300)
    pdf_text: Mapped[str | None] = mapped_column(Text)  # born-digital text layer, if any
    pdf_text_quality: Mapped[float | None] = mapped_column(Float)
    needs_ocr: Mapped[bool] = mapped_column(Boolean, default=True)
    proofread: Mapped[bool] = mapped_column(Boolean, default=False)


class OcrPage(Base, Versioned):
    """The recognised lines of one page, saved as soon as the page is done (so OCR resumes).

    ``lines`` is a list of ``{"text", "box": [[x, y] × 4], "conf", "chars": [conf…],
    "corrected": text | None}``; proofreading fills ``corrected``.
    """

    __tablename__ = "archive_ocr_pages"
    __mapper_args__ = {"version_id_col": Versioned.version}  # noqa: RUF012
    # machine output, large: not copied into the audit trail; corrections are versioned

    id: Mapped[int] = mapped_column(primary_key=True)
    page_id: Mapped[int] = mapped_column(ForeignKey("archive_pages.id"), unique=True)
    engine: Mapped[str] = mapped_column(String(32))
    lines: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    seconds: Mapped[float] = mapped_column(Float, default=0.0)
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class Plan(Base, Versioned):
    """The digitisation plan: a start, a deadline (three years by default)."""

    __tablename__ = "archive_plans"
    __mapper_args__ = {"version_id_col": Versioned.version}  # noqa: RUF012
    __audited__ = True

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(128), default="历史公报数字化三年计划")
    start: Mapped[dt.date] = mapped_column(Date)
    deadline: Mapped[dt.date] = mapped_column(Date)
    velocity_weeks: Mapped[int] = mapped_column(Integer, default=8)

    targets: Mapped[list[PlanTarget]] = relationship(
        back_populates="plan", cascade="all, delete-orphan", order_by="PlanTarget.quarter"
    )


class PlanTarget(Base, Versioned):
    """How many issues should have passed ``step`` by the end of quarter ``quarter`` (1-based)."""

    __tablename__ = "archive_plan_targets"
    __table_args__ = (UniqueConstraint("plan_id", "quarter", "step"),)
    __mapper_args__ = {"version_id_col": Versioned.version}  # noqa: RUF012
    __audited__ = True

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("archive_plans.id"), index=True)
    quarter: Mapped[int] = mapped_column(Integer)
    step: Mapped[str] = mapped_column(String(16))
    done: Mapped[int] = mapped_column(Integer)  # cumulative

    plan: Mapped[Plan] = relationship(back_populates="targets")


def configure_all() -> None:
    """Configure every mapper of the office's model (gazette's tables and these) now.

    SQLAlchemy configures mappers on first use, from whichever thread gets there first; a
    program with worker threads calls this once before it starts any (see ``ui.app``).
    """
    configure_mappers()
