"""The documents demo part: full texts with structure, the kinds the issues demo chooses from."""

from __future__ import annotations

import random

from sqlalchemy import select

from gazette.db.models import Document
from gazette.demo import PARTS, departments, documents
from gazette.texts.model import DocumentText


def test_demo_documents(ctx) -> None:
    assert "documents" in PARTS and PARTS.index("documents") == len(PARTS) - 1
    rng = random.Random(1)
    departments.load(ctx, rng)  # the parts it needs; the desk's part is slow and not needed
    with ctx.uow() as uow:  # a document the desk registered before its text arrived
        uow.session.add(Document(kind="公文", title="（报送登记）", doc_number="宿财规〔2026〕2号"))
        uow.commit()
    documents.load(ctx, rng)
    with ctx.uow() as uow:
        docs = uow.session.scalars(select(Document).where(Document.structure.isnot(None))).all()
        assert len(docs) >= 12
        numbers = [d.doc_number for d in docs if d.doc_number]
        assert len(numbers) == len(set(numbers))
        assert uow.session.query(Document).count() == len(docs)  # the registered one got its text
        for d in docs:
            assert d.structure and d.body_text and d.issued_on and d.issued_on.year == 2026
            assert DocumentText.from_json(d.structure).plain_text() == d.body_text
        kinds = {d.kind for d in docs}
        assert {"公文", "人事任免", "政策解读"} <= kinds
        public_by_nature = [d for d in docs if d.kind != "公文"]
        assert all(d.disclosure is None for d in public_by_nature)
        not_publishable = [d for d in docs if d.kind == "公文" and d.disclosure != "此件公开发布"]
        assert [d.disclosure for d in not_publishable] == ["此件依申请公开"]
        issuers = {d.issuer for d in docs}
        assert {"宿迁市人民政府", "宿迁市人民政府办公室", "宿迁市财政局"} <= issuers
        assert max(len(d.body_text) for d in docs) > 1500
        with_tables = [d for d in docs if '"kind": "table"' in str(d.structure).replace("'", '"')]
        assert len(with_tables) >= 3
        assert sum(bool(d.structure and d.structure["appendices"]) for d in docs) >= 4
        assert all(d.department_id for d in docs)
