"""HTML of every page, from plain data. All user text passes through ``h()`` (html.escape).

A page is ``layout(...)`` around a body fragment; fragments are built from escaped pieces only,
so a title like ``<script>`` shows as text. Links are relative to the page (works from file://).
"""

from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass
from string import Template

from gazette.site import paths
from gazette.site.collect import SiteDoc, SiteIssue
from gazette.site.covers import COVER_HEIGHT, COVER_WIDTH
from gazette.texts import html as texts_html

ASSET_VERSION = "5"  # raised when site.css or search.js change, so browsers reload them


def h(value: object) -> str:
    return html.escape(str(value), quote=True)


def cn_date(day: dt.date | None) -> str:
    return f"{day.year}年{day.month}月{day.day}日" if day else ""


@dataclass(frozen=True)
class Site:
    """What every page needs to know about the site."""

    name: str
    publisher: str
    # the footer that 政府网站发展指引 asks for, from Settings; a blank one is not printed
    site_code: str = ""  # 网站标识码
    icp_number: str = ""  # ICP备案号
    police_number: str = ""  # 公安机关备案号
    contact: str = ""
    base_url: str = ""  # the site's address, for canonical links
    index_no_format: str = ""  # Settings' 索引号 format
    reading: bool = False  # the office lists 查阅点 (reading.html), linked from every footer

    def filing_html(self) -> str:
        """The footer's identity line: 网站标识码, ICP and 公安 filing numbers, contact."""
        parts = []
        if self.site_code:
            parts.append(f'<span class="site-code">网站标识码：{h(self.site_code)}</span>')
        if self.icp_number:
            parts.append(
                '<a class="icp" href="https://beian.miit.gov.cn/" rel="noopener">'
                f"{h(self.icp_number)}</a>"
            )
        if self.police_number:
            parts.append(
                '<a class="police" href="https://beian.mps.gov.cn/" rel="noopener">'
                f"{h(self.police_number)}</a>"
            )
        lines = ['<p class="filing">' + "　".join(parts) + "</p>"] if parts else []
        if self.contact:
            lines.append(f'<p class="contact">联系我们：{h(self.contact)}</p>')
        return "\n".join(lines)


LAYOUT = Template(
    """<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>$title</title>
<meta name="description" content="$description">
<link rel="icon" href="data:,">
$head$canonical<link rel="stylesheet" href="${root}assets/site.css?v=$v">
<link rel="alternate" type="application/atom+xml" title="$name 最新各期" href="${root}feed.xml">
</head>
<body>
<a class="skip" href="#main">跳到正文</a>
<header class="masthead">
<div class="wrap">
<p class="brand"><a href="${root}index.html"><span class="emblem" aria-hidden="true"></span>$name</a></p>
<nav aria-label="主导航">
<ul>
<li><a href="${root}index.html"$cur_home>首页</a></li>
<li><a href="${root}index.html#years"$cur_years>往期公报</a></li>
<li><a href="${root}search.html"$cur_search>全文检索</a></li>
</ul>
</nav>
</div>
</header>
$crumbs<main id="main" class="wrap">
$body
</main>
<footer class="colophon">
<div class="wrap">
<p>$name　主办：$publisher</p>
<p>本刊免费赠阅，不刊登商业广告。文件以本刊刊登文本为标准文本。</p>
<p><a href="${root}feed.xml">订阅最新各期（Atom）</a>$reading</p>
$filing
</div>
</footer>
$scripts</body>
</html>
"""
)


def layout(
    site: Site,
    *,
    path: str,
    title: str,
    body: str,
    crumbs: list[tuple[str, str]] | None = None,
    active: str = "",
    description: str = "",
    scripts: list[str] | None = None,
    head: str = "",
) -> str:
    """Wrap a body fragment (already escaped) in the page shell. ``head``: markup that must run
    before the stylesheet (a script placed after it would wait for it)."""
    root = paths.root_of(path)
    crumb_html = ""
    if crumbs:
        items = []
        for n, (label, href) in enumerate(crumbs):
            if n == len(crumbs) - 1:
                items.append(f'<li aria-current="page">{h(label)}</li>')
            else:
                items.append(f'<li><a href="{h(root + href)}">{h(label)}</a></li>')
        crumb_html = (
            f'<nav class="crumbs wrap" aria-label="当前位置"><ol>{"".join(items)}</ol></nav>\n'
        )
    cur = ' aria-current="page"'
    canonical = ""
    if site.base_url:
        canonical = f'<link rel="canonical" href="{h(site.base_url.rstrip("/") + "/" + path)}">\n'
    return LAYOUT.substitute(
        canonical=canonical,
        head=head,
        filing=site.filing_html(),
        title=h(f"{title} - {site.name}" if title != site.name else title),
        description=h(description or f"{site.name}电子版：各期目录、文件全文、下载与检索"),
        root=root,
        v=ASSET_VERSION,
        name=h(site.name),
        publisher=h(site.publisher),
        cur_home=cur if active == "home" else "",
        cur_years=cur if active == "years" else "",
        cur_search=cur if active == "search" else "",
        crumbs=crumb_html,
        body=body,
        reading=f'　<a href="{root}reading.html">纸质公报查阅点</a>' if site.reading else "",
        # deferred: they run once the page is parsed, in order, without holding up its paint
        scripts="".join(f'<script defer src="{h(root + s)}"></script>\n' for s in scripts or []),
    )


