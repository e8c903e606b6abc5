"""Which 相关解读 / 解读的文件 lines an issue's e-edition carries, read from the links.

A document and its interpretation in this issue point at each other's page. One whose partner
was printed in another issue names that issue and, when the site's address is set in Settings,
links to the partner's page on the public site. A link made after an issue was published does
not rebuild it: the next build of a later issue, and the site, show it.
"""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import select
from sqlalchemy.orm import Session

from gazette.db.models import Document, Issue, IssueItem
from gazette.office import settings
from gazette.pdf.related import RelatedNote
from gazette.site import paths
from gazette.texts.links import interpretation_pairs
from gazette.vocab import issue_label


def notes(session: Session, issue_id: int, doc_ids: Collection[int]) -> list[RelatedNote]:
    here = set(doc_ids)
    base = str(settings.value(session, "site_base_url") or "").rstrip("/")
    out: list[RelatedNote] = []
    for interp, doc in interpretation_pairs(session):
        if doc in here:
            out.append(_note(session, issue_id, doc, "相关解读", interp, here, base))
        if interp in here:
            out.append(_note(session, issue_id, interp, "解读的文件", doc, here, base))
    return out


def _note(
    session: Session, issue_id: int, on: int, label: str, other: int, here: set[int], base: str
) -> RelatedNote:
    title = session.scalar(select(Document.title).where(Document.id == other)) or ""
    if other in here:
        return RelatedNote(on, label, title, target_id=other)
    printed = session.execute(
        select(Issue.year, Issue.number, Issue.supplement)
        .join(IssueItem, IssueItem.issue_id == Issue.id)
        .where(IssueItem.document_id == other, Issue.id != issue_id)
        .order_by(Issue.year.desc(), Issue.number.desc())
    ).first()
    elsewhere = issue_label(*printed) if printed else ""
    uri = f"{base}/{paths.doc_page(other)}" if base and printed else None
    return RelatedNote(on, label, title, elsewhere=elsewhere, uri=uri)
