"""Text corrections: every change an editor makes to a document's structured text, kept forever.

The audit log records that ``documents.structure`` changed; this table says which part changed
and how (a title, block 12's kind, a table), so the proofreading history can be read by people.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import BigInteger, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from gazette.db.base import Base, utcnow


class TextCorrection(Base):
    """One correction: who, when, which document, which field or block, before and after."""

    __tablename__ = "text_corrections"

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"), index=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, index=True)
    actor: Mapped[str] = mapped_column(String(64))
    path: Mapped[str] = mapped_column(String(128))  # title / blocks[3].text / appendices[0].title …
    before: Mapped[str | None] = mapped_column(Text)
    after: Mapped[str | None] = mapped_column(Text)
    note: Mapped[str] = mapped_column(String(255), default="")
