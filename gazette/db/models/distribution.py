"""Tables of the free distribution (赠阅发行): recipients, their copies over time, and each
issue's frozen distribution with its receipts.

A recipient's current copies live on the row; every change of copies is also appended to
``recipient_copies`` so the history survives. An issue's lines copy the recipient's name and
address at 定稿, so a later edit of the list never rewrites what was mailed.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from gazette.db.base import Base, Timestamped, Versioned, utcnow


class Recipient(Base, Versioned, Timestamped):
    """A 发行对象: one unit at one address, with its copies per issue and validity range."""

    __tablename__ = "recipients"
    __table_args__ = (UniqueConstraint("name", "address"),)
    __mapper_args__ = {"version_id_col": Versioned.version}  # noqa: RUF012
    __audited__ = True

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(128))
    category: Mapped[str] = mapped_column(
        String(16)
    )  # 机关 / 人大政协 / 档案馆 / 图书馆 / 查阅点 / 其他
    address: Mapped[str] = mapped_column(String(255), default="")
    postcode: Mapped[str] = mapped_column(String(6), default="")
    contact: Mapped[str] = mapped_column(String(64), default="")
    phone: Mapped[str] = mapped_column(String(32), default="")
    method: Mapped[str] = mapped_column(String(16), default="邮寄")
    copies: Mapped[int] = mapped_column(Integer, default=1)
    from_issue: Mapped[str] = mapped_column(String(16), default="")  # 2026-03; "" = from the start
    to_issue: Mapped[str] = mapped_column(String(16), default="")  # "" = open-ended
    note: Mapped[str] = mapped_column(Text, default="")
    department_id: Mapped[int | None] = mapped_column(ForeignKey("departments.id"))
    needs_review: Mapped[bool] = mapped_column(Boolean, default=False)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class RecipientCopies(Base):
    """One change of a recipient's copies per issue (append-only history)."""

    __tablename__ = "recipient_copies"

    id: Mapped[int] = mapped_column(primary_key=True)
    recipient_id: Mapped[int] = mapped_column(ForeignKey("recipients.id"), index=True)
    copies: Mapped[int] = mapped_column(Integer)
    by: Mapped[str] = mapped_column(String(64), default="")
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class IssueDistribution(Base, Versioned):
    """An issue's distribution frozen at 定稿: copies to recipients, the reserve, the 印数."""

    __tablename__ = "issue_distributions"
    __mapper_args__ = {"version_id_col": Versioned.version}  # noqa: RUF012
    __audited__ = True

    id: Mapped[int] = mapped_column(primary_key=True)
    issue_id: Mapped[int] = mapped_column(ForeignKey("issues.id"), unique=True)
    recipient_copies: Mapped[int] = mapped_column(Integer)
    reserve: Mapped[int] = mapped_column(Integer)
    print_run: Mapped[int] = mapped_column(Integer)  # the 印数 printed in the colophon
    override_reason: Mapped[str] = mapped_column(Text, default="")
    frozen_by: Mapped[str] = mapped_column(String(64), default="")
    frozen_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class DistributionLine(Base, Versioned):
    """One recipient's copies of one issue, as frozen, and whether they arrived."""

    __tablename__ = "distribution_lines"
    __table_args__ = (UniqueConstraint("issue_id", "recipient_id"),)
    __mapper_args__ = {"version_id_col": Versioned.version}  # noqa: RUF012
    __audited__ = True

    id: Mapped[int] = mapped_column(primary_key=True)
    issue_id: Mapped[int] = mapped_column(ForeignKey("issues.id"), index=True)
    recipient_id: Mapped[int] = mapped_column(ForeignKey("recipients.id"), index=True)
    name: Mapped[str] = mapped_column(String(128))
    category: Mapped[str] = mapped_column(String(16))
    address: Mapped[str] = mapped_column(String(255), default="")
    postcode: Mapped[str] = mapped_column(String(6), default="")
    contact: Mapped[str] = mapped_column(String(64), default="")
    phone: Mapped[str] = mapped_column(String(32), default="")
    method: Mapped[str] = mapped_column(String(16), default="邮寄")
    copies: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16), default="pending")  # pending/received/returned
    reason: Mapped[str] = mapped_column(Text, default="")
    marked_by: Mapped[str] = mapped_column(String(64), default="")
    marked_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
