"""Structure detection on the layouts real documents use (issue 12, "What went wrong" 1–5, 10).

Each case is a class of input, written the way government websites and offices print it; the
TXT importer reads it from a real file, so U+3000 and line handling are tested end to end.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gazette.texts.importer import import_file
from gazette.texts.model import DocumentText, Imprint
from gazette.texts.patterns import compact


def _txt(tmp_path: Path, text: str, name: str = "doc.txt") -> DocumentText:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return import_file(path).text


def _headings(doc: DocumentText, blocks=None) -> list[tuple[str, str]]:
    return [(b.kind, b.text) for b in (blocks or doc.blocks) if b.kind.startswith("heading")]


def _all_text(doc: DocumentText) -> str:
    return compact("".join(doc.lines(with_furniture=True)))


TITLE_THEN_NUMBER = """国务院关于推行终身职业技能培训制度的意见
国发〔2018〕11号
各省、自治区、直辖市人民政府，国务院各部委、各直属机构：
　　职业技能培训是全面提升劳动者就业创业能力的重要举措。现提出以下意见。
　　一、总体要求
　　（一）指导思想。以习近平新时代中国特色社会主义思想为指导，全面贯彻党的十九大精神。
　　二、主要任务
　　各地区、各部门要切实加强组织领导。
国务院
2018年5月3日
（此件公开发布）
"""


def test_title_above_its_number_is_kept(tmp_path: Path) -> None:
    doc = _txt(tmp_path, TITLE_THEN_NUMBER, "别的名字.txt")
    assert doc.title == "国务院关于推行终身职业技能培训制度的意见"
    assert doc.doc_number == "国发〔2018〕11号" and doc.title_first
    assert doc.addressees and doc.addressees.startswith("各省")
    assert _headings(doc) == [("heading1", "一、总体要求"), ("heading1", "二、主要任务")]
    assert (doc.signature, doc.date, doc.disclosure) == (
        ["国务院"],
        "2018年5月3日",
        "（此件公开发布）",
    )
    # reading order follows the source: title, then the number under it
    assert doc.lines()[:2] == [doc.title, doc.doc_number]


def test_two_line_title_above_its_number(tmp_path: Path) -> None:
    text = TITLE_THEN_NUMBER.replace(
        "国务院关于推行终身职业技能培训制度的意见\n", "国务院关于推行终身职业\n技能培训制度的意见\n"
    )
    doc = _txt(tmp_path, text)
    assert doc.title == "国务院关于推行终身职业技能培训制度的意见"
    assert doc.doc_number == "国发〔2018〕11号"


NOTICE_WITH_RULES = """国务院办公厅关于印发国务院部门权责清单编制试点方案的通知
国办发〔2018〕111号
各省、自治区、直辖市人民政府，国务院各部委、各直属机构：
　　《国务院部门权责清单编制试点方案》已经国务院同意，现印发给你们，请认真贯彻执行。
国务院办公厅
2018年11月9日
（此件公开发布）
国务院部门权责清单编制试点方案
第一章　总　　则
　　第一条　为规范部门权责清单编制工作，制定本方案。
　　第二条　本方案适用于试点部门。
第二章　编制要求
第一节　清单内容
　　第三条　权责清单包括部门职责、权力事项。
"""


def test_notice_with_attached_text_and_no_label(tmp_path: Path) -> None:
    doc = _txt(tmp_path, NOTICE_WITH_RULES)
    assert doc.title == "国务院办公厅关于印发国务院部门权责清单编制试点方案的通知"
    assert (doc.signature, doc.date, doc.disclosure) == (
        ["国务院办公厅"],
        "2018年11月9日",
        "（此件公开发布）",
    )
    assert len(doc.appendices) == 1
    app = doc.appendices[0]
    assert app.title == "国务院部门权责清单编制试点方案"
    assert _headings(doc, app.blocks) == [
        ("heading1", "第一章　总　　则"),
        ("heading1", "第二章　编制要求"),
        ("heading2", "第一节　清单内容"),
    ]
    assert not [b for b in app.blocks if b.kind == "table"]
    assert _headings(doc) == []


def test_ideographic_spaces_never_make_tables(tmp_path: Path) -> None:
    text = (
        "国务院办公厅关于成立国务院安全生产委员会的通知\n各省、自治区、直辖市人民政府：\n"
        "　　现将组成人员通知如下：\n"
        "组　长：韩　正　　国务院副总理\n"
        "副组长：王　勇　　国务委员\n"
        "成　员：丁学东　　国务院副秘书长\n"
        "国务院办公厅\n2018年7月5日\n"
    )
    doc = _txt(tmp_path, text)
    assert not [b for b in doc.blocks if b.kind == "table"]
    assert [b.text for b in doc.blocks][1] == "组　长：韩　正　　国务院副总理"


def test_docx_keeps_ideographic_space_inside_a_line(tmp_path: Path) -> None:
    import docx

    d = docx.Document()
    for line in ("国务院办公厅关于成立领导小组的通知", "组　长：韩　正　　国务院副总理"):
        d.add_paragraph(line)
    d.save(str(tmp_path / "a.docx"))
    doc = import_file(tmp_path / "a.docx").text
    assert doc.blocks[0].text == "组　长：韩　正　　国务院副总理"


LIST_ITEMS = """关于合伙企业登记的通知
各区人民政府：
　　一、登记条件
　　申请登记应当具备下列条件：
　　（一）有二个以上合伙人；
　　（二）有书面合伙协议或者公司章程；
　　（三）有合伙人认缴的出资
　　二、放假安排
　　1.劳动节：5月1日放假。
　　2.国庆节：10月1日至7日放假。
　　三、工作要求
　　各单位要做好值班工作。
"""


def test_numbered_list_items_are_not_headings(tmp_path: Path) -> None:
    doc = _txt(tmp_path, LIST_ITEMS)
    assert _headings(doc) == [
        ("heading1", "一、登记条件"),
        ("heading1", "二、放假安排"),
        ("heading1", "三、工作要求"),
    ]


@pytest.mark.parametrize(
    "line",
    [
        "（二）有书面合伙协议或者公司章程；",
        "四、劳动节：5月1日放假。",
        "一、总体要求。为加快发展，制定本意见。",
        "4、发至市商务局、市农业农村局、市交通运输局、市水利局。",  # a form's numbered item
    ],
)
def test_a_numbered_sentence_alone_is_a_paragraph(tmp_path: Path, line: str) -> None:
    doc = _txt(tmp_path, f"关于放假的通知\n各单位：\n{line}\n正文在此。\n")
    assert doc.blocks[0].kind == "paragraph"


def test_date_before_signature_half_width_and_deletion_note(tmp_path: Path) -> None:
    text = (
        "关于开展安全检查的通知\n各县(区)人民政府:\n"
        "　　为做好安全生产工作,现就有关事项通知如下.\n"
        "　　(一)检查范围\n　　全市所有企业.\n"
        "2019年3月1日\n某某市安全生产委员会办公室\n(此件公开发布)\n（本文有删减）\n"
    )
    doc = _txt(tmp_path, text)
    assert doc.title == "关于开展安全检查的通知" and doc.doc_number is None
    assert doc.addressees == "各县(区)人民政府:"
    assert _headings(doc) == [("heading2", "(一)检查范围")]
    assert doc.date == "2019年3月1日"
    assert doc.signature == ["某某市安全生产委员会办公室"]
    assert doc.disclosure == "(此件公开发布)"
    assert doc.annotation == "（本文有删减）"


def test_subtitle_under_the_title(tmp_path: Path) -> None:
    text = (
        "全国人民代表大会常务委员会关于修改《中华人民共和国劳动法》等七部法律的决定\n"
        "（2018年12月29日第十三届全国人民代表大会常务委员会第七次会议通过）\n"
        "　　第十三届全国人民代表大会常务委员会第七次会议决定：\n"
        "　　一、对《中华人民共和国劳动法》作出修改。\n"
        "　　本决定自公布之日起施行。\n"
    )
    doc = _txt(tmp_path, text)
    assert doc.title.endswith("等七部法律的决定")
    assert doc.subtitle == "（2018年12月29日第十三届全国人民代表大会常务委员会第七次会议通过）"
    assert doc.lines()[1] == doc.subtitle
    assert doc.blocks[0].text.startswith("第十三届")


def test_decree_header_and_named_signature(tmp_path: Path) -> None:
    text = (
        "中华人民共和国国务院令\n第706号\n"
        "　　《国务院关于修改部分行政法规的决定》已经2018年12月29日国务院第33次常务会议通过，现予公布，自公布之日起施行。\n"
        "总理　李克强\n2019年3月2日\n"
        "国务院关于修改部分行政法规的决定\n"
        "　　为依法推进简政放权、放管结合、优化服务改革，国务院决定修改部分行政法规。\n"
    )
    doc = _txt(tmp_path, text)
    assert doc.title == "中华人民共和国国务院令" and doc.doc_number == "第706号"
    assert compact(doc.signature[0]) == "总理李克强" and doc.date == "2019年3月2日"
    assert [a.title for a in doc.appendices] == ["国务院关于修改部分行政法规的决定"]


def test_reply_to_two_organs(tmp_path: Path) -> None:
    text = (
        "国务院关于同意建立某某部际联席会议制度的批复\n国函〔2018〕12号\n"
        "广东省人民政府，\n国家发展改革委：\n　　你们的请示收悉。现批复如下：同意。\n"
        "国务院\n2018年1月5日\n（此件公开发布）\n"
    )
    doc = _txt(tmp_path, text)
    assert doc.title.endswith("批复") and doc.doc_number == "国函〔2018〕12号"
    assert compact(doc.addressees or "") == "广东省人民政府，国家发展改革委："


def test_imprint_with_cc_distribution_and_copies(tmp_path: Path) -> None:
    text = (
        "关于某某工作的通知\n各单位：\n　　请认真执行。\n某某市人民政府办公室\n"
        "2020年1月2日\n（此件公开发布）\n抄送：市委办公室，市人大常委会办公室。\n"
        "分送：各县区人民政府。\n某某市人民政府办公室　　2020年1月2日印发\n（共印50份）\n"
    )
    doc = _txt(tmp_path, text)
    assert (doc.signature, doc.date, doc.disclosure) == (
        ["某某市人民政府办公室"],
        "2020年1月2日",
        "（此件公开发布）",
    )
    assert (
        doc.imprint is not None and doc.imprint.cc.startswith("抄送：") and "分送" in doc.imprint.cc
    )
    assert doc.imprint.printed_on == "2020年1月2日"
    assert compact(doc.imprint.lines[-1]) == "（共印50份）"
    assert all("抄送" not in b.text for b in doc.blocks)


def test_furniture_is_stored_not_dropped(tmp_path: Path) -> None:
    text = (
        "000123\n特急\n某某市人民政府文件\n某政发〔2020〕3号\n关于某某工作的通知\n各单位：\n"
        "　　请认真执行。\n某某市人民政府\n2020年1月2日\n抄送：市委办公室。\n"
        "某某市人民政府办公室　　2020年1月2日印发\n"
    )
    doc = _txt(tmp_path, text)
    assert doc.marks == ["000123", "特急"] and doc.header == "某某市人民政府文件"
    assert _all_text(doc) == compact(text)


def test_old_json_loads_and_new_fields_round_trip() -> None:
    old = {
        "title": "标题",
        "doc_number": "国发〔2018〕1号",
        "imprint": {"cc": "抄送：甲", "printer": "乙", "printed_on": "2018年1月1日"},
    }
    doc = DocumentText.from_json(old)
    assert (
        doc.subtitle is None
        and not doc.title_first
        and doc.imprint == Imprint("抄送：甲", "乙", "2018年1月1日")
    )
    assert doc.imprint.printed() == ["抄送：甲", "乙 2018年1月1日印发"]
    doc.subtitle, doc.title_first = "（题注）", True
    again = DocumentText.from_json(json.loads(json.dumps(doc.to_json())))
    assert again == doc
    assert again.lines()[:3] == ["标题", "（题注）", "国发〔2018〕1号"]


def test_wrapped_attachment_note_is_not_a_signer(tmp_path: Path) -> None:
    text = (
        "关于公示拟录用公务员名单的公告\n　　现将名单予以公示。\n"
        "附件：国家税务总局某省税务局2023年度拟录用公\n务员名单（第一批）\n"
        "国家税务总局某省税务局\n2023年3月1日\n"
    )
    doc = _txt(tmp_path, text)
    assert doc.signature == ["国家税务总局某省税务局"]
    assert doc.attachment_notes == [
        "附件：国家税务总局某省税务局2023年度拟录用公务员名单（第一批）"
    ]


def test_bulletin_byline_and_bracketed_organ(tmp_path: Path) -> None:
    byline = _txt(
        tmp_path,
        "某市2022年国民经济和社会发展统计公报\n某市统计局  国家统计局某市调查队\n"
        "（2023年4月12日）\n　　2022年，全市经济平稳运行。\n一、综合\n　　全年生产总值增长。\n",
    )
    assert compact(byline.signature[0]) == "某市统计局国家统计局某市调查队" and byline.byline
    assert byline.date == "2023年4月12日" and byline.blocks[0].text.startswith("2022年")
    assert byline.lines()[1:3] == [*byline.signature, byline.date]
    closing = _txt(
        tmp_path,
        "某县2015年国民经济和社会发展统计公报\n　　2015年，全县经济平稳。\n一、综合\n"
        "　　生产总值增长。\n　　（某县统计局）\n",
    )
    assert closing.signature == ["（某县统计局）"] and closing.date is None


def test_an_item_with_its_value_is_not_a_heading(tmp_path: Path) -> None:
    doc = _txt(
        tmp_path, "关于体能测试的公告\n一、体能测试的时间和地点\n1、时间：2019年7月12日，上午7:30\n"
    )
    assert [b.kind for b in doc.blocks] == ["heading1", "paragraph"]


def test_lines_a_pdf_reader_left_wrapped(tmp_path: Path) -> None:
    """A 题注, a 主送 or a numbered paragraph broken where the page wrapped it."""
    text = (
        "北京市人民代表大会常务委员会关于某事项的决定\n"
        "2019 年 7 月 26 日北京市第十五届人民代表大会常务委员会第\n十四次会议通过\n"
        "各区人民政府，市政府各委、办、局，各市属\n机构：\n"
        "一、原则同意《河北雄安新区总体规划（2018—2035\n年）》，请认真组织实施。\n"
    )
    doc = _txt(tmp_path, text)
    assert (
        compact(doc.subtitle or "")
        == "2019年7月26日北京市第十五届人民代表大会常务委员会第十四次会议通过"
    )
    assert compact(doc.addressees or "") == "各区人民政府，市政府各委、办、局，各市属机构："
    assert doc.blocks[0].kind == "paragraph"


def test_a_folio_drawn_as_cells_does_not_hide_the_closing() -> None:
    from gazette.texts.model import Block, Cell
    from gazette.texts.structure import detect

    folio = Block("table", rows=[[Cell("—"), Cell("2"), Cell("—")]])
    doc = detect(
        [
            "关于某事的通知",
            "各单位：",
            "请执行。",
            "某市人民政府办公室",
            "2013 年 10 月 10 日",
            "（此件可公开发布）",
            folio,
        ]
    )
    assert doc.signature == ["某市人民政府办公室"] and doc.disclosure == "（此件可公开发布）"
    real = Block("table", rows=[[Cell("序号"), Cell("名称")], [Cell("1"), Cell("甲")]])
    assert detect(["关于某事的通知", "各单位：", real]).blocks[-1] is real


def test_a_layout_can_ask_for_its_own_order() -> None:
    doc = DocumentText(title="标题", doc_number="国发〔2018〕1号", subtitle="（题注）")
    assert doc.lines()[:3] == ["国发〔2018〕1号", "标题", "（题注）"]
    assert doc.lines(title_first=True)[:3] == ["标题", "（题注）", "国发〔2018〕1号"]
    assert doc.plain_text(title_first=True).startswith("标题\n（题注）\n国发")


def test_a_web_page_around_the_document_is_kept_apart(tmp_path: Path) -> None:
    text = (
        "返 回\n所在位置: 某市网 > 热点专题\n某市人民政府办公厅关于印发重点工作责任分解的通知\n"
        "发布时间:2020-05-29 14:36:23\n\n各区人民政府:\n　　现印发给你们,请认真贯彻执行。\n"
        "附件:重点工作责任分解表\n2020年5月20日\n(联系人:张三,电话:1234567)\n(此件公开发布)\n"
        "来源:   作者:   编辑:李四\n"
    )
    doc = _txt(tmp_path, text)
    assert doc.title == "某市人民政府办公厅关于印发重点工作责任分解的通知"
    assert doc.addressees == "各区人民政府:" and doc.date == "2020年5月20日"
    assert doc.disclosure == "(此件公开发布)" and doc.annotation == "(联系人:张三,电话:1234567)"
    assert doc.attachment_notes == ["附件:重点工作责任分解表"]
    assert compact("".join(doc.lines(with_furniture=True))) == compact(text)


def test_a_news_item_before_the_document_is_not_its_title(tmp_path: Path) -> None:
    text = (
        "张某任某市代理市长\n2023年5月31日上午,市人大常委会举行会议。\n【资料图】\n"
        "某市人民代表大会常务委员会\n关于接受李某同志辞去某市人民政府\n市长职务请求的决定\n"
        "(2023年5月31日某市第十五届人民代表大会常务委员会第七次会议通过)\n"
        "　　会议决定接受李某同志辞去市长职务的请求。\n某市人民代表大会常务委员会\n2023年5月31日\n"
        "某市人民代表大会常务委员会\n关于张某同志代理某市人民政府市长\n的决定\n"
        "(2023年5月31日某市第十五届人民代表大会常务委员会第七次会议通过)\n"
        "　　会议决定张某同志为代理市长。\n某市人民代表大会常务委员会\n2023年5月31日\n"
    )
    doc = _txt(tmp_path, text)
    assert (
        doc.title == "某市人民代表大会常务委员会关于接受李某同志辞去某市人民政府市长职务请求的决定"
    )
    assert doc.subtitle and doc.subtitle.startswith("(2023年5月31日")
    assert [a.title for a in doc.appendices] == [
        "某市人民代表大会常务委员会关于张某同志代理某市人民政府市长的决定"
    ]
    assert doc.appendices[0].subtitle == doc.subtitle
    assert compact("".join(doc.lines(with_furniture=True))) == compact(text)


def test_decree_header_under_a_data_set_heading(tmp_path: Path) -> None:
    text = (
        "中华人民共和国主席令第40号--工业和信息化部部长职务任免\n中华人民共和国主席令\n\n(第四十号)\n\n"
        "根据全国人民代表大会常务委员会的决定:\n免去李某的工业和信息化部部长职务;\n"
        "中华人民共和国主席　胡锦涛\n2010年12月25日\n"
    )
    doc = _txt(tmp_path, text)
    assert doc.title == "中华人民共和国主席令" and doc.doc_number == "第四十号"
    assert doc.marks == ["中华人民共和国主席令第40号--工业和信息化部部长职务任免"]
    assert doc.date == "2010年12月25日" and compact(doc.signature[0]) == "中华人民共和国主席胡锦涛"


def test_attachment_note_printed_after_the_attached_text(tmp_path: Path) -> None:
    text = (
        "某区人民政府办公室关于印发城市体检工作方案的通知\n各街道、镇人民政府:\n"
        "　　现将《某区城市体检工作方案》印发给你们,请认真按照执行。\n2021年5月6日\n(此件公开发布)\n"
        "某区城市体检工作方案\n一、工作目标\n　　全面开展城市体检。\n附件：某区城市体检指标体系\n"
    )
    doc = _txt(tmp_path, text)
    assert doc.attachment_notes == ["附件：某区城市体检指标体系"] and doc.notes_last
    assert [b.text for b in doc.appendices[0].blocks][-1] == "全面开展城市体检。"
    assert doc.lines()[-1] == "附件：某区城市体检指标体系"


def test_section_rows_stay_in_a_tab_table(tmp_path: Path) -> None:
    text = (
        "推广清单\n序号\t改革举措\t推广范围\n一、知识产权保护方面（共2项）\n1\t三合一审判\t全国\n"
        "2\t快速维权\t全国\n二、科技金融方面（共0项）\n三、管理体制方面（共1项）\n3\t人才引进\t8个区域\n"
    )
    doc = _txt(tmp_path, text)
    assert [b.kind for b in doc.blocks] == ["table"]
    rows = doc.blocks[0].rows or []
    assert [r[0].text for r in rows] == ["序号", "一、知识产权保护方面（共2项）", "1", "2",
                                         "二、科技金融方面（共0项）", "三、管理体制方面（共1项）", "3"]  # fmt: skip
    assert rows[1][0].colspan == 3


def test_form_fields_beside_a_title_are_not_part_of_it(tmp_path: Path) -> None:
    """An invoice prints 发票代码 above its title and 发票号码, 开票日期 below it, each with its
    value: none of them is a title line, and none is lost."""
    doc = _txt(
        tmp_path,
        "发票代码：050001700111\n重庆增值税电子普通发票\n发票号码：12235358\n"
        "开票日期：2020年08月05日\n项目名称　餐饮服务\n",
    )
    assert doc.title == "重庆增值税电子普通发票"
    assert "发票代码：050001700111" in doc.marks
    assert "发票号码：12235358" in _all_text(doc) and "开票日期：2020年08月05日" in _all_text(doc)


def test_a_sentence_leading_into_rules_is_no_addressee(tmp_path: Path) -> None:
    """``…探矿权人应遵守下列规定：`` under a title ends in ： but names no organ."""
    doc = _txt(
        tmp_path,
        "说明\n《矿产资源勘查许可证》是取得探矿权的合法凭证，探矿权人应遵守下列规定：\n"
        "一、探矿权人应在批准的勘查范围内依法进行勘查活动。\n",
    )
    assert doc.addressees is None
    assert doc.blocks[0].text.endswith("应遵守下列规定：")
