"""Open-government metadata for a document page: 索引号 and 主题分类.

Both are stored on the document once the editor confirms them. Older documents without them get
a deterministic one (a structure may also carry ``index_no`` / ``topic``): the 索引号 from the
issue and the document's place in it, the 主题分类 suggested from the subject of the title.
"""

from __future__ import annotations

from typing import Any

from gazette.site.collect import SiteDoc, SiteIssue
from gazette.texts.topic import suggest


def topic(doc: SiteDoc, structure: dict[str, Any] | None) -> str:
    """The stored 主题分类, else one suggested from the subject (never the issuer's name)."""
    if doc.topic:
        return doc.topic
    if structure and structure.get("topic"):
        return str(structure["topic"])
    return suggest(doc.title, doc.issuer, doc.kind)


def index_no(
    doc: SiteDoc, issue: SiteIssue, structure: dict[str, Any] | None, fmt: str = ""
) -> str:
    """The stored 索引号, else one from Settings' format ({year}, {issue}, {place}) for a current
    issue; a supplement or a historical issue keeps the fixed scheme (Z1, LS prefix)."""
    if doc.index_no:
        return doc.index_no
    if structure and structure.get("index_no"):
        return str(structure["index_no"])
    place = next((n for n, d in enumerate(issue.docs, 1) if d.id == doc.id), 0)
    if fmt and not issue.supplement and not issue.historical:
        try:
            return fmt.format(year=issue.year, issue=issue.number, place=place)
        except (KeyError, IndexError, ValueError):
            pass  # a malformed format in Settings: fall back to the fixed scheme
    part = f"Z{issue.supplement}" if issue.supplement else f"{issue.number:02d}"
    prefix = "LS" if issue.historical else "GB"
    return f"{prefix}{issue.year}-{part}-{place:03d}"
