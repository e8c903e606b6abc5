"""政策解读 with its document: materials, the link both ways, completeness and portal timeliness.

The rules (the city's notice on open government, items 7, 9 and 14): a normative document of the
市政府 or 市政府办公室 (or any the editor marks) is submitted with its 解读方案 and 解读材料; a
document whose interpretation is incomplete, whose 公开属性 is missing, or whose non-public
公开属性 gives no legal basis and reason, is returned (退文, ``returns``). The link is a
``DocumentLink`` from the 政策解读 item to the document (relation 解读); linking never rebuilds a
published issue, its e-edition stays as released, and the site and later issues show the link.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from gazette.calendar.workdays import CalendarNotCovered
from gazette.db.models import Document, DocumentLink, InterpretationMaterial, Submission
from gazette.files.store import FileStore
from gazette.office import settings
from gazette.office.auth import mutating, require
from gazette.submissions.register import SubmissionError, add_event
from gazette.submissions.status import StatusCalculator
from gazette.texts import disclosure as disclosure_text
from gazette.vocab import (
    INTERPRETATION,
    INTERPRETATION_FORMS,
    INTERPRETATION_MATERIALS,
    INTERPRETATION_PORTAL_DAYS,
    INTERPRETS,
    PUBLIC_DISCLOSURE,
    RETURN_REASONS,
    canonical_kind,
    needs_disclosure,
)

if TYPE_CHECKING:
    from gazette.submissions.queries import DeskRow

MISSING_INTERPRETATION, NO_DISCLOSURE, NO_DISCLOSURE_REASON, OTHER_REASON = RETURN_REASONS


def _doc(session: Session, document_id: int) -> Document:
    doc = session.get(Document, document_id)
    if doc is None:
        raise SubmissionError([("文件", f"文件（编号 {document_id}）不存在")])
    return doc


def needs_interpretation(session: Session, doc: Document) -> bool:
    """Whether this document must come with a 政策解读 (see ``interpretation_rule``)."""
    name = doc.issuer or (doc.department.name if doc.department else "")
    return interpretation_rule(
        doc.kind,
        bool(doc.is_normative),
        name,
        doc.needs_interpretation,
        settings.value(session, "interpretation_issuers"),
    )


def interpretation_rule(
    kind: str | None, normative: bool, issuer: str, mark: bool | None, issuers: list[str] | None
) -> bool:
    """The editor's mark, else the office rule: 规范性文件 of the issuers in Settings (by
    default the 市政府 and 市政府办公室, i.e. names ending in 市人民政府 / 市人民政府办公室)."""
    if mark is not None:
        return bool(mark)
    if not normative or canonical_kind(kind) == INTERPRETATION:
        return False
    if issuers:
        return issuer in issuers
    return issuer.endswith(("市人民政府", "市人民政府办公室"))


def interpretations_of(session: Session, document_id: int) -> list[int]:
    """The 政策解读 items linked to a document, oldest link first."""
    return list(
        session.scalars(
            select(DocumentLink.source_id)
            .where(DocumentLink.target_id == document_id, DocumentLink.relation == INTERPRETS)
            .order_by(DocumentLink.id)
        )
    )


def documents_of(session: Session, interpretation_id: int) -> list[int]:
    """The documents a 政策解读 item interprets."""
    return list(
        session.scalars(
            select(DocumentLink.target_id)
            .where(DocumentLink.source_id == interpretation_id, DocumentLink.relation == INTERPRETS)
            .order_by(DocumentLink.id)
        )
    )


@dataclass(frozen=True)
class Material:
    material: str
    form: str
    received_on: dt.date
    name: str


def materials(session: Session, document_id: int) -> list[Material]:
    return [
        Material(m, f, d, n)
        for m, f, d, n in session.execute(
            select(
                InterpretationMaterial.material,
                InterpretationMaterial.form,
                InterpretationMaterial.received_on,
                InterpretationMaterial.name,
            )
            .where(InterpretationMaterial.document_id == document_id)
            .order_by(InterpretationMaterial.received_on, InterpretationMaterial.id)
        )
    ]


def interpretation_complete(session: Session, document_id: int) -> bool:
    """Both a 解读方案 and a 解读材料 arrived (a linked 政策解读 item counts as 解读材料)."""
    have = {m.material for m in materials(session, document_id)}
    if interpretations_of(session, document_id):
        have.add(INTERPRETATION_MATERIALS[1])
    return set(INTERPRETATION_MATERIALS) <= have


def interpretation_arrived(session: Session, document_id: int) -> dt.date | None:
    """The day the interpretation became complete (the later of its two materials)."""
    days: dict[str, dt.date] = {}
    for m in materials(session, document_id):
        days.setdefault(m.material, m.received_on)
    if set(INTERPRETATION_MATERIALS) <= set(days):
        return max(days.values())
    return None


def return_reasons(session: Session, doc: Document) -> list[str]:
    """Why the desk would return this submission now (empty: it is complete)."""
    reasons = []
    if needs_interpretation(session, doc) and not interpretation_complete(session, doc.id):
        reasons.append(MISSING_INTERPRETATION)
    if needs_disclosure(doc.kind):
        value = disclosure_text.attribute(doc.disclosure or "")
        if value is None:
            reasons.append(NO_DISCLOSURE)
        elif value != PUBLIC_DISCLOSURE and not (
            doc.disclosure_basis.strip() and doc.disclosure_reason.strip()
        ):
            reasons.append(NO_DISCLOSURE_REASON)
    return reasons


def text_mismatch(doc: Document) -> str | None:
    """A warning when the 附注 line in the text names another 公开属性 than the department."""
    found = disclosure_text.find(doc.body_text or "")
    declared = disclosure_text.attribute(doc.disclosure or "")
    if found and declared and found != declared:
        return f"正文附注为“{found}”，报送单位申报为“{declared}”，请核对"
    return None


@mutating
def add_material(
    session: Session,
    document_id: int,
    material: str,
    received_on: dt.date,
    form: str = "文字",
    path: Path | None = None,
    store: FileStore | None = None,
) -> None:
    """Record a 解读方案 or 解读材料 with its own arrival date (and its file, when given)."""
    require(session, "submissions.write")
    doc = _doc(session, document_id)
    problems = []
    if material not in INTERPRETATION_MATERIALS:
        problems.append(("材料", f"“{material}”应为：" + "、".join(INTERPRETATION_MATERIALS)))
    if form not in INTERPRETATION_FORMS:
        problems.append(("形式", f"“{form}”应为：" + "、".join(INTERPRETATION_FORMS)))
    if doc.issued_on is not None and received_on < doc.issued_on:
        problems.append(("收到日期", f"{received_on} 早于文件印发日期 {doc.issued_on}"))
    if path is not None and store is None:
        problems.append(("文件", "附件需要文件库"))
    if problems:
        raise SubmissionError(problems)
    sha, name = None, ""
    if path is not None and store is not None:
        sha, name = store.put_file(session, Path(path)).sha256, Path(path).name
    session.add(
        InterpretationMaterial(
            document_id=doc.id,
            material=material,
            form=form,
            received_on=received_on,
            sha256=sha,
            name=name,
            recorded_by=str(session.info.get("user", "")),
        )
    )
    sub = _submission(session, doc.id)
    if sub is not None:
        add_event(session, sub, "解读材料", f"{received_on}收到{material}（{form}）{name}")
    session.flush()


@mutating
def link(session: Session, interpretation_id: int, document_id: int) -> bool:
    """Link a 政策解读 item to its document (both ways). False when the link already exists.

    A published issue is not rebuilt: its e-edition stays as released."""
    require(session, "documents.write")
    interp, doc = _doc(session, interpretation_id), _doc(session, document_id)
    if canonical_kind(interp.kind) != INTERPRETATION:
        raise SubmissionError([("解读", f"“{interp.title}”不是政策解读，不能作为解读关联")])
    if canonical_kind(doc.kind) == INTERPRETATION:
        raise SubmissionError([("文件", f"“{doc.title}”本身是政策解读，不能被解读")])
    if interpretation_id in interpretations_of(session, document_id):
        return False
    session.add(DocumentLink(source_id=interp.id, target_id=doc.id, relation=INTERPRETS))
    if interp.topic is None and doc.topic:
        interp.topic = doc.topic  # an interpretation is filed where its document is
    sub = _submission(session, doc.id)
    if sub is not None:
        add_event(session, sub, "关联解读", f"关联政策解读“{interp.title}”")
    session.flush()
    return True


@mutating
def set_portal_dates(
    session: Session, document_id: int, doc_on: dt.date | None, interp_on: dt.date | None
) -> None:
    """The dates the department reports: the document and its interpretation on the portal."""
    require(session, "submissions.write")
    sub = _submission(session, document_id)
    if sub is None:
        raise SubmissionError([("文件", f"文件（编号 {document_id}）不在报送台账中")])
    sub.portal_doc_on, sub.portal_interp_on = doc_on, interp_on
    add_event(session, sub, "门户发布", f"文件{doc_on or '未报'}，解读{interp_on or '未报'}")
    session.flush()


@mutating
def set_disclosure_reason(session: Session, document_id: int, basis: str, reason: str) -> None:
    """The legal basis and reason of a non-public 公开属性, as the drafter states them."""
    require(session, "documents.write")
    doc = _doc(session, document_id)
    doc.disclosure_basis, doc.disclosure_reason = basis.strip(), reason.strip()
    session.flush()


def _submission(session: Session, document_id: int) -> Submission | None:
    return session.scalars(select(Submission).where(Submission.document_id == document_id)).first()


def portal_on_time(
    calc: StatusCalculator, doc_on: dt.date | None, interp_on: dt.date | None
) -> bool | None:
    """Whether the interpretation reached the portal within 3 working days of the document;
    None while either date is unreported or the calendar cannot count the gap."""
    if doc_on is None or interp_on is None:
        return None
    try:
        return calc.calendar.workdays_after(doc_on, interp_on) <= INTERPRETATION_PORTAL_DAYS
    except CalendarNotCovered:
        return None


def annotate(session: Session, rows: Sequence[DeskRow], calc: StatusCalculator) -> None:
    """Fill the desk rows' interpretation columns in a few batched queries (the desk is big)."""
    wanted = {r.document_id for r in rows if r.is_normative}
    if not wanted:
        return
    issuers = settings.value(session, "interpretation_issuers")
    marks: dict[int, tuple[str, str, bool | None]] = {}
    for doc_id, kind, issuer, mark in session.execute(
        select(Document.id, Document.kind, Document.issuer, Document.needs_interpretation).where(
            Document.is_normative.is_(True), Document.historical.is_(False)
        )
    ):
        if doc_id in wanted:
            marks[doc_id] = (kind or "", issuer or "", mark)
    have: dict[int, set[str]] = {}
    for doc_id, material in session.execute(
        select(InterpretationMaterial.document_id, InterpretationMaterial.material)
    ):
        have.setdefault(doc_id, set()).add(material)
    for (target,) in session.execute(
        select(DocumentLink.target_id).where(DocumentLink.relation == INTERPRETS)
    ):
        have.setdefault(target, set()).add(INTERPRETATION_MATERIALS[1])
    portal = {
        d: (a, b)
        for d, a, b in session.execute(
            select(Submission.document_id, Submission.portal_doc_on, Submission.portal_interp_on)
        )
    }
    for r in rows:
        if r.document_id not in marks:
            continue
        kind, issuer, mark = marks[r.document_id]
        needed = interpretation_rule(kind, True, issuer or r.department, mark, issuers)
        r.needs_interpretation = needed
        if needed:
            r.interpretation_complete = set(INTERPRETATION_MATERIALS) <= have.get(
                r.document_id, set()
            )
            r.interpretation_on_time = portal_on_time(
                calc, *portal.get(r.document_id, (None, None))
            )


