"""Tables and real content never crash the typesetter: rows split, headers repeat, columns follow
their content; a failure names the document and block; every document's text is in the PDF."""

from __future__ import annotations

import datetime as dt
import io
import random
import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from gazette.demo import issue_docs as gen
from gazette.demo.issues import add_document
from gazette.issues import planning as issues
from gazette.issues.render import BuildRefused, BuildResult, render_issue
from gazette.layout import styles
from gazette.layout.document import flowables, text_units
from gazette.layout.fonts import font_set
from gazette.layout.furniture import IssueFacts, highlights_shown
from gazette.layout.para import CJKParagraph, Typesetter
from gazette.layout.table import GridTable
from gazette.layout.textcheck import missing_units, squash
from gazette.layout.typeset import DocInput, IssueInput, LayoutFailed, Typeset, typeset_issue
from gazette.pdf.verify import pages_pdftotext, strip_furniture
from gazette.texts.importer import import_file
from gazette.texts.model import Block, Cell, DocumentText
from tests.conftest import need_tool

FIXTURES = Path(__file__).parent / "texts_fixtures"
LONG = "各县、区政府，市各开发区、新区、园区管委会，市各相关部门要按照职责分工抓好落实。"


def _doc(title: str, number: str | None, table: list[list[Cell]]) -> DocumentText:
    return DocumentText(
        title=title,
        doc_number=number,
        blocks=[
            Block("paragraph", "现将有关事项通知如下。"),
            Block("table", rows=table),
            Block("paragraph", "特此通知。"),
        ],
        attachment_notes=[
            "附件：1.市级政务服务事项目录清单及其配套实施细则和办事指南汇编",
            "2.任务分解表",
        ],
        signature=["宿迁市人民政府"],
        date="2026年1月5日",
        disclosure="（此件公开发布）",
    )


def hostile_tables() -> dict[str, list[list[Cell]]]:
    """Tables of the shapes that crashed on real documents."""
    span = [[Cell("类别"), Cell("事项"), Cell("单位")]]
    span.append([Cell("行政许可类", rowspan=24), Cell("事项1"), Cell("市政务办")])
    span += [[Cell(f"事项{i}：" + (LONG * 2)[: 20 + i]), Cell("市政务办")] for i in range(2, 25)]
    tall = [[Cell("序号"), Cell("内容"), Cell("备注")], [Cell("1"), Cell(LONG * 27), Cell("无")]]
    many = [[Cell("序号"), Cell("任务"), Cell("牵头单位"), Cell("完成时间")]]
    many += [
        [Cell(str(i)), Cell(LONG * 4), Cell("市发展改革委"), Cell("2026年底前")]
        for i in range(1, 24)
    ]
    wide = [[Cell(f"列{c}" if c else "") for c in range(12)]]  # an empty header cell repeats
    wide += [[Cell(f"{r}.{c}" if c % 3 else "") for c in range(12)] for r in range(40)]
    empty = [[Cell(""), Cell("")], [Cell(""), Cell("")]]
    sections = [[Cell("序号"), Cell("任务"), Cell("单位")]]
    for name in ("一、深化改革", "二、优化服务", "三、强化保障", "四、加强督查"):
        sections.append([Cell(name, colspan=3)])
        sections += [[Cell(str(i)), Cell(LONG * i), Cell("市政府办")] for i in range(1, 5)]
    return {
        "24行合并": span,
        "一行高于一页": tall,
        "23行长文本": many,
        "12列": wide,
        "空单元格": empty,
        "分节行": sections,
    }


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One font metrics cache for the module's builds."""
    return tmp_path_factory.mktemp("fontcache")


def _typeset(docs: list[DocumentText], cache: Path, overrides: dict | None = None) -> Typeset:
    ss = styles.load(overrides=overrides)
    inp = IssueInput(
        IssueFacts("测试公报", 2026, 1, 1, dt.date(2026, 1, 5), "测试编辑部"),
        [DocInput(k + 1, "测试", d.doc_number or d.title, d) for k, d in enumerate(docs)],
    )
    return typeset_issue(inp, ss, font_set(ss.fonts, cache_dir=cache))


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory, cache: Path):
    """The sample notice (TXT and DOCX, with the merged-cell 任务分解表) and hostile tables."""
    docs = [
        import_file(FIXTURES / name).text
        for name in ("sample_000_f6147e09825cd43f.txt", "sample_000_f6147e09825cd43f.docx")
    ]
    tables = hostile_tables()
    docs += [
        _doc(f"关于测试{name}表格的通知", f"测发〔2026〕{k}号", rows)
        for k, (name, rows) in enumerate(tables.items(), 1)
    ]
    ts = _typeset(docs, cache)
    pdf = tmp_path_factory.mktemp("tables") / "body.pdf"
    pdf.write_bytes(ts.body)
    return docs, ts, pdf


