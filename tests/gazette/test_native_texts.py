"""Native files as offices produce them: OFD from several producers, PDFs with scaled fonts.

Real files are in texts_fixtures/real/native (sources in their labels). Where no collected file
shows a defect class, a PDF reproducing it is drawn here with ReportLab, character by character,
so the test controls exactly what the reader sees (a 320-pt font scaled by 0.05, a 装订线 down the
margin, a table cell that wraps).
"""

from __future__ import annotations

import re
import zipfile
from collections import Counter
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from gazette.texts.decodable import UndecodableTextError, page_is_undecodable
from gazette.texts.importer import import_file, read_raw
from gazette.texts.ofd_import import deltas

NATIVE = Path(__file__).parent / "texts_fixtures" / "real" / "native"
WS = re.compile(r"[\s\u3000]+")


def _texts(path: Path) -> list[str]:
    return [i for i in read_raw(path).items if isinstance(i, str)]


def _flat(path: Path) -> str:
    """Everything stored, paragraphs and table cells row by row, without white space."""
    out: list[str] = []
    for item in read_raw(path).items:
        if isinstance(item, str):
            out.append(item)
        else:
            out += [c.text for row in item.rows or [] for c in row]
    return WS.sub("", "".join(out))


def _text_objects(path: Path, part: str) -> list[str]:
    """The reference: each TextObject's text as the OFD stores it, read without the importer."""
    with zipfile.ZipFile(path) as zf:
        root = ET.fromstring(zf.read(part))
    return [
        "".join(c.text or "" for c in obj if c.tag.endswith("TextCode"))
        for obj in root.iter()
        if obj.tag.endswith("TextObject")
    ]


# --- OFD from real producers -------------------------------------------------------------------


def test_ofd_justified_lines_join_into_their_paragraphs() -> None:
    """iOFD writes each printed line as its own TextObject with DeltaX; 3 paragraphs, not 9."""
    texts = _texts(NATIVE / "ofd-luqiao-pifu.ofd")
    body = [t for t in texts if t.startswith(("你院", "张阿三", "该同志"))]
    assert body == [
        "你院《关于给张阿三同志辞职的请示》（路中医发〔2011〕10号）收悉。",
        "张阿三，男，1978年2月出生，籍贯江西新建，2001年9月参加工作，本科学历，"
        "主治医师，系区中医院职工。",
        "该同志由于家庭、籍贯等原因，从2006年1月至今未到单位上班，期间院方曾多次与其联系，"
        "均被拒绝回院。2011年3月1日该同志向医院递交辞职报告，鉴于本人实际情况，根据《浙江省"
        "专业技术人员和管理人员辞职暂行办法》（浙人才〔1993〕73号）文件精神，经研究，"
        "同意张阿三同志辞职。",
    ]


def test_ofd_lines_stored_whole_and_folios_dropped() -> None:
    path = NATIVE / "ofd-luqiao-pifu.ofd"
    stored = WS.sub("", "".join(_texts(path)))
    for part in ("Doc_0/Pages/Page_0/Content.xml", "Doc_0/Pages/Page_1/Content.xml"):
        for obj in _text_objects(path, part):
            text = WS.sub("", obj)
            if text and not re.fullmatch(r"—\d+—", text):
                assert text in stored, text
    assert "—1—" not in stored and "—2—" not in stored


@pytest.mark.parametrize("path", sorted(NATIVE.glob("*.ofd")), ids=lambda p: p.name)
def test_ofd_no_character_lost(path: Path) -> None:
    """Every character of every distinct text object, on the pages and templates the document
    lists, is stored (folios aside); forms and tables may reorder them, so characters are
    counted. (A
    part the document does not list, like the invoice's unused Page_1, is not its text.)"""
    with zipfile.ZipFile(path) as zf:
        listed = zf.read("Doc_0/Document.xml").decode("utf-8")  # pages and templates in use
        parts = [
            n for n in zf.namelist() if n.endswith("Content.xml") and n.split("/", 1)[1] in listed
        ]
    source = [t for part in parts for t in _text_objects(path, part)]
    source = [t for t in source if not re.fullmatch(r"\s*—\s*\d+\s*—\s*", t)]
    distinct = list(dict.fromkeys(source))  # a head repeated on each page is stored once
    assert not Counter(WS.sub("", "".join(distinct))) - Counter(_flat(path))


