"""Defect classes of positioned text that no collected file shows, reproduced: PDFs drawn with
ReportLab character by character (a 320-pt font scaled by 0.05, a 装订线 down the margin, a table
cell that wraps) and small OFD packages, so the test controls exactly what the reader sees.

The real native files are tested in ``test_native_texts``.
"""

from __future__ import annotations

import itertools
import zipfile
from pathlib import Path

import pytest

from gazette.texts.decodable import UndecodableTextError
from gazette.texts.importer import import_file, read_raw
from gazette.texts.model import Block
from tests.gazette.test_native_texts import NATIVE, _flat, _texts

# --- PDFs reproducing a class ------------------------------------------------------------------

Line = tuple[float, float, str, float, float]  # x, y from the top, text, size, extra spacing


def _pdf(
    path: Path,
    pages: list[list[Line]],
    scale: float = 1.0,
    marks: bool = False,
    ctm: bool = False,
) -> Path:
    """Draw each line with its own text object. ``scale`` != 1 sets the font at size/scale and
    scales the text matrix by ``scale``, as WPS Office does (320-pt font, matrix 0.05); with
    ``ctm`` the scale is put in the graphics state (``cm``) instead of the text matrix."""
    from reportlab.pdfgen import canvas

    from gazette.layout.fonts import ensure_registered

    font = ensure_registered()["body"]
    c = canvas.Canvas(str(path), pagesize=(595, 842))
    for lines in pages:
        for x, y, text, size, space in lines:
            c.saveState()
            if ctm:
                c.transform(scale, 0, 0, scale, x, 842 - y)
            t = c.beginText()
            if not ctm:
                t.setTextTransform(scale, 0, 0, scale, x, 842 - y)
            t.setFont(font, size / scale)
            t.setCharSpace(space / scale)
            t.textOut(text)
            c.drawText(t)
            c.restoreState()
        if marks:  # a binding margin down the left edge: 装 … 订 … 线, 装 on a text line
            for y, ch in [(208, "装"), (300, "|"), (400, "订"), (500, "|"), (600, "线")]:
                c.setFont(font, 14)
                c.drawString(40, 842 - y, ch)
        c.showPage()
    c.save()
    return path


BODY = (
    "为进一步做好政务公开工作，切实保障人民群众的知情权、参与权、表达权和监督权，"
    "根据有关规定，结合本市实际，现就有关事项通知如下。各地各部门要高度重视，"
    "加强组织领导，明确工作责任，确保各项任务落到实处。"
)
BODY2 = (
    "各县区要把政务公开纳入重要议事日程，定期研究解决工作中的重大问题，"
    "主要负责同志要亲自过问，分管负责同志要具体抓，形成一级抓一级、层层抓落实的工作格局。"
)


def _paragraph(
    text: str, left: float, y: float, size: float = 16, per_line: int = 26
) -> list[Line]:
    """A justified paragraph: first line indented two characters, full lines to the margin."""
    out: list[Line] = []
    first, rest = text[: per_line - 2], text[per_line - 2 :]
    out.append((left + 2 * size, y, first, size, 0))
    while rest:
        out.append((left, y + 28 * (len(out)), rest[:per_line], size, 0))
        rest = rest[per_line:]
    return out


def _notice(left: float = 90) -> list[Line]:
    return [
        (230, 120, "宿政办发〔2026〕9号", 16, 0),
        (150, 170, "市政府办公室关于做好政务公开工作的通知", 22, 0),
        (left, 220, "各县、区人民政府，市各委办局：", 16, 0),
        *_paragraph(BODY, left, 250),
    ]


