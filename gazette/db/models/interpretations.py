"""Tables of the open-government rules: interpretation materials, the 依申请公开 register, and
each department's reply to the November self-check (年度自查).

The link between a 政策解读 and its document is a ``DocumentLink`` with relation 解读.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Date, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from gazette.db.base import Base, utcnow


class InterpretationMaterial(Base):
    """A 解读方案 or 解读材料 submitted with a document: its form, arrival date and file."""

    __tablename__ = "interpretation_materials"
    __audited__ = True

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"), index=True)
    material: Mapped[str] = mapped_column(String(8))  # 解读方案 / 解读材料
    form: Mapped[str] = mapped_column(String(8), default="文字")  # 文字 / 图解 / 音视频 / 问答
    received_on: Mapped[dt.date] = mapped_column(Date)
    sha256: Mapped[str | None] = mapped_column(ForeignKey("stored_files.sha256"))
    name: Mapped[str] = mapped_column(String(255), default="")
    recorded_by: Mapped[str] = mapped_column(String(64), default="")
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class DisclosureRequest(Base):
    """One line of the office's 依申请公开 register: when, what, and which document it asked for."""

    __tablename__ = "disclosure_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    applied_on: Mapped[dt.date] = mapped_column(Date, index=True)
    content: Mapped[str] = mapped_column(Text, default="")
    document_ref: Mapped[str] = mapped_column(String(128), default="")  # as the register wrote it
    document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"), index=True)


class SelfCheckReply(Base):
    """A department's 自查整改情况 for a year: when it replied, what it found, what it opened."""

    __tablename__ = "self_check_replies"
    __table_args__ = (UniqueConstraint("department_id", "year"),)
    __audited__ = True

    id: Mapped[int] = mapped_column(primary_key=True)
    department_id: Mapped[int] = mapped_column(ForeignKey("departments.id"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    replied_on: Mapped[dt.date] = mapped_column(Date)
    result: Mapped[str] = mapped_column(Text, default="")
    opened: Mapped[list[Any]] = mapped_column(JSON, default=list)  # document ids made 公开
    recorded_by: Mapped[str] = mapped_column(String(64), default="")
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