def _pages(ts: Typeset, pdf: Path) -> dict[int, list[str]]:
    """Each document's page texts, white space and furniture removed."""
    need_tool("pdftotext")
    ss = styles.load()
    res = BuildResult(typeset=ts, head="测试公报　2026年第1期", folio_format="— {page} —")
    pages = pages_pdftotext(pdf)
    out = {}
    for d in ts.docs:
        furniture = res.furniture(d.id)
        out[d.id] = [
            strip_furniture(pages[p - 1], furniture[k])
            for k, p in enumerate(range(d.first, d.last + 1))
        ]
    assert ss.page.height > 0
    return out


def test_every_document_of_the_issue_is_in_the_pdf_whole(built) -> None:
    docs, ts, pdf = built
    pages = _pages(ts, pdf)
    for k, doc in enumerate(docs, 1):
        got = "".join(pages[k])
        assert got == squash(ts.printed[k]), doc.title  # the PDF gives back what was drawn
        assert missing_units(text_units(doc), got) == [], doc.title  # and that is everything


def test_a_row_taller_than_a_page_is_split_and_the_header_repeats(built) -> None:
    _docs, ts, pdf = built
    pages = _pages(ts, pdf)
    by_title = {d.title: d.id for d in ts.docs}
    tall = pages[by_title["关于测试一行高于一页表格的通知"]]
    assert len(tall) >= 2
    body_words = {"一行高于一页": LONG[:12], "23行长文本": "市发展改革委", "24行合并": "市政务办"}
    for name, words in body_words.items():
        doc_pages = pages[by_title[f"关于测试{name}表格的通知"]]
        header = squash("".join(c.text for c in hostile_tables()[name][0]))
        table_pages = [p for p in doc_pages[1:] if words in p]
        assert table_pages, name  # the table runs on over a page
        assert all(header in p for p in table_pages), name  # each page repeats the header


def test_a_section_row_is_never_left_at_a_page_foot(built) -> None:
    _docs, ts, pdf = built
    pages = _pages(ts, pdf)
    doc = next(d for d in ts.docs if d.title == "关于测试分节行表格的通知")
    texts = pages[doc.id]
    assert len(texts) >= 2
    for name in ("一、深化改革", "二、优化服务", "三、强化保障", "四、加强督查"):
        for page in texts:
            assert not page.endswith(name)
            if name in page:  # the section row is followed on its page by its first row
                assert page.index(name) + len(name) < len(page)


def test_columns_follow_their_content_and_narrow_cells_are_not_letter_spaced(cache) -> None:
    ss = styles.load()
    ts = Typesetter(font_set(ss.fonts, cache_dir=cache))
    rows = hostile_tables()["23行长文本"]
    table = GridTable(Block("table", rows=rows), ss, ts, "x", ss.page.frame(1)[3])
    width = ss.page.frame(1)[2]
    table.wrap(width, 10_000)
    lay = table.layout
    assert lay is not None
    number, task, lead, _due = lay.cols
    assert task > 2.5 * lead and task > 4 * number  # the long text gets the room
    assert sum(lay.cols) == pytest.approx(width)
    size = ss["table_cell"].size
    measures = ss.section("table")
    assert number >= measures["min_col_em"] * size
    widest = measures["max_col_em"] * size + 2 * measures["padding"]
    assert task > widest  # no other column wants the room: the text column takes it
    two = [[Cell("甲"), Cell("乙")]] + [[Cell(LONG * 4), Cell(LONG)] for _ in range(3)]
    competing = GridTable(Block("table", rows=two), ss, ts, "x", ss.page.frame(1)[3])
    competing.wrap(width, 10_000)
    assert competing.layout is not None
    more, less = competing.layout.cols
    assert more == pytest.approx(widest)  # the maximum holds where columns compete
    assert less == pytest.approx(width - widest)
    for cell in lay.cells:
        col = sum(lay.cols[cell.c0 : cell.c1 + 1])
        if col < measures["justify_min_em"] * size:
            assert all(line.spacing <= 0 for line in cell.lines), cell.text
    # 2026年底前 and 市发展改革委 stay on one line
    assert all(len(c.lines) == 1 for c in lay.cells if c.c0 in (2, 3))


