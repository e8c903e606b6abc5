"""Links between documents: a 政策解读 and the document it interprets.

Read by the desk, the e-edition and the site alike, so the query lives with the documents, below
all three.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from gazette.db.models import DocumentLink
from gazette.vocab import INTERPRETS


def interpretation_pairs(session: Session) -> list[tuple[int, int]]:
    """Every (interpretation, document) pair, in the order they were linked."""
    return [
        (s, t)
        for s, t in session.execute(
            select(DocumentLink.source_id, DocumentLink.target_id)
            .where(DocumentLink.relation == INTERPRETS)
            .order_by(DocumentLink.id)
        )
    ]