@dataclass(frozen=True)
class InterpretationState:
    """What the desk's 政策解读 dialog shows for one document, read in one unit of work."""

    needed: bool
    complete: bool
    materials: list[Material]
    linked: list[tuple[int, str]]  # the 政策解读 items linked to it: (id, title)
    candidates: list[tuple[int, str]]  # 政策解读 items it could be linked to, newest first
    portal_doc_on: dt.date | None
    portal_interp_on: dt.date | None


def state(session: Session, document_id: int) -> InterpretationState:
    doc = _doc(session, document_id)
    linked_ids = interpretations_of(session, document_id)
    titles = {
        i: t
        for i, t, k in session.execute(
            select(Document.id, Document.title, Document.kind)
            .where(Document.historical.is_(False))
            .order_by(Document.id.desc())
        )
        if canonical_kind(k) == INTERPRETATION
    }
    sub = _submission(session, document_id)
    return InterpretationState(
        needed=needs_interpretation(session, doc),
        complete=interpretation_complete(session, document_id),
        materials=materials(session, document_id),
        linked=[(i, titles.get(i, _doc(session, i).title)) for i in linked_ids],
        candidates=[(i, t) for i, t in titles.items() if i not in linked_ids and i != doc.id],
        portal_doc_on=sub.portal_doc_on if sub else None,
        portal_interp_on=sub.portal_interp_on if sub else None,
    )
