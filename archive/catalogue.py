"""Cataloguing: read the cover, propose the issue's articles, and confirm them as Documents.

The cover's year, number, 总第N期 and date confirm the register entry; a mismatch goes to a
queue for a person. Articles are proposed from the text: a 发文字号 line or a title line
(…关于…的通知/决定/办法…) starts one; section headings (栏目) set the section. A person edits the
proposals; confirming creates historical ``Document`` rows with their ``DocumentText`` and
places them in the issue with ``IssueItem`` (page range, section).

A confirmed article becomes searchable in the same transaction: the search index is a step
of the unit of work (``gazette.search.hooks``), so nothing here calls the index.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from dataclasses import asdict, dataclass, field
from typing import Any

from sqlalchemy import func, select

from archive import workflow
from archive.models import ArchiveEntry, OcrPage, ScanPage
from archive.ocr import line_text
from gazette.db import UnitOfWork
from gazette.db.models import Document, Issue, IssueItem, Section
from gazette.office.auth import mutating, require
from gazette.office.conflicts import check_version, flush_guarded
from gazette.texts import docno
from gazette.texts.model import Block, DocumentText

SECTIONS = ("市政府文件", "市政府办公室文件", "部门文件", "人事任免", "政策解读", "公告", "其他")
_TITLE_END = re.compile(
    r"(通知|决定|意见|办法|规定|批复|公告|通告|报告|方案|细则|规划|条例|命令|函|纪要)$"
)
_DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_COVER_NO = re.compile(r"(\d{4})\s*年\s*第\s*(\d{1,3})\s*期")
_SERIAL = re.compile(r"总\s*第\s*(\d{1,5})\s*期")
_HEADINGS = (
    (re.compile(r"^[一二三四五六七八九十]+、"), "heading1"),
    (re.compile(r"^（[一二三四五六七八九十]+）"), "heading2"),
    (re.compile(r"^\d+[.．]"), "heading3"),
)


@dataclass
class Cover:
    year: int | None = None
    number: int | None = None
    serial: int | None = None
    published_on: dt.date | None = None


def read_cover(text: str) -> Cover:
    """What a cover says: 2003年第7期, 总第45期, 2003年7月1日 (any of them may be missing)."""
    cover = Cover()
    if m := _COVER_NO.search(text):
        cover.year, cover.number = int(m[1]), int(m[2])
    if m := _SERIAL.search(text):
        cover.serial = int(m[1])
    if m := _DATE.search(text):
        with contextlib.suppress(ValueError):
            cover.published_on = dt.date(int(m[1]), int(m[2]), int(m[3]))
    return cover


def page_texts(uow: UnitOfWork, entry_id: int) -> list[tuple[int, list[str]]]:
    """(page number, recognised lines) of an issue's pages, in order: what proposals start from."""
    rows = uow.session.execute(
        select(ScanPage.page_no, OcrPage.lines)
        .join(OcrPage, OcrPage.page_id == ScanPage.id)
        .where(ScanPage.entry_id == entry_id)
        .order_by(ScanPage.page_no)
    ).all()
    return [(int(no), [line_text(ln) for ln in lines]) for no, lines in rows]


@mutating
def check_cover(uow: UnitOfWork, entry_id: int) -> tuple[str, list[str]]:
    """Compare the cover with the register; returns (status, differences) and records both
    (the caller commits)."""
    require(uow, "archive.write")
    pages = page_texts(uow, entry_id)
    if not pages:
        raise ValueError("该期尚无识别文字，无法核对封面")
    cover = read_cover("\n".join(pages[0][1]))
    entry = uow.session.get_one(ArchiveEntry, entry_id)
    issue = uow.session.get_one(Issue, entry.issue_id)
    diffs = []
    pairs = (
        ("年份", cover.year, issue.year),
        ("期号", cover.number, issue.number or None),
        ("总期号", cover.serial, issue.serial),
        ("出版日期", cover.published_on, issue.published_on),
    )
    for name, seen, registered in pairs:
        if seen is None:
            diffs.append(f"封面上未识别出{name}")
        elif registered is not None and seen != registered:
            diffs.append(f"{name}：封面为 {seen}，登记簿为 {registered}")
    # a date that is only approximate in the register (generated) is not a conflict by itself
    hard = [d for d in diffs if not d.startswith("出版日期")]
    status = "mismatch" if hard else "ok"
    entry.cover = {
        k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in asdict(cover).items()
    }
    entry.cover_status = status
    if status == "ok" and cover.published_on and issue.published_on != cover.published_on:
        issue.published_on = cover.published_on  # the printed date is the better source
    uow.session.flush()
    return status, diffs


