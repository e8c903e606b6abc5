"""The November self-check (年度自查): each department reviews what it kept from the public.

For a year, every current 公文 of a department marked 依申请公开, 部分公开 or 不予公开, with
the legal basis and reason its drafter stated (or that none was stated), and how often the
office's 依申请公开 register shows it was requested. Each department replies (自查整改情况):
the date, its result, and the documents it now makes 公开 — which become selectable.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from gazette.db.models import (
    Department,
    DisclosureRequest,
    Document,
    SelfCheckReply,
    Submission,
)
from gazette.files import limits
from gazette.files import zips as zipguard
from gazette.office.auth import mutating, require
from gazette.submissions.register import SubmissionError, add_event
from gazette.texts import disclosure as disclosure_text
from gazette.texts import docno
from gazette.vocab import PUBLIC_DISCLOSURE, needs_disclosure

REGISTER_COLUMNS = ("申请日期", "申请内容", "对应文件")
NO_REASON = "（未说明依据和理由）"


@dataclass(frozen=True)
class Item:
    document_id: int
    title: str
    doc_number: str
    issued_on: dt.date | None
    disclosure: str
    basis: str
    reason: str
    requests: int

    @property
    def stated(self) -> str:
        """The basis and reason as one line, or that the drafter gave none."""
        parts = [p for p in (self.basis, self.reason) if p]
        return "；".join(parts) if parts else NO_REASON


@dataclass
class DepartmentCheck:
    department_id: int
    department: str
    items: list[Item] = field(default_factory=list)
    replied_on: dt.date | None = None
    result: str = ""
    opened: list[int] = field(default_factory=list)


def build(session: Session, year: int) -> list[DepartmentCheck]:
    """Per department (with anything to review), its non-public documents issued in ``year``."""
    requests = dict(
        session.execute(
            select(DisclosureRequest.document_id, func.count())
            .where(DisclosureRequest.document_id.is_not(None))
            .group_by(DisclosureRequest.document_id)
        ).all()
    )
    out: dict[int, DepartmentCheck] = {}
    stmt = (
        select(Document, Department.name)
        .join(Department, Department.id == Document.department_id)
        .where(
            Document.historical.is_(False),
            Document.issued_on >= dt.date(year, 1, 1),
            Document.issued_on <= dt.date(year, 12, 31),
            Document.disclosure.is_not(None),
        )
        .order_by(Department.name, Document.issued_on, Document.id)
    )
    for doc, dept in session.execute(stmt):
        value = disclosure_text.attribute(doc.disclosure or "")
        if not needs_disclosure(doc.kind) or value in (None, PUBLIC_DISCLOSURE):
            continue
        assert doc.department_id is not None
        check = out.setdefault(doc.department_id, DepartmentCheck(doc.department_id, dept))
        check.items.append(
            Item(
                doc.id,
                doc.title,
                doc.doc_number or "",
                doc.issued_on,
                value or "",
                doc.disclosure_basis,
                doc.disclosure_reason,
                int(requests.get(doc.id, 0)),
            )
        )
    for reply in session.scalars(select(SelfCheckReply).where(SelfCheckReply.year == year)):
        if reply.department_id not in out:  # all it kept back is public now: the reply shows
            name = session.get(Department, reply.department_id)
            out[reply.department_id] = DepartmentCheck(
                reply.department_id, name.name if name else ""
            )
        check = out[reply.department_id]
        check.replied_on, check.result = reply.replied_on, reply.result
        check.opened = [int(x) for x in reply.opened or []]
        listed = {i.document_id for i in check.items}
        for doc_id in check.opened:  # opened by the reply: still listed, marked as opened
            opened = session.get(Document, doc_id)
            if opened is not None and doc_id not in listed:
                check.items.append(
                    Item(
                        opened.id,
                        opened.title,
                        opened.doc_number or "",
                        opened.issued_on,
                        "已改为公开",
                        opened.disclosure_basis,
                        opened.disclosure_reason,
                        int(requests.get(opened.id, 0)),
                    )
                )
    return sorted(out.values(), key=lambda c: c.department)


@mutating
def record_reply(
    session: Session,
    department_id: int,
    year: int,
    replied_on: dt.date,
    result: str,
    opened: Iterable[int] = (),
) -> None:
    """Record a department's 自查整改情况; each document it opens becomes 此件公开发布."""
    require(session, "submissions.write")
    dept = session.get(Department, department_id)
    if dept is None:
        raise SubmissionError([("部门", f"部门（编号 {department_id}）不存在")])
    if not result.strip():
        raise SubmissionError([("自查结果", "自查结果为空")])
    opened = list(dict.fromkeys(opened))
    for doc_id in opened:
        doc = session.get(Document, doc_id)
        if doc is None or doc.department_id != department_id:
            raise SubmissionError(
                [("改为公开的文件", f"文件（编号 {doc_id}）不是{dept.name}的文件")]
            )
        if disclosure_text.attribute(doc.disclosure or "") == PUBLIC_DISCLOSURE:
            continue
        before = doc.disclosure
        doc.disclosure = PUBLIC_DISCLOSURE
        sub = session.scalars(select(Submission).where(Submission.document_id == doc.id)).first()
        if sub is not None:
            add_event(session, sub, "自查公开", f"{year}年度自查：由“{before}”改为“此件公开发布”")
    reply = session.scalars(
        select(SelfCheckReply).where(
            SelfCheckReply.department_id == department_id, SelfCheckReply.year == year
        )
    ).first()
    if reply is None:
        reply = SelfCheckReply(department_id=department_id, year=year)
        session.add(reply)
    reply.replied_on, reply.result = replied_on, result.strip()
    reply.opened = sorted(set(reply.opened or []) | set(opened))
    reply.recorded_by = str(session.info.get("user", ""))
    session.flush()


