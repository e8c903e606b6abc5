"""Demo issues: a published issue and a planned one with documents in every section.

Uses structured documents already in the database when another demo part made them; otherwise
creates its own realistic ones (long ones, tables and attachments among them).
"""

from __future__ import annotations

import datetime as dt
import random

from sqlalchemy import select
from sqlalchemy.orm import Session

from gazette import issues
from gazette.context import AppContext
from gazette.db.models import Document, Issue
from gazette.demo import issue_docs as gen
from gazette.issue_rules import is_public
from gazette.texts.model import DocumentText

YEAR = 2026


def add_document(
    session: Session, text: DocumentText, kind: str, issuer: str, when: dt.date
) -> int:
    doc = Document(
        kind=kind,
        title=text.title,
        doc_number=text.doc_number,
        issuer=issuer,
        issued_on=when,
        disclosure=(text.disclosure or "").strip("（）") or None,
        is_normative=kind == "公文",
        structure=text.to_json(),
        body_text=text.plain_text(),
    )
    session.add(doc)
    session.flush()
    return doc.id


def make_documents(session: Session, rng: random.Random, year: int = YEAR) -> dict[str, list[int]]:
    """Realistic documents per default section."""
    out: dict[str, list[int]] = {name: [] for name in issues.DEFAULT_SECTIONS}
    day = dt.date(year, 10, 20)
    for k in range(3):
        t = gen.government_notice(rng, 20 + k, year, long=k == 0)
        out["市政府文件"].append(add_document(session, t, "公文", "宿迁市人民政府", day))
    for k in range(3):
        t = gen.government_notice(rng, 40 + k, year, office=True, long=k == 1)
        out["市政府办公室文件"].append(
            add_document(session, t, "公文", "宿迁市人民政府办公室", day)
        )
    for k in range(2):
        dept, t = gen.department_rule(rng, 3 + k, year)
        out["部门文件"].append(add_document(session, t, "公文", dept, day))
    out["人事任免"].append(
        add_document(session, gen.appointments(rng, year), "人事任免", "宿迁市人民政府", day)
    )
    out["政策解读"].append(
        add_document(session, gen.interpretation(rng, year), "政策解读", "宿迁市司法局", day)
    )
    return out


def load(ctx: AppContext, rng: random.Random) -> None:
    with ctx.uow() as uow:
        s = uow.session
        sections = {sec.name: sec.id for sec in issues.ensure_sections(s)}
        # the previous issue, published, so numbering and serials have something to follow
        prev = Issue(
            year=YEAR, number=10, serial=178, published_on=dt.date(YEAR, 10, 15), status="published"
        )
        s.add(prev)
        s.flush()
        existing = s.execute(
            select(Document.id, Document.kind, Document.issuer, Document.disclosure)
            .where(Document.historical.is_(False), Document.structure.is_not(None))
            .order_by(Document.id)
        ).all()
        by_section: dict[str, list[int]] = {name: [] for name in sections}
        for doc_id, kind, issuer, disclosure in existing:
            if not is_public(kind, disclosure)[0]:
                continue  # e.g. the demo's 此件依申请公开 notice: it must never be published
            if kind == "人事任免":
                by_section["人事任免"].append(doc_id)
            elif kind == "政策解读":
                by_section["政策解读"].append(doc_id)
            elif "办公室" in (issuer or ""):
                by_section["市政府办公室文件"].append(doc_id)
            elif issuer == "宿迁市人民政府":
                by_section["市政府文件"].append(doc_id)
            else:
                by_section["部门文件"].append(doc_id)
        if any(not ids for name, ids in by_section.items() if name in issues.DEFAULT_SECTIONS):
            made = make_documents(s, rng)
            for name, ids in made.items():
                by_section[name] = by_section.get(name, []) + ids
        sug = issues.suggest_next(s, "monthly")
        issue_id = issues.create_issue(uow, sug.year, sug.number, sug.serial, sug.published_on)
        for name, ids in by_section.items():
            for doc_id in ids[:4]:
                issues.add_item(uow, issue_id, doc_id, sections[name])
        uow.commit()
