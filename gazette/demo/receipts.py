"""Demo part: the receipts of the published issues (runs after them): most copies signed for,
a few still unconfirmed, and one returned because the unit was merged, flagging it for review."""

from __future__ import annotations

import random

from sqlalchemy import select

from gazette.context import AppContext
from gazette.db.models import Issue
from gazette.distribution import issue as dist
from gazette.office.auth import mutating


@mutating
def load(ctx: AppContext, rng: random.Random) -> None:
    with ctx.uow() as uow:
        s = uow.session
        published = list(
            s.scalars(select(Issue).where(Issue.status == "published").order_by(Issue.number))
        )
        for k, issue in enumerate(published):
            lines = dist.view(s, issue.id).lines
            latest = k == len(published) - 1
            for i, line in enumerate(lines):
                if latest and i == 7:
                    dist.mark(s, issue.id, line.recipient_id, "returned", "单位撤并")
                elif not latest or rng.random() < 0.7:  # mailed lately: some still outstanding
                    dist.mark(s, issue.id, line.recipient_id, "received")
        uow.commit()
