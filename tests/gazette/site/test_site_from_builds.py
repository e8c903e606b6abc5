"""The site takes what the other wings made: an issue built and published in 公报编排 appears with
its e-edition and per-document PDFs, and a catalogued historical issue with its searchable scan."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from gazette.db.models import BuiltFile, Document, Issue
from gazette.issues.render import render_issue
from gazette.site import paths
from gazette.site.build import build
from tests.gazette import workflow_setup


def _publish(ctx, issue_id: int) -> None:
    workflow_setup.publish(ctx, issue_id, ctx.data_dir / "workflow", build=False)


def test_built_and_published_issue_is_exported_with_its_pdfs(demo_ctx, tmp_path) -> None:
    with demo_ctx.uow() as uow:
        issue_id = uow.session.scalar(select(Issue.id).where(Issue.status == "planning"))
    render_issue(demo_ctx, issue_id, tmp_path / "pdf")
    _publish(demo_ctx, issue_id)
    with demo_ctx.uow() as uow:
        built = uow.session.execute(
            select(BuiltFile.kind, BuiltFile.sha256).where(BuiltFile.issue_id == issue_id)
        ).all()
    web = {sha for kind, sha in built if kind == "web"}
    documents = {sha for kind, sha in built if kind == "document"}
    assert web and documents
    out = tmp_path / "site"
    build(demo_ctx, out)
    exported = {p.name: p for p in out.rglob("*.pdf")}
    import hashlib

    hashes = {hashlib.sha256(p.read_bytes()).hexdigest() for p in exported.values()}
    assert web <= hashes, "the whole-issue e-edition is offered for download"
    assert documents <= hashes, "every document's own PDF is offered for download"
    pages = "".join(p.read_text(encoding="utf-8") for p in Path(out).rglob("*.html"))
    with demo_ctx.uow() as uow:  # the demo's non-public notice never leaks (its title, that is:
        # a published 任务分解表 may quote the words 此件依申请公开 in its own text)
        withheld = uow.session.scalars(
            select(Document.id).where(Document.disclosure == "此件依申请公开")
        ).all()
    assert withheld and not [i for i in withheld if (out / paths.doc_page(i)).exists()]
    assert pages


def test_lookup_shows_the_built_document_pdf(demo_ctx, tmp_path) -> None:
    from gazette.search import lookup

    with demo_ctx.uow() as uow:
        issue_id = uow.session.scalar(select(Issue.id).where(Issue.status == "planning"))
    render_issue(demo_ctx, issue_id, tmp_path / "pdf")
    with demo_ctx.uow() as uow:
        doc_id, sha = uow.session.execute(
            select(BuiltFile.document_id, BuiltFile.sha256).where(
                BuiltFile.issue_id == issue_id, BuiltFile.kind == "document"
            )
        ).first()
    view = lookup.document(demo_ctx, doc_id)
    assert view is not None and view.pdf is not None
    assert view.pdf.path.name == sha
