"""Tables of the issues wing: built files, proof rounds, advertising overrides, errata, links.

Issues, their items and sections are the shared entities in ``core``; these record what the
editorial work around an issue produces.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from gazette.db.base import Base, Versioned, utcnow


class BuiltFile(Base):
    """A PDF built from an issue, by its SHA-256 in the file store; append-only, old kept.

    kind: print / web / document / proof / volume. An erratum re-release of the e-edition is a
    new row with a higher ``version``; earlier versions stay.
    """

    __tablename__ = "built_files"

    id: Mapped[int] = mapped_column(primary_key=True)
    issue_id: Mapped[int | None] = mapped_column(ForeignKey("issues.id"), index=True)
    year: Mapped[int] = mapped_column(Integer, index=True)
    kind: Mapped[str] = mapped_column(String(16))
    document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"))
    version: Mapped[int] = mapped_column(Integer, default=1)
    name: Mapped[str] = mapped_column(String(255))
    sha256: Mapped[str] = mapped_column(String(64))
    pages: Mapped[int] = mapped_column(Integer)
    size: Mapped[int] = mapped_column(Integer)
    built_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    built_by: Mapped[str] = mapped_column(String(64), default="")
    note: Mapped[str] = mapped_column(Text, default="")


class ProofRound(Base, Versioned):
    """A 校样 round of an issue and its 审签 (who approved it, and when)."""

    __tablename__ = "proof_rounds"
    __table_args__ = (UniqueConstraint("issue_id", "round"),)
    __mapper_args__ = {"version_id_col": Versioned.version}  # noqa: RUF012
    __audited__ = True

    id: Mapped[int] = mapped_column(primary_key=True)
    issue_id: Mapped[int] = mapped_column(ForeignKey("issues.id"), index=True)
    round: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64), default="")
    pages: Mapped[int] = mapped_column(Integer, default=0)
    built_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    signed_by: Mapped[str | None] = mapped_column(String(64))
    signed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    note: Mapped[str] = mapped_column(Text, default="")


class AdOverride(Base):
    """An editor's decision that an advertising-word hit in a document is a false alarm."""

    __tablename__ = "ad_overrides"
    __table_args__ = (UniqueConstraint("issue_id", "document_id", "word"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    issue_id: Mapped[int] = mapped_column(ForeignKey("issues.id"), index=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"))
    word: Mapped[str] = mapped_column(String(64))
    reason: Mapped[str] = mapped_column(Text, default="")
    by: Mapped[str] = mapped_column(String(64))
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class SectionOff(Base):
    """A 栏目 switched off for one issue (no 政策解读 this time): the empty-section rule skips it."""

    __tablename__ = "issue_sections_off"
    __table_args__ = (UniqueConstraint("issue_id", "section_id"),)
    __audited__ = True

    id: Mapped[int] = mapped_column(primary_key=True)
    issue_id: Mapped[int] = mapped_column(ForeignKey("issues.id"), index=True)
    section_id: Mapped[int] = mapped_column(ForeignKey("sections.id"))
    by: Mapped[str] = mapped_column(String(64), default="")
    at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class Erratum(Base, Versioned):
    """A correction to a published document, printed as a 勘误 notice in a later issue."""

    __tablename__ = "errata"
    __mapper_args__ = {"version_id_col": Versioned.version}  # noqa: RUF012
    __audited__ = True

    id: Mapped[int] = mapped_column(primary_key=True)
    issue_id: Mapped[int] = mapped_column(ForeignKey("issues.id"), index=True)  # where it erred
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"))
    location: Mapped[str] = mapped_column(String(128))  # 第5页第3段
    wrong: Mapped[str] = mapped_column(Text)
    right: Mapped[str] = mapped_column(Text)
    reason: Mapped[str] = mapped_column(Text, default="", server_default="")
    notice_issue_id: Mapped[int | None] = mapped_column(ForeignKey("issues.id"))
    recorded_by: Mapped[str] = mapped_column(String(64))
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    rereleased_version: Mapped[int | None] = mapped_column(Integer)


class DocumentLink(Base):
    """Document ``source`` amends / repeals / replaces document ``target`` (validity lookup)."""

    __tablename__ = "document_links"
    __table_args__ = (UniqueConstraint("source_id", "target_id", "relation"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("documents.id"), index=True)
    target_id: Mapped[int] = mapped_column(ForeignKey("documents.id"), index=True)
    relation: Mapped[str] = mapped_column(String(8))  # 修改 / 废止 / 替代
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
