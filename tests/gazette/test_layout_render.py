"""Rendering an issue: text round trip, fonts embedded, outline and links, padding, determinism."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from pypdf import PdfReader

from gazette.db.models import BuiltFile, Document
from gazette.demo import issue_docs as gen
from gazette.demo import office
from gazette.demo.issues import add_document
from gazette.issues import planning as issues
from gazette.issues.render import BuildRefused, render_issue
from gazette.layout.document import document_text_of, text_units
from gazette.layout.fonts import MissingGlyph
from gazette.layout.textcheck import missing_units
from gazette.office import settings
from gazette.pdf.verify import check_pdf_text
from gazette.texts.model import Block, DocumentText
from tests.conftest import configure_office, need_tool


def make_issue(ctx, rng: random.Random, number: int = 1) -> int:
    """A small but complete issue: every section, a long notice, a table, an appendix."""
    with ctx.uow() as uow:
        s = uow.session
        secs = {sec.name: sec.id for sec in issues.ensure_sections(uow)}
        day = None
        docs = [
            (
                "市政府文件",
                gen.government_notice(rng, 11, 2026, long=True),
                "公文",
                "宿迁市人民政府",
            ),
            (
                "市政府办公室文件",
                gen.government_notice(rng, 56, 2026, office=True),
                "公文",
                "宿迁市人民政府办公室",
            ),
            ("部门文件", gen.department_rule(rng, 3, 2026)[1], "公文", "宿迁市财政局"),
            ("人事任免", gen.appointments(rng, 2026), "人事任免", "宿迁市人民政府"),
            ("政策解读", gen.interpretation(rng, 2026), "政策解读", "宿迁市司法局"),
        ]
        # the sample notice's table with merged cells rides in the office notice
        docs[1][1].attachment_notes = ["附件：任务分解表"]
        docs[1][1].appendices = [gen.Appendix("附件", "任务分解表", [gen.task_table()])]
        issue_id = issues.create_issue(uow, 2026, number, 180 + number, None)
        for section, text, kind, issuer in docs:
            doc_id = add_document(s, text, kind, issuer, day)  # type: ignore[arg-type]
            issues.add_item(uow, issue_id, doc_id, secs[section])
        uow.commit()
    return issue_id


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory):
    from gazette.context import open_context

    base = tmp_path_factory.mktemp("render")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("GAZETTE_CONFIG_DIR", str(base / "config"))
        ctx = open_context(None, base / "data")
        configure_office(ctx)
        with ctx.uow() as uow:  # the colophon's facts, as the demo office keeps them
            settings.save_colophon(uow, **office.COLOPHON)
            uow.commit()
        issue_id = make_issue(ctx, random.Random(7))
        result = render_issue(ctx, issue_id, base / "out", edition="both")
        yield ctx, issue_id, result, base
        ctx.close()


def test_the_text_of_every_document_pdf_equals_the_stored_text(built) -> None:
    need_tool("pdftotext")
    ctx, _issue_id, result, _base = built
    docs = result.of("document")
    assert len(docs) == 5
    problems = []
    for pdf in docs:
        assert pdf.document_id is not None
        problems += check_pdf_text(
            pdf.path, result.texts[pdf.document_id], result.furniture(pdf.document_id)
        )
    assert problems == []
    with ctx.uow() as uow:  # every unit of the stored text is in what the PDF gives back
        for pdf in docs:
            doc = uow.session.get(Document, pdf.document_id)
            text = document_text_of(doc.title, doc.body_text, doc.structure, doc.doc_number)
            assert missing_units(text_units(text), result.texts[pdf.document_id]) == []


def test_fonts_are_embedded_and_subset(built) -> None:
    _ctx, _id, result, _base = built
    for pdf in result.of("print") + result.of("web"):
        seen = 0
        for page in PdfReader(pdf.path).pages:
            fonts = page["/Resources"].get_object().get("/Font", {})
            for ref in fonts.values():
                font = ref.get_object()
                desc = font["/FontDescriptor"].get_object()
                assert "/FontFile2" in desc, font["/BaseFont"]
                assert "+" in str(font["/BaseFont"])
                seen += 1
        assert seen > 0


def test_print_edition_is_padded_and_ends_with_the_colophon(built) -> None:
    _ctx, _id, result, _base = built
    (pdf,) = result.of("print")
    reader = PdfReader(pdf.path)
    assert len(reader.pages) % 4 == 0
    last = reader.pages[-1].extract_text()
    for word in ("主", "编辑出版", "准印证号", "印刷单位", "赠阅", "不刊登任何商业广告"):
        assert word in last
    cover = reader.pages[0].extract_text()
    assert "宿迁市人民政府公报" in cover.replace(" ", "") and "总第181期" in cover


def test_e_edition_has_bookmarks_links_labels_and_metadata(built) -> None:
    _ctx, _id, result, _base = built
    (pdf,) = result.of("web")
    reader = PdfReader(pdf.path)
    titles = []

    def walk(items) -> None:
        for it in items:
            if isinstance(it, list):
                walk(it)
            else:
                titles.append(it.title)

    walk(reader.outline)
    for section in ("市政府文件", "市政府办公室文件", "部门文件", "人事任免", "政策解读"):
        assert section in titles
    assert any("宿政发〔2026〕11号" in t for t in titles)
    links = [
        a.get_object()
        for a in reader.pages[1].get("/Annots", [])
        if a.get_object()["/Subtype"] == "/Link"
    ]
    assert len(links) == 5
    index = {p.indirect_reference.idnum: i for i, p in enumerate(reader.pages)}
    targets = [index[_dest(a)[0].idnum] for a in links]
    # each link lands on the page that starts with that document's 发文字号 or title
    for target, d in zip(sorted(targets), result.typeset.docs, strict=True):
        assert reader.page_labels[target] == str(d.first)
        page_text = reader.pages[target].extract_text().replace(" ", "")
        assert (d.number or d.title)[:6] in page_text
    assert reader.page_labels[min(targets)] == "1"
    assert reader.page_labels[0] == "封面"
    meta = reader.metadata
    assert (
        meta is not None and "2026年第1期" in meta.title and meta.subject and meta.get("/Keywords")
    )


def _dest(annot):
    return annot["/Dest"] if "/Dest" in annot else annot["/A"]["/D"]


def test_the_same_inputs_give_the_same_bytes(built) -> None:
    ctx, issue_id, result, base = built
    again = render_issue(ctx, issue_id, base / "again", edition="both", record=False)
    for kind in ("print", "web", "document"):
        a = sorted(result.of(kind), key=lambda f: f.path.name)
        b = sorted(again.of(kind), key=lambda f: f.path.name)
        assert [f.path.read_bytes() for f in a] == [f.path.read_bytes() for f in b]


def test_built_files_are_recorded_with_their_hashes(built) -> None:
    ctx, issue_id, _result, _base = built
    with ctx.uow() as uow:
        rows = uow.session.query(BuiltFile).filter_by(issue_id=issue_id).all()
        assert {r.kind for r in rows} == {"print", "web", "document"}
        store = ctx.filestore()
        for r in rows:
            assert store.verify(r.sha256)


def test_a_character_no_font_has_stops_the_build_naming_document_and_character(
    built, tmp_path: Path
) -> None:
    ctx, _id, _result, _base = built
    with ctx.uow() as uow:
        secs = {sec.name: sec.id for sec in issues.ensure_sections(uow)}
        text = DocumentText(
            title="关于表彰先进个人的通报",
            doc_number="宿政发〔2026〕99号",
            blocks=[Block("paragraph", "授予\U0002a6a5同志“先进工作者”称号。")],
            disclosure="（此件公开发布）",
        )
        issue_id = issues.create_issue(uow, 2026, 9, 999, None)
        doc_id = add_document(uow.session, text, "公文", "宿迁市人民政府", None)  # type: ignore[arg-type]
        issues.add_item(uow, issue_id, doc_id, secs["市政府文件"])
        for name, sid in secs.items():
            if name != "市政府文件":
                uow.session.get(issues.Section, sid).active = False
        uow.commit()
    try:
        with pytest.raises(MissingGlyph) as err:
            render_issue(ctx, issue_id, tmp_path, record=False)
        assert "宿政发〔2026〕99号" in str(err.value) and "\U0002a6a5" in str(err.value)
    finally:
        with ctx.uow() as uow:
            for sec in uow.session.query(issues.Section):
                sec.active = True
            uow.commit()


def test_an_issue_breaking_a_rule_is_refused(built, tmp_path: Path) -> None:
    ctx, _id, _result, _base = built
    with ctx.uow() as uow:
        secs = {sec.name: sec.id for sec in issues.ensure_sections(uow)}
        issue_id = issues.create_issue(uow, 2026, 8, 998, None)
        text = DocumentText(
            title="关于某事项的通知",
            doc_number="宿政发〔2026〕98号",
            blocks=[Block("paragraph", "正文。")],
            disclosure="（此件依申请公开）",
        )
        doc_id = add_document(uow.session, text, "公文", "宿迁市人民政府", None)  # type: ignore[arg-type]
        issues.add_item(uow, issue_id, doc_id, secs["市政府文件"])
        uow.commit()
    with pytest.raises(BuildRefused) as err:
        render_issue(ctx, issue_id, tmp_path, record=False)
    assert "依申请公开" in str(err.value) and "栏目“人事任免”没有文件" in str(err.value)


def test_crop_marks_and_bleed_enlarge_the_page_around_the_trim_box(built, tmp_path: Path) -> None:
    import io

    from pypdf import PdfWriter

    from gazette.pdf.assemble import add_crop_marks

    _ctx, _id, result, _base = built
    (pdf,) = result.of("print")
    writer = PdfWriter(clone_from=PdfReader(pdf.path))
    add_crop_marks(writer, bleed=3 * 72 / 25.4)
    buf = io.BytesIO()
    writer.write(buf)
    page = PdfReader(buf).pages[3]
    trim, bleed, media = page.trimbox, page.bleedbox, page.mediabox
    assert round(float(trim.width)) == 595 and round(float(trim.height)) == 842  # A4
    assert float(bleed.width) - float(trim.width) == pytest.approx(6 * 72 / 25.4)
    assert float(media.width) > float(bleed.width)
    assert "宿迁市人民政府公报" in page.extract_text().replace(" ", "")


def test_a_document_pdf_carries_only_its_own_glyphs(built) -> None:
    """The issue's font subsets are cut to each document's glyphs: a one-page document stays
    under 120 KiB (it carried ~300–500 KiB of the whole issue's 仿宋), and every page of every
    document renders pixel for pixel as the same page of the e-edition."""
    import pypdfium2 as pdfium
    from PIL import ImageChops

    _ctx, _id, result, _base = built
    (web,) = result.of("web")
    edition = pdfium.PdfDocument(str(web.path))
    by_text = {}
    for n, page in enumerate(PdfReader(web.path).pages):
        by_text.setdefault(page.extract_text(), n)
    one_page = [p for p in result.of("document") if len(PdfReader(p.path).pages) == 1]
    assert one_page and all(p.path.stat().st_size <= 120 * 1024 for p in one_page)
    for pdf in result.of("document"):
        doc = pdfium.PdfDocument(str(pdf.path))
        for n, page in enumerate(PdfReader(pdf.path).pages):
            twin = edition[by_text[page.extract_text()]]
            a = doc[n].render(scale=1.5, draw_annots=False).to_pil().convert("RGB")
            b = twin.render(scale=1.5, draw_annots=False).to_pil().convert("RGB")
            assert ImageChops.difference(a, b).getbbox() is None, (pdf.path.name, n)
        doc.close()
    edition.close()
