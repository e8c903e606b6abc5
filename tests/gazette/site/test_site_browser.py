"""The exported site in headless Chromium (Debian's package, driven by playwright), served on
127.0.0.1: navigation, search, a full link crawl, a phone screenshot, and search from file://."""

from __future__ import annotations

import functools
import http.server
import re
import socketserver
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urldefrag, urljoin, urlparse

import pytest

from gazette.site import paths, search_index
from gazette.site.collect import bodies, collect
from gazette.texts.model import DocumentText
from tests.conftest import ON_CI, need_tool
from tests.gazette.site.sitedata import BASE_URL, SiteEnv

ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SHOTS = Path(__file__).resolve().parents[3] / "build" / "site-screenshots"


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture(scope="session")
def served(site_env: SiteEnv) -> Iterator[str]:
    handler = functools.partial(_Quiet, directory=str(site_env.out))
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    path = need_tool("chromium")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        message = "需要 Python 包 playwright（pip install playwright；不要运行 playwright install）"
        if ON_CI:
            pytest.fail(message)
        pytest.skip(message)
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=path, args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.on("response", lambda r: r.status >= 400 and errors.append(f"{r.status} {r.url}"))
    pg.errors = errors
    yield pg
    context.close()
    assert not errors, errors


def test_home_to_document_and_back(page: Any, served: str, site_env: SiteEnv) -> None:
    page.goto(served + "index.html")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "跳到正文"
    link = page.locator(".latest-toc .toc a").first
    title = link.inner_text()
    link.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/d/\d+/\d+\.html$"))
    assert page.locator("h1").inner_text() == title
    assert page.locator(".meta dt").all_inner_texts()[:5] == [
        "索引号",
        "主题分类",
        "发布机构",
        "成文日期",
        "发文字号",
    ]
    page.emulate_media(media="print")  # printable: the text stays, the navigation goes
    assert not page.locator(".masthead nav").is_visible()
    assert not page.locator(".prevnext").is_visible()
    assert page.locator(".doc-body").is_visible() and page.locator(".meta").is_visible()
    page.emulate_media(media="screen")
    page.go_back()
    page.wait_for_url(served + "index.html")
    assert page.locator(".latest h2").inner_text().startswith("最新一期")


def _expected(env: SiteEnv, query: str) -> set[str]:
    data = collect(env.ctx)
    by_id = {d.id: d for d in data.docs}
    found = set()
    for doc_id, structure, body in bodies(env.ctx, list(by_id)):
        d = by_id[doc_id]
        plain = DocumentText.from_json(structure).plain_text() if structure else body
        if query in search_index.normalise(f"{d.title}\n{d.doc_number}\n{d.issuer}\n{plain}"):
            found.add(paths.doc_page(doc_id))
    return found


def test_two_character_search(page: Any, served: str, site_env: SiteEnv) -> None:
    loaded: list[tuple[str, int]] = []
    page.on(
        "response", lambda r: loaded.append((r.url, len(r.body()))) if "/search/" in r.url else None
    )
    page.goto(served + "search.html")
    page.fill("#q", "政府")
    page.press("#q", "Enter")
    page.evaluate("() => window.GZ.last")
    expected = _expected(site_env, "政府")
    assert len(expected) > 20
    assert page.locator("#status").inner_text().startswith(f"找到 {len(expected)} 篇")
    while page.locator("#more").is_visible():
        page.click("#more")
        page.evaluate("() => window.GZ.last")
    hrefs = page.eval_on_selector_all("#results a", "els => els.map(e => e.getAttribute('href'))")
    assert set(hrefs) == expected and len(hrefs) == len(expected)
    assert page.locator("#results mark").first.inner_text() == "政府"
    assert sum(size for _, size in loaded) < 300 * 1024
    # the JavaScript and Python halves agree on keys and hashing
    assert page.evaluate("GZ.keysOf('宿政办发〔２０１８〕56号')") == search_index.query_keys(
        "宿政办发〔２０１８〕56号"
    )
    assert page.evaluate("GZ.fnv('政府')") == search_index.fnv1a("政府")
    n = search_index.IndexReader(site_env.out).manifest["n"]
    for key in ("政府", "^政府", "2018", "@1"):
        assert page.evaluate(f"GZ.slot('{key}')") == search_index.slot(key, n)
    for q in ("宿政办发〔2018〕56号", "宿政办发[２０１８]056号", "宿政办发（2018） 5号", "政府"):
        assert page.evaluate(f"GZ.docno('{q}')") == search_index.docno_key(q)
    # a 发文字号 finds its document, not every document with the same words
    doc = next(d for d in collect(site_env.ctx).docs if d.doc_number.endswith("〕3号"))
    page.fill("#q", doc.doc_number.replace("〔", "[").replace("〕", "]"))
    page.press("#q", "Enter")
    page.evaluate("() => window.GZ.last")
    hrefs = page.eval_on_selector_all("#results a", "els => els.map(e => e.getAttribute('href'))")
    assert hrefs == [paths.doc_page(doc.id)]


