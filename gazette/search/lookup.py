"""What the 查阅 screen reads besides search hits: a document to show, the PDF page to show
beside it, the browse tree (year → issue → contents), search history and saved searches, and
the XLSX export. Plain values only; no Qt. The reads and the history and saved-search changes
work in the caller's unit of work (the caller commits); the document view also needs the file
store, so it takes the context.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import delete, func, select

from gazette.db.models import (
    BuiltFile,
    Document,
    DocumentFile,
    Issue,
    IssueItem,
    QueryHistory,
    SavedQuery,
    Section,
    StoredFile,
)
from gazette.office import auth
from gazette.office.auth import mutating
from gazette.search.model import Filters
from gazette.texts.model import DocumentText

if TYPE_CHECKING:
    from gazette.context import AppContext
    from gazette.db.uow import UnitOfWork

# files that show a document's printed pages, best first: its own PDF, then the issue's
PDF_ROLES = ("document_pdf", "issue_pdf", "scan_pdf", "scan", "pdf")


@dataclass(frozen=True)
class PdfRef:
    path: Path
    page_index: int  # 0-based page to open at
    whole_issue: bool  # the file is the whole issue (page from IssueItem), not the document


@dataclass(frozen=True)
class DocView:
    doc_id: int
    title: str
    doc_number: str | None
    issuer: str
    issued_on: dt.date | None
    historical: bool
    text: str
    issue_year: int | None
    issue_number: int | None
    page: int | None
    section: str | None
    pdf: PdfRef | None
    structure: DocumentText | None = None  # headings, tables, signature, when known


def document(ctx: AppContext, doc_id: int) -> DocView | None:
    with ctx.uow() as uow:
        s = uow.session
        row = s.execute(
            select(
                Document.title,
                Document.doc_number,
                Document.issuer,
                Document.issued_on,
                Document.historical,
                Document.body_text,
                Document.structure,
            ).where(Document.id == doc_id)
        ).first()
        if row is None:
            return None
        title, docno, issuer, issued_on, historical, body, structure = row
        text = DocumentText.from_json(structure) if structure else None
        if not body and text is not None:
            body = text.plain_text()
        placed = s.execute(
            select(Issue.year, Issue.number, IssueItem.page_start, Section.name)
            .join(Issue, Issue.id == IssueItem.issue_id)
            .outerjoin(Section, Section.id == IssueItem.section_id)
            .where(IssueItem.document_id == doc_id)
            .order_by(IssueItem.id)
        ).first()
        year, number, page, section = placed if placed else (None, None, None, None)
        files: list[Any] = list(
            s.execute(
                select(DocumentFile.role, DocumentFile.sha256, StoredFile.media_type)
                .join(StoredFile, StoredFile.sha256 == DocumentFile.sha256)
                .where(DocumentFile.document_id == doc_id)
            ).all()
        )
        # the document's own PDF from the newest issue build (公报编排) comes first
        built = s.execute(
            select(BuiltFile.sha256)
            .where(BuiltFile.document_id == doc_id, BuiltFile.kind == "document")
            .order_by(BuiltFile.version.desc(), BuiltFile.id.desc())
            .limit(1)
        ).first()
        if built is not None:
            files = [BuiltPdf("document_pdf", built[0], "application/pdf"), *files]
    pdf = _pdf(ctx, files, page)
    return DocView(
        doc_id, title, docno, issuer or "", issued_on, bool(historical), body or "",
        year, number, page, section, pdf, text,
    )  # fmt: skip


@dataclass(frozen=True)
class BuiltPdf:
    role: str
    sha256: str
    media_type: str


def _pdf(ctx: AppContext, files: Sequence[Any], page: int | None) -> PdfRef | None:
    def rank(f: Any) -> int:
        return PDF_ROLES.index(f.role) if f.role in PDF_ROLES else len(PDF_ROLES)

    candidates = [f for f in files if f.role in PDF_ROLES or f.media_type == "application/pdf"]
    store = ctx.filestore()
    for f in sorted(candidates, key=rank):
        path = store.path_for(f.sha256)
        if not path.exists():
            continue
        whole = f.role in ("issue_pdf", "scan_pdf", "scan")
        index = (page - 1) if whole and page else 0
        return PdfRef(path, max(0, index), whole)
    return None


def page_count(path: Path) -> int:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    try:
        return len(pdf)
    finally:
        pdf.close()


def find_page(path: Path, term: str, start: int = 0, span: int = 30) -> int | None:
    """The first page from ``start`` whose text layer holds the term (scans need OCR text)."""
    import pypdfium2 as pdfium

    from gazette.search.tokenise import normalise

    pdf = pdfium.PdfDocument(str(path))
    try:
        for i in range(start, min(len(pdf), start + span)):
            page = pdf[i]
            textpage = page.get_textpage()
            text = textpage.get_text_range()
            if term in "".join(normalise(text).split()):
                return i
        return None
    finally:
        pdf.close()


def render_page(path: Path, index: int, width_px: int = 900) -> tuple[int, int, bytes]:
    """(width, height, RGBA bytes) of one page, rendered by pypdfium2 (no Qt in the core)."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    try:
        page = pdf[min(max(index, 0), len(pdf) - 1)]
        scale = width_px / page.get_width()
        image = page.render(scale=scale).to_pil().convert("RGBA")
        return image.width, image.height, image.tobytes()
    finally:
        pdf.close()


# browse ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class IssueRow:
    issue_id: int
    year: int
    number: int
    supplement: int
    serial: int | None
    published_on: dt.date | None
    historical: bool
    items: int


