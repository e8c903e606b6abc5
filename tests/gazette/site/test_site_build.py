"""Incremental export: a rebuild writes only what changed, removes what was withdrawn, says so."""

from __future__ import annotations

import datetime as dt
import gc
from pathlib import Path

import pytest
from sqlalchemy import select

import commands
from bench import site_synth as synth
from gazette.context import AppContext
from gazette.db.models import Issue
from gazette.office.auth import PermissionDenied
from gazette.progress import Cancelled, CancelToken, Reporter
from gazette.site import paths
from gazette.site.build import MANIFEST, SiteBuildError, build
from gazette.site.collect import collect


@pytest.fixture
def small(ctx: AppContext) -> AppContext:
    synth.fill(ctx, first_year=2017, years=2, issues_per_year=2, docs_per_issue=5, paragraphs=3)
    return ctx


def test_rebuild_after_one_new_issue_rewrites_only_what_changed(
    small: AppContext, tmp_path: Path
) -> None:
    out = tmp_path / "site"
    first = build(small, out)
    assert first.written and not first.removed
    again = build(small, out)
    assert again.written == [] and again.removed == []
    assert "没有变化" in again.summary()

    last_doc = collect(small).docs[-1]
    synth.fill(small, first_year=2019, years=1, issues_per_year=1, docs_per_issue=3, paragraphs=3)
    data = collect(small)
    new_issue = data.issues[-1]
    third = build(small, out)
    written = set(third.written)
    # the new issue, its documents, and the pages that list or link to them
    assert paths.issue_page(new_issue) in written
    assert {paths.doc_page(d.id) for d in new_issue.docs} <= written
    assert {"index.html", "search.html", paths.year_page(2019), "feed.xml"} <= written
    assert paths.doc_page(last_doc.id) in written  # its 下一篇 link changed
    # nothing else of the old archive was rewritten
    old_docs = {paths.doc_page(d.id) for d in data.docs if d.issue_id != new_issue.id}
    assert (written & old_docs) == {paths.doc_page(last_doc.id)}
    # of the files the first build wrote, only pages that list or link to the new issue changed
    before = set(first.written)
    rewritten = {p for p in written if p in before and not p.startswith("search/")}
    assert rewritten == {
        "index.html",
        "search.html",
        "feed.xml",
        paths.doc_page(last_doc.id),
        paths.year_page(2017),  # their list of other years
        paths.year_page(2018),
    }
    assert "重写" in third.summary() and "文件页 4" in third.summary()


def test_withdrawn_issue_is_removed(small: AppContext, tmp_path: Path) -> None:
    out = tmp_path / "site"
    build(small, out)
    victim = collect(small).issues[0]
    with small.uow() as uow:
        uow.session.get(Issue, victim.id).status = "planning"  # type: ignore[union-attr]
        uow.commit()
    report = build(small, out)
    gone = {paths.issue_page(victim)} | {paths.doc_page(d.id) for d in victim.docs}
    assert gone <= set(report.removed)
    assert not any((out / p).exists() for p in gone)
    assert "删除" in report.summary()


def test_refuses_a_folder_it_did_not_write(small: AppContext, tmp_path: Path) -> None:
    (tmp_path / "mine.txt").write_text("office notes")
    with pytest.raises(SiteBuildError, match="不是空的"):
        build(small, tmp_path)
    assert (tmp_path / "mine.txt").exists() and not (tmp_path / MANIFEST).exists()


def test_missing_pdf_gives_no_link(small: AppContext, tmp_path: Path) -> None:
    data = collect(small)
    sha = data.docs[0].pdf.sha256  # type: ignore[union-attr]
    small.filestore().path_for(sha).unlink()
    report = build(small, tmp_path / "site")
    assert any("不在文件库中" in w for w in report.warnings)
    page = (tmp_path / "site" / paths.doc_page(data.docs[0].id)).read_text("utf-8")
    assert paths.file_path(sha) not in page
    assert "下载本文件 PDF" not in page


def test_reader_may_not_build(small: AppContext, tmp_path: Path) -> None:
    small.role = "reader"
    with pytest.raises(PermissionDenied):
        build(small, tmp_path / "site")


def test_cli_build(small: AppContext, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = small.location.database_url
    out = tmp_path / "site"
    argv = [
        "--database",
        url,
        "--data-dir",
        str(small.data_dir),
        "site",
        "build",
        "--out",
        str(out),
    ]
    assert commands.main(argv) == 0
    text = capsys.readouterr().out
    assert "已导出 4 期、20 篇文件" in text and "sitemap.xml" in text  # warns: no --base-url
    # with the address every page gains its canonical link, so ask for the full list
    assert commands.main([*argv, "--base-url", "https://gb.example.gov.cn/", "--list"]) == 0
    text = capsys.readouterr().out
    assert 'rel="canonical" href="https://gb.example.gov.cn/index.html"' in (
        out / "index.html"
    ).read_text("utf-8")
    assert "写入 sitemap.xml" in text and "订阅与站点地图" in text
    assert (out / "sitemap.xml").read_text("utf-8").count("<loc>https://gb.example.gov.cn/") > 20
    with small.uow() as uow:
        assert uow.session.scalar(select(Issue.published_on).limit(1)) >= dt.date(2017, 1, 1)


def test_cancelled_build_resumes(small: AppContext, tmp_path: Path) -> None:
    out = tmp_path / "site"
    seen: list[str] = []

    def progress(done: int, total: int, message: str = "") -> None:
        seen.append(message)
        if message.startswith("生成文件页"):
            token.cancel()

    token = CancelToken()
    with pytest.raises(Cancelled):
        build(small, out, Reporter(progress, token))
    assert (out / MANIFEST).exists()  # what was written is vouched for
    report = build(small, out)  # the same folder is accepted and completed
    assert report.docs == 20 and (out / "search.html").exists()
    assert "index.html" not in report.written  # written before the cancel, unchanged since


def test_the_cycle_collector_is_paused_only_while_exporting(
    small: AppContext, tmp_path: Path
) -> None:
    """The export pauses the collector for speed; the app must get it back, even on failure."""
    seen: list[bool] = []

    def stop(done: int, total: int, message: str = "") -> None:
        seen.append(gc.isenabled())
        if message == "生成检索索引":
            raise Cancelled

    with pytest.raises(Cancelled):
        build(small, tmp_path / "site", Reporter(stop))
    assert seen and not any(seen) and gc.isenabled()
    build(small, tmp_path / "site")
    assert gc.isenabled()
