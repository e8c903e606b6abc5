"""The pages themselves: home, year, issue, document, search. Data in, HTML string out."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from gazette.resources import resource_path
from gazette.site import meta, paths
from gazette.site.collect import SiteData, SiteDoc, SiteIssue
from gazette.site.pages import (
    ASSET_VERSION,
    Site,
    cn_date,
    cover,
    download,
    h,
    issue_card,
    layout,
    pages_label,
    plain_html,
    structure_html,
    toc,
)
from gazette.texts.model import DocumentText

Covers = dict[int, str]  # issue id -> cover image path


def home(site: Site, data: SiteData, covers: Covers) -> str:
    path = "index.html"
    body: list[str] = [f'<h1 class="visually-hidden">{h(site.name)}</h1>']
    body.append(search_box(""))
    if data.issues:
        latest = data.issues[-1]
        body.append(
            '<section class="latest" aria-labelledby="latest-h">'
            f'<h2 id="latest-h">最新一期：{h(latest.label)}</h2><div class="latest-grid">'
            f'<a class="latest-cover" href="{h(paths.issue_page(latest))}">'
            f"{cover(site, latest, '', covers.get(latest.id), first=True)}</a>"
            f'<div class="latest-toc">{issue_facts(latest, "")}{toc(latest, "")}</div>'
            "</div></section>"
        )
    else:
        body.append('<p class="note">尚无已出版的公报。</p>')
    counts: dict[int, int] = {}
    for i in data.issues:
        counts[i.year] = counts.get(i.year, 0) + 1
    years = "".join(
        f'<li><a href="{h(paths.year_page(y))}"><span class="y">{y}年</span>'
        f'<span class="n">{counts[y]}期</span></a></li>'
        for y in data.years
    )
    body.append(
        '<section class="years" id="years" aria-labelledby="years-h">'
        f'<h2 id="years-h">往期公报</h2><ul class="year-grid">{years}</ul></section>'
    )
    return layout(site, path=path, title=site.name, body="\n".join(body), active="home")


def search_box(root: str) -> str:
    return (
        f'<form class="search-box" role="search" action="{h(root)}search.html" method="get">'
        '<label for="q-top" class="visually-hidden">检索公报全文</label>'
        '<input id="q-top" name="q" type="search" placeholder="输入标题、正文或发文字号检索" '
        'autocomplete="off"><button type="submit">检索</button></form>'
    )


def issue_facts(issue: SiteIssue, root: str) -> str:
    facts = [f"<dt>出版日期</dt><dd>{h(cn_date(issue.published_on) or '—')}</dd>"]
    if issue.serial:
        facts.append(f"<dt>总期号</dt><dd>总第{issue.serial}期</dd>")
    facts.append(f"<dt>文件</dt><dd>{len(issue.docs)}篇</dd>")
    links = ""
    if issue.pdf:
        label = "下载本期扫描版（可检索 PDF）" if issue.historical else "下载本期全文 PDF"
        name = f"{issue.label}.pdf"
        links = download(root, paths.file_path(issue.pdf.sha256), name, issue.pdf.size, label)
    return f'<dl class="facts">{"".join(facts)}</dl>{links}'


def year_page(site: Site, data: SiteData, year: int, covers: Covers) -> str:
    path = paths.year_page(year)
    root = paths.root_of(path)
    issues = [i for i in reversed(data.issues) if i.year == year]
    cards = "".join(issue_card(site, i, root, covers.get(i.id)) for i in issues)
    current = ' aria-current="page"'
    others = "".join(
        f'<li><a href="{h(root + paths.year_page(y))}"{current if y == year else ""}>{y}</a></li>'
        for y in data.years
    )
    body = (
        f"<h1>{year}年公报</h1>"
        f'<p class="lead">共{len(issues)}期。点击封面查看目录。</p>'
        f'<ul class="cards">{cards}</ul>'
        f'<nav class="year-nav" aria-label="其他年份"><h2>其他年份</h2><ul>{others}</ul></nav>'
    )
    return layout(
        site,
        path=path,
        title=f"{year}年",
        body=body,
        crumbs=[("首页", "index.html"), (f"{year}年", "")],
        active="years",
    )


def issue_page(site: Site, issue: SiteIssue, cover_file: str | None) -> str:
    path = paths.issue_page(issue)
    root = paths.root_of(path)
    note = ""
    if issue.historical:
        note = (
            '<p class="note">本期为历史公报数字化成果：扫描版 PDF 可检索，'
            "文件全文为校对后的文本，如有出入以扫描版为准。</p>"
        )
    body = (
        f"<h1>{h(site.name)}<span class='sub'>{h(issue.label)}</span></h1>"
        f'<div class="issue-head"><div class="issue-cover">'
        f"{cover(site, issue, root, cover_file, first=True)}</div>"
        f'<div class="issue-info">{issue_facts(issue, root)}{note}</div></div>'
        f'<section aria-labelledby="toc-h"><h2 id="toc-h">目录</h2>{toc(issue, root)}</section>'
    )
    return layout(
        site,
        path=path,
        title=issue.label,
        body=body,
        crumbs=[
            ("首页", "index.html"),
            (f"{issue.year}年", paths.year_page(issue.year)),
            (issue.label, ""),
        ],
        active="years",
        description=f"{site.name}{issue.label}目录",
    )


def doc_page(
    site: Site,
    data: SiteData,
    doc: SiteDoc,
    issue: SiteIssue,
    structure: dict[str, Any] | None,
    body_text: str,
    by_id: dict[int, SiteDoc],
) -> str:
    path = paths.doc_page(doc.id)
    root = paths.root_of(path)
    text = DocumentText.from_json(structure) if structure else None
    date = (text.date if text and text.date else "") or cn_date(doc.issued_on)
    rows = [
        ("索引号", meta.index_no(doc, issue, structure, site.index_no_format)),
        ("主题分类", meta.topic(doc, structure)),
        ("发布机构", doc.publishing_org or doc.issuer or "—"),
        ("成文日期", date or "—"),
        ("发文字号", doc.doc_number or "—"),
        ("有效性", doc.validity),
        ("刊登", f"{issue.label}　{doc.section}　{pages_label(doc)}".strip()),
    ]
    dl = "".join(f"<div><dt>{h(k)}</dt><dd>{h(v)}</dd></div>" for k, v in rows)
    actions = []
    if doc.pdf:
        name = f"{doc.doc_number or doc.title}.pdf"
        actions.append(
            download(root, paths.file_path(doc.pdf.sha256), name, doc.pdf.size, "下载本文件 PDF")
        )
    if issue.pdf and issue.historical:
        actions.append(
            download(
                root,
                paths.file_path(issue.pdf.sha256),
                f"{issue.label}.pdf",
                issue.pdf.size,
                "本期扫描版 PDF",
            )
        )
    elif issue.pdf:
        actions.append(
            download(
                root,
                paths.file_path(issue.pdf.sha256),
                f"{issue.label}.pdf",
                issue.pdf.size,
                "本期全文 PDF",
            )
        )
    notes = []
    if doc.validity in ("失效", "废止"):
        notes.append(f'<p class="note warn">本文件已{h(doc.validity)}，仅供查阅。</p>')
    if doc.historical:
        notes.append('<p class="note">本文为历史公报扫描件的校对文本，如有出入以扫描版为准。</p>')
    content = structure_html(text) if text else plain_html(body_text)
    disclosure = ""
    if doc.disclosure and not (text and text.disclosure):
        disclosure = f'<p class="disclosure">（{h(doc.disclosure)}）</p>'
    versions = ""
    others = [by_id[i] for i in data.versions.get(doc.id, []) if i in by_id]
    if others:
        items = "".join(
            f'<li><a href="{h(root + paths.doc_page(o.id))}">{h(o.title)}</a>'
            f"（{h(next((x.label for x in data.issues if x.id == o.issue_id), ''))}）</li>"
            for o in others
        )
        versions = (
            '<section class="versions" aria-labelledby="ver-h">'
            f'<h2 id="ver-h">其他版本与勘误</h2><ul>{items}</ul></section>'
        )
    related = related_html(data, doc, root, by_id)
    prev_doc = data.docs[doc.seq - 1] if doc.seq > 0 else None
    next_doc = data.docs[doc.seq + 1] if doc.seq + 1 < len(data.docs) else None
    nav = []
    if prev_doc:
        nav.append(
            f'<a class="prev" rel="prev" href="{h(root + paths.doc_page(prev_doc.id))}">'
            f"<span>上一篇</span>{h(prev_doc.title)}</a>"
        )
    if next_doc:
        nav.append(
            f'<a class="next" rel="next" href="{h(root + paths.doc_page(next_doc.id))}">'
            f"<span>下一篇</span>{h(next_doc.title)}</a>"
        )
    number = f'<p class="doc-number">{h(doc.doc_number)}</p>' if doc.doc_number else ""
    body = (
        '<article class="doc" aria-labelledby="doc-title">'
        f'<header class="doc-head"><p class="kicker">{h(issue.label)}　{h(doc.section)}</p>'
        f'<h1 id="doc-title">{h(doc.title)}</h1>{number}</header>'
        f'<section class="meta" aria-label="文件信息"><dl>{dl}</dl></section>'
        f'<div class="actions">{"".join(actions)}</div>{"".join(notes)}'
        f'<div class="doc-body">{content}{disclosure}</div>{related}{versions}'
        f'<nav class="prevnext" aria-label="上一篇和下一篇">{"".join(nav)}</nav></article>'
    )
    return layout(
        site,
        path=path,
        title=f"{doc.title}（{issue.label}）",  # one title per page, though titles repeat
        body=body,
        crumbs=[
            ("首页", "index.html"),
            (f"{issue.year}年", paths.year_page(issue.year)),
            (issue.label, paths.issue_page(issue)),
            (doc.title if len(doc.title) <= 24 else doc.title[:23] + "…", ""),
        ],
        active="years",
        description=f"{doc.doc_number} {doc.title}".strip(),
    )


def related_html(data: SiteData, doc: SiteDoc, root: str, by_id: dict[int, SiteDoc]) -> str:
    """相关解读 on a document's page, 解读的文件 on an interpretation's page, each linked."""
    label = {i.id: i.label for i in data.issues}
    out = []
    for heading, key, ids in (
        ("相关解读", "rel-interp", data.interpretations.get(doc.id, [])),
        ("解读的文件", "rel-doc", data.interprets.get(doc.id, [])),
    ):
        items = "".join(
            f'<li><a href="{h(root + paths.doc_page(o.id))}">{h(o.title)}</a>'
            f"（{h(label.get(o.issue_id, ''))}）</li>"
            for o in (by_id[i] for i in ids if i in by_id)
        )
        if items:
            out.append(
                f'<section class="related {key}" aria-labelledby="{key}-h">'
                f'<h2 id="{key}-h">{heading}</h2><ul>{items}</ul></section>'
            )
    return "".join(out)


def not_found(site: Site) -> str:
    """The 404 page a web server shows for a missing address (paths are from the site root)."""
    body = (
        "<h1>页面不存在</h1>"
        '<p class="lead">您访问的页面不存在或已移动。可以回到首页按年份和期次浏览，'
        "或使用全文检索。</p>"
        f"{search_box('')}"
    )
    return layout(site, path="404.html", title="页面不存在", body=body)


@lru_cache(maxsize=1)
def search_head() -> str:
    """search-head.js as the page inlines it: without its comments and indentation."""
    text = resource_path("site", "search-head.js").read_text("utf-8")
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    return "\n".join(line.strip() for line in text.splitlines() if line.strip())


def search_page(site: Site, data: SiteData, issuers: list[str], shards: int) -> str:
    """The search form and its results. The head's script knows the index's ``shards`` count,
    so the shards a query in the address needs are fetched before anything else arrives."""
    years = "".join(f'<option value="{y}">{y}年</option>' for y in data.years)
    issuer_opts = "".join(
        f'<option value="{n}">{h(name)}</option>' for n, name in enumerate(issuers)
    )
    body = (
        "<h1>全文检索</h1>"
        '<form id="search-form" class="search-form" role="search" action="search.html" method="get">'
        '<div class="field q"><label for="q">检索词</label>'
        '<input id="q" name="q" type="search" autocomplete="off" '
        'placeholder="标题、正文、发文字号或年份"></div>'
        '<div class="field"><label for="y">年份</label><select id="y" name="y">'
        f'<option value="">全部年份</option>{years}</select></div>'
        '<div class="field"><label for="i">发布机构</label><select id="i" name="i">'
        f'<option value="">全部机构</option>{issuer_opts}</select></div>'
        '<div class="field go"><button type="submit">检索</button></div></form>'
        '<noscript><p class="note">检索需要启用浏览器的 JavaScript；'
        "也可以从首页按年份和期次浏览。</p></noscript>"
        '<p id="status" class="status" role="status" aria-live="polite"></p>'
        '<ol id="results" class="results"></ol>'
        '<p class="more-wrap"><button id="more" type="button" hidden>显示更多结果</button></p>'
    )
    return layout(
        site,
        path="search.html",
        title="全文检索",
        body=body,
        crumbs=[("首页", "index.html"), ("全文检索", "")],
        active="search",
        scripts=[f"assets/search.js?v={ASSET_VERSION}", "search/manifest.js"],
        head=f'<script data-shards="{shards}">{search_head()}</script>\n',
    )


def reading_page(site: Site, points: list[tuple[str, str]]) -> str:
    """纸质公报查阅点: where citizens read the printed gazette, from the distribution list."""
    items = "".join(
        f"<li><strong>{h(name)}</strong><br>{h(address)}</li>" for name, address in points
    )
    body = (
        "<h1>纸质公报查阅点</h1>"
        f"<p>{h(site.name)}免费赠阅。以下 {len(points)} 处可以查阅纸质公报：</p>"
        f'<ul class="reading-points">{items}</ul>'
    )
    return layout(
        site,
        path="reading.html",
        title="纸质公报查阅点",
        body=body,
        crumbs=[("首页", "index.html"), ("纸质公报查阅点", "")],
    )
