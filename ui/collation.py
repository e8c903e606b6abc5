"""Chinese names in pinyin order, as the office lists them (Qt's collator for zh_CN).

Code-point order puts 宿迁市人民政府 before 宿迁市公安局 and 宿迁市财政局 last; the core stays free
of Qt, so the screens sort here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TypeVar

from PySide6.QtCore import QCollator, QLocale

T = TypeVar("T")

_COLLATOR = QCollator(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
_COLLATOR.setNumericMode(True)  # 第2期 before 第10期


def pinyin_sorted(items: Iterable[T], key: Callable[[T], str] = str) -> list[T]:
    return sorted(items, key=lambda item: _COLLATOR.sortKey(key(item)))


def pinyin_ranks(names: Iterable[str]) -> dict[str, int]:
    """name → its place in pinyin order: a plain number a sort role can carry."""
    return {name: i for i, name in enumerate(pinyin_sorted(set(names)))}


def pinyin_less(left: str, right: str) -> bool:
    return _COLLATOR.compare(left, right) < 0
