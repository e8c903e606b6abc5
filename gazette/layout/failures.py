"""A document that cannot be set: the message names it, the block and what to do."""

from __future__ import annotations

from typing import Any

from reportlab.platypus import LayoutError


class LayoutFailed(ValueError):
    """A document could not be set; the message names it, the block and what to do."""


def first_words(flowable: Any) -> str:
    """The opening words of the block a flowable sets (looking inside wrappers)."""
    for attr in ("first_words",):
        fn = getattr(flowable, attr, None)
        if callable(fn):
            return str(fn())
    text = getattr(flowable, "text", None)
    if isinstance(text, str) and text:
        return text[:20]
    for inner in getattr(flowable, "_content", None) or []:
        words = first_words(inner)
        if words:
            return words
    return ""


def failure(label: str, words: str, exc: BaseException) -> LayoutFailed:
    what = "内容超出版面，无法分页" if isinstance(exc, LayoutError) else "排版程序无法处理"
    where = f"在“{words}……”处" if words else ""
    return LayoutFailed(
        f"排版失败：{f'文件“{label}”' if label else '本期目录'}{where}{what}。"
        "请在文件编辑中检查这一段（如表格的合并单元格、极长的单元格或异常字符），"
        "修改或拆分后重新排版。本期没有生成任何文件。"
    )
