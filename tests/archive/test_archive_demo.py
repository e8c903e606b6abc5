"""The backlog demo: 20 years registered, states advanced, scans of one issue ingested."""

from __future__ import annotations

import datetime as dt

from archive import demo, plan, register, workflow


def test_demo_loads_a_working_backlog(ctx) -> None:
    today = dt.date(2026, 11, 27)
    lines = demo.load(ctx, today)
    assert "240" in lines[0]
    with ctx.uow() as uow:
        counts = {c.code: c.count for c in workflow.counts(uow.session)}
        st = plan.status(uow.session, today)
        rows = {r.label: r for r in register.rows(uow.session)}
        gaps = register.find_gaps(uow.session)
    assert sum(counts.values()) == 241 and counts["published"] == 6
    assert rows["2020年第12期"].pages == 3 and rows["2020年第12期"].state == "scanned"
    assert (ctx.data_dir / "演示扫描件" / "2020-11").is_dir()
    assert len(gaps.missing_issues) == 2
    assert st.steps[0].per_week > 0 and st.late
