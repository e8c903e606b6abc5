"""The backlog demo: 20 years registered, states advanced, a quarter catalogued with their text,
scans of one issue ingested."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from archive import demo, plan, register, workflow
from gazette.db.models import Document, Issue, IssueItem


def test_demo_loads_a_working_backlog(ctx) -> None:
    today = dt.date(2026, 11, 27)
    lines = demo.load(ctx, today)
    assert "240" in lines[0] and f"已编目 {demo.CATALOGUED} 期" in lines[1]
    with ctx.uow() as uow:
        counts = {c.code: c.count for c in workflow.counts(uow)}
        st = plan.status(uow, today)
        rows = {r.label: r for r in register.rows(uow)}
        gaps = register.find_gaps(uow)
    assert sum(counts.values()) == 241 and counts["published"] == demo.PUBLISHED
    assert counts["catalogued"] == demo.CATALOGUED - demo.PUBLISHED
    assert all(counts[step] for step in ("located", "scanned", "ocred", "proofread"))
    assert rows["2020年第12期"].pages == 3 and rows["2020年第12期"].state == "scanned"
    assert (ctx.data_dir / "演示扫描件" / "2020-11").is_dir()
    assert len(gaps.missing_issues) == 2
    assert st.steps[0].per_week > 0 and st.late


def test_catalogued_issues_carry_their_articles_text(ctx) -> None:
    demo.load(ctx, dt.date(2026, 11, 27))
    with ctx.uow() as uow:
        s = uow.session
        per_issue = dict(
            s.execute(
                select(Issue.id, func.count(IssueItem.id))
                .join(IssueItem, IssueItem.issue_id == Issue.id)
                .where(Issue.historical.is_(True))
                .group_by(Issue.id)
            ).all()
        )
        bodies = s.scalars(select(Document.body_text).where(Document.historical.is_(True))).all()
    assert len(per_issue) == demo.CATALOGUED and set(per_issue.values()) == {3}
    assert all(len(b) > 100 for b in bodies)
    assert any("防治非典型肺炎" in b for b in bodies)  # 2003's first issue, for a history search
