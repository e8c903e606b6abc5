"""Nothing unpublished or non-public reaches the exported folder: not text, files or index keys."""

from __future__ import annotations

import hashlib
import re

from gazette.site import paths, search_index
from gazette.site.collect import collect
from tests.gazette.site.sitedata import XSS_TITLE, SiteEnv


def _all_files(env: SiteEnv) -> dict[str, bytes]:
    return {
        p.relative_to(env.out).as_posix(): p.read_bytes() for p in env.out.rglob("*") if p.is_file()
    }


def test_no_secret_text_anywhere(site_env: SiteEnv) -> None:
    files = _all_files(site_env)
    assert len(files) > 100
    for marker, why in site_env.secrets.items():
        for path, data in files.items():
            text = data.decode("utf-8", errors="ignore")
            assert marker not in text, f"{why}: {marker} found in {path}"
            # no single character of a marker either: they never occur in public text
            assert not set(marker) & set(text), f"{why}: a character of {marker} is in {path}"


def test_no_secret_index_keys(site_env: SiteEnv) -> None:
    keys = search_index.IndexReader(site_env.out).all_keys()
    assert "政府" in keys and "2018" in keys  # the index is really there
    for marker, why in site_env.secrets.items():
        leaked = search_index.keys_of(marker) & keys
        assert not leaked, f"{why}: index keys {leaked}"


def test_no_secret_files(site_env: SiteEnv) -> None:
    secret_hashes = {hashlib.sha256(b).hexdigest(): why for why, b in site_env.secret_pdfs.items()}
    for path, data in _all_files(site_env).items():
        digest = hashlib.sha256(data).hexdigest()
        assert digest not in secret_hashes, f"{secret_hashes.get(digest)} exported as {path}"
        assert not any(path.startswith(f"files/{h[:2]}/{h[:20]}") for h in secret_hashes)


def test_only_public_documents_have_pages(site_env: SiteEnv) -> None:
    data = collect(site_env.ctx)
    pages = {p.relative_to(site_env.out).as_posix() for p in (site_env.out / "d").rglob("*.html")}
    assert pages == {paths.doc_page(d.id) for d in data.docs}
    titles = {d.title for d in data.docs}
    assert XSS_TITLE in titles and "《关于公开文本的通知》政策解读" in titles
    mixed = next(i for i in data.issues if i.year == 2018 and i.number == 10)
    assert mixed.withheld == 4 and mixed.pdf is None  # the whole-issue PDF would leak them
    assert all(not i.withheld for i in data.issues if i.historical)


def test_user_text_is_escaped(site_env: SiteEnv) -> None:
    page = (site_env.out / paths.doc_page(site_env.public_ids["xss"])).read_text("utf-8")
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&amp;amp;" in page
    assert not re.search(r"<script>(?!</script>)[^<]*alert", page)
