"""What each exported file is made from, as short digests, so a rebuild can skip rendering.

The manifest keeps, beside the hash of every file written, the digest of its inputs:

- ``site``: the code and assets that render pages (this package, ``gazette.texts``, the shipped
  stylesheet and script) and every Settings value or reading point that reaches a page;
- ``pages``: per document page, its row's version, its own metadata, its issue's, and the titles
  of the documents it links to (上一篇/下一篇, versions, interpretations);
- ``index``: per search position, what that document contributes to the search index and its
  snippet file.

A document's body is vouched for by its row's ``version`` (every ORM write bumps it), so an
unchanged rebuild reads no bodies at all.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path
from typing import Any

from gazette.resources import resource_path
from gazette.site.collect import SiteData, SiteDoc, SiteIssue

FORMAT = 2  # bump when the meaning of a digest changes


def digest(*parts: Any) -> str:
    """A short stable digest of plain values (reprs of dataclasses, dates, numbers, strings)."""
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:32]


@lru_cache(maxsize=1)
def code_digest() -> str:
    """The templates: every source file that renders a page, and the shipped assets."""
    here = Path(__file__).resolve().parent
    sources = sorted(here.glob("*.py")) + sorted((here.parent / "texts").glob("*.py"))
    sources += sorted(resource_path("site").glob("*"))
    h = hashlib.sha256(str(FORMAT).encode())
    for path in sources:
        h.update(path.name.encode() + b"\0" + path.read_bytes())
    return h.hexdigest()[:32]


def site_digest(*settings_that_reach_pages: Any) -> str:
    return digest(code_digest(), *settings_that_reach_pages)


def _issue_facts(issue: SiteIssue) -> tuple[Any, ...]:
    return (
        issue.id,
        issue.label,
        issue.year,
        issue.number,
        issue.supplement,
        issue.serial,
        issue.published_on,
        issue.historical,
        issue.note,
        issue.pdf,
    )


def page_digest(
    site: str,
    data: SiteData,
    doc: SiteDoc,
    issue: SiteIssue,
    version: int,
    labels: dict[int, str],
    by_id: dict[int, SiteDoc],
) -> str:
    """Everything ``views.doc_page`` reads for one document."""

    def linked(ids: list[int]) -> list[tuple[int, str, str]]:
        return [(i, by_id[i].title, labels.get(by_id[i].issue_id, "")) for i in ids if i in by_id]

    near = [
        (d.id, d.title)
        for s in (doc.seq - 1, doc.seq + 1)
        if 0 <= s < len(data.docs)
        for d in (data.docs[s],)
    ]
    return digest(
        site,
        version,
        doc,
        _issue_facts(issue),
        near,
        linked(data.versions.get(doc.id, [])),
        linked(data.interpretations.get(doc.id, [])),
        linked(data.interprets.get(doc.id, [])),
    )


def index_digest(
    site: str, doc: SiteDoc, issue: SiteIssue, version: int, issuer_no: int | None
) -> str:
    """What a document adds to the search shards and writes as its snippet file."""
    return digest(
        site,
        version,
        doc.seq,
        doc.id,
        doc.title,
        doc.doc_number,
        doc.issuer,
        issuer_no,
        doc.issued_on,
        issue.label,
        issue.year,
    )