def mismatch_queue(uow: UnitOfWork) -> list[int]:
    return list(
        uow.session.scalars(select(ArchiveEntry.id).where(ArchiveEntry.cover_status == "mismatch"))
    )


@mutating
def resolve_cover(uow: UnitOfWork, entry_id: int, trust: str, note: str = "") -> None:
    """A person decides: ``register`` (the cover was misread) or ``cover`` (fix the register)."""
    require(uow, "archive.write")
    entry = uow.session.get_one(ArchiveEntry, entry_id)
    issue = uow.session.get_one(Issue, entry.issue_id)
    if trust == "cover" and entry.cover:
        if entry.cover.get("serial") is not None:
            issue.serial = int(entry.cover["serial"])
        if entry.cover.get("published_on"):
            issue.published_on = dt.date.fromisoformat(entry.cover["published_on"])
    elif trust != "register":
        raise ValueError("只能选择以登记簿或以封面为准")
    entry.cover_status = "resolved"
    if note:
        entry.note = (entry.note + "\n" if entry.note else "") + note
    uow.session.flush()


@dataclass
class Article:
    """A proposed (and, once edited, confirmed) article of an issue."""

    title: str
    doc_number: str | None = None
    issuer: str = ""
    issued_on: str | None = None  # as printed, e.g. 2003年7月1日
    page_start: int = 1
    page_end: int = 1
    section: str = ""
    body: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Article:
        return cls(**{k: data[k] for k in cls.__dataclass_fields__ if k in data})


def _is_title(line: str) -> bool:
    s = line.strip()
    return 6 <= len(s) <= 60 and "关于" in s and bool(_TITLE_END.search(s)) and not s.endswith("。")


def _issuer(title: str) -> str:
    head = title.split("关于", 1)[0].strip()
    return head if 2 <= len(head) <= 30 else ""


def _section(line: str) -> str | None:
    s = line.strip()
    return s if s in SECTIONS else None


def propose(pages: list[tuple[int, list[str]]], skip_cover: bool = True) -> list[Article]:
    """Split an issue's text into articles (cover and contents pages skipped)."""
    articles: list[Article] = []
    section = ""
    pending_no: str | None = None
    for page_no, lines in pages[1:] if skip_cover and len(pages) > 1 else pages:
        if any(ln.strip() in ("目录", "目　录") for ln in lines[:3]):
            continue
        for raw in lines:
            line = raw.strip()
            if not line:
                continue
            if (name := _section(line)) is not None:
                section = name
                continue
            found = docno.find_all(line)
            if found and len(line) <= len(str(found[0])) + 4:
                pending_no = str(found[0])
                continue
            if _is_title(line):
                articles.append(
                    Article(line, pending_no, _issuer(line), None, page_no, page_no, section)
                )
                pending_no = None
                continue
            if articles:
                art = articles[-1]
                art.page_end = page_no
                if pending_no:  # a number that started no title belongs to the text
                    art.body.append(pending_no)
                    pending_no = None
                if m := _DATE.fullmatch(line):
                    art.issued_on = m[0]
                art.body.append(line)
    return articles


def proposals(uow: UnitOfWork, entry_id: int) -> list[Article]:
    """The saved draft if there is one, else fresh proposals from the recognised text."""
    draft = uow.session.scalar(
        select(ArchiveEntry.catalogue_draft).where(ArchiveEntry.id == entry_id)
    )
    if draft:
        return [Article.from_json(a) for a in draft]
    return propose(page_texts(uow, entry_id))


def draft_version(uow: UnitOfWork, entry_id: int) -> int:
    """The entry's version as this unit of work sees it, read before its draft so a save against
    it can never be blind (after a save: the one to save against next)."""
    return uow.session.scalar(select(ArchiveEntry.version).where(ArchiveEntry.id == entry_id)) or 0


