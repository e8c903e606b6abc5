"""The disclosure attribute (公开属性) of a document, from its disclosure line or any text.

GB/T 9704 puts it in brackets under the date: （此件公开发布）, （此件依申请公开）, （此件部分公开）,
（此件不予公开）. The canonical value stored on a Document is the phrase without brackets.
"""

from __future__ import annotations

import re

ATTRIBUTES = ("此件公开发布", "此件依申请公开", "此件部分公开", "此件不予公开")
PUBLISHABLE = "此件公开发布"

_PATTERNS = (
    ("此件依申请公开", re.compile(r"依\s*申\s*请\s*公\s*开")),
    ("此件部分公开", re.compile(r"部\s*分\s*公\s*开")),
    ("此件不予公开", re.compile(r"不\s*予\s*公\s*开|不\s*公\s*开")),
    ("此件公开发布", re.compile(r"公\s*开\s*发\s*布")),
)


def attribute(text: str | None) -> str | None:
    """The canonical attribute named by a disclosure line such as （此件公开发布）, or None."""
    if not text:
        return None
    inner = re.sub(r"[\s（）()〔〕\[\]【】]", "", text)
    if not inner.startswith("此件") and not re.fullmatch(
        r"(公开发布|依申请公开|部分公开|不予公开)", inner
    ):
        return None
    for name, pattern in _PATTERNS:
        if pattern.search(inner):
            return name
    return None


def find(text: str) -> str | None:
    """The attribute of a whole text: the last disclosure line in it (the one under the date)."""
    found = None
    for line in text.splitlines():
        stripped = line.strip()
        if (
            stripped.startswith(("（", "("))
            and stripped.endswith(("）", ")"))
            and len(stripped) < 16
        ):
            found = attribute(stripped) or found
    return found
