"""The kind a document's text declares: 令, 人事任免, 政策解读, 人大 决定, 公告; else none."""

from __future__ import annotations

from pathlib import Path

import pytest

from gazette.db.models import Document
from gazette.texts.importer import import_file
from gazette.texts.kinds import detect_kind
from gazette.texts.model import Block, DocumentText
from gazette.texts.store import change_kind, import_document

FIXTURES = Path(__file__).parent / "texts_fixtures"

ORDER = """中华人民共和国国务院令
第706号

　　《国务院关于修改部分行政法规的决定》已经2018年12月18日国务院第33次常务会议通过，现予公布，自公布之日起施行。

总理　李克强
2018年12月29日
"""
CONGRESS = """全国人民代表大会常务委员会关于修改《中华人民共和国劳动法》等七部法律的决定
（2018年12月29日第十三届全国人民代表大会常务委员会第七次会议通过）

　　第十三届全国人民代表大会常务委员会第七次会议决定：
　　一、对《中华人民共和国劳动法》作出修改。
　　本决定自公布之日起施行。
"""
COUNTY_APPOINTMENTS = """沭阳县人民政府
关于王某某等同志职务的通知

各乡镇人民政府，县各有关部门：
　　经县政府研究决定：
　　任命王某某为县发展和改革局副局长；
　　免去李某某的县交通运输局副局长职务。

沭阳县人民政府
2026年3月1日
"""


def _read(tmp_path: Path, text: str, name: str = "doc.txt") -> DocumentText:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return import_file(path).text


@pytest.mark.parametrize(
    ("text", "kind"),
    [(ORDER, "令"), (CONGRESS, "决定"), (COUNTY_APPOINTMENTS, "人事任免")],
)
def test_kinds_found_in_real_layouts(tmp_path: Path, text: str, kind: str) -> None:
    assert detect_kind(_read(tmp_path, text)) == kind


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("renmian.txt", "人事任免"),  # 职务任免 in the title
        ("jiedu-pdftotext.txt", "政策解读"),
        ("anquan.txt", None),  # a 公文: the safe default stays
        ("pifu.txt", None),
        ("lingdao.txt", None),  # 调整…领导小组成员 is not an appointment list
        ("sample_000_f6147e09825cd43f.txt", None),
    ],
)
def test_kinds_of_the_fixtures(name: str, kind: str | None) -> None:
    assert detect_kind(import_file(FIXTURES / name).text) == kind


@pytest.mark.parametrize(
    ("title", "signature", "kind"),
    [
        ("宿迁市人民政府关于表彰2025年度先进集体的决定", ["宿迁市人民政府"], None),
        ("关于批准宿迁市2025年决算的决定", ["宿迁市人民代表大会常务委员会"], "决定"),
        ("关于2026年国庆节放假安排的公告", [], "公告"),
        ("宿迁市公安局关于城区禁止燃放烟花爆竹的通告", [], "公告"),
        ("关于拟任职干部的公示", [], "公告"),
        ("《宿迁市养犬管理条例》解读", [], "政策解读"),
        ("市政府关于聘任市政府参事的通知", [], "人事任免"),
        ("关于同意张阿三同志辞职的批复", ["某区卫生局办公室"], None),  # a 批复 answers one organ
        ("关于同意聘任李四同志为副院长的函", [], None),
        ("浙江增值税电子普通发票", [], "其他"),  # forms an office fills in
        ("中国建设银行单位客户专用回单", [], "其他"),
        ("XX市政府文件处理单", [], "其他"),
    ],
)
def test_kinds_by_title(title: str, signature: list[str], kind: str | None) -> None:
    doc = DocumentText(title=title, signature=signature, blocks=[Block("paragraph", "正文。")])
    assert detect_kind(doc) == kind


def test_a_government_order_number_alone_is_no_order() -> None:
    doc = DocumentText(title="关于做好防汛工作的通知", blocks=[Block("paragraph", "第5号")])
    assert detect_kind(doc) is None


def test_import_takes_the_found_kind_and_kind_overrides(ctx, tmp_path: Path) -> None:
    path = tmp_path / "ling.txt"
    path.write_text(ORDER, encoding="utf-8")
    found = import_document(ctx, path)
    assert (found.kind, found.kind_found) == ("令", True)
    other = tmp_path / "rm.txt"
    other.write_text(COUNTY_APPOINTMENTS, encoding="utf-8")
    given = import_document(ctx, other, kind="其他")
    assert (given.kind, given.kind_found) == ("其他", False)
    with pytest.raises(ValueError, match="文件类型“布告”无法识别"):
        import_document(ctx, other, kind="布告")


def test_changing_the_kind_brings_back_the_disclosure(ctx) -> None:
    text = import_file(FIXTURES / "anquan.txt").text
    first = import_document(ctx, FIXTURES / "anquan.txt", kind="人事任免")
    assert first.disclosure is None  # public by nature: no attribute kept
    assert text.disclosure  # though the text has its line
    with ctx.uow() as uow:
        version = uow.session.get(Document, first.document_id).version
        assert change_kind(uow, first.document_id, "公文", version=version) == "公文"
        uow.commit()
    with ctx.uow() as uow:
        doc = uow.session.get(Document, first.document_id)
        assert (doc.kind, doc.disclosure) == ("公文", "此件公开发布")


def test_a_stale_kind_change_is_a_conflict(ctx) -> None:
    from gazette.office.conflicts import ConflictError

    doc_id = import_document(ctx, FIXTURES / "renmian.txt").document_id
    with ctx.uow() as uow:
        version = uow.session.get(Document, doc_id).version
        change_kind(uow, doc_id, "其他", version=version)
        uow.commit()
    with ctx.uow() as uow, pytest.raises(ConflictError):
        change_kind(uow, doc_id, "公文", version=version)


def test_a_reader_may_not_change_a_kind(ctx) -> None:
    from gazette.office.auth import PermissionDenied

    doc_id = import_document(ctx, FIXTURES / "renmian.txt").document_id
    ctx.role = "reader"
    with ctx.uow() as uow, pytest.raises(PermissionDenied):
        change_kind(uow, doc_id, "其他")
