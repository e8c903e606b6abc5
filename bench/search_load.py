"""Loading a synthetic archive into the app's tables in bulk (Core inserts, no ORM hooks)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import insert

from gazette.context import AppContext
from gazette.db.models import Document, Issue, IssueItem, Section


def load_archive(ctx: AppContext, docs: list) -> None:
    now = dt.datetime(2026, 1, 1)
    with ctx.db.engine.begin() as conn:
        names = sorted({d.section for d in docs})
        conn.execute(
            insert(Section),
            [
                {"id": i + 1, "name": n, "position": i, "active": True, "version": 1}
                for i, n in enumerate(names)
            ],
        )
        section_id = {n: i + 1 for i, n in enumerate(names)}
        issues = sorted({(d.year, d.number) for d in docs})
        issue_id = {k: i + 1 for i, k in enumerate(issues)}
        conn.execute(
            insert(Issue),
            [
                {
                    "id": issue_id[(y, n)],
                    "year": y,
                    "number": n,
                    "supplement": 0,
                    "serial": issue_id[(y, n)],
                    "published_on": dt.date(y, 1 + (n - 1) // 2, 28),
                    "status": "published",
                    "historical": y < 2016,
                    "note": "",
                    "version": 1,
                    "created_at": now,
                    "updated_at": now,
                }
                for y, n in issues
            ],
        )
        for start in range(0, len(docs), 2000):
            chunk = docs[start : start + 2000]
            conn.execute(
                insert(Document),
                [
                    {
                        "id": d.id,
                        "kind": d.kind,
                        "title": d.title,
                        "doc_number": d.doc_number,
                        "issuer": d.issuer,
                        "issued_on": d.issued_on,
                        "disclosure": d.disclosure,
                        "is_normative": False,
                        "validity": d.validity,
                        "historical": d.historical,
                        "body_text": d.body,
                        "note": "",
                        "version": 1,
                        "created_at": now,
                        "updated_at": now,
                    }
                    for d in chunk
                ],
            )
            conn.execute(
                insert(IssueItem),
                [
                    {
                        "issue_id": issue_id[(d.year, d.number)],
                        "document_id": d.id,
                        "section_id": section_id[d.section],
                        "position": d.id,
                        "page_start": d.page,
                        "page_end": d.page + 1,
                        "version": 1,
                    }
                    for d in chunk
                ],
            )