@pytest.mark.parametrize(("scale", "ctm"), [(0.05, False), (16.0, False), (0.05, True)])
def test_pdf_glyph_size_uses_the_text_matrix(tmp_path: Path, scale: float, ctm: bool) -> None:
    """WPS: 16-pt glyphs from a 320-pt font scaled by 0.05 (and the reverse, a 1-pt font x16).

    Read at the raw font size, the line tolerance spans the page and everything collapses.
    """
    path = _pdf(tmp_path / "wps.pdf", [_notice()], scale=scale, ctm=ctm)
    assert _texts(path) == [
        "宿政办发〔2026〕9号",
        "市政府办公室关于做好政务公开工作的通知",
        "各县、区人民政府，市各委办局：",
        BODY,
    ]
    doc = import_file(path).text
    assert doc.doc_number == "宿政办发〔2026〕9号"
    assert doc.title == "市政府办公室关于做好政务公开工作的通知"


def test_letter_spaced_line_is_not_a_table(tmp_path: Path) -> None:
    lines = [
        (200, 120, "通知", 22, 44),  # 通　　知
        (150, 170, "关于做好政务公开工作", 16, 16),  # one em between characters
        *_paragraph(BODY, 90, 220),
    ]
    items = read_raw(_pdf(tmp_path / "spaced.pdf", [lines])).items
    assert items == ["通知", "关于做好政务公开工作", BODY]


def test_margins_per_page_and_a_stray_line(tmp_path: Path) -> None:
    """Page 1 text block starts at 90 pt, page 2 at 60 pt, and page 1 has a note at 20 pt."""
    page1 = [*_paragraph(BODY, 90, 120), (20, 400, "内部资料", 12, 0)]
    page2 = [*_paragraph(BODY2, 60, 120), *_paragraph(BODY, 60, 260)]
    items = read_raw(_pdf(tmp_path / "margins.pdf", [page1, page2])).items
    assert items == [BODY, "内部资料", BODY2, BODY]


def test_binding_margin_glyphs_are_furniture(tmp_path: Path) -> None:
    path = _pdf(tmp_path / "binding.pdf", [_paragraph(BODY, 90, 180)], marks=True)
    assert read_raw(path).items == [BODY]


@pytest.mark.parametrize("valign", ["TOP", "MIDDLE", "BOTTOM"])
def test_table_cell_wrapping_over_two_lines_stays_one_table(tmp_path: Path, valign: str) -> None:
    """The wrapped cell's second line stands below, beside or above the one-line cells."""
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

    from gazette.layout.fonts import ensure_registered

    font = ensure_registered()["body"]
    style = ParagraphStyle("c", fontName=font, fontSize=12, leading=15, wordWrap="CJK")
    rows = [
        ["序号", "工作任务", "责任单位"],
        ["1", "建立健全政务公开工作机制", "市政府办公室"],
        ["2", "推进重点领域信息公开，做好政策解读和回应关切工作", "市发展改革委"],
        ["3", "加强政府网站建设", "市大数据局"],
    ]
    data = [[Paragraph(c, style) for c in r] for r in rows]
    table = Table(data, colWidths=[50, 200, 120])
    table.setStyle(
        TableStyle([("GRID", (0, 0), (-1, -1), 0.5, "black"), ("VALIGN", (0, 0), (-1, -1), valign)])
    )
    path = tmp_path / "wrap.pdf"
    SimpleDocTemplate(str(path)).build([Paragraph("附表：重点任务分工", style), table])
    items = read_raw(path).items
    assert items[0] == "附表：重点任务分工"
    assert len(items) == 2 and isinstance(items[1], Block)
    grid = [[c.text for c in row] for row in items[1].rows or []]
    assert grid == rows


def test_running_head_removed_only_where_it_repeats(tmp_path: Path) -> None:
    """A running head on every page goes; a table title that its continuation pages repeat
    stays where it first stands; a line at a page edge printed once stays."""
    head = (250, 60, "某某市人民政府公报", 12, 0)
    title = (90, 100, "附表：年度重点任务分解", 16, 0)

    def row(y: float, n: int) -> list[Line]:
        return [
            (90, y, str(n), 14, 0),
            (200, y, f"任务{n}", 14, 0),
            (400, y, "市政府办公室", 14, 0),
        ]

    page1 = [head, *_paragraph(BODY, 90, 120), (90, 780, "附件：年度重点任务分解", 16, 0)]
    page2 = [head, title, *row(140, 1), *row(170, 2)]
    page3 = [head, title, *row(140, 3), *row(170, 4)]
    items = read_raw(_pdf(tmp_path / "heads.pdf", [page1, page2, page3])).items
    texts = [i for i in items if isinstance(i, str)]
    assert "某某市人民政府公报" not in texts
    assert texts == [BODY, "附件：年度重点任务分解", "附表：年度重点任务分解"]
    tables = [i for i in items if isinstance(i, Block)]
    assert sum(len(t.rows or []) for t in tables) == 4


