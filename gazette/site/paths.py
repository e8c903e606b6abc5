"""Where each page and file lives inside the exported folder (relative, so file:// works)."""

from __future__ import annotations

from gazette.site.collect import SiteIssue

SEARCH_DIR = "search"


def year_page(year: int) -> str:
    return f"{year}/index.html"


def issue_page(issue: SiteIssue) -> str:
    name = f"zk{issue.supplement}" if issue.supplement else f"{issue.number:02d}"
    return f"{issue.year}/{name}.html"


def doc_page(doc_id: int) -> str:
    """Documents are bucketed by id so no folder holds more than a thousand pages."""
    return f"d/{doc_id // 1000}/{doc_id}.html"


def file_path(sha256: str) -> str:
    return f"files/{sha256[:2]}/{sha256[:20]}.pdf"


def cover_path(sha256: str) -> str:
    return f"covers/{sha256[:20]}.webp"


def doc_data(seq: int) -> str:
    """The search snippet of one document (a self-registering script)."""
    return f"{SEARCH_DIR}/d/{seq // 1000}/{seq}.js"


def shard(n: int) -> str:
    return f"{SEARCH_DIR}/s/{n}.js"


def delta_shard(n: int) -> str:
    return f"{SEARCH_DIR}/t/{n}.js"


def root_of(path: str) -> str:
    """The relative prefix from a page back to the site root."""
    return "../" * path.count("/")
