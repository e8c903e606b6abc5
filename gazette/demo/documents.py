"""Demo part: full-text documents for the gazette, all dated 2026, with structure and body text.

市政府文件, 市政府办公室文件 and 部门文件 (long texts, tables, 附件), a 人事任免 list and a
政策解读 (public by nature, so they carry their item type instead of a disclosure attribute),
and one 依申请公开 notice that the issue rules must refuse. The issues demo picks from these by
kind, issuer and disclosure (documents with a ``structure``). A document the submissions demo
already registered under the same 发文字号 receives the text instead of being duplicated.
"""

from __future__ import annotations

import datetime as dt
import random

from sqlalchemy import or_, select

from gazette.context import AppContext
from gazette.db.models import Department, Document
from gazette.demo import document_texts as t
from gazette.demo import document_texts_long as long
from gazette.office.auth import mutating, require
from gazette.texts.markup import parse
from gazette.texts.store import apply_text
from gazette.texts.topic import suggest

# (markup, kind, issuing department's full name, normative)
DOCUMENTS: tuple[tuple[str, str, str, bool], ...] = (
    (long.yingshang(), "公文", "宿迁市人民政府", False),
    (long.minsheng(), "公文", "宿迁市人民政府", False),
    (long.laji(), "公文", "宿迁市人民政府", True),
    (t.PIFU, "公文", "宿迁市人民政府", False),
    (t.ANQUAN, "公文", "宿迁市人民政府办公室", False),
    (t.LINGDAO, "公文", "宿迁市人民政府办公室", False),
    (t.TONGBAO, "公文", "宿迁市人民政府办公室", False),
    (t.ZIJIN, "公文", "宿迁市财政局", True),
    (t.JIANCE, "公文", "宿迁市生态环境局", False),
    (t.LIANHE, "公文", "宿迁市发展和改革委员会", True),
    (t.RENMIAN, "人事任免", "宿迁市人民政府", False),
    (t.JIEDU, "政策解读", "宿迁市城市管理局", False),
    (t.YISHENQING, "公文", "宿迁市人力资源和社会保障局", False),
)


@mutating
def load(ctx: AppContext, rng: random.Random) -> None:
    with ctx.uow() as uow:
        require(uow, "documents.write")
        s = uow.session
        for markup, kind, issuer, normative in DOCUMENTS:
            text = parse(markup).text
            dept = s.scalar(
                select(Department).where(
                    or_(Department.name == issuer, Department.short_name == issuer)
                )
            )
            # a document the desk already registered (same 发文字号) gets its text
            doc = (
                s.scalar(select(Document).where(Document.doc_number == text.doc_number))
                if text.doc_number
                else None
            ) or Document(title=text.title, department=dept)
            doc.kind, doc.is_normative = kind, normative
            doc.department = doc.department or dept
            apply_text(doc, text, issuer_fallback=issuer)
            if not text.signature:
                doc.issuer = issuer
            if doc.issued_on is None:  # a 政策解读 carries no date line; it follows its document
                doc.issued_on = dt.date(2026, 5, 20)
            if doc.topic:  # suggested from the desk's title when it was selected: follow the text
                doc.topic = suggest(doc.title, doc.issuer, doc.kind)
            s.add(doc)
        uow.commit()
