"""Demo part: confirm every document's 主题分类, then index whatever documents the earlier
parts created (runs last in PARTS, after the backlog too)."""

from __future__ import annotations

import random

from sqlalchemy import select

from gazette.context import AppContext
from gazette.db.models import Document
from gazette.office.auth import mutating
from gazette.search import service
from gazette.texts.links import interpretation_pairs
from gazette.texts.topic import suggest


@mutating
def confirm_topics(ctx: AppContext) -> int:
    """Store the suggested 主题分类 (and 发布机构) on every document without one, as an editor
    confirming them would; an interpretation takes its document's class. Returns how many."""
    with ctx.uow() as uow:
        s = uow.session
        docs = {d.id: d for d in s.scalars(select(Document).where(Document.topic.is_(None)))}
        for doc in docs.values():
            doc.topic = suggest(doc.title, doc.issuer, doc.kind)
            doc.publishing_org = doc.publishing_org or doc.issuer or None
        for interp, target in interpretation_pairs(s):
            if interp in docs:
                other = s.get(Document, target)
                docs[interp].topic = other.topic if other and other.topic else docs[interp].topic
        uow.commit()
        return len(docs)


def load(ctx: AppContext, rng: random.Random) -> None:
    confirm_topics(ctx)
    service.rebuild(ctx)
