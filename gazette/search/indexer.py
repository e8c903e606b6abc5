"""Reading documents into index rows, and writing them to whichever index the database has."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager
from typing import Any

from sqlalchemy import Connection, Engine, func, select, text

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
    start = resume_point(conn)
    if start is not None:  # an unfinished rebuild indexes these when it reaches them
        doc_ids = [d for d in doc_ids if d < start]
        if not doc_ids:
            return
    found = list(rows(conn, doc_ids))
    gone = set(doc_ids) - {r.doc_id for r in found}
    if gone:
        index.delete(conn, sorted(gone))
    index.upsert(conn, found)


def resume_point(conn: Connection) -> int | None:
    """The id an interrupted rebuild resumes from, or None when no rebuild is unfinished.
    The ``search_rebuild`` table (migration 0520) holds one row while a rebuild is unfinished;
    before that migration has run (a migration rebuilding the index) there is no such table."""
    if conn.dialect.name == "sqlite":
        found = conn.exec_driver_sql(
            "SELECT 1 FROM sqlite_master WHERE name = 'search_rebuild'"
        ).first()
    else:
        found = conn.exec_driver_sql("SELECT to_regclass('search_rebuild')").scalar()
    if not found:
        return None
    value = conn.exec_driver_sql("SELECT next_id FROM search_rebuild").scalar()
    return None if value is None else int(value)


def rebuild(conn: Connection, reporter: Reporter | None = None, batch: int = 1000) -> int:
    """Empty and refill the whole index in the caller's transaction (as a migration does):
    nothing to resume, so no progress is recorded."""
    return _rebuild(lambda: contextlib.nullcontext(conn), conn.dialect.name, reporter, batch, None)


def rebuild_in_steps(
    engine: Engine, reporter: Reporter | None = None, restart: bool = False, batch: int = 1000
) -> int:
    """Refill the index in committed steps, each recording how far it got, so a rebuild that
    was killed or cancelled continues from its last step (``restart`` starts afresh).
    Only rows change (no table or index is created or dropped), so any login allowed to write
    the index tables may rebuild it on a shared database."""
    return _rebuild(engine.begin, engine.dialect.name, reporter, batch, restart)


def _rebuild(
    tx: Callable[[], AbstractContextManager[Connection]],
    dialect: str,
    reporter: Reporter | None,
    batch: int,
    restart: bool | None,
) -> int:
    """``restart`` None: one transaction, progress not recorded."""
    reporter = reporter or Reporter()
    index = index_for(dialect)
    track = restart is not None
    with tx() as conn:
        start = resume_point(conn) if track and not restart else None
        if start is None:
            if index.exists(conn):
                index.clear(conn)
            else:  # only a migration reaches here (the index's tables come with the schema)
                index.create(conn)
            if track or resume_point(conn) is not None:
                conn.exec_driver_sql("DELETE FROM search_rebuild")
            if track:
                conn.exec_driver_sql("INSERT INTO search_rebuild VALUES (1, 0)")
            index.bulk_begin(conn)
            start = 0
        _exists[id(conn.engine)] = True
        total = int(conn.execute(select(func.count()).select_from(Document)).scalar_one())
        done = int(
            conn.execute(
                select(func.count()).select_from(Document).where(Document.id < start)
            ).scalar_one()
        )
    reporter.step(done, total, "重建检索索引" if not done else f"继续重建检索索引：{done}/{total}")
    while True:
        with tx() as conn:
            first = conn.execute(select(func.min(Document.id)).where(Document.id >= start)).scalar()
            if first is None:
                index.bulk_end(conn)
                if track:
                    conn.exec_driver_sql("DELETE FROM search_rebuild")
                break
            stop = index.chunk_end(first)
            added, last = _step(conn, index, first, stop, batch, reporter, done, total)
            done += added
            start = stop if stop is not None else last + 1
            if track:
                conn.execute(text("UPDATE search_rebuild SET next_id = :n"), {"n": start})
        reporter.step(done, total, f"重建检索索引：{done}/{total}（已保存）")
    reporter.step(done, total, "检索索引已重建")
    return done


def _step(
    conn: Connection,
    index: Any,
    first: int,
    stop: int | None,
    batch: int,
    reporter: Reporter,
    base: int,
    total: int,
) -> tuple[int, int]:
    """Index the documents from ``first`` up to ``stop`` (or ``batch`` of them): how many were
    indexed and the last id."""
    q = _select(None).where(Document.id >= first)
    q = q.where(Document.id < stop) if stop is not None else q.limit(batch)
    last = first

    def feed() -> Iterator[IndexRow]:
        nonlocal last
        for r in conn.execute(q).yield_per(500):
            last = r[0]
            yield _row(r)

    def step(n: int) -> None:
        reporter.step(base + n, total, f"重建检索索引：{base + n}/{total}")

    return int(index.bulk_add(conn, feed(), step)), last
