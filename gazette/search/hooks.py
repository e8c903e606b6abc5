"""A step of the unit of work: a catalogued page becomes searchable when its change commits.

Every flush that touches a document, its issue placement, an issue or a section re-indexes the
documents concerned, in the same transaction, so the index never shows what was rolled back.

``install`` registers the step on one database's session factory; ``gazette.context`` does so
when it opens the office's database (as ``gazette.db.audit`` does for the trail). Bulk SQL that
bypasses the ORM is covered by ``gazette search-index rebuild``.
"""

from __future__ import annotations

import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from gazette.db.models import Document, Issue, IssueItem, Section
from gazette.db.steps import listen_once
from gazette.search import service

_PENDING = "_search_pending"
DEFERRED = "search_deferred"  # session.info flag: a bulk load re-indexes once, at its end
_BULK: weakref.WeakSet[Any] = weakref.WeakSet()  # databases in a bulk load (see ``bulk``)


def defer(session: Session) -> None:
    """Skip per-flush indexing in this session; the caller must rebuild the index afterwards
    (the demo does, as its last part). Thousands of small flushes then cost no index work."""
    session.info[DEFERRED] = True


@contextmanager
def bulk(db: Any) -> Iterator[None]:
    """Skip per-flush indexing in every session of ``db`` meanwhile; the caller rebuilds the
    index before it ends (the demo's last part does)."""
    _BULK.add(db)
    try:
        yield
    finally:
        _BULK.discard(db)


def _collect(session: Session, _ctx: Any) -> None:
    ids: set[int] = session.info.setdefault(_PENDING, set())
    issues: set[int] = set()
    sections: set[int] = set()
    for obj in (*session.new, *session.dirty, *session.deleted):
        if isinstance(obj, Document) and obj.id is not None:
            ids.add(obj.id)
        elif isinstance(obj, IssueItem) and obj.document_id is not None:
            ids.add(obj.document_id)
        elif isinstance(obj, Issue) and obj.id is not None:
            issues.add(obj.id)
        elif isinstance(obj, Section) and obj.id is not None:
            sections.add(obj.id)
    if issues or sections:
        q = select(IssueItem.document_id).where(
            IssueItem.issue_id.in_(issues) | IssueItem.section_id.in_(sections)
        )
        ids.update(session.connection().execute(q).scalars())


def _after_flush(session: Session, ctx: Any) -> None:
    # objects flushed as new got their ids during this flush; collect them now
    if session.info.get(DEFERRED) or session.info.get("db") in _BULK:
        return
    _collect(session, ctx)


def _postexec(session: Session, _ctx: Any) -> None:
    ids = session.info.pop(_PENDING, None)
    if not ids or session.info.get(DEFERRED) or session.info.get("db") in _BULK:
        return
    service.reindex(session.connection(), sorted(ids))


def install(session_factory: sessionmaker[Session]) -> None:
    """Make indexing a step of every unit of work of this session factory (idempotent)."""
    listen_once(session_factory, {"after_flush": _after_flush, "after_flush_postexec": _postexec})
