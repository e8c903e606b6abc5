"""Reading documents into index rows, and writing them to whichever index the database has."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from typing import Any

from sqlalchemy import Connection, func, select

from gazette.db.models import Document, Issue, IssueItem, Section
from gazette.progress import Reporter
from gazette.search.model import IndexRow, sort_key
from gazette.search.tokenise import searchable_text
from gazette.texts.model import DocumentText

_exists: dict[int, bool] = {}


def index_for(dialect: str) -> Any:
    """The index implementation for a dialect name (sqlite / postgresql)."""
    if dialect == "sqlite":
        from gazette.search.index_sqlite import SqliteIndex

        return SqliteIndex()
    from gazette.search.index_pg import PgIndex

    return PgIndex()


def available(conn: Connection) -> bool:
    """Whether the index tables exist (cached per engine once found)."""
    engine_id = id(conn.engine)
    if not _exists.get(engine_id):
        _exists[engine_id] = bool(index_for(conn.dialect.name).exists(conn))
    return _exists[engine_id]


def _first_items() -> Any:
    return (
        select(IssueItem.document_id, func.min(IssueItem.id).label("item_id"))
        .group_by(IssueItem.document_id)
        .subquery()
    )


def _select(doc_ids: Sequence[int] | None) -> Any:
    first = _first_items()
    q = (
        select(
            Document.id,
            Document.title,
            Document.doc_number,
            Document.body_text,
            Document.structure,
            Document.issuer,
            Document.kind,
            Document.disclosure,
            Document.validity,
            Document.issued_on,
            Document.historical,
            IssueItem.issue_id,
            Issue.year,
            Issue.number,
            Issue.published_on,
            IssueItem.page_start,
            Section.name,
        )
        .outerjoin(first, first.c.document_id == Document.id)
        .outerjoin(IssueItem, IssueItem.id == first.c.item_id)
        .outerjoin(Issue, Issue.id == IssueItem.issue_id)
        .outerjoin(Section, Section.id == IssueItem.section_id)
        .order_by(Document.id)
    )
    if doc_ids is not None:
        q = q.where(Document.id.in_(doc_ids))
    return q


def _row(r: Any) -> IndexRow:
    (doc_id, title, docno, body, structure, issuer, kind, disclosure, validity, issued_on) = r[:10]
    historical, issue_id, iyear, inumber, published, page, section = r[10:]
    if not body and structure:
        body = DocumentText.from_json(structure).plain_text()
    body = body or ""
    text = searchable_text(title or "", docno, body)
    day: dt.date | None = published or issued_on or (dt.date(iyear, 1, 1) if iyear else None)
    year = iyear or (issued_on.year if issued_on else None)
    return IndexRow(
        doc_id=doc_id,
        key=sort_key(day, doc_id),
        title=title or "",
        text=text,
        year=year,
        issue_id=issue_id,
        issue_year=iyear,
        issue_number=inumber,
        page=page,
        section=section,
        issuer=issuer or "",
        kind=kind or "",
        disclosure=disclosure,
        validity=validity or "",
        issued_on=issued_on,
        historical=bool(historical),
        doc_number=docno,
    )


def rows(conn: Connection, doc_ids: Sequence[int] | None = None) -> Iterator[IndexRow]:
    for r in conn.execute(_select(doc_ids)).yield_per(500):
        yield _row(r)


def reindex(conn: Connection, doc_ids: Sequence[int]) -> None:
    """Bring these documents' index rows up to date (deleted documents leave the index)."""
    if not doc_ids or not available(conn):
        return
    index = index_for(conn.dialect.name)
    found = list(rows(conn, doc_ids))
    gone = set(doc_ids) - {r.doc_id for r in found}
    if gone:
        index.delete(conn, sorted(gone))
    index.upsert(conn, found)


def rebuild(conn: Connection, reporter: Reporter | None = None, batch: int = 1000) -> int:
    """Drop and refill the whole index from the documents; returns the number indexed."""
    reporter = reporter or Reporter()
    index = index_for(conn.dialect.name)
    index.drop(conn)
    index.create(conn)
    _exists[id(conn.engine)] = True
    total = int(conn.execute(select(func.count()).select_from(Document)).scalar_one())
    reporter.step(0, total, "重建检索索引")

    def step(done: int) -> None:
        reporter.step(done, total, f"重建检索索引：{done}/{total}")

    load = getattr(index, "bulk_load", None)
    if load is not None:  # PostgreSQL: lists built in memory, COPY, indexes after the load
        done = int(load(conn, rows(conn), step))
        reporter.step(done, total, "检索索引已重建")
        return done
    bulk = getattr(index, "bulk_mode", None)
    if bulk:
        bulk(conn, True)
    done, chunk = 0, []
    for row in rows(conn):
        chunk.append(row)
        if len(chunk) >= batch:
            index.upsert(conn, chunk)
            done += len(chunk)
            chunk = []
            step(done)
    index.upsert(conn, chunk)
    done += len(chunk)
    if bulk:
        bulk(conn, False)
    reporter.step(done, total, "检索索引已重建")
    return done