def _roster(cache: Path, width_factor: float) -> tuple[list, float]:
    """The real 拟录用公务员名单 table laid out at a multiple of the page's measure."""
    ss = styles.load()
    ts = Typesetter(font_set(ss.fonts, cache_dir=cache))
    text = import_file(FIXTURES / "real" / "ncgh-2023-gsgg.txt").text
    blocks = text.blocks + [b for a in text.appendices for b in a.blocks]
    block = next(b for b in blocks if b.kind == "table")
    width = ss.page.frame(1)[2] * width_factor
    table = GridTable(block, ss, ts, "x", ss.page.frame(1)[3])
    table.wrap(width, 10_000)
    assert table.layout is not None
    assert sum(table.layout.cols) == pytest.approx(width)
    return table.layout.cells, width


def test_names_codes_and_short_headers_stay_whole_in_a_roster(cache) -> None:
    cells, _ = _roster(cache, 1.0)
    assert len(cells) == 16 * 9
    for cell in cells:
        lines = [line.text for line in cell.lines]
        if len(cell.text) <= 3:  # 序号, 性别, 沈子君
            assert lines == [cell.text], lines
        for run in re.findall(r"[0-9A-Za-z]+", cell.text):  # 129334120600516, 300110002001
            assert any(run in line for line in lines), (run, lines)
        if len(cell.text) > 4:  # 江西省宜春市袁州区彬江中学 is not a tower of single characters
            assert max(len(line) for line in lines) >= 2, lines
    # the measure cannot hold every 4-character cell whole: they wrap, if at all, into two even
    # lines (工作/单位, not 工作单/位), and 学历 (大学本科) is not among them
    for cell in cells:
        if len(cell.text) == 4:
            assert [len(line.text) for line in cell.lines] in ([4], [2, 2]), cell.lines
            assert cell.c0 != 5 or len(cell.lines) == 1, cell.lines


def test_on_a_wide_enough_measure_no_short_cell_of_a_roster_wraps(cache) -> None:
    cells, _ = _roster(cache, 1.1)
    short = [c for c in cells if len(c.text) <= 4]
    assert len(short) > 60
    assert all(len(c.lines) == 1 for c in short), [c.lines for c in short if len(c.lines) > 1]
    assert {c.text for c in short if c.r0 == 0} >= {"序号", "姓名", "性别", "毕业院校", "工作单位"}


def test_the_title_comes_first_and_the_number_below_unless_the_sheet_says_otherwise(cache) -> None:
    doc = _doc("关于测试标题的通知", "测发〔2026〕9号", [[Cell("甲"), Cell("乙")]])
    doc.subtitle = "（2026年1月5日市政府常务会议通过）"  # type: ignore[attr-defined]
    for overrides, order in (
        (None, ["关于测试标题的通知", "（2026年1月5日市政府常务会议通过）", "测发〔2026〕9号"]),
        (
            {"document": {"doc_number": "above_title"}},
            ["测发〔2026〕9号", "关于测试标题的通知", "（2026年1月5日市政府常务会议通过）"],
        ),
    ):
        ts = _typeset([doc], cache, overrides)
        printed = ts.printed[1]
        assert sorted(order, key=printed.index) == order
    ss = styles.load()
    paras = flowables(doc, ss, Typesetter(font_set(ss.fonts, cache_dir=cache)), "x")
    subtitle = next(f for f in paras if getattr(f, "text", "") == doc.subtitle)  # type: ignore[attr-defined]
    assert subtitle.style.align == "center" and subtitle.style.role == "heading2"  # 楷体


def test_attachment_items_hang_under_the_first_items_text(cache) -> None:
    ss = styles.load()
    ts = Typesetter(font_set(ss.fonts, cache_dir=cache))
    doc = _doc("关于测试附件的通知", None, [[Cell("甲")]])
    notes = [f for f in flowables(doc, ss, ts, "x") if isinstance(f, CJKParagraph)]
    first, second = (f for f in notes if f.text in doc.attachment_notes)
    width = ss.page.frame(1)[2]
    first.wrap(width, 1000)
    second.wrap(width, 1000)
    fn = ts.measurer("body", 16)

    def x(p: CJKParagraph, k: int) -> float:
        assert p._lines is not None
        return p.style.left_indent + p._lines[k].indent

    body_left = ss["attachment_note"].left_indent
    assert x(first, 0) == pytest.approx(body_left)  # 附件：at the indent
    assert len(first._lines or []) == 2
    assert x(first, 1) == pytest.approx(body_left + fn("附件：1."))  # a wrapped name: its text
    assert x(second, 0) == pytest.approx(body_left + fn("附件："))  # 2. under 1.


