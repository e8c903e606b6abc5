"""Test data for the site: one published archive with every kind of material that must NOT be published, (built once by conftest).

The secrets use characters that never occur in the synthetic public text, so finding one of them
(or a bigram of them) anywhere in the exported folder is a leak.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from bench import site_synth as synth
from gazette.context import AppContext
from gazette.db.models import Document, DocumentFile, Issue, IssueItem, Section
from gazette.site.build import BuildReport
from gazette.texts.model import Block, DocumentText

BASE_URL = "https://gb.example.gov.cn/gazette/"
XSS_TITLE = "<script>alert(1)</script>关于转义测试&amp;的通知"


@dataclass
class SiteEnv:
    ctx: AppContext
    out: Path
    report: BuildReport
    secrets: dict[str, str] = field(default_factory=dict)  # marker -> why it must not leak
    secret_pdfs: dict[str, bytes] = field(default_factory=dict)  # why -> bytes
    public_ids: dict[str, int] = field(default_factory=dict)


def _doc(title: str, marker: str, **kw: object) -> Document:
    text = DocumentText(
        title=title,
        doc_number=kw.pop("doc_number", None),  # type: ignore[arg-type]
        blocks=[Block("paragraph", f"本段含有{marker}字样。"), Block("heading1", f"一、{marker}")],
        signature=["宿迁市人民政府"],
        date="2018年11月2日",
        disclosure=kw.pop("structure_disclosure", "（此件公开发布）"),  # type: ignore[arg-type]
    )
    return Document(
        title=title,
        structure=text.to_json(),
        body_text=text.plain_text(),
        issuer=str(kw.pop("issuer", "宿迁市人民政府")),
        issued_on=dt.date(2018, 11, 2),
        **kw,
    )


def add_secrets(env: SiteEnv) -> None:
    ctx = env.ctx
    store = ctx.filestore()

    def pdf(session, why: str) -> str:  # type: ignore[no-untyped-def]
        data = synth._pdf(f"保密文件{why}", 1) + f"%{why}\n".encode()
        env.secret_pdfs[why] = data
        return store.put_bytes(session, data, f"{why}.pdf").sha256

    with ctx.uow() as uow:
        s = uow.session
        section = s.query(Section).filter_by(name="市政府文件").one()

        def place(issue: Issue, doc: Document, pos: int) -> None:
            s.add(IssueItem(issue=issue, document=doc, section=section, position=pos))

        # an issue still in planning
        planning = Issue(year=2018, number=9, serial=90, status="planning")
        d = _doc("关于甲骨麒麟的通知", "甲骨麒麟", kind="公文", disclosure="此件公开发布")
        place(planning, d, 0)
        s.add_all([planning, d])
        s.flush()
        s.add(
            DocumentFile(document=d, sha256=pdf(s, "planning"), role="document_pdf", name="x.pdf")
        )
        env.secrets["甲骨麒麟"] = "document of an issue in planning"

        # a published issue mixing public and non-public documents
        mixed = Issue(
            year=2018, number=10, serial=91, status="published", published_on=dt.date(2018, 11, 25)
        )
        pub = _doc(XSS_TITLE, "公开文本", kind="公文", disclosure="此件公开发布")
        on_request = _doc(
            "关于玄武鸾凤的通知",
            "玄武鸾凤",
            kind="公文",
            disclosure="此件依申请公开",
            structure_disclosure="（此件依申请公开）",
        )
        unstated = _doc("关于饕餮貔貅的通知", "饕餮貔貅", kind="公文", disclosure=None)
        conflict = _doc(
            "关于獬豸狻猊的通知",
            "獬豸狻猊",
            kind="公文",
            disclosure="此件公开发布",
            structure_disclosure="（此件不予公开）",
        )
        internal = _doc("鲲鹏鸑鷟情况汇编", "鲲鹏鸑鷟", kind="内部资料", disclosure=None)
        interp = _doc("《关于公开文本的通知》政策解读", "解读正文", kind="政策解读")
        for n, doc in enumerate((pub, on_request, unstated, conflict, internal, interp)):
            place(mixed, doc, n)
        s.add(mixed)
        s.flush()
        s.add(
            DocumentFile(
                document=on_request, sha256=pdf(s, "on_request"), role="document_pdf", name="y.pdf"
            )
        )
        s.add(
            DocumentFile(document=pub, sha256=pdf(s, "mixed_issue"), role="issue_pdf", name="z.pdf")
        )
        s.add(DocumentFile(document=pub, sha256=pdf(s, "source"), role="source", name="src.pdf"))
        env.secrets.update(
            {
                "玄武鸾凤": "公文 disclosed only on request",
                "饕餮貔貅": "公文 with no disclosure stated",
                "獬豸狻猊": "structure says 不予公开",
                "鲲鹏鸑鷟": "a kind that is not public by nature",
            }
        )

        # a historical issue still being catalogued
        old = Issue(year=2016, number=11, serial=11, status="cataloguing", historical=True)
        od = _doc("关于螭吻椒图的通知", "螭吻椒图", kind="公文", historical=True)
        place(old, od, 0)
        s.add(old)
        s.flush()
        s.add(
            DocumentFile(
                document=od, sha256=pdf(s, "uncatalogued_scan"), role="scan_pdf", name="s.pdf"
            )
        )
        env.secrets["螭吻椒图"] = "historical issue not yet published"
        uow.commit()
        env.public_ids = {"xss": pub.id, "interp": interp.id}
