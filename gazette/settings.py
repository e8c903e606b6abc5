"""Office-wide settings stored in the database, with typed defaults."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from gazette.auth import require
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


def put(ctx: AppContext, **values: Any) -> None:
    """Save settings in one transaction; each change goes through the audit hook."""
    require(ctx, "settings.write")
    unknown = set(values) - set(DEFAULTS)
    if unknown:
        raise KeyError("未知的设置项：" + "、".join(sorted(unknown)))
    if "frequency" in values and values["frequency"] not in FREQUENCIES:
        raise ValueError(
            f"刊期必须是 {', '.join(FREQUENCIES)} 之一，而不是 {values['frequency']!r}"
        )
    with ctx.uow() as uow:
        for key, value in values.items():
            row = uow.session.get(Setting, key)
            if row is None:
                uow.session.add(Setting(key=key, value=value))
            elif row.value != value:
                row.value = value
        uow.commit()