def test_the_cover_says_when_it_lists_only_some_items(built, cache) -> None:
    _docs, ts, _pdf = built
    cover = PdfReader(io.BytesIO(ts.front)).pages[0].extract_text().replace(" ", "")
    assert "本期要目仅列部分文件" not in cover and "关于测试分节行表格的通知" in cover
    many = [
        DocumentText(f"关于做好第{k}项重点工作的通知", None, blocks=[Block("paragraph", "正文。")])
        for k in range(1, 31)
    ]
    ts = _typeset(many, cache)
    cover = PdfReader(io.BytesIO(ts.front)).pages[0].extract_text().replace(" ", "")
    assert "本期要目仅列部分文件" in cover
    assert "关于做好第1项重点工作的通知" in cover and "第30项" not in cover  # in order
    fn = Typesetter(font_set(styles.load().fonts, cache_dir=cache)).measurer("body", 12)
    items = [("市政府文件", f"关于第{k}项工作的通知") for k in range(5)]
    assert highlights_shown(items, fn, 400, 12, room=6) == 5  # all fit: no note
    assert highlights_shown(items, fn, 400, 12, room=5) == 3  # one line kept for the note


def test_a_failure_names_the_document_and_block_in_chinese(cache) -> None:
    doc = _doc("关于页面过小的通知", "测发〔2026〕8号", [[Cell("甲")]])
    tiny = {"page": {"margins_mm": {"top": 140, "bottom": 148}}}  # room for less than a line
    with pytest.raises(LayoutFailed) as err:
        _typeset([doc], cache, tiny)
    message = str(err.value)
    assert "测发〔2026〕8号" in message and "关于页面过小的通知" in message
    assert "排版失败" in message and "重新排版" in message
    for word in ("Flowable", "0x", "Error", "raised"):
        assert word not in message


def test_a_document_without_a_title_is_refused_by_the_rules(ctx, tmp_path: Path) -> None:
    with ctx.uow() as uow:
        secs = {s.name: s.id for s in issues.ensure_sections(uow)}
        issue_id = issues.create_issue(uow, 2026, 3, 203, None)
        text = DocumentText(
            title="",
            doc_number="测发〔2026〕7号",
            blocks=[Block("paragraph", "现将有关事项通知如下。")],
            disclosure="（此件公开发布）",
        )
        doc_id = add_document(uow.session, text, "公文", "宿迁市人民政府", None)  # type: ignore[arg-type]
        issues.add_item(uow, issue_id, doc_id, secs["市政府文件"])
        uow.commit()
    with pytest.raises(BuildRefused) as err:
        render_issue(ctx, issue_id, tmp_path, record=False)
    assert "“测发〔2026〕7号”没有标题" in str(err.value)
    assert "KeepTogether" not in str(err.value)


def test_the_demo_appointments_and_a_long_rule_build(cache) -> None:
    """A long 规章 and an appointment list set beside the tables (regression guard)."""
    rng = random.Random(3)
    docs = [gen.department_rule(rng, 3, 2026)[1], gen.appointments(rng, 2026)]
    ts = _typeset(docs, cache)
    for k, doc in enumerate(docs, 1):
        assert missing_units(text_units(doc), ts.printed[k]) == []


def test_fields_a_richer_text_model_carries_are_printed_in_their_place(cache) -> None:
    """A byline (date and signature under the title), an annotation above the disclosure and an
    attached text's 题注, read when the text model has them."""
    doc = _doc("关于测试落款在前的规定", None, [[Cell("甲")]])
    doc.byline = True  # type: ignore[attr-defined]
    doc.annotation = "（联系人：张三）"
    doc.annotation_above = True  # type: ignore[attr-defined]
    app = gen.Appendix("附件", "测试办法", [Block("paragraph", "第一条　为了测试，制定本办法。")])
    app.subtitle = "（2026年1月5日市政府第3次常务会议通过）"  # type: ignore[attr-defined]
    doc.appendices = [app]
    ts = _typeset([doc], cache)
    printed = ts.printed[1]
    order = [
        "关于测试落款在前的规定",
        "2026年1月5日",
        "现将有关事项通知如下。",
        "（联系人：张三）",
        "（此件公开发布）",
        "测试办法",
        "（2026年1月5日市政府第3次常务会议通过）",
        "第一条",
    ]
    assert sorted(order, key=printed.index) == order
    assert missing_units(text_units(doc), printed) == []
