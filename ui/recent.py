"""Recent files and recent issues, per data folder (QSettings in ``window.ini``).

Screens call ``add_file(ctx, path, wing)`` after opening or producing a file and
``add_issue(ctx, issue_id, label)`` after opening an issue; the 文件 menu lists them. Choosing a
recent file opens its wing and calls that screen's ``open_file(path)``; a recent issue opens 公报编排
and calls ``open_issue(issue_id)`` when the screen has them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings

LIMIT = 10


def settings_for(data_dir: Path) -> QSettings:
    """The per-data-folder UI settings file (geometry, last wing, recent lists)."""
    return QSettings(str(Path(data_dir) / "window.ini"), QSettings.Format.IniFormat)


@dataclass(frozen=True)
class RecentFile:
    path: str
    wing: str


@dataclass(frozen=True)
class RecentIssue:
    issue_id: int
    label: str


def _read(ctx: Any, key: str) -> list[list[Any]]:
    value = settings_for(ctx.data_dir).value(key)
    if not isinstance(value, list):
        return []
    return [v for v in value if isinstance(v, list) and len(v) == 2]


def _write(ctx: Any, key: str, items: list[list[Any]]) -> None:
    store = settings_for(ctx.data_dir)
    store.setValue(key, items[:LIMIT])
    store.sync()


def add_file(ctx: Any, path: str | Path, wing: str = "") -> None:
    entry = [str(Path(path)), wing]
    items = [i for i in _read(ctx, "recent/files") if i[0] != entry[0]]
    _write(ctx, "recent/files", [entry, *items])


def files(ctx: Any) -> list[RecentFile]:
    return [RecentFile(str(p), str(w)) for p, w in _read(ctx, "recent/files")]


def add_issue(ctx: Any, issue_id: int, label: str) -> None:
    items = [i for i in _read(ctx, "recent/issues") if str(i[0]) != str(issue_id)]
    _write(ctx, "recent/issues", [[str(issue_id), label], *items])


def issues(ctx: Any) -> list[RecentIssue]:
    return [RecentIssue(int(i), str(label)) for i, label in _read(ctx, "recent/issues")]


def clear(ctx: Any) -> None:
    store = settings_for(ctx.data_dir)
    store.remove("recent")
    store.sync()