def test_scanned_page_among_text_pages_is_reported(tmp_path: Path) -> None:
    """A scanned page inserted into an exported PDF has no text: its loss is said, by page."""
    from PIL import Image
    from reportlab.pdfgen import canvas

    scan = tmp_path / "scan.png"
    Image.new("RGB", (200, 280), "white").save(scan)
    text = _pdf(tmp_path / "text.pdf", [_paragraph(BODY, 90, 120)])
    from pypdf import PdfReader, PdfWriter

    c = canvas.Canvas(str(tmp_path / "image.pdf"), pagesize=(595, 842))
    c.drawImage(str(scan), 0, 0, 595, 842)
    c.showPage()
    c.save()
    writer = PdfWriter()
    for part in (text, tmp_path / "image.pdf", text):
        for page in PdfReader(str(part)).pages:
            writer.add_page(page)
    mixed = tmp_path / "mixed.pdf"
    with open(mixed, "wb") as fh:
        writer.write(fh)
    raw = read_raw(mixed)
    assert raw.items[0] == BODY
    assert len(raw.warnings) == 1 and "第 2 页只有图像、没有文字层" in raw.warnings[0]
    assert read_raw(text).warnings == []


def test_a_wide_table_does_not_set_the_margins(tmp_path: Path) -> None:
    """Table rows reaching past the text block on both sides leave the paragraph's margins."""

    def row(y: float, n: int) -> list[Line]:
        return [(60, y, f"第{n}项", 14, 0), (300, y, "市政府办公室牵头负责落实完成", 14, 0)]

    lines = [*_paragraph(BODY, 90, 120), *row(300, 1), *row(330, 2), *row(360, 3)]
    items = read_raw(_pdf(tmp_path / "wide.pdf", [lines])).items
    assert items[0] == BODY
    assert isinstance(items[1], Block) and len(items[1].rows or []) == 3


def _ofd(path: Path, objects: str, template: str = "") -> Path:
    """A one-page OFD with the given text objects (and a template page holding others)."""
    ns = 'xmlns:ofd="http://www.ofdspec.org/2016"'
    tpl_ref = '<ofd:TemplatePage ID="9" BaseLoc="Tpls/Tpl_0/Content.xml"/>' if template else ""
    use = '<ofd:Template TemplateID="9" ZOrder="Background"/>' if template else ""
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr(
            "OFD.xml",
            f"<ofd:OFD {ns}><ofd:DocBody><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot>"
            "</ofd:DocBody></ofd:OFD>",
        )
        zf.writestr(
            "Doc_0/Document.xml",
            f"<ofd:Document {ns}><ofd:CommonData>{tpl_ref}</ofd:CommonData><ofd:Pages>"
            '<ofd:Page ID="1" BaseLoc="Pages/Page_0/Content.xml"/></ofd:Pages></ofd:Document>',
        )
        zf.writestr(
            "Doc_0/Pages/Page_0/Content.xml",
            f"<ofd:Page {ns}>{use}<ofd:Content><ofd:Layer>{objects}</ofd:Layer></ofd:Content>"
            "</ofd:Page>",
        )
        if template:
            zf.writestr(
                "Doc_0/Tpls/Tpl_0/Content.xml",
                f"<ofd:Page {ns}><ofd:Content><ofd:Layer>{template}</ofd:Layer></ofd:Content>"
                "</ofd:Page>",
            )
    return path


