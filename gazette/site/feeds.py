"""sitemap.xml and the Atom feed of new issues."""

from __future__ import annotations

import datetime as dt
from xml.sax.saxutils import escape as _escape

from gazette.site import paths
from gazette.site.collect import SiteData

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
SITEMAP_LIMIT = 40000  # the protocol allows 50,000 URLs per file


def escape(text: str) -> str:
    """XML-escape for element text and double-quoted attributes alike (``&``, ``<``, ``>``,
    ``"``): the site address comes from the user and lands in both."""
    return _escape(text, {'"': "&quot;"})


def _url(base: str, path: str) -> str:
    return base.rstrip("/") + "/" + path


def sitemaps(data: SiteData, base: str) -> list[tuple[str, bytes]]:
    """One sitemap.xml, or an index of numbered sitemaps past the per-file limit."""
    entries: list[tuple[str, dt.date | None]] = [("index.html", None), ("search.html", None)]
    for y in data.years:
        entries.append((paths.year_page(y), None))
    for issue in data.issues:
        entries.append((paths.issue_page(issue), issue.published_on))
        entries += [(paths.doc_page(d.id), issue.published_on) for d in issue.docs]

    def urlset(chunk: list[tuple[str, dt.date | None]]) -> bytes:
        rows = []
        for path, day in chunk:
            mod = f"<lastmod>{day.isoformat()}</lastmod>" if day else ""
            rows.append(f"<url><loc>{escape(_url(base, path))}</loc>{mod}</url>")
        return (
            f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="{SITEMAP_NS}">\n'
            + "\n".join(rows)
            + "\n</urlset>\n"
        ).encode()

    if len(entries) <= SITEMAP_LIMIT:
        return [("sitemap.xml", urlset(entries))]
    out = []
    for n in range(0, len(entries), SITEMAP_LIMIT):
        out.append(
            (f"sitemap-{n // SITEMAP_LIMIT + 1}.xml", urlset(entries[n : n + SITEMAP_LIMIT]))
        )
    index = "\n".join(f"<sitemap><loc>{escape(_url(base, p))}</loc></sitemap>" for p, _ in out)
    head = f'<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="{SITEMAP_NS}">\n'
    out.insert(0, ("sitemap.xml", (head + index + "\n</sitemapindex>\n").encode()))
    return out


def atom(data: SiteData, base: str | None, limit: int = 20) -> bytes:
    """The latest issues, newest first. Links are absolute when the site address is known,
    else relative to the feed (RFC 4287 allows that)."""

    def link(path: str) -> str:
        return _url(base, path) if base else path

    def stamp(day: dt.date | None, year: int) -> str:
        return f"{(day or dt.date(year, 12, 31)).isoformat()}T00:00:00+08:00"

    latest = list(reversed(data.issues))[:limit]
    updated = (
        stamp(latest[0].published_on, latest[0].year) if latest else "2000-01-01T00:00:00+08:00"
    )
    feed_id = escape(link("feed.xml") if base else f"tag:gazette,2000:{data.gazette_name}")
    entries = []
    for issue in latest:
        titles = "".join(f"<li>{escape(d.title)}</li>" for d in issue.docs[:30])
        entries.append(
            "<entry>"
            f"<title>{escape(data.gazette_name + issue.label)}</title>"
            f'<link rel="alternate" type="text/html" href="{escape(link(paths.issue_page(issue)))}"/>'
            f"<id>{escape(link(paths.issue_page(issue)) if base else f'tag:gazette,2000:issue-{issue.year}-{issue.number}-{issue.supplement}')}</id>"
            f"<updated>{stamp(issue.published_on, issue.year)}</updated>"
            f'<summary type="html">{escape("<ol>" + titles + "</ol>")}</summary>'
            "</entry>"
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="zh-CN">\n'
        f"<title>{escape(data.gazette_name)}</title>\n"
        f"<subtitle>{escape(data.gazette_name)}最新各期</subtitle>\n"
        f'<link rel="self" href="{escape(link("feed.xml"))}"/>\n'
        f'<link rel="alternate" type="text/html" href="{escape(link("index.html"))}"/>\n'
        f"<id>{feed_id}</id>\n<updated>{updated}</updated>\n"
        f"<author><name>{escape(data.publisher or data.gazette_name)}</name></author>\n"
        + "\n".join(entries)
        + "\n</feed>\n"
    ).encode()
