"""The issues wing's office settings (stored as ``Setting`` rows, audited like the others):
the colophon's facts, the advertising word list (in ``issue_rules``) and an office style sheet."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from gazette.auth import require
from gazette.db.models import Setting
from gazette.db.uow import UnitOfWork
from gazette.layout.render import COLOPHON_KEY, DEFAULT_COLOPHON, STYLE_KEY


def colophon(uow: UnitOfWork) -> dict[str, str]:
    row = uow.session.get(Setting, COLOPHON_KEY)
    return {**DEFAULT_COLOPHON, **(row.value if row is not None and row.value else {})}


def save_colophon(uow: UnitOfWork, **values: str) -> None:
    """主办, 地址, 准印证号, 印刷单位, 印数 … printed on every issue's last page."""
    require(uow, "settings.write")
    unknown = set(values) - set(DEFAULT_COLOPHON)
    if unknown:
        raise KeyError("版权页没有这些项目：" + "、".join(sorted(unknown)))
    _put(uow, COLOPHON_KEY, {**colophon(uow), **values})


def save_style_sheet(uow: UnitOfWork, path: Path | str | None) -> None:
    """Use an office style sheet (JSON, merged over the shipped one); None returns to it."""
    require(uow, "settings.write")
    if path is not None:
        from gazette.layout import styles

        styles.load(path)  # refuse a sheet that does not load, naming the file
    _put(uow, STYLE_KEY, str(path) if path else None)


def _put(uow: UnitOfWork, key: str, value: Any) -> None:
    row = uow.session.get(Setting, key)
    if row is None:
        uow.session.add(Setting(key=key, value=value))
    else:
        row.value = value
