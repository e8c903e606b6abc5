"""A synthetic published archive for the site's tests and benchmark (not the office's demo).

Thirty years of monthly issues with ~140 documents each is ~50,000 documents; rows go in with
bulk inserts (synthetic data needs no audit trail), PDFs are two small ReportLab files made once
and attached to every issue and document by hash, as the benchmark brief asks.
"""

from __future__ import annotations

import datetime as dt
import io
import random
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import insert, select

from gazette.db.models import Document, DocumentFile, Issue, IssueItem, Section
from gazette.office.auth import mutating
from gazette.texts.model import Block, Cell, DocumentText
from gazette.vocab import PUBLIC_DISCLOSURE, issue_label

if TYPE_CHECKING:
    from gazette.context import AppContext

SECTIONS = ("市政府文件", "市政府办公室文件", "部门文件", "人事任免", "政策解读")
ISSUERS = (
    ("宿迁市人民政府", "宿政发"),
    ("宿迁市人民政府办公室", "宿政办发"),
    ("宿迁市财政局", "宿财规"),
    ("宿迁市住房和城乡建设局", "宿建规"),
    ("宿迁市教育局", "宿教规"),
    ("宿迁市生态环境局", "宿环规"),
    ("宿迁市市场监督管理局", "宿市监规"),
    ("宿迁市农业农村局", "宿农规"),
)
TOPICS = (
    "全面推进政务公开工作",
    "加强安全生产监督管理",
    "促进农村集体经济发展",
    "优化营商环境",
    "做好防汛抗旱工作",
    "推进城市更新行动",
    "加强生态环境保护",
    "深化教育综合改革",
    "规范财政专项资金管理",
    "加快数字政府建设",
    "稳定和扩大就业",
    "完善养老服务体系",
    "加强食品药品安全监管",
    "推动制造业高质量发展",
    "做好春节期间市场供应",
    "实施乡村振兴战略",
    "加强公共卫生应急管理",
    "推进住房保障工作",
)
KINDS = ("通知", "意见", "办法", "实施方案", "规定")
PHRASES = (
    "各县、区人民政府，市各开发区、新区、园区管委会，市各有关部门和单位要高度重视",
    "坚持以人民为中心的发展思想",
    "切实增强工作责任感和紧迫感",
    "建立健全长效工作机制",
    "加强统筹协调和督促检查",
    "确保各项任务落到实处",
    "按照属地管理和分级负责的原则",
    "进一步明确职责分工",
    "强化资金保障和政策支持",
    "定期通报工作进展情况",
    "对工作不力的单位和个人依法依规严肃问责",
    "广泛宣传相关政策措施",
    "提升群众的获得感和满意度",
    "深入开展调查研究",
    "及时研究解决工作中遇到的困难和问题",
    "全面提升治理能力和服务水平",
    "本办法自发布之日起施行",
    "有效期至五年",
    "由市政府办公室负责解释",
)
NUMBERS = "一二三四五六七八九十"


class Vocabulary:
    """Random two- and three-character words over the 3,755 common (GB2312 level 1) characters,
    drawn with Zipf weights, so the index sees a realistic spread of distinct bigrams."""

    def __init__(self, rng: random.Random, size: int = 30000) -> None:
        chars = [
            bytes([hi, lo]).decode("gb2312", errors="replace")
            for hi in range(0xB0, 0xD8)
            for lo in range(0xA1, 0xFF)
        ]
        chars = [c for c in chars if c != "\ufffd"][:3755]
        rng.shuffle(chars)
        char_cum, acc = [], 0.0
        for n in range(len(chars)):
            acc += 1 / (n + 1) ** 0.8
            char_cum.append(acc)
        self.words = [
            "".join(rng.choices(chars, cum_weights=char_cum, k=rng.choice((2, 2, 3))))
            for _ in range(size)
        ]
        total = 0.0
        self.cum: list[float] = []
        for n in range(size):
            total += 1 / (n + 1) ** 0.9
            self.cum.append(total)

    def sentence(self, rng: random.Random, words: int) -> str:
        return "".join(rng.choices(self.words, cum_weights=self.cum, k=words))


@dataclass
class SynthReport:
    issues: int
    documents: int


