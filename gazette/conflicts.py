"""Optimistic locking made human: a stale save says who changed what, instead of overwriting.

Screens keep the ``version`` they showed; services call ``check_version`` before applying edits.
(SQLAlchemy's version_id_col also guards the UPDATE itself, so a race between check and flush
raises ``StaleDataError``, which ``explain_stale`` turns into the same message.)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import inspect, select
from sqlalchemy.orm import Session

from gazette.db.models import AuditEntry, User


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
    "section_id": "栏目",
    "value": "设置值",
    "received_on": "报送日期",
    "decision": "选登决定",
}


class ConflictError(Exception):
    """Someone saved this record after you opened it; ``their`` shows their change."""

    def __init__(self, table: str, record_id: str, their: TheirChange | None) -> None:
        self.table, self.record_id, self.their = table, record_id, their
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


def check_version(session: Session, obj: Any, seen_version: int) -> None:
    """Raise ConflictError when ``obj`` changed since the caller saw ``seen_version``."""
    if obj.version != seen_version:
        ident = "/".join(str(v) for v in inspect(obj).identity or ())
        raise ConflictError(
            obj.__tablename__, ident, last_change(session, obj.__tablename__, ident)
        )


def explain_stale(session: Session, obj: Any) -> ConflictError:
    ident = "/".join(str(v) for v in inspect(obj).identity or ())
    return ConflictError(obj.__tablename__, ident, last_change(session, obj.__tablename__, ident))
