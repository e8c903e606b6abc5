"""Keep structured text in the database: import a file into a Document, save an editor's fixes.

The structure (``DocumentText.to_json()``) and its plain text are stored together, so layout,
search and the site read the same characters. Every save of a correction records who changed
which part, when, and the text before and after (TextCorrection), besides the audit log.
Each import or fix re-indexes the document when its unit of work commits (``gazette.search.hooks``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from gazette.db.models import Department, Document, DocumentFile, TextCorrection
from gazette.office.auth import mutating, require
from gazette.office.conflicts import ConflictError, check_version, flush_guarded
from gazette.texts import disclosure as disclosure_mod
from gazette.texts import docno
from gazette.texts.corrections import Change, diff
from gazette.texts.dates import parse_cn_date
from gazette.texts.importer import import_file
from gazette.texts.kinds import detect_kind
from gazette.texts.model import DocumentText
from gazette.vocab import GONGWEN, needs_disclosure, parse_kind

if TYPE_CHECKING:
    from gazette.context import AppContext
    from gazette.db.uow import UnitOfWork


@dataclass
class ImportResult:
    document_id: int
    created: bool
    text: DocumentText
    source: str
    issuer: str
    issued_on: dt.date | None
    disclosure: str | None
    department: str | None
    warnings: list[str] = field(default_factory=list)
    kind: str = GONGWEN
    kind_found: bool = False  # the kind was read from the text, not given or kept


def apply_text(doc: Document, text: DocumentText, *, issuer_fallback: str = "") -> None:
    """Copy the structured text and what follows from it onto a Document."""
    doc.title = text.title or doc.title or "（无标题）"
    doc.doc_number = text.doc_number
    doc.issuer_code = doc.doc_year = doc.doc_serial = None
    if text.doc_number and docno.is_docno(text.doc_number):
        number = docno.parse(text.doc_number)
        doc.issuer_code, doc.doc_year, doc.doc_serial = number.code, number.year, number.serial
    doc.issuer = (text.signature[0] if text.signature else "") or issuer_fallback or doc.issuer
    doc.issued_on = parse_cn_date(text.date) or doc.issued_on
    if needs_disclosure(doc.kind):
        doc.disclosure = disclosure_mod.attribute(text.disclosure)
    doc.structure = text.to_json()
    doc.body_text = text.plain_text()


def find_document(uow: UnitOfWork, *, doc_number: str | None, document_id: int | None) -> int:
    """The id of the document named by its 发文字号 or its id (one of the two), or a clear error.

    A document without a 发文字号 (a 人大 decision, a county appointment list) is named by id.
    """
    session = uow.session
    if document_id is not None:
        if session.get(Document, document_id) is None:
            raise LookupError(f"找不到编号为 {document_id} 的文件")
        return document_id
    given = (doc_number or "").strip()
    if not given:
        raise LookupError("请用 --doc 给出发文字号，或用 --id 给出文件编号")
    forms = {given, docno.normalise(given)} if docno.is_docno(given) else {given}
    ids = session.scalars(select(Document.id).where(Document.doc_number.in_(forms))).all()
    if not ids:
        raise LookupError(f"找不到发文字号为“{doc_number}”的文件")
    if len(ids) > 1:
        listed = "、".join(str(i) for i in sorted(ids))
        raise LookupError(f"发文字号“{doc_number}”对应多个文件（编号 {listed}），请用 --id 指定")
    return int(ids[0])


def find_department(uow: UnitOfWork, name: str) -> Department:
    session = uow.session
    dept = session.scalar(
        select(Department).where(or_(Department.name == name, Department.short_name == name))
    )
    if dept is None:
        raise LookupError(f"找不到部门“{name}”，请先在“部门与联络员”中添加")
    return dept


@mutating
def import_document(
    ctx: AppContext,
    path: Path | str,
    *,
    department: str | None = None,
    document_id: int | None = None,
    kind: str | None = None,
) -> ImportResult:
    """Import a file as a new Document, or as new text for an existing one.

    Without ``document_id`` a document with the same 发文字号 is updated rather than duplicated.
    The source file is stored by its SHA-256 and linked as the document's ``source``.
    ``kind`` (one of ``vocab.KINDS``) overrides; without it a new document takes the kind its
    text declares (``texts.kinds``), else 公文, and a re-imported one keeps its kind.
    """
    require(ctx, "documents.write")  # before reading anything
    given = parse_kind(kind) if kind is not None else None
    path = Path(path)
    imported = import_file(path)  # read before the transaction: parsing can take a while
    text = imported.text
    found = detect_kind(text) if given is None else None
    with ctx.uow() as uow:
        require(uow, "documents.write")
        session = uow.session
        dept = find_department(uow, department) if department else None
        doc: Document | None = None
        if document_id is not None:
            doc = session.get(Document, document_id)
            if doc is None:
                raise LookupError(f"找不到编号为 {document_id} 的文件")
        elif text.doc_number:
            doc = session.scalar(select(Document).where(Document.doc_number == text.doc_number))
        created = doc is None
        if doc is None:
            doc = Document(kind=given or found or GONGWEN, title=text.title or path.stem)
            session.add(doc)
        elif given is not None:
            doc.kind = given
        if dept is not None:
            doc.department = dept
        if not created and doc.structure:  # new text over old: keep what it replaced
            _record(session, doc.id, uow.user, diff(DocumentText.from_json(doc.structure), text),
                    f"重新导入 {path.name}")  # fmt: skip
        apply_text(doc, text, issuer_fallback=dept.name if dept else "")
        stored = ctx.filestore().put_file(session, path)
        session.flush()
        if not any(f.sha256 == stored.sha256 and f.role == "source" for f in doc.files):
            doc.files.append(DocumentFile(sha256=stored.sha256, role="source", name=path.name))
        uow.commit()
        return ImportResult(
            document_id=doc.id,
            created=created,
            text=text,
            source=imported.source,
            issuer=doc.issuer,
            issued_on=doc.issued_on,
            disclosure=doc.disclosure,
            department=dept.name if dept else None,
            warnings=imported.warnings,
            kind=doc.kind,
            kind_found=created and given is None and found is not None,
        )


@dataclass(frozen=True)
class Loaded:
    document_id: int
    version: int
    kind: str
    text: DocumentText


def load_text(uow: UnitOfWork, document_id: int) -> Loaded:
    """The stored structure of a document, with the version to save against."""
    row = uow.session.execute(
        select(Document.version, Document.kind, Document.structure, Document.title).where(
            Document.id == document_id
        )
    ).one_or_none()
    if row is None:
        raise LookupError(f"找不到编号为 {document_id} 的文件")
    data: dict[str, Any] = row.structure or {"title": row.title}
    return Loaded(document_id, row.version, row.kind, DocumentText.from_json(data))


@mutating
def save_corrections(
    uow: UnitOfWork,
    document_id: int,
    text: DocumentText,
    *,
    version: int | None = None,
    note: str = "",
) -> list[Change]:
    """Save an edited structure; record every change (who, when, before, after).

    ``version`` is the document version the editor started from: a document saved by someone
    else meanwhile raises ConflictError (naming them, with the stored structure as ``current``)
    instead of being silently overwritten. The caller commits.
    """
    require(uow, "documents.write")
    session = uow.session
    doc = session.get(Document, document_id)
    if doc is None:
        raise LookupError(f"找不到编号为 {document_id} 的文件")
    old = DocumentText.from_json(doc.structure or {"title": doc.title})
    if version is not None:
        try:
            check_version(session, doc, version)
        except ConflictError as exc:
            exc.current = old.to_json()  # the screen merges structure parts, not columns
            raise
    changes = diff(old, text)
    if not changes:
        return []
    _record(session, document_id, uow.user, changes, note)
    apply_text(doc, text)
    flush_guarded(session, doc)
    return changes


def _record(
    session: Session, document_id: int, actor: str, changes: list[Change], note: str
) -> None:
    for ch in changes:
        session.add(
            TextCorrection(
                document_id=document_id,
                actor=actor,
                path=ch.path,
                before=ch.before,
                after=ch.after,
                note=note[:255],
            )
        )


@mutating
def change_kind(uow: UnitOfWork, document_id: int, kind: str, *, version: int | None = None) -> str:
    """Set a document's kind (one of ``vocab.KINDS``); returns the kind saved.

    A kind that needs a disclosure line takes it from the stored structure again, so a 公文
    turned 人事任免 and back reads its （此件公开发布） once more. ``version`` is the document
    version the screen showed: a document saved by someone else meanwhile raises ConflictError.
    The caller commits.
    """
    require(uow, "documents.write")
    new = parse_kind(kind)
    session = uow.session
    doc = session.get(Document, document_id)
    if doc is None:
        raise LookupError(f"找不到编号为 {document_id} 的文件")
    if version is not None:
        check_version(session, doc, version)
    if doc.kind == new:
        return new
    doc.kind = new
    if needs_disclosure(new) and doc.structure and not doc.disclosure:
        stated = DocumentText.from_json(doc.structure).disclosure
        doc.disclosure = disclosure_mod.attribute(stated)
    flush_guarded(session, doc)
    return new


@dataclass(frozen=True)
class CorrectionRow:
    at: dt.datetime
    actor: str
    path: str
    before: str | None
    after: str | None
    note: str


def corrections(uow: UnitOfWork, document_id: int) -> list[CorrectionRow]:
    """The correction history of a document, oldest first."""
    rows = uow.session.execute(
        select(
            TextCorrection.at,
            TextCorrection.actor,
            TextCorrection.path,
            TextCorrection.before,
            TextCorrection.after,
            TextCorrection.note,
        )
        .where(TextCorrection.document_id == document_id)
        .order_by(TextCorrection.id)
    ).all()
    return [CorrectionRow(*r) for r in rows]