def _pdf(title: str, pages: int) -> bytes:
    """A small A4 PDF in the bundled Chinese font."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    from gazette.layout.fonts import ensure_registered

    font = ensure_registered()["body"]
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    w, hgt = A4
    for n in range(pages):
        if n == 0:
            c.setFillColorRGB(0.62, 0.1, 0.1)
            c.rect(0, hgt - 150, w, 150, fill=1, stroke=0)
            c.setFillColorRGB(1, 1, 1)
            c.setFont(font, 34)
            c.drawCentredString(w / 2, hgt - 95, "宿迁市人民政府公报")
            c.setFillColorRGB(0, 0, 0)
            c.setFont(font, 20)
            c.drawCentredString(w / 2, hgt - 240, title)
        else:
            c.setFont(font, 14)
            c.drawString(72, hgt - 100, f"{title}　第{n + 1}页")
        c.showPage()
    c.save()
    return buf.getvalue()


def structure(
    rng: random.Random,
    title: str,
    number: str,
    issuer: str,
    day: dt.date,
    paragraphs: int,
    vocab: Vocabulary | None = None,
) -> DocumentText:
    blocks: list[Block] = [
        Block("paragraph", "为贯彻落实上级有关部署，结合我市实际，现就有关事项通知如下：")
    ]
    for n in range(paragraphs):
        if n % 3 == 0:
            blocks.append(Block("heading1", f"{NUMBERS[(n // 3) % 10]}、{rng.choice(TOPICS)}"))
        text = "，".join(rng.sample(PHRASES, 3))
        if vocab:
            text += "，" + "，".join(vocab.sentence(rng, 8) for _ in range(6))
        blocks.append(Block("paragraph", text + "。"))
    if rng.random() < 0.1:
        blocks.append(
            Block(
                "table",
                rows=[
                    [Cell("序号"), Cell("任务"), Cell("责任单位")],
                    [Cell("1"), Cell(rng.choice(TOPICS)), Cell(issuer)],
                ],
            )
        )
    return DocumentText(
        title=title,
        doc_number=number,
        addressees="各县、区人民政府，市各有关部门：",
        blocks=blocks,
        signature=[issuer],
        date=f"{day.year}年{day.month}月{day.day}日",
        disclosure="（此件公开发布）" if number else None,
    )


@mutating
def fill(
    ctx: AppContext,
    first_year: int = 1996,
    years: int = 30,
    issues_per_year: int = 12,
    docs_per_issue: int = 140,
    paragraphs: int = 9,
    seed: int = 8,
    pdfs: bool = True,
    historical_before: int | None = None,
    varied: bool = False,
) -> SynthReport:
    """Add a published archive; issues before ``historical_before`` are historical scans."""
    from gazette.office import settings

    if not settings.get(ctx, "gazette_name"):  # the synthetic archive is 宿迁's, like the demo
        settings.accept_suggested(ctx)
    rng = random.Random(seed)
    vocab = Vocabulary(random.Random(seed)) if varied else None
    store = ctx.filestore()
    with ctx.uow() as uow:
        s = uow.session
        issue_pdf = doc_pdf = None
        if pdfs:
            issue_pdf = store.put_bytes(s, _pdf("2018年第5期", 3), "issue.pdf").sha256
            doc_pdf = store.put_bytes(s, _pdf("文件", 1), "document.pdf").sha256
        section_ids = {}
        for pos, name in enumerate(SECTIONS):
            sid = s.scalar(select(Section.id).where(Section.name == name))
            if sid is None:
                sid = s.scalar(
                    insert(Section).values(name=name, position=pos).returning(Section.id)
                )
            section_ids[name] = sid
        serial = 0
        serials: dict[tuple[str, int], int] = {}  # 发文字号 run per agency and year
        n_docs = n_issues = 0
        for year in range(first_year, first_year + years):
            for number in range(1, issues_per_year + 1):
                serial += 1
                published = (
                    dt.date(year, number, 25)
                    if issues_per_year <= 12
                    else dt.date(year, 1, 1) + dt.timedelta(days=number * 365 // issues_per_year)
                )
                historical = historical_before is not None and year < historical_before
                issue_id = s.scalar(
                    insert(Issue)
                    .values(
                        year=year,
                        number=number,
                        serial=serial,
                        published_on=published,
                        status="published",
                        historical=historical,
                    )
                    .returning(Issue.id)
                )
                n_issues += 1
                docs = []
                for k in range(docs_per_issue):
                    issuer, code = ISSUERS[rng.randrange(len(ISSUERS))]
                    section = SECTIONS[min(k * len(SECTIONS) // docs_per_issue, len(SECTIONS) - 1)]
                    kind = {"人事任免": "人事任免", "政策解读": "政策解读"}.get(section, "公文")
                    title = f"{issuer}关于{rng.choice(TOPICS)}的{rng.choice(KINDS)}"
                    serial_no = serials[(code, year)] = serials.get((code, year), 0) + 1
                    number_text = f"{code}〔{year}〕{serial_no}号" if kind == "公文" else ""
                    day = published - dt.timedelta(days=rng.randrange(10, 40))
                    text = structure(rng, title, number_text, issuer, day, paragraphs, vocab)
                    docs.append(
                        dict(
                            kind=kind,
                            title=title,
                            doc_number=number_text or None,
                            issuer=issuer,
                            issued_on=day,
                            disclosure=PUBLIC_DISCLOSURE if kind == "公文" else None,
                            validity=rng.choices(("有效", "失效", "废止"), (90, 7, 3))[0],
                            historical=historical,
                            structure=text.to_json(),
                            body_text=text.plain_text(),
                            issuer_code=code,
                            doc_year=year,
                            doc_serial=serial_no,
                        )
                    )
                ids = list(
                    s.scalars(
                        insert(Document).returning(Document.id, sort_by_parameter_order=True), docs
                    )
                )
                s.execute(
                    insert(IssueItem),
                    [
                        dict(
                            issue_id=issue_id,
                            document_id=i,
                            position=k,
                            section_id=section_ids[
                                SECTIONS[
                                    min(k * len(SECTIONS) // docs_per_issue, len(SECTIONS) - 1)
                                ]
                            ],
                            page_start=2 + k * 2,
                            page_end=3 + k * 2,
                        )
                        for k, i in enumerate(ids)
                    ],
                )
                if pdfs and ids:
                    rows = [
                        dict(
                            document_id=ids[0],
                            sha256=issue_pdf,
                            role="scan_pdf" if historical else "issue_pdf",
                            name=f"{issue_label(year, number)}.pdf",
                        )
                    ]
                    if not historical:
                        rows += [
                            dict(
                                document_id=i, sha256=doc_pdf, role="document_pdf", name=f"{i}.pdf"
                            )
                            for i in ids
                        ]
                    s.execute(insert(DocumentFile), rows)
                n_docs += len(ids)
        uow.commit()
    return SynthReport(n_issues, n_docs)
