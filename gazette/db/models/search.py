"""Saved searches and search history of the 查阅 screen (per user, shared with the office DB).

The index itself (``search_docs``, ``fts_search``) is raw SQL per database, see gazette.search.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, DateTime, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from gazette.db.base import Base, Timestamped, Versioned, utcnow


class SavedQuery(Base, Versioned, Timestamped):
    """A search a user named to run again: the text and the filters."""

    __tablename__ = "saved_queries"
    __mapper_args__ = {"version_id_col": Versioned.version}  # noqa: RUF012
    __audited__ = True

    id: Mapped[int] = mapped_column(primary_key=True)
    owner: Mapped[str] = mapped_column(String(64), index=True)
    name: Mapped[str] = mapped_column(String(128))
    query: Mapped[str] = mapped_column(Text, default="")
    filters: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class QueryHistory(Base):
    """One search a user ran, newest last; the screen offers the recent distinct ones."""

    __tablename__ = "query_history"

    id: Mapped[int] = mapped_column(primary_key=True)
    owner: Mapped[str] = mapped_column(String(64), index=True)
    query: Mapped[str] = mapped_column(Text, default="")
    filters: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    total: Mapped[int] = mapped_column(Integer, default=0)
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, index=True)