def test_the_head_fetches_the_query_shards_before_search_js(
    browser: Any, served: str, site_env: SiteEnv
) -> None:
    """The page's own head asks for every shard the query in the address needs, title ranks
    included, so they load beside the stylesheet and search.js instead of after them."""
    context = browser.new_context()
    pg = context.new_page()
    pg.route("**/assets/search.js*", lambda route: route.abort())
    asked: list[str] = []
    pg.on("request", lambda r: asked.append(urlparse(r.url).path))
    pg.goto(served + "search.html?q=%E8%B4%A2%E6%94%BF%E9%A2%84%E7%AE%97&i=1")  # 财政预算
    pg.wait_for_load_state("load")
    context.close()
    n = search_index.IndexReader(site_env.out).manifest["n"]
    wanted = {f"/search/s/{search_index.slot(k, n)}.js" for k in ("财政", "预算", "@1")}
    assert {a for a in asked if a.startswith("/search/s/")} == wanted
    assert wanted >= {f"/search/s/{search_index.slot('^' + k, n)}.js" for k in ("财政", "预算")}


def test_search_filters_by_year_and_issuer(page: Any, served: str) -> None:
    page.goto(served + "search.html?q=%E5%8A%9E%E6%B3%95&y=2017")
    page.evaluate("() => window.GZ.last")
    metas = page.locator(".r-meta").all_inner_texts()
    assert metas and all(m.startswith("2017年") for m in metas)
    page.select_option("#y", "")
    page.select_option("#i", label="宿迁市教育局")
    page.click("#search-form button")
    page.evaluate("() => window.GZ.last")
    metas = page.locator(".r-meta").all_inner_texts()
    assert metas and all("宿迁市教育局" in m for m in metas)


def test_search_works_from_a_folder(page: Any, site_env: SiteEnv) -> None:
    page.goto((site_env.out / "search.html").as_uri() + "?q=%E7%94%9F%E6%80%81")
    page.evaluate("() => window.GZ.last")
    assert page.locator("#status").inner_text().startswith("找到")
    assert page.locator("#results li").count() > 0


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.canonical: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "link" and ("rel", "canonical") in attrs:  # the page's public address
            self.canonical += [v for n, v in attrs if n == "href" and v]
            return
        for name, value in attrs:
            if value and name in ("href", "src") and not value.startswith("data:"):
                self.links.append(value)


def test_crawl_finds_no_broken_links(served: str, site_env: SiteEnv) -> None:
    seen: set[str] = set()
    queue = [served + "index.html", served + "search.html", served + "feed.xml"]
    broken: list[str] = []
    while queue:
        url = queue.pop()
        if url in seen:
            continue
        seen.add(url)
        try:
            with urllib.request.urlopen(url, timeout=10) as resp:
                body = resp.read()
                kind = resp.headers.get_content_type()
        except urllib.error.URLError as exc:
            broken.append(f"{url}: {exc}")
            continue
        if kind == "text/html":
            parser = _Links()
            parser.feed(body.decode("utf-8"))
            path = url[len(served) :]
            if parser.canonical != [BASE_URL + path]:
                broken.append(f"{url}: canonical {parser.canonical}")
            for link in parser.links:
                target = urldefrag(urljoin(url, link))[0]
                if target.startswith(served):
                    queue.append(target)
                else:
                    broken.append(f"{url}: external link {link}")
        elif url.endswith("feed.xml"):
            links = re.findall(r'href="([^"]+)"', body.decode())
            assert all(h.startswith(BASE_URL) for h in links)
            queue += [served + unquote(h[len(BASE_URL) :]) for h in links]
    assert not broken, broken[:10]
    pages = {urlparse(u).path.lstrip("/") for u in seen}
    exported = {p.relative_to(site_env.out).as_posix() for p in site_env.out.rglob("*.html")}
    assert exported - {"404.html"} <= pages  # every page is reachable (404 is the server's)
    assert any(p.startswith("files/") for p in pages) and any(
        p.startswith("covers/") for p in pages
    )


def test_phone_screenshot(browser: Any, served: str, site_env: SiteEnv) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2)
    pg = context.new_page()
    SHOTS.mkdir(parents=True, exist_ok=True)
    doc = collect(site_env.ctx).docs[-3]
    for name, path in (("home", "index.html"), ("document", paths.doc_page(doc.id))):
        pg.goto(served + path)
        assert pg.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scroll
        shot = SHOTS / f"phone-{name}.png"
        pg.screenshot(path=str(shot), full_page=True)
        assert shot.stat().st_size > 20_000
    context.close()


def test_search_after_a_new_issue(browser: Any, ctx: Any, tmp_path: Path) -> None:
    """After a new issue extends the earlier shards, the browser finds what Python finds."""
    from bench import site_synth as synth
    from gazette.site.build import build

    synth.fill(ctx, first_year=2017, years=2, issues_per_year=2, docs_per_issue=5, paragraphs=3)
    out = tmp_path / "site"
    build(ctx, out)
    synth.fill(ctx, first_year=2019, years=1, issues_per_year=1, docs_per_issue=1, paragraphs=3)
    build(ctx, out)
    reader = search_index.IndexReader(out)
    newest = collect(ctx).docs[-1]
    pg = browser.new_page()
    for query in ("宿迁", newest.title[-6:], "2019"):
        pg.goto((out / "search.html").as_uri() + "?q=" + query)
        pg.evaluate("() => window.GZ.last")
        while pg.locator("#more").is_visible():
            pg.click("#more")
            pg.evaluate("() => window.GZ.last")
        hrefs = pg.eval_on_selector_all("#results a", "els => els.map(e => e.getAttribute('href'))")
        expected = [paths.doc_page(collect(ctx).docs[s].id) for s in reader.search(query)]
        assert hrefs == expected and paths.doc_page(newest.id) in hrefs, query
    pg.close()