@dataclass(frozen=True)
class ContentsRow:
    doc_id: int
    section: str
    title: str
    doc_number: str | None
    page: int | None


def years(uow: UnitOfWork) -> list[tuple[int, int]]:
    """(year, issues) newest first."""
    rows = uow.session.execute(
        select(Issue.year, func.count()).group_by(Issue.year).order_by(Issue.year.desc())
    ).all()
    return [(int(y), int(n)) for y, n in rows]


def issues(uow: UnitOfWork, year: int) -> list[IssueRow]:
    counts = (
        select(IssueItem.issue_id, func.count().label("n")).group_by(IssueItem.issue_id).subquery()
    )
    rows = uow.session.execute(
        select(
            Issue.id,
            Issue.year,
            Issue.number,
            Issue.supplement,
            Issue.serial,
            Issue.published_on,
            Issue.historical,
            func.coalesce(counts.c.n, 0),
        )
        .outerjoin(counts, counts.c.issue_id == Issue.id)
        .where(Issue.year == year)
        .order_by(Issue.number, Issue.supplement)
    ).all()
    return [IssueRow(*r) for r in rows]


def contents(uow: UnitOfWork, issue_id: int) -> list[ContentsRow]:
    rows = uow.session.execute(
        select(
            Document.id,
            func.coalesce(Section.name, ""),
            Document.title,
            Document.doc_number,
            IssueItem.page_start,
        )
        .join(Document, Document.id == IssueItem.document_id)
        .outerjoin(Section, Section.id == IssueItem.section_id)
        .where(IssueItem.issue_id == issue_id)
        .order_by(Section.position, IssueItem.position, IssueItem.id)
    ).all()
    return [ContentsRow(*r) for r in rows]


def filter_choices(uow: UnitOfWork) -> dict[str, list[str]]:
    """Values offered in the filter drop-downs: sections, kinds, disclosures in use."""
    s = uow.session
    sections = s.execute(select(Section.name).order_by(Section.position)).scalars().all()
    kinds = s.execute(select(Document.kind).distinct().order_by(Document.kind)).scalars()
    disc = s.execute(select(Document.disclosure).distinct().order_by(Document.disclosure))
    return {
        "section": list(sections),
        "kind": [k for k in kinds if k],
        "disclosure": [d for d in disc.scalars() if d],
    }


# history and saved searches --------------------------------------------------------------
def filters_to_json(f: Filters) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, v in dataclasses.asdict(f).items():
        if v is None or v == "":
            continue
        out[k] = v.isoformat() if isinstance(v, dt.date) else v
    return out


def filters_from_json(data: dict[str, Any] | None) -> Filters:
    kwargs: dict[str, Any] = {}
    names = {f.name for f in dataclasses.fields(Filters)}
    for k, v in (data or {}).items():
        if k in names:
            kwargs[k] = dt.date.fromisoformat(v) if k.startswith("date_") and v else v
    return Filters(**kwargs)


@mutating
def record(uow: UnitOfWork, query: str, filters: Filters, total: int, keep: int = 200) -> None:
    """Remember a search the user ran (the screen calls this once typing settles)."""
    if not query.strip() and not filters.active():
        return
    auth.require(uow, "lookup.save")
    s = uow.session
    s.add(QueryHistory(owner=uow.user, query=query, filters=filters_to_json(filters), total=total))
    s.flush()
    old = select(QueryHistory.id).where(QueryHistory.owner == uow.user)
    old = old.order_by(QueryHistory.id.desc()).offset(keep)
    s.execute(delete(QueryHistory).where(QueryHistory.id.in_(old.scalar_subquery())))


def history(uow: UnitOfWork, limit: int = 20) -> list[tuple[str, Filters, int]]:
    """The user's recent distinct searches, newest first."""
    rows = uow.session.execute(
        select(QueryHistory.query, QueryHistory.filters, QueryHistory.total)
        .where(QueryHistory.owner == uow.user)
        .order_by(QueryHistory.id.desc())
        .limit(limit * 5)
    ).all()
    seen: set[tuple[str, str]] = set()
    out: list[tuple[str, Filters, int]] = []
    for q, f, n in rows:
        key = (q, repr(sorted((f or {}).items())))
        if key in seen:
            continue
        seen.add(key)
        out.append((q, filters_from_json(f), int(n)))
        if len(out) >= limit:
            break
    return out


@dataclass(frozen=True)
class Saved:
    id: int
    name: str
    query: str
    filters: Filters


@mutating
def save(uow: UnitOfWork, name: str, query: str, filters: Filters) -> int:
    name = name.strip()
    if not name:
        raise ValueError("请为保存的检索起一个名称")
    auth.require(uow, "lookup.save")
    row = uow.session.execute(
        select(SavedQuery).where(SavedQuery.owner == uow.user, SavedQuery.name == name)
    ).scalar_one_or_none()
    if row is None:
        row = SavedQuery(owner=uow.user, name=name)
        uow.session.add(row)
    row.query = query
    row.filters = filters_to_json(filters)
    uow.session.flush()
    return row.id


def saved(uow: UnitOfWork) -> list[Saved]:
    rows = uow.session.execute(
        select(SavedQuery.id, SavedQuery.name, SavedQuery.query, SavedQuery.filters)
        .where(SavedQuery.owner == uow.user)
        .order_by(SavedQuery.name)
    ).all()
    return [Saved(i, n, q, filters_from_json(f)) for i, n, q, f in rows]


@mutating
def forget(uow: UnitOfWork, saved_id: int) -> None:
    auth.require(uow, "lookup.save")
    row = uow.session.get(SavedQuery, saved_id)
    if row is not None and row.owner == uow.user:
        uow.session.delete(row)
