"""Cataloguing: cover check against the register, article proposals, confirmed Documents."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from archive import catalogue, register, workflow
from archive.catalogue import Article, propose, read_cover
from archive.models import OcrPage, ScanFile, ScanPage
from archive.register import Period
from gazette.db.models import Document, Issue, IssueItem, Section, StoredFile
from gazette.texts.model import DocumentText

PAGES = [
    (1, ["宿迁市人民政府公报", "2003年第7期", "总第45期", "2003年7月15日"]),
    (2, ["目录", "市政府文件", "宿迁市人民政府关于……的通知……1"]),
    (
        3,
        [
            "市政府文件",
            "宿政发〔2003〕12号",
            "宿迁市人民政府关于加强档案管理工作的通知",
            "各县、区人民政府，市政府各部门：",
            "为进一步加强档案管理工作，现就有关事项",
            "通知如下。",
            "一、提高认识",
            "各地要高度重视。",
            "2003年6月30日",
        ],
    ),
    (
        4,
        [
            "市政府办公室文件",
            "宿迁市人民政府办公室关于印发宿迁市档案借阅办法的通知",
            "各县、区人民政府：",
            "现将办法印发给你们，请认真贯彻执行。",
        ],
    ),
    (5, ["借阅档案须登记。", "2003年7月2日"]),
]


def test_read_cover() -> None:
    cover = read_cover("\n".join(PAGES[0][1]))
    assert (cover.year, cover.number, cover.serial, cover.published_on) == (
        2003,
        7,
        45,
        dt.date(2003, 7, 15),
    )


def test_proposals_from_docno_and_title_lines() -> None:
    arts = propose(PAGES)
    assert [a.title for a in arts] == [
        "宿迁市人民政府关于加强档案管理工作的通知",
        "宿迁市人民政府办公室关于印发宿迁市档案借阅办法的通知",
    ]
    first, second = arts
    assert (first.doc_number, first.issuer, first.section) == (
        "宿政发〔2003〕12号",
        "宿迁市人民政府",
        "市政府文件",
    )
    assert (first.page_start, first.page_end, first.issued_on) == (3, 3, "2003年6月30日")
    assert (second.doc_number, second.section, second.page_start, second.page_end) == (
        None,
        "市政府办公室文件",
        4,
        5,
    )
    assert second.issuer == "宿迁市人民政府办公室" and second.issued_on == "2003年7月2日"


def _entry_with_text(ctx, serial: int) -> int:
    with ctx.uow() as uow:
        register.register_period(uow, Period((2003, 1), (2003, 12), "monthly", 39))
        uow.commit()
    with ctx.uow() as uow:
        entry = register.find_entry(uow, 2003, 7)
        assert entry is not None
        s = uow.session
        s.add(StoredFile(sha256="a" * 64, size=1, original_name="x.png"))
        s.flush()
        scan = ScanFile(sha256="a" * 64, entry_id=entry, name="x.png", kind="image")
        s.add(scan)
        s.flush()
        for no, lines in PAGES:
            page = ScanPage(
                scan_file_id=scan.id,
                entry_id=entry,
                source_index=no,
                page_no=no,
                image_sha256="a" * 64,
            )
            s.add(page)
            s.flush()
            text = [t.replace("总第45期", f"总第{serial}期") for t in lines]
            s.add(
                OcrPage(
                    page_id=page.id,
                    engine="test",
                    lines=[
                        {"text": t, "box": None, "conf": 1.0, "chars": None, "corrected": None}
                        for t in text
                    ],
                )
            )
        workflow.advance(uow, [entry], "ocred", location="档案馆")
        workflow.advance(uow, [entry], "proofread")
        uow.commit()
    return entry


def test_cover_matches_register_and_fixes_the_date(ctx) -> None:
    entry = _entry_with_text(ctx, 45)
    with ctx.uow() as uow:
        status, diffs = catalogue.check_cover(uow, entry)
        uow.commit()
    assert status == "ok" and diffs == ["出版日期：封面为 2003-07-15，登记簿为 2003-07-01"]
    with ctx.uow() as uow:
        issue = uow.session.scalars(
            select(Issue).where(Issue.year == 2003, Issue.number == 7)
        ).one()
        assert issue.published_on == dt.date(2003, 7, 15)
        assert catalogue.mismatch_queue(uow) == []


def test_cover_mismatch_goes_to_the_queue_until_decided(ctx) -> None:
    entry = _entry_with_text(ctx, 46)
    with ctx.uow() as uow:
        status, diffs = catalogue.check_cover(uow, entry)
        uow.commit()
    assert status == "mismatch" and "总期号：封面为 46，登记簿为 45" in diffs
    with ctx.uow() as uow:
        assert catalogue.mismatch_queue(uow) == [entry]
        catalogue.resolve_cover(uow, entry, "cover", "原登记有误")
        uow.commit()
    with ctx.uow() as uow:
        assert catalogue.mismatch_queue(uow) == []
        (row,) = register.rows(uow, [entry])
    assert row.serial == 46 and row.cover_status == "resolved"


def test_confirm_creates_historical_documents_in_the_issue(ctx) -> None:
    entry = _entry_with_text(ctx, 45)
    with ctx.uow() as uow:
        arts = catalogue.proposals(uow, entry)
    arts.append(
        Article("人事任免通知", section="人事任免", page_start=5, page_end=5, body=["任命张三为……"])
    )
    with ctx.uow() as uow:
        ids = catalogue.confirm(uow, entry, arts)
        uow.commit()
    with ctx.uow() as uow:
        docs = [uow.session.get_one(Document, i) for i in ids]
        items = uow.session.scalars(select(IssueItem).order_by(IssueItem.position)).all()
        sections = {s.id: s.name for s in uow.session.scalars(select(Section))}
        (row,) = register.rows(uow, [entry])
        first = docs[0]
        assert first.historical and first.doc_number == "宿政发〔2003〕12号"
        assert (first.doc_year, first.doc_serial, first.issued_on) == (
            2003,
            12,
            dt.date(2003, 6, 30),
        )
        text = DocumentText.from_json(first.structure or {})
        assert text.title == first.title and text.doc_number == first.doc_number
        assert [b.kind for b in text.blocks] == ["paragraph", "paragraph", "heading1", "paragraph"]
        assert text.blocks[1].text == "为进一步加强档案管理工作，现就有关事项通知如下。"
        assert first.body_text == text.plain_text()
        assert [(i.page_start, i.page_end, sections[i.section_id]) for i in items] == [
            (3, 3, "市政府文件"),
            (4, 5, "市政府办公室文件"),
            (5, 5, "人事任免"),
        ]
        assert docs[2].kind == "其他"
    assert row.state == "catalogued"


def test_page_texts_give_each_page_its_lines_in_order(ctx) -> None:
    """What 重新提议 proposes from: the recognised lines page by page, a draft ignored."""
    entry = _entry_with_text(ctx, 45)
    with ctx.uow() as uow:
        pages = catalogue.page_texts(uow, entry)
    assert [no for no, _ in pages] == [no for no, _ in PAGES]
    assert pages[0][1][0] == PAGES[0][1][0]
    with ctx.uow() as uow:
        catalogue.save_draft(uow, entry, [Article("只有一篇")])
        uow.commit()
    with ctx.uow() as uow:
        assert [a.title for a in catalogue.proposals(uow, entry)] == ["只有一篇"]
        assert len(propose(catalogue.page_texts(uow, entry))) > 1
