"""Periods when a liaison officer (or alternate) is away, so reminders go to whoever is in.

Kept in the database, not in one editor's window, so every client on a shared database and the
command line choose the same person.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, DateTime, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from gazette.db.base import Base, Versioned, utcnow


class LiaisonAbsence(Base, Versioned):
    """One absence of one liaison period's holder: first and last day (open when unknown)."""

    __tablename__ = "liaison_absences"
    __mapper_args__ = {"version_id_col": Versioned.version}  # noqa: RUF012
    __audited__ = True

    id: Mapped[int] = mapped_column(primary_key=True)
    liaison_id: Mapped[int] = mapped_column(ForeignKey("liaisons.id"), index=True)
    starts_on: Mapped[dt.date] = mapped_column(Date)
    ends_on: Mapped[dt.date | None] = mapped_column(Date)  # last day away; None = not yet known
    reason: Mapped[str] = mapped_column(String(8))  # 出差 / 休假 / 病假 / 其他
    note: Mapped[str] = mapped_column(String(255), default="")
    recorded_by: Mapped[str] = mapped_column(String(64), default="")
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
