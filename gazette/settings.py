"""Office-wide settings stored in the database, with typed defaults."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from sqlalchemy.orm import Session

from gazette.auth import require
from gazette.conflicts import ConflictError, TheirChange, flush_guarded, last_change
from gazette.db.models import Setting

if TYPE_CHECKING:
    from gazette.context import AppContext

DEFAULTS: dict[str, Any] = {
    "gazette_name": "宿迁市人民政府公报",
    "publisher": "宿迁市人民政府办公室",
    "frequency": "monthly",  # monthly / semimonthly / weekly
    "filestore_root": None,
}

FREQUENCIES = {"monthly": "月刊", "semimonthly": "半月刊", "weekly": "周刊"}


def get(ctx: AppContext, key: str) -> Any:
    with ctx.uow() as uow:
        row = uow.session.get(Setting, key)
        return row.value if row is not None else DEFAULTS.get(key)


def get_all(ctx: AppContext) -> dict[str, Any]:
    values = dict(DEFAULTS)
    with ctx.uow() as uow:
        for row in uow.session.query(Setting).all():
            values[row.key] = row.value
    return values


def snapshot(ctx: AppContext) -> tuple[dict[str, Any], dict[str, int]]:
    """Every setting and the version of each stored one (0: never saved), read together, so a
    settings form can save against what it showed."""
    with ctx.uow() as uow:
        return _values_and_versions(uow.session)


def _values_and_versions(session: Session) -> tuple[dict[str, Any], dict[str, int]]:
    values, versions = dict(DEFAULTS), dict.fromkeys(DEFAULTS, 0)
    for row in session.query(Setting).all():
        values[row.key], versions[row.key] = row.value, row.version
    return values, versions


def _check_versions(session: Session, keys: list[str], seen: Mapping[str, int]) -> None:
    values, versions = _values_and_versions(session)
    stale = [k for k in keys if versions.get(k, 0) != seen.get(k, 0)]
    if stale:
        key = stale[0]
        their = last_change(session, "settings", key)
        if their is not None:  # name the setting (公报名称), not the column (设置值)
            their = TheirChange(their.actor, their.at, {key: their.changes.get("value")})
        error = ConflictError("settings", key, their)
        error.current, error.versions = values, versions
        raise error


def put(
    ctx: AppContext, *, expected_versions: Mapping[str, int] | None = None, **values: Any
) -> None:
    """Save settings in one transaction; each change goes through the audit hook.

    ``expected_versions`` (from ``snapshot``) guards a form: a setting someone else saved since
    raises ConflictError naming them, with every current value and version for a merge.
    """
    require(ctx, "settings.write")
    unknown = set(values) - set(DEFAULTS)
    if unknown:
        raise KeyError("未知的设置项：" + "、".join(sorted(unknown)))
    if "frequency" in values and values["frequency"] not in FREQUENCIES:
        raise ValueError(
            f"刊期必须是 {', '.join(FREQUENCIES)} 之一，而不是 {values['frequency']!r}"
        )
    with ctx.uow() as uow:
        if expected_versions is not None:
            _check_versions(uow.session, list(values), expected_versions)
        for key, value in values.items():
            row = uow.session.get(Setting, key)
            if row is None:
                uow.session.add(Setting(key=key, value=value))
            elif row.value != value:
                row.value = value
                flush_guarded(uow.session, row)
        uow.commit()