def test_ofd_court_converter_scale_and_boundary_widths(tmp_path: Path) -> None:
    """Size 318 under CTM 0.0176 (a 5.6 mm glyph, text positions in the object's own units),
    justified lines without DeltaX whose Boundary gives their width, and a running head kept
    in the template."""
    k = 0.0176  # mm per object unit
    # justified: 16-pt (5.6 mm) lines of 25, 27, 24, 28 … characters spread over 156 mm
    cuts = [0, 25, 52, 76, 104, len(BODY)]
    lines = [
        (28 + (11.2 if n == 0 else 0), 60 + 10 * n, BODY[a:b], 5.6, 0)
        for n, (a, b) in enumerate(itertools.pairwise(cuts))
    ]
    objs = []
    for n, (x, y, text, size, _) in enumerate(lines):
        width = 156.0 - (x - 28) if n < len(lines) - 1 else len(text) * size
        objs.append(
            f'<ofd:TextObject ID="{n + 10}" Boundary="{x} {y - 5} {width:.2f} 6" Font="1" '
            f'Size="{size / k:.1f}" CTM="{k} 0 0 {k} 0 0"><ofd:TextCode X="0" Y="{4.5 / k:.1f}">'
            f"{text}</ofd:TextCode></ofd:TextObject>"
        )
    head = (
        '<ofd:TextObject ID="5" Boundary="80 10 60 6" Font="1" Size="4.2">'
        '<ofd:TextCode X="0" Y="4.2">某某市中级人民法院</ofd:TextCode></ofd:TextObject>'
    )
    raw = read_raw(_ofd(tmp_path / "court.ofd", "".join(objs), template=head))
    assert raw.items == ["某某市中级人民法院", BODY]


def test_list_title_repeated_on_its_pages_is_kept_once() -> None:
    """Huhuang's invoice: each list page repeats the list's title from its own template. The
    first is the title (content), the repeats are furniture."""
    flat = _flat(NATIVE / "ofd-chongqing-fapiao.ofd")
    assert flat.count("销售货物或者提供应税劳务、服务清单") == 1
    assert flat.count("重庆增值税电子普通发票") == 1


def test_form_cells_are_not_cut_where_other_rows_have_columns() -> None:
    """A value runs on under another row's column start; it stays one cell."""
    cells = {
        c.text
        for path in (NATIVE / "ofd-shouwen-chuli.ofd", NATIVE / "ofd-ccb-huidan.ofd")
        for item in read_raw(path).items
        if isinstance(item, Block)
        for row in item.rows or []
        for c in row
    }
    assert "市委主要领导同志调研后续落实事项的通知" in cells
    assert "收文登记人" in cells and "2026年05月12日" in cells and "币别：人民币" in cells


def test_two_columns_side_by_side_read_one_after_the_other() -> None:
    """The licence's back page: 说明 on the left (from its template), the title on the right.
    Interleaved by height, the title cut the 说明's justified paragraphs apart."""
    texts = _texts(NATIVE / "ofd-kuangchan-xukezheng.ofd")
    seventh = next(t for t in texts if t.startswith("七、"))
    assert seventh == (
        "七、探矿权人每年应当在规定的时间内交纳矿业权占用费，国家规定的税费，"
        "按要求填报、公示矿产资源勘查年度信息。"
    )
    assert texts.index(seventh) < texts.index("中华人民共和国") < texts.index("矿产资源勘查许可证")
    assert (
        "二、《矿产资源勘查许可证》不得转借、转让、买卖；《矿产资源勘查许可证》遗矢后"
        in "".join(texts)
    )


def test_right_aligned_date_ending_a_page_does_not_join_the_next_page(tmp_path: Path) -> None:
    """The date closes page 1 flush right; 附件1 opens page 2 at the margin: two lines."""
    page1 = [*_paragraph(BODY, 90, 120), (394, 300, "2006年12月30日", 16, 0)]  # ends at 506
    page2 = [(90, 120, "附件1", 16, 0), *_paragraph(BODY2, 90, 160)]
    items = read_raw(_pdf(tmp_path / "date.pdf", [page1, page2])).items
    assert items == [BODY, "2006年12月30日", "附件1", BODY2]


