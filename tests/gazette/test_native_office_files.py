"""Files exported by offices themselves (WPS Office, Microsoft Word, a browser's print), as they
were published: each test holds a file that lost a title, a number, a field or the whole import
before the rule it checks. Sources and hand-written labels are in texts_fixtures/real/native.
"""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

from gazette.texts import fidelity
from gazette.texts.importer import import_file
from gazette.texts.model import DocumentText

NATIVE = Path(__file__).parent / "texts_fixtures" / "real" / "native"
REAL = NATIVE.parent
WS = re.compile(r"[\s\u3000\xa0]+")


def _doc(name: str) -> DocumentText:
    return import_file(NATIVE / name).text


def _label(name: str) -> dict[str, object]:
    stem = name.rsplit(".", 1)[0]
    return json.loads((NATIVE / f"{stem}.label.json").read_text(encoding="utf-8"))


def _headings(doc: DocumentText, kind: str) -> list[str]:
    return [b.text for b in doc.blocks if b.kind == kind]


def test_wps_docx_with_a_relationship_to_a_missing_part_opens_with_all_its_text() -> None:
    path = NATIVE / "docx-wps-zhongyang-2022-dagang.docx"
    with zipfile.ZipFile(path) as z:  # the file as WPS saved it: an image rel to ../NULL
        assert 'Target="../NULL"' in z.read("word/_rels/document.xml.rels").decode()
    doc = import_file(path).text
    assert doc.title == _label(path.name)["title"]
    assert "大纲1" in doc.marks  # the attached file's label is furniture, not title
    assert _headings(doc, "heading1") == [
        "一、笔试内容",
        "二、行政职业能力测验",
        "三、申论",
        "四、作答要求",
    ]
    assert any(b.kind == "table" for b in doc.blocks)
    assert fidelity.check_file(path, doc).ok


def test_an_attached_files_label_above_its_title_is_furniture() -> None:
    for name, mark in (
        ("docx-word-nmpa-2017-28-yxsp.docx", "附件"),
        ("docx-wps-jyb-2022-renzheng.docx", "附件2"),
        ("docx-wps-jxwb-2022-dagang.docx", "大纲4"),
        ("pdf-skia-yichun-2022-dibu.pdf", "附件："),
    ):
        doc = _doc(name)
        assert doc.title == _label(name)["title"], name
        assert mark in doc.marks, name
        assert doc.addressees is None, name  # 附件： is no 主送


def test_a_qualifier_under_a_title_is_title_and_a_note_is_its_subtitle() -> None:
    guide = _doc("docx-word-nmpa-2017-28-yxsp.docx")
    assert guide.title == "医疗器械优先审批申报资料编写指南（试行）" and guide.subtitle is None
    names = _doc("pdf-wps-czb-2023-luyong.pdf")  # WPS 表格 export
    assert names.title == "财政部2023年度拟录用公务员和参公单位工作人员名单"
    assert names.subtitle == "（按准考证号排序）"


def test_a_section_caption_above_a_table_does_not_join_the_title() -> None:
    doc = _doc("docx-wps-jyb-2022-renzheng.docx")
    assert doc.title == "2022年通过普通高等学校师范类专业认证中期审核的专业名单"
    assert "第三级认证" in [b.text for b in doc.blocks]
    assert sum(b.kind == "table" for b in doc.blocks) == 3
    # a list made of tables, each under its own name: the names are its sections
    assert _headings(doc, "heading1") == _label("docx-wps-jyb-2022-renzheng.docx")["headings"]["1"]  # type: ignore[index]


def test_a_reports_cover_gives_its_organs_and_month_as_signature_and_date() -> None:
    doc = _doc("pdf-wps-shenzhen-2021-xingbie.pdf")  # WPS 文字 export
    assert WS.sub("", doc.title) == "2021年深圳市社会性别统计报告"
    assert doc.signature == ["深圳市统计局", "深圳市妇女儿童工作委员会", "深圳市性别平等促进办公室"]
    assert doc.date == "二〇二二年十二月" and doc.byline


