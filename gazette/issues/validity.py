"""Validity of normative documents (有效 / 失效 / 废止) and the documents that amend or repeal them.

A change of validity re-indexes the document when its unit of work commits (``gazette.search.hooks``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select

from gazette.db.models import Document, DocumentLink
from gazette.db.uow import UnitOfWork
from gazette.office.auth import mutating, require

STATUSES = ("有效", "失效", "废止")
RELATIONS = {"修改": None, "废止": "废止", "替代": "失效"}  # relation -> the target's new status


@dataclass(frozen=True)
class Ref:
    id: int
    title: str
    doc_number: str | None
    relation: str
    link_id: int = 0


@dataclass
class Validity:
    status: str
    changed_by: list[Ref] = field(default_factory=list)  # documents that amend/repeal this one
    changes: list[Ref] = field(default_factory=list)  # documents this one amends/repeals


@mutating
def set_status(uow: UnitOfWork, document_id: int, status: str) -> None:
    require(uow, "documents.write")
    if status not in STATUSES:
        raise ValueError(f"效力状态必须是 {'、'.join(STATUSES)} 之一")
    doc = uow.session.get(Document, document_id)
    if doc is None:
        raise ValueError(f"找不到文件（id={document_id}）")
    doc.validity = status


@mutating
def link(uow: UnitOfWork, source_id: int, target_id: int, relation: str) -> None:
    """Record that ``source`` amends / repeals / replaces ``target``; repeal changes its status."""
    require(uow, "documents.write")
    if relation not in RELATIONS:
        raise ValueError(f"关系必须是 {'、'.join(RELATIONS)} 之一")
    if source_id == target_id:
        raise ValueError("文件不能修改或废止自身")
    s = uow.session
    for doc_id in (source_id, target_id):
        if s.get(Document, doc_id) is None:
            raise ValueError(f"找不到文件（id={doc_id}）")
    if s.scalar(
        select(DocumentLink.id).where(
            DocumentLink.source_id == source_id,
            DocumentLink.target_id == target_id,
            DocumentLink.relation == relation,
        )
    ):
        raise ValueError(f"这两份文件之间已登记过“{relation}”关系")
    uow.session.add(DocumentLink(source_id=source_id, target_id=target_id, relation=relation))
    new_status = RELATIONS[relation]
    if new_status:
        set_status(uow, target_id, new_status)


@mutating
def unlink(uow: UnitOfWork, link_id: int) -> None:
    """Remove a recorded link; the status it set stays until an editor sets it again."""
    require(uow, "documents.write")
    row = uow.session.get(DocumentLink, link_id)
    if row is None:
        raise ValueError(f"找不到这条关联（id={link_id}），可能已被他人删除")
    uow.session.delete(row)


def candidates(uow: UnitOfWork, text: str, exclude: int | None = None) -> list[Ref]:
    """Documents found by title or 发文字号 through the search index, to link to."""
    from gazette.search import service  # local: the index is only needed when searching

    if not text.strip():
        return []
    conn = uow.session.connection()
    hits = service.search_conn(conn, text.strip(), page_size=30, count=False).hits
    return [Ref(h.doc_id, h.title, h.doc_number, "") for h in hits if h.doc_id != exclude]


def lookup(uow: UnitOfWork, document_id: int) -> Validity:
    s = uow.session
    doc = s.get(Document, document_id)
    if doc is None:
        raise ValueError(f"找不到文件（id={document_id}）")
    result = Validity(doc.validity)
    for col_self, col_other, bucket in (
        (DocumentLink.target_id, DocumentLink.source_id, result.changed_by),
        (DocumentLink.source_id, DocumentLink.target_id, result.changes),
    ):
        q = (
            select(
                Document.id,
                Document.title,
                Document.doc_number,
                DocumentLink.relation,
                DocumentLink.id,
            )
            .join(DocumentLink, col_other == Document.id)
            .where(col_self == document_id)
            .order_by(DocumentLink.id)
        )
        bucket += [Ref(*r) for r in s.execute(q)]
    return result
