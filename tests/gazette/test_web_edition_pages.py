"""The e-edition is read on a screen, one page after another: it keeps none of the print
edition's blank pages (the verso before the body, the padding to the printer's signature),
and its bookmarks and contents links still land on the right pages."""

from __future__ import annotations

from pypdf import PdfReader
from sqlalchemy import select

from gazette.db.models import Issue
from gazette.issues.render import render_issue


def _blank(reader: PdfReader) -> list[int]:
    return [n for n, page in enumerate(reader.pages, 1) if not page.extract_text().strip()]


def test_the_e_edition_has_no_blank_page(demo_ctx, tmp_path) -> None:
    with demo_ctx.uow() as uow:
        issue_id = uow.session.scalar(
            select(Issue.id).where(Issue.year == 2026, Issue.number == 10)
        )
    result = render_issue(demo_ctx, issue_id, tmp_path, edition="both")
    printed = PdfReader(result.of("print")[0].path)
    web = PdfReader(result.of("web")[0].path)
    assert _blank(printed), "the print edition has no blank page: the test would prove nothing"
    assert _blank(web) == []
    # a re-released issue's e-edition also carries its own errata (勘误) page; print does not
    added = _notice_pages(web) - _notice_pages(printed)
    assert len(printed.pages) - len(web.pages) == len(_blank(printed)) - added
    ts = result.typeset
    # front, body, the errata page the e-edition adds, colophon
    assert len(web.pages) == ts.front_pages + ts.body_pages + added + 1
    # each document's bookmark opens the page its title is printed on
    marks = {m.title: web.get_destination_page_number(m) for m in _flat(web.outline)}
    for d in ts.docs:
        label = d.title + (f"（{d.number}）" if d.number else "")
        page = web.pages[marks[label]].extract_text().replace("\n", "")
        assert d.title[:8] in page, (label, marks[label])


def _notice_pages(reader: PdfReader) -> int:
    return sum("特此更正" in page.extract_text().replace("\n", "") for page in reader.pages)


def _flat(outline: list) -> list:  # type: ignore[type-arg]
    out = []
    for item in outline:
        out += _flat(item) if isinstance(item, list) else [item]
    return out