@dataclass
class RegisterImport:
    added: int = 0
    matched: int = 0
    problems: list[str] = field(default_factory=list)


@mutating
def import_register(session: Session, path: Path | str) -> RegisterImport:
    """Import the office's 依申请公开 register (申请日期, 申请内容, 对应文件); a row's 对应文件
    is matched by 发文字号, else by exact title. Bad rows are named and skipped."""
    require(session, "submissions.write")
    path = Path(path)
    if path.suffix.lower() not in (".xlsx", ".xlsm"):
        raise SubmissionError([("文件", f"{path.name}：只能导入 .xlsx 文件")])
    from openpyxl import load_workbook

    try:
        zipguard.check_archive(path)
        book = load_workbook(path, read_only=True, data_only=True)
    except (OSError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise SubmissionError([("文件", f"{path.name}：不是有效的 .xlsx 文件（{exc}）")]) from exc
    out = RegisterImport()
    try:
        rows = list(book.worksheets[0].iter_rows(values_only=True)) if book.worksheets else []
    finally:
        book.close()
    if len(rows) > limits.IMPORT_MAX_ROWS:
        raise SubmissionError([("文件", f"{path.name}：超过 {limits.IMPORT_MAX_ROWS} 行")])
    head = [str(c or "").strip() for c in (rows[0] if rows else ())]
    missing = [c for c in REGISTER_COLUMNS if c not in head]
    if missing:
        raise SubmissionError([("表头", f"{path.name}：第 1 行缺少“{'、'.join(missing)}”列")])
    at = {c: head.index(c) for c in REGISTER_COLUMNS}
    for number, cells in enumerate(rows[1:], start=2):
        if not any(cells):
            continue
        day, content, ref = (cells[at[c]] if at[c] < len(cells) else None for c in REGISTER_COLUMNS)
        if isinstance(day, dt.datetime):
            day = day.date()
        if isinstance(day, str):
            try:
                day = dt.date.fromisoformat(day.strip())
            except ValueError:
                day = None
        if not isinstance(day, dt.date):
            out.problems.append(f"{path.name} 第 {number} 行“申请日期”：不是日期")
            continue
        text = str(ref or "").strip()
        doc_id = _match(session, text)
        out.matched += doc_id is not None
        session.add(
            DisclosureRequest(
                applied_on=day,
                content=str(content or "").strip(),
                document_ref=text,
                document_id=doc_id,
            )
        )
        out.added += 1
    session.flush()
    return out


def _match(session: Session, text: str) -> int | None:
    if not text:
        return None
    try:
        number = docno.normalise(text)
    except docno.DocNumberError:
        number = None
    stmt = select(Document.id).where(Document.historical.is_(False))
    if number:
        stmt = stmt.where(or_(Document.doc_number == number, Document.title == text))
    else:
        stmt = stmt.where(Document.title == text.strip("《》"))
    return session.scalars(stmt.order_by(Document.id)).first()