def test_a_numbered_lead_in_is_a_heading_only_over_headings_of_the_next_level() -> None:
    guide = _doc("docx-word-nmpa-2017-28-yxsp.docx")
    level2 = _headings(guide, "heading2")
    assert any(h.startswith("（三）符合") for h in level2)
    assert any(h.startswith("（四）符合") for h in level2)  # over 1.…； items, among headings
    assert len(_headings(guide, "heading3")) == 5
    syllabus = _doc("docx-wps-jxwb-2022-dagang.docx")
    assert _headings(syllabus, "heading3") == []  # 2.考试内容…： then plain text: a paragraph
    assert syllabus.signature == ["江西省人民政府外事办公室"]
    assert syllabus.date == "2022年2月21日"


def test_merged_rows_over_a_word_table_give_the_title_and_the_table_keeps_its_header() -> None:
    path = NATIVE / "docx-word-yichun-2016-zhiwei.docx"
    doc = import_file(path).text
    assert doc.title == "2016年宜春市市直机关遴选公务员（参照管理单位工作人员）职位表"
    assert "附件1：" in doc.marks
    table = next(b for b in doc.blocks if b.kind == "table")
    assert (table.rows or [[]])[0][0].text == "序号"
    assert fidelity.check_file(path, doc).ok


def test_lists_syllabi_and_reports_get_their_kind() -> None:
    from gazette.texts.kinds import detect_kind

    for name in (
        "pdf-wps-swb-2023-luyong.pdf",
        "docx-word-yichun-2016-zhiwei.docx",
        "docx-wps-zhongyang-2022-dagang.docx",
        "docx-word-nmpa-2017-28-yxsp.docx",
    ):
        assert detect_kind(_doc(name)) == "其他", name
    assert detect_kind(_doc("pdf-wps-shenzhen-2021-xingbie.pdf")) == "公告"


def test_a_form_takes_no_number_and_an_invoice_field_leaves_its_title() -> None:
    slip = _doc("ofd-shouwen-chuli.ofd")  # 收文处理单: 来文文号 is the number it records
    assert slip.title == "XX市政府文件处理" and slip.doc_number is None
    invoice = _doc("ofd-shudian-fapiao.ofd")
    assert invoice.title == "电子发票（增值税专用发票）"
    assert "发票号码：24112000000048542163" in invoice.marks


def test_a_decrees_number_and_a_bylines_date_are_stored_without_print_brackets() -> None:
    decree = import_file(REAL / "zxl-2010-40-renmian.txt")
    assert decree.text.doc_number == "第四十号"
    bulletin = import_file(REAL / "yichun-tjgb-2022.txt")
    assert bulletin.text.date == "2023年4月12日"
    for path, found in (
        (REAL / "zxl-2010-40-renmian.txt", decree),
        (REAL / "yichun-tjgb-2022.txt", bulletin),
    ):
        assert fidelity.check_file(path, found.text).ok, path.name


def test_a_wps_folio_with_the_page_count_is_page_furniture() -> None:
    path = NATIVE / "pdf-wps-czb-2023-luyong.pdf"
    result = fidelity.check_file(path, import_file(path).text)
    assert not [x for x in result.lost if x.startswith("第") and "页" in x]
    assert "第1页，共3页" in result.dropped


def test_a_wps_reports_bare_numbered_chapters_and_their_section_names_are_headings() -> None:
    doc = _doc("pdf-wps-shenzhen-2021-xingbie.pdf")
    chapters = [WS.sub("", h) for h in _headings(doc, "heading1")]
    assert chapters == [
        WS.sub("", h) for h in _label("pdf-wps-shenzhen-2021-xingbie.pdf")["headings"]["1"]
    ]  # type: ignore[index]
    assert _headings(doc, "heading2") == ["人口规模与性别比", "艺术家和运动员", "教育"]
    assert "年龄组" not in _headings(doc, "heading2")  # a table's header spilled above it


