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

from gazette.db.models import AuditEntry


@dataclass(frozen=True)
class TheirChange:
    actor: str
    at: str
    changes: dict[str, Any]


class ConflictError(Exception):
    """Someone saved this record after you opened it; ``their`` shows their change."""

    def __init__(self, table: str, record_id: str, their: TheirChange | None) -> None:
        self.table, self.record_id, self.their = table, record_id, their
        who = f"{their.actor} 于 {their.at}" if their else "其他用户"
        fields = "、".join(their.changes) if their and their.changes else ""
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
    return TheirChange(entry.actor, entry.at.strftime("%Y-%m-%d %H:%M"), dict(entry.changes))


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
