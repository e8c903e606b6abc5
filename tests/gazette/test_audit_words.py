"""The audit trail reads as sentences in the office's words, with local times and local dates."""

from __future__ import annotations

import datetime as dt

from gazette.db.base import Base
from gazette.db.models import Issue
from gazette.db.uow import UnitOfWork
from gazette.issues.planning import create_issue
from gazette.office import audit_query
from gazette.office.audit_words import (
    FIELD_LABELS,
    TABLE_LABELS,
    field_label,
    local_time,
    sentence,
)
from gazette.office.users import create_user


def test_a_status_change_reads_as_a_sentence(ctx) -> None:
    with ctx.uow() as uow:
        create_user(uow.session, "zhangsan", "张三", "editor", "pw-123456")
        issue_id = create_issue(uow, 2026, 11, None, None)
        uow.commit()
    for status in ("proof", "final", "published"):
        with UnitOfWork(ctx.db, user="zhangsan", role="editor") as uow:
            uow.session.get(Issue, issue_id).status = status
            uow.commit()
    with ctx.uow() as uow:
        rows = audit_query.query(uow.session, table="issues")
        today = audit_query.query(uow.session, since=dt.date.today(), until=dt.date.today())
    assert rows[0].summary() == "张三 将 2026年第11期 的状态由 定稿 改为 已发布"
    assert rows[-1].summary() == f"{rows[-1].who} 新增期次 2026年第11期"
    assert rows[0].local_at == local_time(rows[0].at) and len(today) >= len(rows)


def test_values_and_deleted_records_are_named() -> None:
    changes = {"page_start": {"old": None, "new": 18}, "historical": {"old": False, "new": True}}
    said = sentence("李四", "update", "issue_items", "2026年第11期中的《通知》", changes)
    assert said == "李四 将 2026年第11期中的《通知》 的起始页由 空 改为 18，历史公报由 否 改为 是"
    assert sentence("李四", "delete", "departments", "市财政局", {}) == "李四 删除部门 市财政局"


def test_every_audited_table_has_a_chinese_name() -> None:
    import archive.models  # noqa: F401  (its tables are audited too)

    audited = [m.class_ for m in Base.registry.mappers if getattr(m.class_, "__audited__", False)]
    tables = {cls.__tablename__ for cls in audited}
    assert tables - set(TABLE_LABELS) == set()
    core = {
        col.key
        for cls in audited
        if cls.__module__.startswith("gazette")
        for col in cls.__table__.columns
    }
    unnamed = (
        core - set(FIELD_LABELS) - {"id", "version", "created_at", "updated_at", "password_hash"}
    )
    assert unnamed == set(), unnamed


def test_every_stored_setting_is_named_in_chinese_in_the_trail(ctx) -> None:
    """The demo office's trail opened with "删除设置 demo.unfinished": every key the program
    stores in settings, its own markers included, reads in Chinese."""
    from gazette.demo import UNFINISHED
    from gazette.distribution.issue import RESERVE_KEY
    from gazette.office import settings

    keys = {*settings.DEFAULTS, settings.COLOPHON_KEY, settings.STYLE_KEY, RESERVE_KEY, UNFINISHED}
    unnamed = [k for k in keys if field_label(k) == k]
    assert not unnamed
    from gazette.db.models import Setting

    with ctx.uow() as uow:
        uow.session.add(Setting(key=UNFINISHED, value=True))
        uow.commit()
    with ctx.uow() as uow:
        uow.session.delete(uow.session.get(Setting, UNFINISHED))
        uow.commit()
    with ctx.uow() as uow:
        rows = audit_query.query(uow.session, table="settings")
    assert rows[0].record == "演示数据正在载入"
    assert rows[0].summary().endswith("删除设置 演示数据正在载入")
