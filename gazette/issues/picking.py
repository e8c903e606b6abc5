"""Small reads the planning screen needs around an edit: what may still be added, what was saved.

Kept apart from ``planning`` (already near the size limit) so the screen asks the core instead
of writing its own SQL.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from gazette.db.models import Document, IssueItem


@dataclass(frozen=True, slots=True)
class Addable:
    """A current document not yet in the issue, as the 添加文件 dialog lists it."""

    id: int
    doc_number: str | None
    title: str
    kind: str


def addable_documents(session: Session, issue_id: int) -> list[Addable]:
    """Current (not historical) documents not yet placed in ``issue_id``, newest first."""
    placed = select(IssueItem.document_id).where(IssueItem.issue_id == issue_id)
    rows = session.execute(
        select(Document.id, Document.doc_number, Document.title, Document.kind)
        .where(Document.historical.is_(False), Document.id.not_in(placed))
        .order_by(Document.id.desc())
    )
    return [Addable(i, n, t, k) for i, n, t, k in rows]


def item_versions(session: Session, item_ids: Iterable[int]) -> dict[int, int]:
    """The stored version of each item: what the screen saves against after its own drag."""
    ids = list(item_ids)
    if not ids:
        return {}
    rows = session.execute(select(IssueItem.id, IssueItem.version).where(IssueItem.id.in_(ids)))
    return {i: v for i, v in rows}