@mutating
def save_draft(
    uow: UnitOfWork,
    entry_id: int,
    articles: list[Article],
    *,
    expected_version: int | None = None,
) -> None:
    """Keep the cataloguer's article list; ``expected_version`` (from ``draft_version``) makes
    a draft someone else saved meanwhile raise ConflictError instead of being replaced."""
    require(uow, "archive.write")
    entry = uow.session.get_one(ArchiveEntry, entry_id)
    if expected_version is not None:
        check_version(uow.session, entry, expected_version)
    entry.catalogue_draft = [a.to_json() for a in articles]
    flush_guarded(uow.session, entry)


def paragraphs(lines: list[str]) -> list[Block]:
    """Visual lines to blocks: a line ending a sentence closes a paragraph; headings stand alone."""
    blocks: list[Block] = []
    current = ""
    full = max((len(ln) for ln in lines), default=0)
    for line in lines:
        kind = next((k for pat, k in _HEADINGS if pat.match(line)), None)
        if kind and not current:
            blocks.append(Block(kind, line))
            continue
        if kind:
            blocks.append(Block("paragraph", current))
            current = ""
            blocks.append(Block(kind, line))
            continue
        current += line
        if line.endswith(("。", "：", "！", "？", "；")) and len(line) < 0.9 * full:
            blocks.append(Block("paragraph", current))
            current = ""
    if current:
        blocks.append(Block("paragraph", current))
    return blocks


def _parse_date(text: str | None) -> dt.date | None:
    if text and (m := _DATE.search(text)):
        try:
            return dt.date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            return None
    return None


@mutating
def confirm(
    uow: UnitOfWork,
    entry_id: int,
    articles: list[Article],
    *,
    expected_version: int | None = None,
) -> list[int]:
    """Create the historical Documents and place them in the issue; returns the document ids.

    ``expected_version`` refuses (ConflictError) articles edited on a stale copy of the entry.
    """
    require(uow, "archive.write")
    s = uow.session
    entry = s.get_one(ArchiveEntry, entry_id)
    if expected_version is not None:
        check_version(s, entry, expected_version)
    if s.scalar(
        select(func.count()).select_from(IssueItem).where(IssueItem.issue_id == entry.issue_id)
    ):
        raise ValueError("该期已编目；如需修改请先退回")
    ids = []
    for pos, art in enumerate(articles, start=1):
        if not art.title.strip():
            raise ValueError(f"第 {pos} 篇缺少标题")
        number = docno.parse(art.doc_number) if art.doc_number else None
        body = [b for b in art.body if b.strip() and b.strip() != (art.issued_on or "")]
        text = DocumentText(
            title=art.title.strip(),
            doc_number=str(number) if number else None,
            blocks=paragraphs(body),
            signature=[art.issuer] if art.issuer else [],
            date=art.issued_on,
        )
        doc = Document(
            kind="公文" if number or art.issuer else "其他",
            title=text.title,
            doc_number=text.doc_number,
            issuer_code=number.code if number else None,
            doc_year=number.year if number else None,
            doc_serial=number.serial if number else None,
            issuer=art.issuer,
            issued_on=_parse_date(art.issued_on),
            historical=True,
            body_text=text.plain_text(),
            structure=text.to_json(),
        )
        s.add(doc)
        s.flush()
        section_id = None
        if art.section:
            section = s.scalar(select(Section).where(Section.name == art.section))
            if section is None:
                section = Section(name=art.section, position=len(SECTIONS))
                s.add(section)
                s.flush()
            section_id = section.id
        s.add(
            IssueItem(
                issue_id=entry.issue_id,
                document_id=doc.id,
                section_id=section_id,
                position=pos,
                page_start=art.page_start,
                page_end=art.page_end,
            )
        )
        ids.append(doc.id)
    entry.catalogue_draft = [a.to_json() for a in articles]
    s.flush()
    if workflow.index(entry.state) == workflow.index("proofread"):
        workflow.advance(uow, [entry_id], "catalogued", note=f"编目 {len(ids)} 篇")
    return ids
