"""The real documents added for what the corpus lacked: a 政策解读 with the 意见 it explains, and a
notice with a 发文字号, a 版记 of 抄送 and 印发 lines and a 任务分解表 (issue 12).

Each test reads the real file as kept in ``texts_fixtures/real``; the labels there say what is
right, these tests pin the layouts that were new to the importer.
"""

from __future__ import annotations

from pathlib import Path

from gazette.texts.importer import import_file
from gazette.texts.kinds import detect_kind
from gazette.texts.model import DocumentText
from gazette.texts.patterns import compact

REAL = Path(__file__).parent / "texts_fixtures" / "real"


def _doc(name: str) -> DocumentText:
    return import_file(REAL / f"{name}.txt").text


def _headings(doc: DocumentText, level: str) -> list[str]:
    return [b.text for b in doc.blocks if b.kind == f"heading{level}"]


def test_a_site_link_to_the_interpretation_under_the_date_is_page_chrome() -> None:
    """A site prints 相关解读：《…》解读 under the signed text; the signature and date above it are
    still the document's, and the link line is kept as furniture, not dropped."""
    doc = _doc("bjzf-2017-zyyzx")
    assert doc.signature == ["北京市人民政府"]
    assert doc.date == "2017年2月7日"
    assert doc.trailer == ["相关解读：《北京市人民政府关于支持中医药振兴发展的意见》解读"]
    assert not any("相关解读" in b.text for b in doc.blocks)
    assert "相关解读" in compact("".join(doc.lines(with_furniture=True)))


def test_an_interpretation_is_found_with_its_headings_and_no_closing() -> None:
    doc = _doc("bjzyj-2017-zyyzx-jd")
    assert doc.title == "《北京市人民政府关于支持中医药振兴发展的意见》解读"
    assert detect_kind(doc) == "政策解读"
    assert _headings(doc, "1") == [
        "一、《意见》出台背景",
        "二、《意见》总体目标",
        "三、《意见》主要任务",
    ]
    assert not _headings(doc, "2")  # 一是…七是… are running paragraphs
    # the link to the explained document is page chrome, not a 主送 or a 题注
    assert doc.addressees is None and doc.subtitle is None
    assert doc.posted == ["相关文件：北京市人民政府关于支持中医药振兴发展的意见"]
    assert doc.signature == [] and doc.date is None and doc.disclosure is None


def test_a_printed_notice_keeps_its_number_imprint_and_task_table() -> None:
    doc = _doc("suqian-2018-56")
    assert doc.doc_number == "宿政办发〔2018〕56号"
    assert doc.title == "市政府办公室关于贯彻落实江苏省全面推进政务公开工作实施细则的通知"
    assert doc.signature == ["宿迁市人民政府办公室"] and doc.date == "2018年5月13日"
    assert doc.imprint is not None
    assert doc.imprint.cc is not None and doc.imprint.cc.startswith("抄送：市委各部委办")
    assert doc.imprint.cc.endswith("宿迁军分区。")  # the wrapped 抄送 line is one field
    assert doc.imprint.printer == "宿迁市人民政府办公室"
    assert doc.imprint.printed_on == "2018年5月13日"
    [table_doc] = doc.appendices
    assert table_doc.title == "宿迁市贯彻落实《江苏省全面推进政务公开工作实施细则》任务分解表"
    [table] = [b for b in table_doc.blocks if b.kind == "table"]
    assert table.rows is not None
    header = [compact(c.text) for c in table.rows[0]]
    assert header == ["序号", "重点任务", "牵头单位", "责任单位", "完成时间"]
    # a 责任单位 cell wrapped over unindented lines stays one cell of its row
    first = [compact(c.text) for c in table.rows[1]]
    assert first[0] == "1" and first[3].startswith("各县、区政府") and "市各相关部门" in first[3]
