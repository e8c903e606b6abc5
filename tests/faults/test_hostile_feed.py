"""The Atom feed and the sitemaps stay well-formed XML whatever the site address contains.

Counted by bench/faults.py under 网站订阅.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from bench import site_synth as synth
from gazette.context import AppContext
from gazette.site.build import build

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@pytest.mark.parametrize(
    "base",
    ['https://gb.example.gov.cn/?a=1&b="2"/', "https://gb.example.gov.cn/<公报>&'x'/"],
    ids=["和号与引号", "尖括号与单引号"],
)
def test_feed_and_sitemap_parse_with_a_hostile_base_url(
    ctx: AppContext, tmp_path: Path, base: str
) -> None:
    synth.fill(ctx, first_year=2020, years=1, issues_per_year=2, docs_per_issue=2, paragraphs=2)
    out = tmp_path / "site"
    build(ctx, out, base_url=base)
    feed = ET.parse(out / "feed.xml").getroot()
    self_link = next(el for el in feed.iter(ATOM + "link") if el.get("rel") == "self")
    assert self_link.get("href") == base.rstrip("/") + "/feed.xml"
    assert feed.findtext(ATOM + "id") == base.rstrip("/") + "/feed.xml"
    entries = feed.findall(ATOM + "entry")
    assert len(entries) == 2
    assert all(e.find(ATOM + "link").get("href").startswith(base.rstrip("/")) for e in entries)
    sitemap = ET.parse(out / "sitemap.xml").getroot()
    locs = [el.text for el in sitemap.iter(SITEMAP + "loc")]
    assert locs and all(loc.startswith(base.rstrip("/") + "/") for loc in locs)
