"""Selection decisions (选登 / 不予选登). Only publishable documents may be selected.

Publishable is ``gazette.vocab.may_publish``, the rule the issue check and the site apply too:
a 公文 needs 此件公开发布, kinds public by nature need none.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from gazette.db.base import utcnow
from gazette.db.models import Document, Submission
from gazette.office.auth import mutating, require
from gazette.office.conflicts import check_version, flush_guarded
from gazette.submissions.register import add_event
from gazette.texts.topic import check as check_topic
from gazette.texts.topic import suggest
from gazette.vocab import GONGWEN, PUBLIC_DISCLOSURE, may_publish

SELECTED, DECLINED = "选登", "不予选登"


class SelectionError(ValueError):
    """A refused decision; the message gives the reason in Chinese."""


def selectable(kind: str | None, disclosure: str | None) -> tuple[bool, str]:
    """Whether a document may be selected for the gazette, and why not (for the desk too)."""
    ok, _why = may_publish(kind or GONGWEN, disclosure)
    if ok:
        return True, ""
    return False, f"公开属性为“{disclosure or '未填写'}”，只有“{PUBLIC_DISCLOSURE}”的文件可以选登"


@mutating
def decide(
    session: Session,
    document_id: int,
    decision: str,
    reason: str = "",
    *,
    expected_version: int | None = None,
) -> None:
    """Record the editor's decision on a received document. The caller commits.

    ``expected_version`` is the submission version the desk showed: a decision someone else
    recorded meanwhile raises ConflictError instead of being overwritten.
    """
    require(session, "selection.decide")
    if decision not in (SELECTED, DECLINED):
        raise SelectionError(f"“{decision}”不是选登决定，应为“选登”或“不予选登”")
    doc = session.get(Document, document_id)
    sub = session.scalars(select(Submission).where(Submission.document_id == document_id)).first()
    if doc is None or sub is None:
        raise SelectionError(f"文件（编号 {document_id}）不在报送台账中")
    if expected_version is not None:
        check_version(session, sub, expected_version)
    label = doc.doc_number or doc.title
    if sub.received_on is None:
        raise SelectionError(f"{label} 尚未收到，不能作出选登决定")
    reason = reason.strip()
    if decision == SELECTED:
        ok, why = selectable(doc.kind, doc.disclosure)
        if not ok:
            raise SelectionError(f"{label} 的{why}")
    if decision == DECLINED and not reason:
        raise SelectionError(f"{label} 不予选登时必须填写理由")
    if decision == SELECTED:
        suggest_metadata(doc)
    sub.decision = decision
    sub.decision_reason = reason
    sub.decided_by = str(session.info.get("user", ""))
    sub.decided_at = utcnow()
    add_event(session, sub, decision, reason)
    flush_guarded(session, sub)


@mutating
def clear(session: Session, document_id: int) -> None:
    """Withdraw a decision (the document goes back to undecided)."""
    require(session, "selection.decide")
    sub = session.scalars(select(Submission).where(Submission.document_id == document_id)).first()
    if sub is None or sub.decision is None:
        return
    add_event(session, sub, "撤销决定", f"撤销“{sub.decision}”")
    sub.decision, sub.decision_reason, sub.decided_at = None, "", None
    session.flush()


def suggest_metadata(doc: Document) -> None:
    """At selection: the 主题分类 from the subject and the 发布机构 from the issuer, where the
    editor has not set them yet (``confirm_metadata`` records the editor's own)."""
    if not doc.topic:
        doc.topic = suggest(doc.title, doc.issuer, doc.kind)
    if not doc.publishing_org:
        doc.publishing_org = doc.issuer or None


@mutating
def confirm_metadata(
    session: Session,
    document_id: int,
    *,
    topic: str | None = None,
    index_no: str | None = None,
    publishing_org: str | None = None,
) -> Document:
    """The editor confirms or corrects a document's 主题分类, 索引号 and 发布机构."""
    require(session, "documents.write")
    doc = session.get(Document, document_id)
    if doc is None:
        raise SelectionError(f"文件（编号 {document_id}）不存在")
    try:
        if topic is not None:
            doc.topic = check_topic(topic)
    except ValueError as exc:
        raise SelectionError(str(exc)) from exc
    if index_no is not None:
        value = index_no.strip()
        if len(value) > 32:
            raise SelectionError(f"索引号“{value}”过长（最多32个字符）")
        doc.index_no = value or None
    if publishing_org is not None:
        doc.publishing_org = publishing_org.strip()[:128] or None
    session.flush()
    return doc