def test_ofd_runs_split_by_digits_join_into_one_line() -> None:
    """Suwell's converter writes a run per script change (“根据我”, “市”, “202”, “3”, …)."""
    texts = _texts(NATIVE / "ofd-bengbu-han.ofd")
    assert texts[:2] == ["关于加快南货场铁路涵洞下穿建设的函", "蚌山区政府："]
    assert texts[2].startswith("根据我市2023年房地产用地供应计划，蚌山区东海大道北侧、解放路")
    assert texts[2].endswith("请你区政府尽快落实南货场铁路涵洞下穿建设方案，并加快工程施工建设。")
    assert texts[3:] == ["此函。", "2023年7月12日"]


def test_ofd_ctm_scales_text_into_place() -> None:
    """Size 22 under CTM 0.3528 is a 7.8 mm title; read raw, its lines fell 3x too low."""
    items = read_raw(NATIVE / "ofd-shouwen-chuli.ofd").items
    assert items[0] == "XX市政府文件处理"
    assert items[1] == "府办专督〔2020〕24"
    flat = WS.sub("", "".join(i if isinstance(i, str) else "" for i in items))
    assert "1、呈小明、张三、国伟、李四同志阅示；" in flat
    assert flat.index("处理意见") < flat.index("通知内容") < flat.index("备注")


def test_ofd_page_template_text_is_read() -> None:
    """The invoice's captions live only in its page template (Tpls/Tpl_0).

    Every character of the template and of the page is stored (购买方 is printed downwards,
    one character a line, so it is compared character by character).
    """
    path = NATIVE / "ofd-zhejiang-fapiao.ofd"
    flat = _flat(path)
    template = _text_objects(path, "Doc_0/Tpls/Tpl_0/Content.xml")
    page = _text_objects(path, "Doc_0/Pages/Page_0/Content.xml")
    assert not Counter(WS.sub("", "".join(template + page))) - Counter(flat)
    assert "发票代码：033002000211" in flat and "价税合计（大写）" in flat
    assert "发票代码：033002000211" in flat and "开户行及账号：中国邮政储蓄银行" in flat


def test_deltax_compressed_syntax() -> None:
    assert (
        deltas("2.1167 g 8 2.1166 2.1167 g 4 2.1166")
        == [2.1167] + [2.1166] * 8 + [2.1167] + [2.1166] * 4
    )
    assert deltas("g 3 5") == [5.0, 5.0, 5.0] and deltas(None) == []


# --- undecodable text layers -------------------------------------------------------------------


def test_undecodable_pdf_is_refused_naming_its_pages() -> None:
    """A published standard whose ToUnicode maps decode to 犌犅 and Latin-1 soup."""
    path = NATIVE / "pdf-gbt39677-undecodable.pdf"
    with pytest.raises(UndecodableTextError) as info:
        import_file(path)
    err = info.value
    assert err.needs_ocr and err.pages == list(range(1, 17)) and err.total == 16
    assert "pdf-gbt39677-undecodable.pdf" in str(err) and "全部 16 页" in str(err)
    assert "OCR" in str(err)


def test_page_judgement() -> None:
    assert page_is_undecodable("\ue001\ue002\ue003\ue004\ue005 关于 \ue006")
    assert page_is_undecodable("ÀÁÂÃ ÄÅÆ Ç!\"#$%$&'()*+,-. ÈÉÊ ËÌÍÎ ÏÐÑ")
    assert page_is_undecodable(
        "犌犅／犜３９６７７—２０２０ 犌狌犻犱犲犾犻狀犲犳狅狉犗犉犇"
    )  # one code block
    assert not page_is_undecodable("关于做好2026年度政务公开工作的通知（2026年3月5日）")
    assert not page_is_undecodable(
        "\uf06c一是加强领导\uf06c二是明确责任\uf06c三是强化考核\uf06c四\uf06c五"
    )
    assert not page_is_undecodable("1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22")
    contacts = "联系人：张三 zhangsan@sq.gov.cn https://www.suqian.gov.cn/ Tel 0527-84368000 " * 3
    assert not page_is_undecodable(contacts)
