"""Building small, realistic archives for the search tests (documents, issues, sections)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from gazette.context import AppContext
from gazette.db.models import Document, Issue, IssueItem, Section
from gazette.texts.model import Block, DocumentText


@dataclass
class D:
    title: str
    body: str
    doc_number: str | None = None
    issuer: str = "宿迁市人民政府办公室"
    kind: str = "公文"
    issued_on: dt.date = dt.date(2018, 5, 13)
    disclosure: str | None = "此件公开发布"
    validity: str = "有效"
    historical: bool = False
    issue: tuple[int, int] | None = None  # (year, number)
    section: str | None = None
    page: int | None = None


def structured(d: D) -> tuple[str, dict]:
    """The body as the texts wing stores it: DocumentText JSON and its plain text."""
    paras = [Block("paragraph", p) for p in d.body.split("\n") if p]
    text = DocumentText(
        title=d.title,
        doc_number=d.doc_number,
        blocks=paras,
        signature=[d.issuer],
        date=f"{d.issued_on.year}年{d.issued_on.month}月{d.issued_on.day}日",
        disclosure=f"（{d.disclosure}）" if d.disclosure else None,
    )
    return text.plain_text(), text.to_json()


def add_docs(ctx: AppContext, docs: list[D]) -> list[int]:
    """Add documents (and their issues/sections) through the ORM, as the app does."""
    ids: list[int] = []
    with ctx.uow() as uow:
        s = uow.session
        issues: dict[tuple[int, int], Issue] = {}
        sections: dict[str, Section] = {}
        for sec in s.query(Section).all():
            sections[sec.name] = sec
        for iss in s.query(Issue).all():
            issues[(iss.year, iss.number)] = iss
        for d in docs:
            plain, struct = structured(d)
            doc = Document(
                title=d.title,
                doc_number=d.doc_number,
                issuer=d.issuer,
                kind=d.kind,
                issued_on=d.issued_on,
                disclosure=d.disclosure,
                validity=d.validity,
                historical=d.historical,
                body_text=plain,
                structure=struct,
            )
            s.add(doc)
            if d.issue:
                iss = issues.get(d.issue)
                if iss is None:
                    y, n = d.issue
                    iss = Issue(
                        year=y,
                        number=n,
                        published_on=dt.date(y, min(12, n), 28),
                        historical=d.historical,
                    )
                    s.add(iss)
                    issues[d.issue] = iss
                sec = None
                if d.section:
                    sec = sections.get(d.section)
                    if sec is None:
                        sec = sections[d.section] = Section(name=d.section)
                        s.add(sec)
                s.add(IssueItem(issue=iss, document=doc, section=sec, page_start=d.page))
            s.flush()
            ids.append(doc.id)
        uow.commit()
    return ids


def issue_pdf(path, pages: dict[int, list[str]], total: int) -> None:
    """A whole-issue PDF whose page N (1-based) carries the given lines (ReportLab, CJK font)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    from gazette.layout.fonts import ensure_registered

    font = ensure_registered()["body"]
    c = canvas.Canvas(str(path), pagesize=A4)
    width, height = A4
    for n in range(1, total + 1):
        c.setFont(font, 9)
        c.drawCentredString(width / 2, 30, f"— {n} —")
        y = height - 80
        for i, line in enumerate(pages.get(n, [])):
            c.setFont(font, 16 if i == 0 else 11)
            for k in range(0, len(line), 38):
                c.drawString(60, y, line[k : k + 38])
                y -= 26 if i == 0 else 18
            y -= 6
        c.showPage()
    c.save()


def attach_file(ctx: AppContext, doc_id: int, path, role: str) -> None:
    from gazette.db.models import DocumentFile

    with ctx.uow() as uow:
        stored = ctx.filestore().put_file(uow.session, path)
        uow.session.add(
            DocumentFile(document_id=doc_id, sha256=stored.sha256, role=role, name=path.name)
        )
        uow.commit()