# -- pieces ------------------------------------------------------------------------------------
def pages_label(doc: SiteDoc) -> str:
    if doc.page_start and doc.page_end and doc.page_end != doc.page_start:
        return f"第{doc.page_start}—{doc.page_end}页"
    if doc.page_start:
        return f"第{doc.page_start}页"
    return ""


def size_label(size: int) -> str:
    if size >= 1 << 20:
        return f"{size / (1 << 20):.1f} MB"
    return f"{max(1, round(size / 1024))} KB"


def cover(
    site: Site, issue: SiteIssue, root: str, cover_file: str | None, first: bool = False
) -> str:
    """A rendered thumbnail of page 1 when there is one, else a typographic cover.

    ``first``: the page's largest picture (the latest issue, an issue's own page), fetched at
    once and before other images so it paints early; every other cover waits until scrolled to.
    """
    alt = f"{issue.label}封面"
    if cover_file:
        load = 'fetchpriority="high"' if first else 'loading="lazy"'
        return (
            f'<img class="cover" src="{h(root + cover_file)}" alt="{h(alt)}" '
            f'width="{COVER_WIDTH}" height="{COVER_HEIGHT}" {load} decoding="async">'
        )
    serial = f"总第{issue.serial}期" if issue.serial else ""
    number = f"增刊{issue.supplement}" if issue.supplement else f"第{issue.number}期"
    return (
        f'<div class="cover cover-type" role="img" aria-label="{h(alt)}">'
        f'<span class="cv-name">{h(site.name)}</span>'
        f'<span class="cv-year">{issue.year}</span>'
        f'<span class="cv-no">{h(number)}</span>'
        f'<span class="cv-serial">{h(serial)}</span>'
        f'<span class="cv-pub">{h(site.publisher)}</span></div>'
    )


def issue_card(site: Site, issue: SiteIssue, root: str, cover_file: str | None) -> str:
    href = root + paths.issue_page(issue)
    extra = '<span class="tag">历史公报</span>' if issue.historical else ""
    date = cn_date(issue.published_on)
    return (
        f'<li class="card"><a href="{h(href)}">{cover(site, issue, root, cover_file)}'
        f'<span class="card-title">{h(issue.label)}{extra}</span></a>'
        f'<span class="card-meta">{h(date)}'
        f"{f'　总第{issue.serial}期' if issue.serial else ''}"
        f"　{len(issue.docs)}篇</span></li>"
    )


def toc(issue: SiteIssue, root: str) -> str:
    parts = []
    for n, (section, docs) in enumerate(issue.sections, 1):
        rows = []
        for d in docs:
            num = f'<span class="docno">{h(d.doc_number)}</span>' if d.doc_number else ""
            page = f'<span class="page">{h(pages_label(d))}</span>' if pages_label(d) else ""
            state = (
                f'<span class="badge badge-{h(d.validity)}">{h(d.validity)}</span>'
                if d.validity != "有效"
                else ""
            )
            rows.append(
                f'<li><a href="{h(root + paths.doc_page(d.id))}">{h(d.title)}</a>'
                f"{state}{num}{page}</li>"
            )
        parts.append(
            f'<section class="toc-section" aria-labelledby="sec{n}">'
            f'<h3 id="sec{n}">{h(section)}</h3><ol class="toc">{"".join(rows)}</ol></section>'
        )
    return "".join(parts) or '<p class="note">本期暂无可公开的文件。</p>'


def download(root: str, path: str, name: str, size: int, label: str) -> str:
    return (
        f'<a class="download" href="{h(root + path)}" download="{h(name)}">'
        f'<span aria-hidden="true">⤓</span> {h(label)}'
        f'<span class="size">（PDF，{h(size_label(size))}）</span></a>'
    )


# -- structured text -----------------------------------------------------------------------
# gazette.texts.html renders it (the 查阅 screen shares it); re-exported for the site's views.
block_html = texts_html.block_html
structure_html = texts_html.structure_html


def plain_html(text: str) -> str:
    """Proofread text without structure: one paragraph per line."""
    return "\n".join(f"<p>{h(line.strip())}</p>" for line in text.splitlines() if line.strip())
