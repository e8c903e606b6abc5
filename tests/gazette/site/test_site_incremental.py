"""A rebuild renders only what its inputs say changed, and always equals a clean export."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from bench import site_synth as synth
from gazette.context import AppContext
from gazette.db.models import Document
from gazette.progress import Reporter
from gazette.site import collect as collect_module
from gazette.site import documents, paths
from gazette.site.build import MANIFEST, Writer, build
from gazette.site.collect import collect


@pytest.fixture
def small(ctx: AppContext) -> AppContext:
    synth.fill(ctx, first_year=2017, years=2, issues_per_year=2, docs_per_issue=5, paragraphs=3)
    return ctx


@pytest.fixture
def bodies_read(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The ids whose bodies the export reads (the real reader runs)."""
    seen: list[int] = []

    def spy(ctx: AppContext, ids: list[int], batch: int = 400) -> Any:
        seen.extend(ids)
        return collect_module.bodies(ctx, ids, batch)

    monkeypatch.setattr(documents, "bodies", spy)
    return seen


def same_as_clean(ctx: AppContext, out: Path, clean: Path) -> None:
    """Every file of ``out`` equals the clean export's, byte for byte; nothing more or less."""
    build(ctx, clean)
    mine = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}
    theirs = {p.relative_to(clean).as_posix() for p in clean.rglob("*") if p.is_file()}
    assert mine == theirs
    for rel in sorted(mine - {MANIFEST}):
        assert (out / rel).read_bytes() == (clean / rel).read_bytes(), rel
    assert json.loads((out / MANIFEST).read_text("utf-8")) == json.loads(
        (clean / MANIFEST).read_text("utf-8")
    )


def retitle(ctx: AppContext, doc_id: int, title: str) -> None:
    with ctx.uow() as uow:
        uow.session.get(Document, doc_id).title = title  # type: ignore[union-attr]
        uow.commit()


def test_unchanged_rebuild_writes_nothing_and_reads_no_body(
    small: AppContext, tmp_path: Path, bodies_read: list[int]
) -> None:
    out = tmp_path / "site"
    first = build(small, out)
    assert len(bodies_read) == first.docs == 20
    bodies_read.clear()
    again = build(small, out)
    assert again.written == [] and again.removed == [] and bodies_read == []
    assert again.unchanged == again.files == first.files


def test_new_issue_rewrites_a_few_files_and_equals_a_clean_export(
    small: AppContext, tmp_path: Path, bodies_read: list[int]
) -> None:
    out = tmp_path / "site"
    full = build(small, out)
    last = collect(small).docs[-1]
    synth.fill(small, first_year=2019, years=1, issues_per_year=1, docs_per_issue=3, paragraphs=3)
    new = collect(small).issues[-1]
    bodies_read.clear()
    one = build(small, out)
    # bodies: the new documents, and the old last one whose 下一篇 now leads to them
    assert sorted(bodies_read) == sorted([last.id, *(d.id for d in new.docs)])
    pages = {p for p in one.written if p.startswith("d/")}
    assert pages == {paths.doc_page(d.id) for d in [last, *new.docs]}
    snippets = {p for p in one.written if p.startswith("search/d/")}
    assert snippets == {paths.doc_data(d.seq) for d in new.docs}
    assert len(one.written) < len(full.written) / 2
    same_as_clean(small, out, tmp_path / "clean")


def test_correction_to_an_old_document_equals_a_clean_export(
    small: AppContext, tmp_path: Path, bodies_read: list[int]
) -> None:
    out = tmp_path / "site"
    build(small, out)
    doc = collect(small).docs[3]
    retitle(small, doc.id, "关于更正后的标题的通知")
    report = build(small, out)
    assert paths.doc_page(doc.id) in report.written
    assert "关于更正后的标题的通知" in (out / paths.doc_page(doc.id)).read_text("utf-8")
    same_as_clean(small, out, tmp_path / "clean")


def test_a_killed_rebuild_is_repaired_by_the_next(small: AppContext, tmp_path: Path) -> None:
    """A build killed after replacing some files (no clean-up ran) leaves a usable site, and
    the next build trusts no digest: even with the change undone it restores every file."""
    out = tmp_path / "site"
    build(small, out)
    doc = collect(small).docs[-1]
    before = (out / paths.doc_page(doc.id)).read_bytes()
    old_title = doc.title
    retitle(small, doc.id, "中途被终止的导出改写的标题")

    def killed(done: int, total: int, message: str = "") -> None:
        if message == "生成检索索引":  # pages are written, the manifest is not
            raise SystemExit("killed")

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(Writer, "abandon", lambda self: None)  # a killed process runs no clean-up
        with pytest.raises(SystemExit):
            build(small, out, Reporter(killed))
    assert (out / paths.doc_page(doc.id)).read_bytes() != before  # half of a rebuild is there
    assert (out / "index.html").is_file() and (out / "search/manifest.js").is_file()
    retitle(small, doc.id, old_title)  # the page renders as the manifest's hash says again
    build(small, out)
    assert (out / paths.doc_page(doc.id)).read_bytes() == before
    same_as_clean(small, out, tmp_path / "clean")
