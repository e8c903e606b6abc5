"""Storing imported text on Documents, and the recorded corrections of the proofreading view."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from gazette.db.models import Department, Document, DocumentFile, StoredFile
from gazette.office.auth import PermissionDenied
from gazette.office.conflicts import ConflictError
from gazette.texts.dates import parse_cn_date
from gazette.texts.disclosure import attribute, find
from gazette.texts.model import Block
from gazette.texts.store import (
    corrections,
    import_document,
    load_text,
    save_corrections,
)

FIXTURES = Path(__file__).parent / "texts_fixtures"


def test_import_creates_then_updates_one_document(ctx) -> None:
    with ctx.uow() as uow:
        uow.session.add(Department(name="宿迁市生态环境局", short_name="市生态环境局"))
        uow.commit()
    first = import_document(ctx, FIXTURES / "jiance.pdf", department="市生态环境局")
    assert first.created and first.source == "pdf"
    again = import_document(ctx, FIXTURES / "jiance.docx")
    assert not again.created and again.document_id == first.document_id
    with ctx.uow() as uow:  # the same text again: nothing changed
        assert corrections(uow, first.document_id) == []
    import_document(ctx, FIXTURES / "jiance-pdftotext.txt")  # a worse source: its table differs
    with ctx.uow() as uow:
        replaced = corrections(uow, first.document_id)
    assert replaced and all(r.note == "重新导入 jiance-pdftotext.txt" for r in replaced)
    import_document(ctx, FIXTURES / "jiance.docx")
    with ctx.uow() as uow:
        doc = uow.session.get(Document, first.document_id)
        assert doc is not None
        assert doc.doc_number == "宿环发〔2026〕9号"
        assert (doc.issuer_code, doc.doc_year, doc.doc_serial) == ("宿环发", 2026, 9)
        assert doc.issuer == "宿迁市生态环境局"
        assert doc.issued_on == dt.date(2026, 4, 3)
        assert doc.disclosure == "此件公开发布"
        assert doc.department is not None and doc.department.short_name == "市生态环境局"
        assert doc.structure and doc.structure["title"].startswith("市生态环境局关于")
        assert "重点排污单位自行监测检查表" in doc.body_text
        files = uow.session.query(DocumentFile).filter_by(document_id=doc.id).all()
        assert sorted(f.name for f in files) == [
            "jiance-pdftotext.txt",
            "jiance.docx",
            "jiance.pdf",
        ]
        for f in files:
            assert ctx.filestore().verify(f.sha256)
        assert uow.session.query(StoredFile).count() == 3


def test_import_needs_permission_and_a_known_department(ctx) -> None:
    with pytest.raises(LookupError, match="找不到部门"):
        import_document(ctx, FIXTURES / "pifu.txt", department="不存在的局")
    ctx.role = "reader"
    with pytest.raises(PermissionDenied):
        import_document(ctx, FIXTURES / "pifu.txt")


def test_corrections_record_who_when_before_after(ctx) -> None:
    result = import_document(ctx, FIXTURES / "anquan.txt")
    with ctx.uow() as uow:
        loaded = load_text(uow, result.document_id)
    text = loaded.text
    text.title = text.title.replace("春节期间", "春节和元宵节期间")
    text.blocks[1].kind = "heading2"
    text.blocks.insert(3, Block("paragraph", "新增的一段。"))
    ctx.user = "张编辑"
    with ctx.uow() as uow:
        changes = save_corrections(
            uow, result.document_id, text, version=loaded.version, note="一校"
        )
        uow.commit()
    paths = [c.path for c in changes]
    assert paths == ["title", "blocks[1].kind", "blocks[3]"]
    with ctx.uow() as uow:
        rows = corrections(uow, result.document_id)
    assert [r.actor for r in rows] == ["张编辑"] * 3
    assert rows[0].before and "春节期间" in rows[0].before and "元宵节" in (rows[0].after or "")
    assert rows[1].before == "heading1" and rows[1].after == "heading2"
    assert rows[2].before is None and "新增的一段" in (rows[2].after or "")
    assert all(r.note == "一校" and r.at for r in rows)
    with ctx.uow() as uow:
        doc = uow.session.get(Document, result.document_id)
        assert doc is not None and "元宵节" in doc.title and "新增的一段。" in doc.body_text
    # saving from the old version again is refused, not overwritten
    with ctx.uow() as uow:
        with pytest.raises(ConflictError):
            save_corrections(uow, result.document_id, text, version=loaded.version)
        assert (
            save_corrections(uow, result.document_id, load_text(uow, result.document_id).text) == []
        )


def test_disclosure_and_dates() -> None:
    assert attribute("（此件公开发布）") == "此件公开发布"
    assert attribute("（此件依申请公开）") == "此件依申请公开"
    assert attribute("(此件部分公开)") == "此件部分公开"
    assert attribute("（此件不予公开）") == "此件不予公开"
    assert attribute("（联系人：张三，电话：84361234）") is None
    assert find("正文。\n2026年1月2日\n（此件依申请公开）\n") == "此件依申请公开"
    assert parse_cn_date("2018年5月13日") == dt.date(2018, 5, 13)
    assert parse_cn_date("二〇二六年十二月三十一日") == dt.date(2026, 12, 31)
    assert parse_cn_date("2018年2月30日") is None


def test_cli_document_import(ctx, capsys) -> None:
    import commands

    rc = commands.main(
        ["--data-dir", str(ctx.data_dir), "document", "import", str(FIXTURES / "lingdao.txt")]
    )
    out = capsys.readouterr().out
    assert rc == 0
    assert "发文字号：宿政办发〔2026〕21号" in out
    assert "1 个表格" in out and "公开属性：此件公开发布" in out
    rc = commands.main(["--data-dir", str(ctx.data_dir), "document", "import", "nope.docx"])
    assert rc == 2 and "nope.docx" in capsys.readouterr().err


@pytest.mark.postgres
def test_import_and_correct_on_postgres(pg_ctx) -> None:
    result = import_document(pg_ctx, FIXTURES / "sample_000_f6147e09825cd43f.docx")
    with pg_ctx.uow() as uow:
        loaded = load_text(uow, result.document_id)
        assert loaded.text.appendices[0].blocks[0].rows == result.text.appendices[0].blocks[0].rows
        loaded.text.blocks[0].text += "（校）"
        changes = save_corrections(uow, result.document_id, loaded.text, version=loaded.version)
        uow.commit()
    assert [c.path for c in changes] == ["blocks[0].text"]
    with pg_ctx.uow() as uow:
        assert [r.path for r in corrections(uow, result.document_id)] == ["blocks[0].text"]
