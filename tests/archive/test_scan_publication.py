"""A catalogued historical issue carries its searchable scan to 查阅 and the public site."""

from __future__ import annotations

import hashlib

from sqlalchemy import select

from archive import demo, workflow
from archive.catalogue import Article, confirm
from archive.models import ArchiveEntry
from archive.textlayer import SCAN_ROLE, attach_scan_pdf
from gazette.db.models import DocumentFile, Issue
from gazette.site.build import build


def test_scan_pdf_is_linked_and_exported(ctx, tmp_path) -> None:
    demo.load(ctx)
    with ctx.uow() as uow:
        entry_id = uow.session.scalar(
            select(ArchiveEntry.id)
            .join(Issue, Issue.id == ArchiveEntry.issue_id)
            .where(Issue.year == 2020, Issue.number == 12)
        )
        docs = confirm(
            uow,
            entry_id,
            [
                Article(
                    "关于做好2021年元旦春节期间有关工作的通知",
                    "宿政办发〔2020〕88号",
                    "宿迁市人民政府办公室",
                    "2020年12月20日",
                    1,
                    2,
                    "市政府办公室文件",
                ),
                Article("宿迁市人民政府任免工作人员名单", None, "", None, 3, 3, "人事任免"),
            ],
        )
        uow.commit()
    sha = attach_scan_pdf(ctx, entry_id)
    assert attach_scan_pdf(ctx, entry_id) == sha  # linking twice does not duplicate
    with ctx.uow() as uow:  # a historical issue reaches the public site once it is 已发布
        workflow.advance(uow, [entry_id], "published", location="市档案馆 D-4")
        uow.commit()
    with ctx.uow() as uow:
        linked = uow.session.scalars(
            select(DocumentFile.document_id).where(DocumentFile.role == SCAN_ROLE)
        ).all()
    assert sorted(linked) == sorted(docs)
    out = tmp_path / "site"
    build(ctx, out)
    hashes = {hashlib.sha256(p.read_bytes()).hexdigest() for p in out.rglob("*.pdf")}
    assert sha in hashes
    assert any("元旦春节" in p.read_text(encoding="utf-8") for p in out.rglob("*.html"))
