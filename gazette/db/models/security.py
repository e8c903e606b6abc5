"""Leases on long jobs, so two people never run the same issue build or OCR batch at once."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, String
from sqlalchemy.orm import Mapped, mapped_column

from gazette.db.base import Base, utcnow


class JobLease(Base):
    __tablename__ = "job_leases"

    resource: Mapped[str] = mapped_column(String(128), primary_key=True)  # e.g. issue-build:12
    holder: Mapped[str] = mapped_column(String(128))  # user@host:pid
    acquired_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime)
