"""Demo issues: two published issues with their documents and built PDFs, the later one with an
erratum and a re-released e-edition, and a planned issue with documents in every section.

The published issues go through the editorial workflow as an office does: 张编辑 makes the proof
round, 李主任 signs it off (审签), then 定稿, the print edition and e-edition, and 发布. The
planned issue uses structured documents other demo parts made, otherwise realistic ones of its own.
"""

from __future__ import annotations

import datetime as dt
import random
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from gazette.context import AppContext
from gazette.db.models import Document, IssueItem
from gazette.demo import issue_docs as gen
from gazette.issues import errata
from gazette.issues import planning as issues
from gazette.issues import workflow as issue_workflow
from gazette.issues.render import render_issue
from gazette.issues.rules import is_public
from gazette.layout.furniture import cn_date
from gazette.office.auth import mutating
from gazette.texts.model import DocumentText

YEAR = 2026
EDITOR, SIGNER = ("张编辑", "editor"), ("李主任", "editor")
CORRECTIONS = (  # (as printed, as it should read), the first one the document holds is used
    ("工作责任感", "工作责任感和紧迫感"),
    ("依法依规予以问责", "依规依纪依法予以问责"),
    ("重要议事日程", "重要议事日程和年度考核"),
    ("结合我市实际", "结合本市实际"),
)
PUBLISHED = ((9, 177, dt.date(YEAR, 9, 15)), (10, 178, dt.date(YEAR, 10, 15)))


@mutating
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


def make_documents(
    session: Session, rng: random.Random, year: int = YEAR, *, short: bool = False, serial: int = 20
) -> dict[str, list[int]]:
    """Realistic documents per default section (``short``: one each, none long)."""
    out: dict[str, list[int]] = {name: [] for name in issues.DEFAULT_SECTIONS}
    day = dt.date(year, 10, 20) if not short else dt.date(year, 1 + serial % 12, 8)
    many = 1 if short else 3

    def dated(text: DocumentText) -> DocumentText:
        """Signed (成文日期) the day it is issued: an issue never prints a later date."""
        text.date = cn_date(day)
        return text

    for k in range(many):
        t = gen.government_notice(rng, serial + k, year, long=not short and k == 0)
        out["市政府文件"].append(add_document(session, dated(t), "公文", "宿迁市人民政府", day))
    for k in range(many):
        t = gen.government_notice(
            rng, serial + 20 + k, year, office=True, long=not short and k == 1
        )
        out["市政府办公室文件"].append(
            add_document(session, dated(t), "公文", "宿迁市人民政府办公室", day)
        )
    for k in range(1 if short else 2):
        dept, t = gen.department_rule(rng, serial // 3 + k, year)
        out["部门文件"].append(add_document(session, dated(t), "公文", dept, day))
    out["人事任免"].append(
        add_document(session, dated(gen.appointments(rng, year)), "人事任免", "宿迁市人民政府", day)
    )
    out["政策解读"].append(
        add_document(session, dated(gen.interpretation(rng, year)), "政策解读", "宿迁市司法局", day)
    )
    return out


@contextmanager
def acting(ctx: AppContext, person: tuple[str, str]) -> Iterator[AppContext]:
    """Do a step as a named person of the office, so the trail shows who did what."""
    saved = ctx.user, ctx.role
    ctx.user, ctx.role = person
    try:
        yield ctx
    finally:
        ctx.user, ctx.role = saved


@mutating
def publish_issue(ctx: AppContext, issue_id: int, out: Path) -> None:
    """The whole workflow: proof, 审签 by another person, 定稿, print and e-edition, 发布."""
    with acting(ctx, EDITOR):
        issue_workflow.proof(ctx, issue_id, out / "proof")
    with acting(ctx, SIGNER), ctx.uow() as uow:
        issue_workflow.sign_off(uow, issue_id, "同意付印")
        issue_workflow.finalise(uow, issue_id)
        uow.commit()
    with acting(ctx, EDITOR):
        render_issue(ctx, issue_id, out / "build")
    with acting(ctx, SIGNER), ctx.uow() as uow:
        issue_workflow.publish(uow, issue_id)
        uow.commit()


def _published(ctx: AppContext, rng: random.Random, out: Path) -> list[int]:
    ids = []
    for number, serial, day in PUBLISHED:
        with ctx.uow() as uow:
            sections = {sec.name: sec.id for sec in issues.ensure_sections(uow)}
            issue_id = issues.create_issue(uow, YEAR, number, serial, day)
            made = make_documents(uow.session, rng, short=True, serial=number * 3)
            for name, doc_ids in made.items():
                for doc_id in doc_ids:
                    issues.add_item(uow, issue_id, doc_id, sections[name])
            uow.commit()
        publish_issue(ctx, issue_id, out / str(number))
        ids.append(issue_id)
    return ids


def _planned(ctx: AppContext, rng: random.Random) -> int:
    with ctx.uow() as uow:
        s = uow.session
        sections = {sec.name: sec.id for sec in issues.ensure_sections(uow)}
        existing = s.execute(
            select(Document.id, Document.kind, Document.issuer, Document.disclosure)
            .where(
                Document.historical.is_(False),
                Document.structure.is_not(None),
                Document.id.not_in(select(IssueItem.document_id)),  # not already published
            )
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
        sug = issues.suggest_next(uow, "monthly")
        issue_id = issues.create_issue(uow, sug.year, sug.number, sug.serial, sug.published_on)
        for name, ids in by_section.items():
            for doc_id in ids[:4]:
                issues.add_item(uow, issue_id, doc_id, sections[name])
        uow.commit()
    return issue_id


def _erratum(ctx: AppContext, published: int, planned: int, out: Path) -> None:
    """An error found in the published issue: recorded, printed in the next issue, and the
    e-edition re-released carrying it."""
    with acting(ctx, SIGNER), ctx.uow() as uow:
        item = issues.plan(uow, published).sections[0].items[0]
        doc = uow.session.get(Document, item.document_id)
        assert doc is not None and doc.body_text
        wrong, right = next(
            ((w, r) for w, r in CORRECTIONS if w in doc.body_text),
            (doc.body_text[:8], doc.body_text[:8] + "（修订）"),
        )
        eid = errata.record(uow, published, doc.id, "正文第1段", wrong, right, "校对遗漏")
        errata.print_in(uow, eid, planned)
        uow.commit()
    with acting(ctx, SIGNER):
        errata.rerelease(ctx, published, out / "rerelease")


@mutating
def load(ctx: AppContext, rng: random.Random) -> None:
    with tempfile.TemporaryDirectory(prefix="gazette-demo-") as tmp:
        out = Path(tmp)  # the built files live in the file store; this folder is scratch
        published = _published(ctx, rng, out)
        planned = _planned(ctx, rng)
        _erratum(ctx, published[-1], planned, out)
