"""Optimistic locking made human: a stale save says who changed what, instead of overwriting.

Screens keep the ``version`` they showed; services call ``check_version`` before applying edits.
(SQLAlchemy's version_id_col also guards the UPDATE itself, so a race between check and flush
raises ``StaleDataError``, which ``explain_stale`` turns into the same message.)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import inspect, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from gazette.db.models import AuditEntry, User
from gazette.office.auth import mutating


@dataclass(frozen=True)
class TheirChange:
    actor: str
    at: str
    changes: dict[str, Any]


FIELD_LABELS = {
    "name": "名称",
    "short_name": "简称",
    "issuer_codes": "发文机关代字",
    "active": "启用状态",
    "title": "标题",
    "doc_number": "发文字号",
    "issuer": "发文机关",
    "issued_on": "印发日期",
    "disclosure": "公开属性",
    "validity": "有效性",
    "structure": "正文",
    "body_text": "正文",
    "status": "状态",
    "published_on": "出版日期",
    "serial": "总期号",
    "position": "顺序",
    "order": "编排顺序",
    "section_id": "栏目",
    "value": "设置值",
    "received_on": "报送日期",
    "decision": "选登决定",
    "decision_reason": "决定理由",
    "decided_by": "决定人",
    "decided_at": "决定时间",
    "channel": "报送方式",
    "liaison_name": "报送联络员",
    "expected": "预期文件",
    "role": "角色",
    "display_name": "姓名",
    "is_workday": "是否工作日",
    "day": "日期",
    "note": "备注",
    "phone": "电话",
    "email": "电子邮箱",
    "articles": "篇目",
    "catalogue_draft": "编目草稿",
    "assignee": "分配给",
    "location": "馆藏位置",
    "box": "档案盒",
    "missing": "缺期",
    "searched_where": "查找情况",
    "state_at": "工序时间",
    "state_by": "工序经办人",
    "cover_status": "封面核对",
    "state": "工序状态",
    "year": "年份",
    "number": "期号",
    "key": "设置项",
    "gazette_name": "公报名称",
    "publisher": "主办单位",
    "frequency": "刊期",
    "sign_own_proof": "允许本人审签",
    "filestore_root": "文件库位置",
    "addressees": "主送机关",
    "blocks": "正文段落",
    "attachment_notes": "附件说明",
    "signature": "落款",
    "date": "成文日期",
    "appendices": "附件",
}


class ConflictError(Exception):
    """Someone saved this record after you opened it; ``their`` shows their change.

    ``current`` holds the record's values now (plain, as the audit trail writes them) and
    ``version`` its version, so a screen can merge and save against the new version.
    """

    def __init__(
        self,
        table: str,
        record_id: str,
        their: TheirChange | None,
        current: Mapping[str, Any] | None = None,
        version: int | None = None,
    ) -> None:
        self.table, self.record_id, self.their = table, record_id, their
        self.current: dict[str, Any] = dict(current or {})
        self.version = version
        self.versions: dict[str, int] = {}  # an edit of several rows: each row's version now
        who = f"{their.actor} 于 {their.at}" if their else "其他用户"
        fields = (
            "、".join(dict.fromkeys(FIELD_LABELS.get(k, k) for k in their.changes)) if their else ""
        )
        detail = f"（修改了：{fields}）" if fields else ""
        super().__init__(
            f"{who}已修改了这条记录{detail}。请重新载入查看对方的修改后再保存，或合并修改。"
        )


def last_change(session: Session, table: str, record_id: str) -> TheirChange | None:
    entry = session.scalar(
        select(AuditEntry)
        .where(AuditEntry.table_name == table, AuditEntry.record_id == record_id)
        .order_by(AuditEntry.id.desc())
        .limit(1)
    )
    if entry is None:
        return None
    name = session.scalar(select(User.display_name).where(User.username == entry.actor))
    who = f"{name}（{entry.actor}）" if name and name != entry.actor else entry.actor
    return TheirChange(who, entry.at.strftime("%Y-%m-%d %H:%M"), dict(entry.changes))


def plain(value: Any) -> Any:
    """A value as the audit trail and a screen's form compare it (dates as ISO text)."""
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    return value


NOT_SHOWN = frozenset({"version", "password_hash"})  # bookkeeping, and never a secret


def current_values(obj: Any) -> dict[str, Any]:
    """Every column of ``obj`` a screen may show, in plain form."""
    mapper = inspect(obj).mapper
    return {
        a.key: plain(getattr(obj, a.key)) for a in mapper.column_attrs if a.key not in NOT_SHOWN
    }


def _conflict(session: Session, obj: Any) -> ConflictError:
    ident = "/".join(str(v) for v in inspect(obj).identity or ())
    table = obj.__tablename__
    return ConflictError(
        table, ident, last_change(session, table, ident), current_values(obj), obj.version
    )


def check_version(session: Session, obj: Any, seen_version: int) -> None:
    """Raise ConflictError when ``obj`` changed since the caller saw ``seen_version``."""
    if obj.version != seen_version:
        raise _conflict(session, obj)


def explain_stale(session: Session, obj: Any) -> ConflictError:
    """The ConflictError for a flush refused by the version column (a save racing ours)."""
    session.rollback()
    session.refresh(obj)
    return _conflict(session, obj)


@mutating
def flush_guarded(session: Session, *objs: Any) -> None:
    """Flush, turning the version column's StaleDataError into a ConflictError about whichever
    of ``objs`` someone else saved in the meantime."""
    seen = [(obj, obj.version) for obj in objs]  # the versions loaded, before the flush bumps them
    try:
        session.flush()
    except StaleDataError as exc:
        session.rollback()
        for obj, version in seen:
            session.refresh(obj)
            if obj.version != version:
                raise _conflict(session, obj) from exc
        raise


@dataclass(frozen=True)
class FieldClash:
    """One field as the merge sees it: what I started from, what they saved, what I typed."""

    key: str
    label: str
    base: Any
    theirs: Any
    mine: Any

    @property
    def they_changed(self) -> bool:
        return self.theirs != self.base

    @property
    def i_changed(self) -> bool:
        return self.mine != self.base

    @property
    def both_changed(self) -> bool:
        return self.they_changed and self.i_changed and self.theirs != self.mine


def compare(
    base: Mapping[str, Any], mine: Mapping[str, Any], theirs: Mapping[str, Any]
) -> list[FieldClash]:
    """The fields of ``mine`` that either side changed since ``base`` (keys missing in
    ``theirs`` count as unchanged by them)."""
    rows = []
    for key, value in mine.items():
        row = FieldClash(
            key, FIELD_LABELS.get(key, key), base.get(key), theirs.get(key, base.get(key)), value
        )
        if row.they_changed or row.i_changed:
            rows.append(row)
    return rows


def merge(
    base: Mapping[str, Any],
    mine: Mapping[str, Any],
    theirs: Mapping[str, Any],
    picks: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """Their values where only they changed, mine where only I did; ``picks[key]`` ("mine" or
    "theirs") decides a field both changed (mine when not picked)."""
    merged = dict(mine)
    for row in compare(base, mine, theirs):
        take_theirs = row.they_changed and (
            not row.i_changed or (row.both_changed and (picks or {}).get(row.key) == "theirs")
        )
        if take_theirs:
            merged[row.key] = row.theirs
    return merged
