"""Every real document of the corpus, imported as a clerk would, builds into one issue, and each
document's text is in its PDF (pdftotext, white space aside)."""

from __future__ import annotations

from pathlib import Path

import pytest

from gazette.db.models import Document
from gazette.issues import planning as issues
from gazette.issues.render import BuildResult, render_issue
from gazette.layout.document import document_text_of, text_units
from gazette.layout.textcheck import missing_units
from gazette.office import settings
from gazette.pdf.verify import check_pdf_text
from gazette.texts.store import import_document
from tests.conftest import need_tool

REAL = Path(__file__).parent / "texts_fixtures" / "real"


@pytest.fixture(scope="session")
def corpus_issue(tmp_path_factory: pytest.TempPathFactory):
    """The corpus's TXT files imported into one issue and built once (rules aside: kinds and
    disclosure are another test's concern; this one is about the typesetter)."""
    from gazette.context import open_context

    files = sorted(REAL.glob("*.txt"))
    base = tmp_path_factory.mktemp("corpus")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("GAZETTE_CONFIG_DIR", str(base / "config"))
        ctx = open_context(None, base / "data")
        settings.accept_suggested(ctx)  # the office names itself, as the first-run form does
        ids = list(dict.fromkeys(import_document(ctx, f).document_id for f in files))
        with ctx.uow() as uow:
            section = issues.ensure_sections(uow)[0]
            issue_id = issues.create_issue(uow, 2026, 1, 1, None)
            for doc_id in ids:
                issues.add_item(uow, issue_id, doc_id, section.id)
            uow.commit()
        result = render_issue(
            ctx, issue_id, base / "out", edition="web", check_rules=False, record=False
        )
        yield ctx, files, ids, result
        ctx.close()


def test_the_corpus_is_there(corpus_issue) -> None:
    _ctx, files, ids, _result = corpus_issue
    assert len(files) >= 40
    assert len(ids) >= 40


def test_every_corpus_document_builds_into_the_issue(corpus_issue) -> None:
    _ctx, _files, ids, result = corpus_issue
    assert isinstance(result, BuildResult) and result.typeset is not None
    assert sorted(d.id for d in result.typeset.docs) == sorted(ids)  # none left out
    assert len(result.of("document")) == len(ids)


def test_every_corpus_documents_text_is_in_its_pdf(corpus_issue) -> None:
    need_tool("pdftotext")
    ctx, _files, _ids, result = corpus_issue
    problems = []
    with ctx.uow() as uow:
        for pdf in result.of("document"):
            assert pdf.document_id is not None
            printed = result.texts[pdf.document_id]
            problems += check_pdf_text(
                pdf.path, printed, result.furniture(pdf.document_id), tool="pdftotext"
            )
            doc = uow.session.get(Document, pdf.document_id)
            text = document_text_of(doc.title, doc.body_text, doc.structure, doc.doc_number)
            lost = missing_units(text_units(text), printed)
            problems += [f"{pdf.path.name}：缺少“{unit[:30]}”" for unit in lost]
    assert problems == []
