"""The disclosure attribute (公开属性) of a document, from its disclosure line or any text.

GB/T 9704 puts it in brackets under the date: （此件公开发布）, （此件依申请公开）, （此件部分公开）,
（此件不予公开）. The canonical value stored on a Document is the phrase without brackets.
"""

from __future__ import annotations

import re

from gazette.vocab import DISCLOSURES

# How each value of ``gazette.vocab.DISCLOSURES`` is recognised in a (possibly spaced) line;
# the refusals are tried first, so 不公开 never reads as 公开发布.
_PUBLIC, _ON_REQUEST, _PARTIAL, _WITHHELD = DISCLOSURES
_PATTERNS = (
    (_ON_REQUEST, re.compile(r"依\s*申\s*请\s*公\s*开")),
    (_PARTIAL, re.compile(r"部\s*分\s*公\s*开")),
    (_WITHHELD, re.compile(r"不\s*予\s*公\s*开|不\s*公\s*开")),
    (_PUBLIC, re.compile(r"公\s*开\s*发\s*布")),
)
_BARE = frozenset(d.removeprefix("此件") for d in DISCLOSURES)  # 公开发布 … without 此件


def attribute(text: str | None) -> str | None:
    """The canonical attribute named by a disclosure line such as （此件公开发布）, or None."""
    if not text:
        return None
    inner = re.sub(r"[\s（）()〔〕\[\]【】]", "", text)
    if not inner.startswith("此件") and inner not in _BARE:
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