def test_a_number_split_off_a_table_cell_is_no_heading() -> None:
    from gazette.texts.patterns import heading_kind

    assert heading_kind("（一）") is None and heading_kind("（一）总则") == "heading2"
    doc = _doc("pdf-skia-yichun-2022-dibu.pdf")  # 法官助理岗（一）, its （一） read apart
    assert not [b.text for b in doc.blocks if b.kind.startswith("heading")]


def test_a_word_pdfs_cover_gives_the_title_with_its_qualifier_and_no_placeholder_date() -> None:
    path = NATIVE / "pdf-word-cmde-2015-zhuijian.pdf"  # Microsoft Office Word 2007 export
    doc = import_file(path).text
    assert doc.title == _label(path.name)["title"] == "椎间融合器技术审查指导原则(征求意见稿)"
    assert doc.date is None and doc.doc_number is None  # 发布日期 XXXX 年 X 月, 编号：XXXXXX
    from gazette.texts.kinds import detect_kind

    assert detect_kind(doc) == "其他"
    assert fidelity.check_file(path, doc).ok


def test_an_items_wrapped_lines_under_its_text_join_it_and_a_heading_atop_a_page_stands() -> None:
    doc = _doc("pdf-word-cmde-2015-zhuijian.pdf")
    texts = [b.text for b in doc.blocks]
    # Word sets the reference list with a hanging indent: the 650 号） line is the item's
    assert "1.《医疗器械监督管理条例》（中华人民共和国国务院令第650号）" in texts
    assert "7. YY/T 0316《医疗器械风险管理对医疗器械的应用》" in texts  # wide gap, not a table
    assert not [t for t in _headings(doc, "heading3") if "《" in t]  # a list, not headings
    # …所述一致。 fills the last line of page 30; 四、参考资料 opens page 31
    assert _headings(doc, "heading1")[-1] == "四、参考资料"
    exclusion = next(t for t in texts if t.startswith("f)"))
    assert exclusion.endswith("尤其是对于高龄严重骨质疏松症患者；")  # three lines, one item


def test_an_attachment_label_sharing_its_line_with_the_title_starts_the_appended_text() -> None:
    doc = _doc("pdf-word-cmde-2015-zhuijian.pdf")
    (app,) = doc.appendices
    assert app.label == "附件：" and app.title == "椎间融合器产品风险管理资料要求"
    assert [b.text for b in app.blocks if b.kind == "heading1"] == [
        "一、总体要求",
        "二、风险管理报告及风险管理资料内容",
    ]
    item = next(b for b in app.blocks if b.text.startswith("（1）通过照片"))
    assert item.kind == "paragraph" and item.text.endswith("组件以及关键部位；")


def test_a_guides_contents_and_repeated_title_are_furniture_and_a_blank_pages_head_goes() -> None:
    path = NATIVE / "pdf-word-cmde-2015-zhuijian.pdf"
    doc = import_file(path).text
    # the 目录 points at the source's pages; the gazette paginates anew and prints the title once
    assert doc.contents[0] == "目录" and doc.contents[-1] == "椎间融合器技术审查指导原则"
    assert len(doc.contents) == 1 + 28 + 1
    assert doc.posted == ["发布日期XXXX年X月"]
    assert doc.blocks[0].text == "一、前言"  # page 3 is blank but for 征求意见稿
    assert not [b for b in doc.blocks if "征求意见稿" in b.text]
    stored = doc.lines(with_furniture=True)
    assert stored.index("目录") > stored.index(doc.title) and fidelity.check_file(path, doc).ok


def test_a_space_between_latin_words_in_a_pdf_stays() -> None:
    doc = _doc("pdf-word-cmde-2015-zhuijian.pdf")
    text = "\n".join(b.text for b in doc.blocks)
    assert "ASTM F1854" in text and "GB/T 13810" in text  # as printed, not ASTMF1854
    assert "YY/T0959" in text  # printed without a space, read without one
    assert "钛及钛6铝4钒" in text.replace(" ", "")  # spaces next to Chinese stay layout
