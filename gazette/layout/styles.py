"""The gazette style sheet, read from ``resources/styles/gazette.json`` (data, not code).

An office may keep its own copy (setting ``issues.style_sheet``: a path); keys it leaves out come
from the shipped sheet, so an edited sheet never loses a style it did not mention.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reportlab.lib import pagesizes
from reportlab.lib.units import mm

from gazette.resources import resource_path

ALIGNS = ("justify", "left", "center", "right")


@dataclass(frozen=True)
class ParaStyle:
    name: str
    role: str = "body"
    size: float = 16.0
    leading: float = 28.95
    align: str = "justify"
    first_indent_em: float = 0.0
    left_indent_em: float = 0.0
    right_indent_em: float = 0.0
    space_before: float = 0.0
    space_after: float = 0.0
    keep_with_next: bool = False
    page_break_before: bool = False

    @property
    def first_indent(self) -> float:
        return self.first_indent_em * self.size

    @property
    def left_indent(self) -> float:
        return self.left_indent_em * self.size

    @property
    def right_indent(self) -> float:
        return self.right_indent_em * self.size


@dataclass(frozen=True)
class PageSpec:
    width: float
    height: float
    top: float
    bottom: float
    inner: float
    outer: float
    mirror: bool = True
    bleed: float = 3 * mm
    crop_marks: bool = False
    pad_multiple: int = 4
    continuous_folios: bool = False

    def frame(self, page_number: int) -> tuple[float, float, float, float]:
        """(x, y, width, height) of the type area on a page (odd pages have the spine left)."""
        left = self.inner if (page_number % 2 == 1 or not self.mirror) else self.outer
        width = self.width - self.inner - self.outer
        return left, self.bottom, width, self.height - self.top - self.bottom


@dataclass
class StyleSheet:
    page: PageSpec
    fonts: dict[str, list[str]]
    paragraphs: dict[str, ParaStyle]
    raw: dict[str, Any] = field(default_factory=dict)

    def __getitem__(self, name: str) -> ParaStyle:
        try:
            return self.paragraphs[name]
        except KeyError:
            raise KeyError(f"样式表中没有段落样式“{name}”") from None

    def section(self, key: str) -> dict[str, Any]:
        return dict(self.raw.get(key, {}))


def _merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out


def _page(data: dict[str, Any]) -> PageSpec:
    size_name = str(data.get("size", "A4")).upper()
    size = getattr(pagesizes, size_name, None)
    if size is None:
        raise ValueError(f"样式表中的纸张大小“{data.get('size')}”无法识别（可用 A4、A3、B5 等）")
    margins = data.get("margins_mm", {})
    return PageSpec(
        width=float(size[0]),
        height=float(size[1]),
        top=float(margins.get("top", 37)) * mm,
        bottom=float(margins.get("bottom", 35)) * mm,
        inner=float(margins.get("inner", 28)) * mm,
        outer=float(margins.get("outer", 26)) * mm,
        mirror=bool(data.get("mirror", True)),
        bleed=float(data.get("bleed_mm", 3)) * mm,
        crop_marks=bool(data.get("crop_marks", False)),
        pad_multiple=int(data.get("pad_multiple", 4)),
        continuous_folios=bool(data.get("continuous_folios", False)),
    )


def _para(name: str, data: dict[str, Any]) -> ParaStyle:
    known = set(ParaStyle.__dataclass_fields__) - {"name"}
    unknown = set(data) - known
    if unknown:
        raise ValueError(f"段落样式“{name}”含未知的键：{'、'.join(sorted(unknown))}")
    style = ParaStyle(name=name, **data)
    if style.align not in ALIGNS:
        raise ValueError(f"段落样式“{name}”的对齐方式“{style.align}”无效")
    return style


def load(path: Path | str | None = None, overrides: dict[str, Any] | None = None) -> StyleSheet:
    """The shipped sheet, merged with an office sheet at ``path`` and in-code ``overrides``."""
    data = json.loads(resource_path("styles", "gazette.json").read_text("utf-8"))
    if path:
        try:
            extra = json.loads(Path(path).read_text("utf-8"))
        except (OSError, ValueError) as exc:
            raise ValueError(f"无法读取样式表 {path}：{exc}") from exc
        data = _merge(data, extra)
    if overrides:
        data = _merge(data, overrides)
    return StyleSheet(
        page=_page(data.get("page", {})),
        fonts={k: list(v) for k, v in data.get("fonts", {}).items()},
        paragraphs={k: _para(k, v) for k, v in data.get("paragraphs", {}).items()},
        raw=data,
    )