def _rows(y: float, count: int, first: int = 1) -> list[Line]:
    """Rows of a three-column 12-pt table, one line each, 18 pt apart."""
    out: list[Line] = []
    for n in range(count):
        out += [
            (90, y + 18 * n, str(first + n), 12, 0),
            (150, y + 18 * n, "推进政务公开", 12, 0),
            (350, y + 18 * n, "市政府办公室", 12, 0),
        ]
    return out


def test_a_note_line_stopping_a_character_short_joins_under_a_small_type_table(
    tmp_path: Path,
) -> None:
    """Under a table set in 12 pt, a 16-pt note line ends more than a 12-pt character short
    of the margin (its last character would have begun the next line with 、): it still
    continues, so ``3.考核指标中的…`` is not a line of its own that reads like a heading."""
    note = "3.考核指标中的手术包括在日间手术室或住院部手术室"
    rest = "内、麻醉状态下完成的手术，不包括门诊手术。其中，日间手术是指患者按照诊疗计划在"
    lines = [
        *_rows(100, 14),
        *_paragraph(BODY, 90, 400),
        (104, 520, note, 16, 0),  # ends 21.6 pt short of the margin
        (90, 548, rest[:26], 16, 0),
        (90, 576, rest[26:], 16, 0),
    ]
    items = read_raw(_pdf(tmp_path / "note.pdf", [lines])).items
    assert items[1:] == [BODY, note + rest]


def test_section_rows_between_table_rows_stay_in_the_table(tmp_path: Path) -> None:
    """``一、…方面（共3项）`` from the first column across the next heads the rows below it;
    two in a row (a section without rows) too. The table stays one table."""
    lines = [
        (90, 100, "序号", 12, 0),
        (150, 100, "改革举措", 12, 0),
        (350, 100, "指导部门", 12, 0),
        (90, 118, "一、知识产权保护方面（共3项）", 12, 0),
        *_rows(136, 3),
        (90, 190, "二、科技金融创新方面（共0项）", 12, 0),
        (90, 208, "三、管理体制创新方面（共2项）", 12, 0),
        *_rows(226, 2, first=4),
    ]
    items = read_raw(_pdf(tmp_path / "sections.pdf", [lines])).items
    assert len(items) == 1 and isinstance(items[0], Block)
    firsts = [row[0].text for row in items[0].rows or []]
    assert firsts == ["序号", "一、知识产权保护方面（共3项）", "1", "2", "3",
                      "二、科技金融创新方面（共0项）", "三、管理体制创新方面（共2项）", "4", "5"]  # fmt: skip


def test_a_row_broken_by_the_page_goes_on_in_its_table(tmp_path: Path) -> None:
    """The last row's cell wraps onto the next page, where the table goes on: one table,
    and ``附件2`` at the margin on the next page is not taken for a cell."""
    page1 = [*_rows(100, 3), (150, 150, "加强政府网站建设", 12, 0)]
    page2 = [(150, 60, "和政务新媒体管理", 12, 0), *_rows(78, 2, first=5)]
    items = read_raw(_pdf(tmp_path / "broken.pdf", [page1, page2])).items
    assert len(items) == 1 and isinstance(items[0], Block)
    cells = "".join(c.text for r in items[0].rows or [] for c in r)
    assert "加强政府网站建设" in cells and "和政务新媒体管理" in cells
    page2 = [(90, 60, "附件2", 16, 0), *_paragraph(BODY, 90, 100)]
    items = read_raw(_pdf(tmp_path / "next.pdf", [page1, page2])).items
    assert items[1:] == ["附件2", BODY]


def test_text_without_any_chinese_is_refused(tmp_path: Path) -> None:
    p = _pdf(tmp_path / "latin.pdf", [[(90, 100, "Sj{ rxo} qfw~ " * 4, 16, 0)]])
    with pytest.raises(UndecodableTextError, match=r"latin\.pdf.*全部 1 页读不出一个汉字"):
        import_file(p)
