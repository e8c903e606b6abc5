"""The whole demo office, as ``gazette demo`` and the first-run wizard load it: what it holds,
its progress, a load cut short, and the website exported from it (published issues, twenty years
of history, a search that finds a historical article in a real browser)."""

from __future__ import annotations

import json
import re
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import func, select

from archive import register, workflow
from gazette import demo
from gazette.db.models import BuiltFile, Department, Document, Erratum, Issue, IssueItem
from gazette.issues import planning as issues
from gazette.progress import Cancelled, CancelToken, Reporter
from gazette.search import service
from gazette.site.build import build as build_site
from tests.conftest import ON_CI, need_tool


def test_the_office_holds_everything_a_newcomer_tries(office_ctx) -> None:
    with office_ctx.uow() as uow:
        s = uow.session
        rows = {r.label: r for r in issues.list_issues(uow)}
        assert 35 <= s.scalar(select(func.count()).select_from(Department)) <= 45
        years = set(s.scalars(select(func.strftime("%Y", Document.issued_on)).distinct()))
        assert {"2025", "2026"} <= years  # two years of submissions
        published = [r for r in rows.values() if r.status == "published"]
        assert len(published) >= 2 and all(r.items >= 5 for r in published)
        assert [r.status for r in rows.values()].count("planning") == 1
        for r in published:
            kinds = set(s.scalars(select(BuiltFile.kind).where(BuiltFile.issue_id == r.id)))
            assert {"proof", "print", "web", "document"} <= kinds, r.label
        erratum = s.scalars(select(Erratum)).one()
        webs = s.scalars(
            select(BuiltFile.version).where(
                BuiltFile.issue_id == erratum.issue_id, BuiltFile.kind == "web"
            )
        ).all()
        assert sorted(webs) == [1, 2] and erratum.rereleased_version == 2
        assert erratum.notice_issue_id == rows["2026年第11期"].id  # printed in the planned issue
        # twenty years of history: at least a quarter catalogued with text, and some waiting
        catalogued = s.scalar(
            select(func.count(func.distinct(IssueItem.issue_id)))
            .join(Issue, Issue.id == IssueItem.issue_id)
            .where(Issue.historical.is_(True))
        )
        counts = {c.code: c.count for c in workflow.counts(uow)}
        assert sum(counts.values()) == 241 and catalogued * 4 >= 240
        for waiting in ("located", "scanned", "ocred", "proofread"):
            assert counts[waiting] > 0, waiting
        assert register.rows(uow, [register.find_entry(uow, 2020, 12)])[0].pages == 3
    assert (office_ctx.data_dir / "演示扫描件" / "2020-11").is_dir()
    found = service.search(office_ctx, "防治非典型肺炎")  # a 2003 article, in 查阅
    assert found.total >= 1 and found.hits[0].issue_year == 2003


def test_progress_names_stages_in_chinese_and_only_moves_forward(office_template) -> None:
    steps = json.loads((office_template.parent / "progress.json").read_text(encoding="utf-8"))
    fractions = [d / t for d, t, _m in steps]
    assert fractions == sorted(fractions) and fractions[-1] == 1
    assert len(steps) >= 8 and any("历史公报" in m for _d, _t, m in steps)
    for _d, _t, message in steps:
        assert not re.search(r"[A-Za-z]", message), message


def test_a_load_cut_short_is_cleared_and_loaded_whole_the_next_time(ctx) -> None:
    token = CancelToken()

    def progress(done: int, total: int, message: str = "") -> None:
        if done == 3:
            token.cancel()  # as when the window is closed mid-way

    with pytest.raises(Cancelled):
        demo.load(ctx, Reporter(progress, token))
    assert demo.unfinished(ctx) and not demo.is_empty(ctx)  # the parts loaded so far stay …
    with ctx.uow() as uow:
        assert uow.session.scalar(select(func.count()).select_from(Issue)) == 0  # … not later ones
    demo.load(ctx)  # … until the next load clears them and loads the whole office
    assert not demo.unfinished(ctx)
    with ctx.uow() as uow:
        published = uow.session.scalar(
            select(func.count()).select_from(Issue).where(Issue.status == "published")
        )
        names = uow.session.scalars(select(Department.name)).all()
    assert published and published >= 2
    assert names and len(names) == len(set(names))  # the cleared parts were not loaded twice
    with pytest.raises(ValueError, match="已有数据"):
        demo.load(ctx)  # a finished demo is data like any other: never loaded over


def test_the_exported_site_shows_issues_history_and_finds_a_historical_article(
    office_ctx, tmp_path
) -> None:
    report = build_site(office_ctx, tmp_path / "site")
    out = report.out
    home = (out / "index.html").read_text(encoding="utf-8")
    assert "尚无已出版的公报" not in home
    assert "2026年第10期" in home and "2001年" in home  # the latest issue, and the history
    pages = " ".join(p.read_text(encoding="utf-8") for p in out.rglob("*.html"))
    assert "2026年第9期" in pages and "2026年第11期" not in pages  # planned: never exported
    for year in ("2001", "2003", "2005"):
        assert f"{year}年" in pages, year
    assert len(list(out.rglob("*.pdf"))) >= 12  # the e-editions and every document's own PDF
    chromium = need_tool("chromium")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        if ON_CI:
            pytest.fail("需要 Python 包 playwright")
        pytest.skip("需要 Python 包 playwright")

    def search_in_browser() -> tuple[str, list[str]]:
        with sync_playwright() as p:
            args = ["--no-sandbox", "--headless"]
            browser = p.chromium.launch(executable_path=chromium, args=args)
            try:
                page = browser.new_page()
                page.goto((out / "search.html").as_uri())
                page.fill("#q", "防治非典型肺炎")
                page.press("#q", "Enter")
                page.evaluate("() => window.GZ.last")
                return page.locator("#status").inner_text(), page.locator(
                    "#results a"
                ).all_inner_texts()
            finally:
                browser.close()

    # on a thread of its own: playwright's sync API refuses a thread where another test left an
    # asyncio loop running
    with ThreadPoolExecutor(1) as pool:
        status, titles = pool.submit(search_in_browser).result(timeout=300)
    assert status.startswith("找到") and titles, status
    assert any("防治非典型肺炎" in t for t in titles), titles
