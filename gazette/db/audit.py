"""The one audit hook: every flush of an audited record writes who, when, what, old and new.

It listens on ``before_flush`` of every session made by ``Database``; the acting user comes from
``session.info["user"]``, which the unit of work sets. A model opts in with ``__audited__ = True``.
"""

from __future__ import annotations

import datetime as dt
import decimal
import json
from typing import Any

from sqlalchemy import inspect, text
from sqlalchemy.orm import Session, sessionmaker

from gazette.db.models.core import AuditEntry
from gazette.db.steps import listen_once

SKIP_COLUMNS = {"version", "created_at", "updated_at", "password_hash"}


def _plain(value: Any) -> Any:
    """Make a column value JSON-friendly for the trail."""
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, bytes):
        return f"<{len(value)} bytes>"
    return value


def _identity(obj: Any) -> str:
    ident = inspect(obj).identity
    if ident is None:
        mapper = inspect(obj).mapper
        ident = tuple(getattr(obj, c.key) for c in mapper.primary_key)
    return "/".join(str(_plain(v)) for v in ident)


def _columns(obj: Any) -> list[str]:
    return [a.key for a in inspect(obj).mapper.column_attrs if a.key not in SKIP_COLUMNS]


def _snapshot(obj: Any) -> dict[str, Any]:
    return {key: _plain(getattr(obj, key)) for key in _columns(obj)}


def _diff(obj: Any) -> dict[str, Any]:
    state = inspect(obj)
    changes: dict[str, Any] = {}
    for key in _columns(obj):
        hist = state.attrs[key].history
        if hist.has_changes():
            old = hist.deleted[0] if hist.deleted else None
            new = hist.added[0] if hist.added else None
            if old != new:
                changes[key] = {"old": _plain(old), "new": _plain(new)}
    return changes


_NOTES = "_audit_notes"


def annotate(session: Session, obj: Any, **notes: Any) -> None:
    """Add words to the trail entry of ``obj``'s next update in this session (the reason for a
    step back, a same-person sign-off), so the why stands next to the what."""
    session.info.setdefault(_NOTES, {})[id(obj)] = notes


# the function ``gazette office init`` installs; where it exists the server writes the trail
SERVER_FUNCTION = "gazette_audit_row"
NOTES_SETTING = "gazette.audit_notes"


def server_audits(session: Session) -> bool:
    """Whether a shared database's own triggers write the trail (then this hook stands by: the
    people's logins may not insert into it, and the server records who they really are)."""
    db = session.info.get("db")
    if db is None or getattr(db, "is_embedded", True):
        return False
    known = getattr(db, "server_audit", None)
    if known is None:
        found = session.connection().exec_driver_sql(
            "SELECT 1 FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace "
            f"WHERE p.proname = '{SERVER_FUNCTION}' AND n.nspname = current_schema()"
        )
        known = found.first() is not None
        db.server_audit = known
    return bool(known)


def _notes_to_server(session: Session, notes: dict[int, dict[str, Any]]) -> None:
    """Hand the reasons of this flush's updates to the server's trigger, keyed table:record."""
    keyed = {
        f"{o.__tablename__}:{_identity(o)}": {k: _plain(v) for k, v in notes.pop(id(o)).items()}
        for o in session.dirty
        if id(o) in notes
    }
    if keyed:
        session.connection().execute(
            text("SELECT set_config(:k, :v, true)"),
            {"k": NOTES_SETTING, "v": json.dumps(keyed, ensure_ascii=False)},
        )


def _before_flush(session: Session, _ctx: Any, _instances: Any) -> None:
    notes: dict[int, dict[str, Any]] = session.info.get(_NOTES, {})
    if server_audits(session):
        _notes_to_server(session, notes)
        return
    actor = str(session.info.get("user", "system"))
    pending: list[tuple[str, Any]] = []
    pending += [("create", o) for o in session.new if getattr(o, "__audited__", False)]
    pending += [("update", o) for o in session.dirty if getattr(o, "__audited__", False)]
    pending += [("delete", o) for o in session.deleted if getattr(o, "__audited__", False)]
    creates = [o for action, o in pending if action == "create"]
    if creates:
        session.info.setdefault("_audit_created", []).extend(creates)
    for action, obj in pending:
        if action == "create":
            continue  # recorded after flush, once the primary key is known
        if action == "update":
            changes = _diff(obj)
            if not changes:
                continue
            for key, text in notes.pop(id(obj), {}).items():
                changes[key] = {"old": None, "new": _plain(text)}
        else:
            changes = {k: {"old": v, "new": None} for k, v in _snapshot(obj).items()}
        session.add(
            AuditEntry(
                actor=actor,
                action=action,
                table_name=obj.__tablename__,
                record_id=_identity(obj),
                changes=changes,
            )
        )


def _after_flush(session: Session, _ctx: Any) -> None:
    created = session.info.pop("_audit_created", [])
    if not created:
        return
    actor = str(session.info.get("user", "system"))
    for obj in created:
        changes = {k: {"old": None, "new": v} for k, v in _snapshot(obj).items()}
        session.add(
            AuditEntry(
                actor=actor,
                action="create",
                table_name=obj.__tablename__,
                record_id=_identity(obj),
                changes=changes,
            )
        )


def install(session_factory: sessionmaker[Session]) -> None:
    """Attach the audit hook to a sessionmaker (idempotent)."""
    listen_once(session_factory, {"before_flush": _before_flush, "after_flush": _after_flush})


def audited_tables() -> list[str]:
    """The tables of every model that opts in to the trail (the server's triggers follow it)."""
    from gazette.db.base import Base

    found = {
        str(m.class_.__tablename__)
        for m in Base.registry.mappers
        if getattr(m.class_, "__audited__", False)
    }
    return sorted(found)
