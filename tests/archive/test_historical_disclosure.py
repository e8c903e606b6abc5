"""Nothing of a historical issue leaves the office before the backlog publishes it.

The issue is walked through every step of the backlog's workflow and the site is exported at
each: its page, its articles' text and its title appear only at 已发布, and go again when it is
sent back. The shared Issue's status follows the backlog, which is what the site reads.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from archive import register, workflow
from archive.register import Period
from gazette.db.models import Document, Issue, IssueItem, Section
from gazette.site.build import build

MARK = "鹦鹉螺档案"  # never in the synthetic furniture of the site


def _exported_text(out: Path) -> str:
    return "".join(p.read_bytes().decode("utf-8", "replace") for p in out.rglob("*") if p.is_file())


def test_a_historical_issue_reaches_the_site_only_at_published(ctx, tmp_path: Path) -> None:
    with ctx.uow() as uow:
        register.register_period(uow, Period((2020, 11), (2020, 11), "monthly", 11))
        uow.commit()
    with ctx.uow() as uow:
        s = uow.session
        issue = s.scalars(select(Issue).where(Issue.historical.is_(True))).one()
        assert issue.status != "published"
        section = Section(name="历史文件", position=1)
        doc = Document(
            title=f"关于{MARK}的通知",
            kind="公文",
            historical=True,
            body_text=f"本文提到{MARK}。",
            issuer="宿迁市人民政府",
        )
        s.add_all([section, doc])
        s.add(IssueItem(issue=issue, document=doc, section=section, position=0))
        entry_id = register.rows(uow)[0].entry_id
        uow.commit()
    seen: dict[str, bool] = {}
    for step in workflow.STEPS:
        with ctx.uow() as uow:
            workflow.advance(uow, [entry_id], step, location="市档案馆 A-1")
            uow.commit()
        out = tmp_path / step
        build(ctx, out)
        seen[step] = MARK in _exported_text(out)
    assert seen == {step: step == "published" for step in workflow.STEPS}
    with ctx.uow() as uow:
        workflow.send_back(uow, [entry_id], "catalogued", "编目有误，撤回网站")
        uow.commit()
    build(ctx, tmp_path / "withdrawn")
    assert MARK not in _exported_text(tmp_path / "withdrawn")


def test_registered_historical_issues_wait_for_publishing(ctx) -> None:
    with ctx.uow() as uow:
        register.register_period(uow, Period((2019, 1), (2019, 3), "monthly", 1))
        entry = register.add_supplement(uow, 2019)
        uow.commit()
    with ctx.uow() as uow:
        statuses = set(uow.session.scalars(select(Issue.status)))
        assert statuses == {"final"}
        workflow.advance(uow, [entry], "published", location="市档案馆 B-2")
        uow.commit()
    with ctx.uow() as uow:
        published = uow.session.scalars(
            select(Issue.supplement).where(Issue.status == "published")
        ).all()
    assert published == [1]


def test_the_upgrade_corrects_issues_registered_as_published(ctx) -> None:
    from alembic import command

    from gazette.db.migrate import alembic_config, upgrade

    with ctx.uow() as uow:
        register.register_period(uow, Period((2018, 1), (2018, 2), "monthly", 1))
        uow.commit()
    with ctx.uow() as uow:
        first, _second = (r.entry_id for r in register.rows(uow))
        workflow.advance(uow, [first], "published", location="市档案馆 C-3")
        uow.commit()
    command.downgrade(alembic_config(ctx.db), "0400")  # as an older program left them
    with ctx.db.engine.connect() as conn:
        before = set(conn.exec_driver_sql("SELECT status FROM issues").scalars())
    assert before == {"published"}
    upgrade(ctx.db)
    with ctx.uow() as uow:
        by_number = {n: s for n, s in uow.session.execute(select(Issue.number, Issue.status))}
    assert by_number == {1: "published", 2: "final"}
