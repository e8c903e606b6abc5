"""Document text import: structure accuracy on the fixtures, merged cells, every kind of bad file."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest

from gazette.texts.importer import import_file
from gazette.texts.model import Block, Cell, DocumentText
from gazette.texts.raw import TextImportError, clean
from gazette.texts.scoring import FIELDS, accuracy, score

FIXTURES = Path(__file__).parent / "texts_fixtures"
SAMPLE = "sample_000_f6147e09825cd43f"


@pytest.fixture(scope="module")
def scored():
    out = {}
    for expected in sorted(FIXTURES.glob("*.json")):
        source = expected.with_suffix("")
        truth = DocumentText.from_json(json.loads(expected.read_text(encoding="utf-8")))
        found = import_file(source).text
        out[source.name] = (found, truth, score(source.name, found, truth))
    return out


def test_fixture_set_is_broad(scored) -> None:
    names = list(scored)
    assert len(names) >= 20
    assert {n.rsplit(".", 1)[1] for n in names} == {"docx", "pdf", "txt"}
    assert f"{SAMPLE}.txt" in names and f"{SAMPLE}.docx" in names


def test_field_accuracy_floor(scored) -> None:
    acc = accuracy([s for _, _, s in scored.values()])
    for f in FIELDS:
        assert acc[f] >= 0.9, (f, acc[f], [n for n, (_, _, s) in scored.items() if not s.fields[f]])
    assert acc["overall"] >= 0.97


def test_sample_notice_structure(scored) -> None:
    found, _, s = scored[f"{SAMPLE}.txt"]
    assert s.misses == []
    assert found.doc_number == "宿政办发〔2018〕56号"
    assert found.title == "市政府办公室关于贯彻落实江苏省全面推进政务公开工作实施细则的通知"
    assert [b.text for b in found.blocks if b.kind == "heading1"] == [
        "一、高度重视",
        "二、明确责任",
        "三、健全机制",
        "四、强化考核",
    ]
    assert found.imprint is not None and found.imprint.printed_on == "2018年5月13日"
    text = found.plain_text()
    assert "— 8 —" not in text and "抄送" not in text  # folio dropped, 版记 kept apart
    assert "深入开展政府信息公开" in text  # a stray space inside Chinese text is normalised
    assert "苏政办发﹝2017﹞151号" in text  # a cited number in the body stays as the source has it


def test_sample_merged_cells_same_from_txt_and_docx(scored) -> None:
    txt = scored[f"{SAMPLE}.txt"][0].appendices[0].blocks[0]
    docx = scored[f"{SAMPLE}.docx"][0].appendices[0].blocks[0]
    assert txt.rows == docx.rows
    rows = docx.rows
    assert rows is not None
    first = rows[1]
    assert next(c.text for c in first) == "1" and first[0].rowspan == 2  # 序号 spans two tasks
    assert first[2].text == "市编办" and first[2].rowspan == 2
    assert len(rows[2]) == 1  # the continuation row holds only its own task
    grid = docx.grid()
    assert len(grid) == len(rows) and all(len(r) == 5 for r in grid)
    assert grid[2][0] is None and grid[2][1] is not None


def test_docx_horizontal_merge(tmp_path: Path) -> None:
    import docx

    d = docx.Document()
    d.add_paragraph("关于测试横向合并的通知")
    t = d.add_table(rows=2, cols=3)
    t.cell(0, 0).merge(t.cell(0, 2)).text = "合并标题"
    for i, v in enumerate(["甲", "乙", "丙"]):
        t.cell(1, i).text = v
    d.save(str(tmp_path / "h.docx"))
    table = next(b for b in import_file(tmp_path / "h.docx").text.blocks if b.kind == "table")
    assert table.rows == [[Cell("合并标题", colspan=3)], [Cell("甲"), Cell("乙"), Cell("丙")]]


def test_grid_places_spans() -> None:
    b = Block("table", rows=[[Cell("a", rowspan=2), Cell("b", colspan=2)], [Cell("c"), Cell("d")]])
    assert [[c.text if c else None for c in row] for row in b.grid()] == [
        ["a", "b", None],
        [None, "c", "d"],
    ]


def test_white_space_only_is_normalised() -> None:
    assert clean("　　深入开展 政府信息公开\t工作 ") == "深入开展政府信息公开工作"
    assert clean("PDF  version 2") == "PDF version 2"
    assert clean("第一条　为规范管理") == "第一条 为规范管理"


def test_gb18030_text(tmp_path: Path) -> None:
    p = tmp_path / "gbk.txt"
    p.write_bytes("宿政发（2026）7号\n关于测试的通知\n各单位：\n　　正文。\n".encode("gb18030"))
    t = import_file(p).text
    assert t.doc_number == "宿政发〔2026〕7号" and t.title == "关于测试的通知"


def _minimal_ofd(path: Path) -> None:
    ns = 'xmlns:ofd="http://www.ofdspec.org/2016"'
    lines = [
        (90.0, 40.0, "宿政办发〔2026〕9号"),
        (60.0, 60.0, "市政府办公室关于测试OFD导入的通知"),
        (28.0, 80.0, "各有关单位："),
        (38.0, 90.0, "一、总体要求"),
        (38.0, 100.0, "这是正文第一段，内容已经写完。"),
        (120.0, 130.0, "宿迁市人民政府办公室"),
        (130.0, 140.0, "2026年3月5日"),
        (38.0, 150.0, "（此件公开发布）"),
    ]
    objs = "".join(
        f'<ofd:TextObject ID="{i + 10}" Boundary="{x} {y - 4} 150 6" Font="1" Size="4.2">'
        f'<ofd:TextCode X="0" Y="4">{t}</ofd:TextCode></ofd:TextObject>'
        for i, (x, y, t) in enumerate(lines)
    )
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr(
            "OFD.xml",
            f"<ofd:OFD {ns}><ofd:DocBody><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>",
        )
        zf.writestr(
            "Doc_0/Document.xml",
            f'<ofd:Document {ns}><ofd:Pages><ofd:Page ID="1" BaseLoc="Pages/Page_0/Content.xml"/></ofd:Pages></ofd:Document>',
        )
        zf.writestr(
            "Doc_0/Pages/Page_0/Content.xml",
            f"<ofd:Page {ns}><ofd:Content><ofd:Layer>{objs}</ofd:Layer></ofd:Content></ofd:Page>",
        )
    path.write_bytes(buf.getvalue())


def test_ofd(tmp_path: Path) -> None:
    p = tmp_path / "notice.ofd"
    _minimal_ofd(p)
    r = import_file(p)
    t = r.text
    assert r.source == "ofd"
    assert t.doc_number == "宿政办发〔2026〕9号"
    assert t.title == "市政府办公室关于测试OFD导入的通知"
    assert [b.kind for b in t.blocks] == ["heading1", "paragraph"]
    assert t.signature == ["宿迁市人民政府办公室"] and t.date == "2026年3月5日"
    assert t.disclosure == "（此件公开发布）"


def _bad(tmp_path: Path, name: str, data: bytes) -> str:
    p = tmp_path / name
    p.write_bytes(data)
    with pytest.raises(TextImportError) as info:
        import_file(p)
    assert name in str(info.value)  # the message names the file
    return str(info.value)


def test_bad_files_are_refused_with_the_file_named(tmp_path: Path) -> None:
    assert "空" in _bad(tmp_path, "empty.docx", b"")
    assert "损坏" in _bad(tmp_path, "broken.docx", b"PK\x03\x04garbage")
    assert "加密" in _bad(
        tmp_path, "locked.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600
    )
    assert "损坏" in _bad(tmp_path, "broken.pdf", b"%PDF-1.7\n garbage")
    assert "不符" in _bad(tmp_path, "word.txt", (FIXTURES / "pifu.docx").read_bytes())
    assert "DOCX" in _bad(tmp_path, "really-docx.pdf", (FIXTURES / "pifu.docx").read_bytes())
    assert "不支持" in _bad(tmp_path, "sheet.xlsx", b"PK\x03\x04")
    assert "二进制" in _bad(tmp_path, "binary.txt", b"\x00\x01\x02abc" * 10)
    assert "没有文字" in _bad(tmp_path, "blank.txt", "\n\n　　\n".encode())


def test_legacy_word_without_libreoffice(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # no soffice on this PATH
    message = _bad(tmp_path, "old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    assert "另存为" in message and "DOCX" in message


def test_encrypted_and_scanned_pdf(tmp_path: Path) -> None:
    from pypdf import PdfReader, PdfWriter
    from reportlab.pdfgen import canvas

    blank = tmp_path / "scan.pdf"
    c = canvas.Canvas(str(blank))
    c.rect(50, 50, 200, 200)
    c.showPage()
    c.save()
    with pytest.raises(TextImportError, match="扫描件"):
        import_file(blank)
    writer = PdfWriter(clone_from=PdfReader(str(FIXTURES / "anquan.pdf")))
    writer.encrypt(user_password="secret", owner_password="owner")
    locked = tmp_path / "locked.pdf"
    with open(locked, "wb") as fh:
        writer.write(fh)
    with pytest.raises(TextImportError, match=r"locked\.pdf.*加密"):
        import_file(locked)
    # encrypted only against editing (empty user password): it opens
    writer = PdfWriter(clone_from=PdfReader(str(FIXTURES / "anquan.pdf")))
    writer.encrypt(user_password="", owner_password="owner")
    open_pdf = tmp_path / "noedit.pdf"
    with open(open_pdf, "wb") as fh:
        writer.write(fh)
    assert import_file(open_pdf).text.doc_number == "宿政办发〔2026〕3号"


def test_docx_word_list_numbering_is_rendered(tmp_path: Path) -> None:
    """Headings numbered by Word's list feature keep the numbers the reader sees."""
    import docx
    from docx.oxml import parse_xml

    d = docx.Document()
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    numbering = d.part.numbering_part.element
    numbering.append(
        parse_xml(
            f'<w:abstractNum {w} w:abstractNumId="90">'
            '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>'
            '<w:lvlText w:val="%1、"/></w:lvl>'
            '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>'
            '<w:lvlText w:val="（%2）"/></w:lvl></w:abstractNum>'
        )
    )
    numbering.append(parse_xml(f'<w:num {w} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))

    def numbered(text: str, level: int) -> None:
        p = d.add_paragraph(text)
        p._p.get_or_add_pPr().append(
            parse_xml(f'<w:numPr {w}><w:ilvl w:val="{level}"/><w:numId w:val="90"/></w:numPr>')
        )

    d.add_paragraph("关于测试自动编号的通知")
    d.add_paragraph("各单位：")
    numbered("总体要求", 0)
    numbered("目标任务", 1)
    numbered("工作步骤", 1)
    numbered("保障措施", 0)
    numbered("加强领导", 1)
    d.save(str(tmp_path / "n.docx"))
    blocks = import_file(tmp_path / "n.docx").text.blocks
    assert [(b.kind, b.text) for b in blocks] == [
        ("heading1", "一、总体要求"),
        ("heading2", "（一）目标任务"),
        ("heading2", "（二）工作步骤"),
        ("heading1", "二、保障措施"),
        ("heading2", "（一）加强领导"),
    ]


def test_annotation_after_disclosure(tmp_path: Path) -> None:
    p = tmp_path / "note.txt"
    p.write_text(
        "宿政办发〔2026〕40号\n市政府办公室关于测试附注的通知\n各单位：\n　　正文。\n"
        "宿迁市人民政府办公室\n2026年3月5日\n（此件公开发布）\n（联系人：韩冬，联系电话：84361234）\n",
        encoding="utf-8",
    )
    t = import_file(p).text
    assert t.signature == ["宿迁市人民政府办公室"] and t.date == "2026年3月5日"
    assert t.disclosure == "（此件公开发布）"
    assert t.annotation == "（联系人：韩冬，联系电话：84361234）"
    assert t.plain_text().endswith("（此件公开发布）\n（联系人：韩冬，联系电话：84361234）")
