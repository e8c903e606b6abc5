"""What the public site may show, and nothing else.

The rules (the only place they live; ``tests/gazette/test_site_leak.py`` proves them):

- only issues whose status is ``published`` (for a historical issue that is the 发布 step of
  digitisation); an issue in planning, proof or cataloguing is never exported;
- in a current issue, a 公文 is public only when its disclosure is 此件公开发布 (in the record and,
  when the structure carries a disclosure line too, there as well); 依申请公开, 部分公开, 不予公开
  or an unstated disclosure keep it off the site;
- items public by nature (``gazette.vocab.PUBLIC_BY_NATURE``: 令, 人事任免, 政策解读, 人大 决定,
  公告; the same definition the issue rules and the desk use) are public;
- every article of a published historical issue is public: it was printed.

Files are read from ``DocumentFile`` rows by role (the shared model attaches files to
documents only):

- ``document_pdf`` — a document's own PDF (current issues), offered for download;
- ``issue_pdf`` — the whole-issue PDF, recorded on any document of the issue;
- ``scan_pdf`` — the searchable scan of a historical issue (on any of its articles).

A whole-issue PDF carries every page of the issue, so it is offered only when every document in
the issue is public; otherwise readers get the per-document PDFs alone. Other roles (sources,
attachments as received) are never exported.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, Any

from sqlalchemy import false, select

from gazette.db.models import (
    BuiltFile,
    Document,
    DocumentFile,
    Issue,
    IssueItem,
    Section,
    StoredFile,
)
from gazette.office import settings
from gazette.texts.links import interpretation_pairs
from gazette.vocab import PUBLIC_BY_NATURE, issue_label, may_publish

if TYPE_CHECKING:
    from gazette.context import AppContext

PUBLISHED_STATUSES = ("published",)
PUBLIC_KINDS = PUBLIC_BY_NATURE  # the one definition, in gazette.vocab
ROLE_DOCUMENT_PDF = "document_pdf"
ROLE_ISSUE_PDF = "issue_pdf"
ROLE_SCAN_PDF = "scan_pdf"
EXPORTED_ROLES = (ROLE_DOCUMENT_PDF, ROLE_ISSUE_PDF, ROLE_SCAN_PDF)
NO_SECTION = "其他"


@dataclass(frozen=True)
class SiteFile:
    sha256: str
    name: str
    size: int


@dataclass
class SiteDoc:
    """One public document, with its place in the archive (metadata only; bodies stream later)."""

    id: int
    kind: str
    title: str
    doc_number: str
    issuer: str
    issued_on: dt.date | None
    validity: str
    disclosure: str
    historical: bool
    issue_id: int
    section: str
    page_start: int | None
    page_end: int | None
    pdf: SiteFile | None = None
    seq: int = 0  # position in the archive, oldest first (the search index numbers docs by it)
    topic: str | None = None  # 主题分类 as stored (confirmed by the editor)
    index_no: str | None = None  # 索引号 as stored
    publishing_org: str | None = None  # 发布机构 as stored


@dataclass
class SiteIssue:
    id: int
    year: int
    number: int
    supplement: int
    serial: int | None
    published_on: dt.date | None
    historical: bool
    note: str
    sections: list[tuple[str, list[SiteDoc]]] = field(default_factory=list)
    pdf: SiteFile | None = None  # issue_pdf, or scan_pdf for a historical issue
    withheld: int = 0  # documents of the issue kept off the site

    @property
    def label(self) -> str:
        return issue_label(self.year, self.number, self.supplement)

    @property
    def docs(self) -> list[SiteDoc]:
        return [d for _, docs in self.sections for d in docs]


@dataclass
class SiteData:
    gazette_name: str
    publisher: str
    issues: list[SiteIssue]  # oldest first
    docs: list[SiteDoc]  # oldest first; doc.seq is the index here
    versions: dict[int, list[int]] = field(default_factory=dict)  # doc id -> same 发文字号 ids
    # 政策解读 links among public documents: document -> its interpretations, and back
    interpretations: dict[int, list[int]] = field(default_factory=dict)
    interprets: dict[int, list[int]] = field(default_factory=dict)

    @property
    def years(self) -> list[int]:
        return sorted({i.year for i in self.issues}, reverse=True)


def _disclosure_of(value: str | None) -> str:
    return (value or "").strip().strip("（）()").strip()


def is_public(
    kind: str, disclosure: str | None, structure: dict[str, Any] | None, historical_issue: bool
) -> bool:
    """The publication rule for one document in a published issue."""
    if historical_issue:
        return True
    stated = [disclosure]
    if structure and structure.get("disclosure"):
        stated.append(structure.get("disclosure"))
    return all(may_publish(kind, s)[0] for s in stated)


def _issue_order(i: SiteIssue) -> tuple[Any, ...]:
    return (i.year, i.published_on or dt.date(i.year, 12, 31), i.supplement, i.number, i.id)


def collect(ctx: AppContext) -> SiteData:
    """Read everything publishable as plain rows (no bodies: those stream in ``bodies``)."""
    conf = settings.office(ctx)  # the site names the office as Settings do, or stops saying so
    with ctx.uow() as uow:
        s = uow.session
        issues = {
            row.id: SiteIssue(
                row.id,
                row.year,
                row.number,
                row.supplement,
                row.serial,
                row.published_on,
                row.historical,
                row.note or "",
            )
            for row in s.execute(
                select(
                    Issue.id,
                    Issue.year,
                    Issue.number,
                    Issue.supplement,
                    Issue.serial,
                    Issue.published_on,
                    Issue.historical,
                    Issue.note,
                ).where(Issue.status.in_(PUBLISHED_STATUSES))
            )
        }
        rows = s.execute(
            select(
                IssueItem.issue_id,
                IssueItem.page_start,
                IssueItem.page_end,
                Section.name.label("section"),
                Document.id.label("doc_id"),
                Document.kind,
                Document.title,
                Document.doc_number,
                Document.issuer,
                Document.issued_on,
                Document.validity,
                Document.disclosure,
                Document.historical,
                Document.structure["disclosure"].as_string().label("stated_disclosure"),
                Document.topic,
                Document.index_no,
                Document.publishing_org,
            )
            .join(Document, Document.id == IssueItem.document_id)
            .outerjoin(Section, Section.id == IssueItem.section_id)
            .where(IssueItem.issue_id.in_(list(issues)) if issues else false())
            .order_by(IssueItem.issue_id, IssueItem.position, IssueItem.id)
        ).all()
        files = s.execute(
            select(
                DocumentFile.document_id,
                DocumentFile.role,
                DocumentFile.name,
                StoredFile.sha256,
                StoredFile.size,
            )
            .join(StoredFile, StoredFile.sha256 == DocumentFile.sha256)
            .where(DocumentFile.role.in_(EXPORTED_ROLES))
            .order_by(DocumentFile.id)
        ).all()
        # the issue builds (gazette.layout): newest version last, so it wins
        built = s.execute(
            select(
                BuiltFile.issue_id,
                BuiltFile.kind,
                BuiltFile.document_id,
                BuiltFile.name,
                BuiltFile.sha256,
                BuiltFile.size,
            )
            .where(
                BuiltFile.kind.in_(("web", "document")),
                BuiltFile.issue_id.in_(list(issues)) if issues else false(),
            )
            .order_by(BuiltFile.version, BuiltFile.id)
        ).all()
        pairs = interpretation_pairs(s)
    by_doc: dict[int, dict[str, SiteFile]] = defaultdict(dict)
    for doc_id, role, name, sha, size in files:
        by_doc[doc_id].setdefault(role, SiteFile(sha, name or f"{sha[:12]}.pdf", size))
    built_issue: dict[int, SiteFile] = {}
    for built_for, kind, built_doc, name, sha, size in built:
        file = SiteFile(sha, PurePosixPath(name).name, size)
        if kind == "document" and built_doc is not None:
            by_doc[built_doc][ROLE_DOCUMENT_PDF] = file
        elif kind == "web" and built_for is not None:
            built_issue[built_for] = file

    grouped: dict[int, dict[str, list[SiteDoc]]] = defaultdict(dict)
    issue_files: dict[int, SiteFile] = {}
    for r in rows:
        issue = issues[r.issue_id]
        doc_id, kind, disclosure, struct_disc = (
            r.doc_id,
            r.kind or "公文",
            r.disclosure,
            r.stated_disclosure,
        )
        role = ROLE_SCAN_PDF if issue.historical else ROLE_ISSUE_PDF
        if role in by_doc.get(doc_id, {}):
            issue_files.setdefault(issue.id, by_doc[doc_id][role])
        structure = {"disclosure": struct_disc} if struct_disc else None
        if not is_public(kind, disclosure, structure, issue.historical):
            issue.withheld += 1
            continue
        doc = SiteDoc(
            id=doc_id,
            kind=kind,
            title=r.title or "（无标题）",
            doc_number=r.doc_number or "",
            issuer=r.issuer or "",
            issued_on=r.issued_on,
            validity=r.validity or "有效",
            disclosure=_disclosure_of(disclosure),
            historical=bool(r.historical) or issue.historical,
            issue_id=issue.id,
            section=r.section or NO_SECTION,
            page_start=r.page_start,
            page_end=r.page_end,
            pdf=by_doc.get(doc_id, {}).get(ROLE_DOCUMENT_PDF),
            topic=r.topic,
            index_no=r.index_no,
            publishing_org=r.publishing_org,
        )
        grouped[issue.id].setdefault(doc.section, []).append(doc)

    for issue_id, file in built_issue.items():
        issue_files[issue_id] = file
    out_issues: list[SiteIssue] = []
    for issue in sorted(issues.values(), key=_issue_order):
        sections = grouped.get(issue.id, {})
        # keep sections in first-appearance order within the issue, as laid out
        issue.sections = list(sections.items())
        if issue.id in issue_files and (issue.historical or issue.withheld == 0):
            issue.pdf = issue_files[issue.id]
        if issue.sections or issue.pdf:
            out_issues.append(issue)
    docs = [d for i in out_issues for d in i.docs]
    for n, d in enumerate(docs):
        d.seq = n
    versions: dict[int, list[int]] = {}
    by_number: dict[str, list[int]] = defaultdict(list)
    for d in docs:
        if d.doc_number:
            by_number[d.doc_number].append(d.id)
    for ids in by_number.values():
        if len(ids) > 1:
            for i in ids:
                versions[i] = [j for j in ids if j != i]
    shown = {d.id for d in docs}
    interps: dict[int, list[int]] = defaultdict(list)
    interprets: dict[int, list[int]] = defaultdict(list)
    for interp, target in pairs:  # both must be on the site, or the link would lead nowhere
        if interp in shown and target in shown:
            interps[target].append(interp)
            interprets[interp].append(target)
    return SiteData(
        conf["gazette_name"],
        conf["publisher"],
        out_issues,
        docs,
        versions,
        dict(interps),
        dict(interprets),
    )


def bodies(ctx: AppContext, ids: list[int], batch: int = 400) -> Any:
    """Yield (id, structure, body_text) for the given documents, a batch at a time."""
    for start in range(0, len(ids), batch):
        chunk = ids[start : start + batch]
        with ctx.uow() as uow:
            found = {
                r[0]: (r[1], r[2] or "")
                for r in uow.session.execute(
                    select(Document.id, Document.structure, Document.body_text).where(
                        Document.id.in_(chunk)
                    )
                )
            }
        for i in chunk:
            structure, text = found.get(i, (None, ""))
            yield i, structure, text


def row_versions(ctx: AppContext, ids: list[int], batch: int = 900) -> dict[int, int]:
    """Each document row's version: bumped by every write, so it vouches for the body unread."""
    found: dict[int, int] = {}
    with ctx.uow() as uow:
        for start in range(0, len(ids), batch):
            chunk = ids[start : start + batch]
            rows = uow.session.execute(
                select(Document.id, Document.version).where(Document.id.in_(chunk))
            )
            found.update((row[0], row[1]) for row in rows)
    return found
