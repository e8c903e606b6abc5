"""Recording a submission, registering an expected document, and completing one on arrival.

One function, ``record``, serves the form and the import, so both apply the same checks:
the 发文字号 is normalised and unique, a received date never precedes the issuance date, an
expected document's arrival completes its record (history keeps the arrival), and attachments go
to the content-addressed store once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from gazette.db.models import Department, Document, DocumentFile, Submission, SubmissionEvent
from gazette.files.store import FileStore
from gazette.office.auth import mutating, require
from gazette.office.conflicts import check_version, flush_guarded
from gazette.submissions import attached_text
from gazette.texts import docno
from gazette.vocab import DISCLOSURES, GONGWEN, PUBLIC_DISCLOSURE

CHANNELS: tuple[str, ...] = ("纸质", "电子邮件", "公文交换系统")
ATTACHMENT_SUFFIXES = frozenset(
    {".pdf", ".docx", ".doc", ".wps", ".ofd", ".jpg", ".jpeg", ".png", ".tif", ".tiff", ".bmp"}
)


class SubmissionError(ValueError):
    """A refused submission. ``problems`` lists (field, reason) pairs, in Chinese."""

    def __init__(self, problems: list[tuple[str, str]]) -> None:
        self.problems = problems
        super().__init__("；".join(f"{f}：{r}" if f else r for f, r in problems))


@dataclass
class SubmissionData:
    department_id: int | None
    title: str
    doc_number: str
    issued_on: dt.date | None
    received_on: dt.date | None = None
    channel: str = ""
    disclosure: str = PUBLIC_DISCLOSURE
    is_normative: bool = True
    liaison_name: str = ""
    note: str = ""


@dataclass
class Outcome:
    document_id: int
    action: str  # 新登记 / 预期登记 / 到达 / 无变化
    doc_number: str
    warnings: list[str] = field(default_factory=list)
    files_added: int = 0
    files_duplicate: list[str] = field(default_factory=list)
    text_from: str = ""  # the attachment the document's text was read from, if any


def validate(data: SubmissionData) -> list[tuple[str, str]]:
    """Field problems that need no database: title, number, dates, disclosure, channel."""
    problems: list[tuple[str, str]] = []
    if data.department_id is None:
        problems.append(("报送单位", "未选择报送单位"))
    if not data.title or not data.title.strip():
        problems.append(("文件标题", "文件标题为空"))
    try:
        docno.parse(data.doc_number)
    except docno.DocNumberError as exc:
        problems.append(("发文字号", str(exc)))
    if data.issued_on is None:
        problems.append(("印发日期", "印发日期为空"))
    elif data.received_on is not None and data.received_on < data.issued_on:
        problems.append(
            (
                "报送日期",
                f"报送日期 {data.received_on.isoformat()} 早于印发日期 "
                f"{data.issued_on.isoformat()}，不可能收到尚未印发的文件",
            )
        )
    if data.disclosure not in DISCLOSURES:
        problems.append(
            ("公开属性", f"“{data.disclosure}”不是公开属性，应为：" + "、".join(DISCLOSURES))
        )
    if data.channel and data.channel not in CHANNELS:
        problems.append(("报送方式", f"“{data.channel}”应为：" + "、".join(CHANNELS)))
    return problems


def issuer_warning(number: str, department: Department) -> str | None:
    """A warning when the number's issuer code is not one of the department's codes."""
    code = docno.parse(number).code
    codes = list(department.issuer_codes or [])
    if codes and code not in codes:
        return (
            f"发文字号的机关代字“{code}”不是{department.name}的代字（"
            + "、".join(codes)
            + "），请核对报送单位"
        )
    return None


def add_event(session: Session, sub: Submission, kind: str, detail: str = "") -> None:
    sub.events.append(
        SubmissionEvent(kind=kind, detail=detail, actor=str(session.info.get("user", "")))
    )


def find_by_number(session: Session, number: str) -> tuple[Document, Submission | None] | None:
    doc = session.scalars(
        select(Document).where(Document.doc_number == number, Document.historical.is_(False))
    ).first()
    if doc is None:
        return None
    sub = session.scalars(select(Submission).where(Submission.document_id == doc.id)).first()
    return doc, sub


def _differences(doc: Document, data: SubmissionData, dept_names: dict[int, str]) -> list[str]:
    diffs = []

    def name(dept_id: int | None) -> str:
        return dept_names.get(dept_id or 0, "（无）")

    if doc.department_id != data.department_id:
        diffs.append(
            f"报送单位：已登记为“{name(doc.department_id)}”，本次为“{name(data.department_id)}”"
        )
    if doc.title.strip() != data.title.strip():
        diffs.append(f"文件标题：已登记为“{doc.title}”，本次为“{data.title.strip()}”")
    if doc.issued_on != data.issued_on:
        diffs.append(f"印发日期：已登记为 {doc.issued_on}，本次为 {data.issued_on}")
    if (doc.disclosure or PUBLIC_DISCLOSURE) != data.disclosure:
        diffs.append(f"公开属性：已登记为“{doc.disclosure}”，本次为“{data.disclosure}”")
    if bool(doc.is_normative) != bool(data.is_normative):
        yes = {True: "是", False: "否"}
        diffs.append(
            f"是否规范性文件：已登记为“{yes[bool(doc.is_normative)]}”，"
            f"本次为“{yes[bool(data.is_normative)]}”"
        )
    return diffs


@mutating
def record(
    session: Session,
    data: SubmissionData,
    files: Iterable[Path] = (),
    store: FileStore | None = None,
    *,
    same_is_ok: bool = False,
    expected_version: int | None = None,
) -> Outcome:
    """Register a submission (or an expected document, when ``received_on`` is empty).

    ``same_is_ok``: the import passes True so that re-importing a row already stored changes
    nothing; the form passes False so that typing a stored number again is refused.
    ``expected_version``: the form filled from a desk row passes the submission version it
    showed; a submission saved by someone else meanwhile raises ConflictError, and a matching
    version makes the save an edit of that record's arrival (date, channel, liaison).
    The caller commits.
    """
    require(session, "submissions.write")
    problems = validate(data)
    if problems:
        raise SubmissionError(problems)
    assert data.issued_on is not None and data.department_id is not None
    dept = session.get(Department, data.department_id)
    if dept is None:
        raise SubmissionError([("报送单位", f"报送单位（编号 {data.department_id}）不存在")])
    number = docno.normalise(data.doc_number)
    warnings = [w for w in [issuer_warning(number, dept)] if w]
    found = find_by_number(session, number)
    if found is None:
        outcome = _create(session, data, number, dept)
    else:
        outcome = _update_existing(session, data, number, found, same_is_ok, expected_version)
    outcome.warnings = warnings
    if files:
        _attach(session, outcome, files, store)
    return outcome


def _create(session: Session, data: SubmissionData, number: str, dept: Department) -> Outcome:
    parsed = docno.parse(number)
    doc = Document(
        kind=GONGWEN,
        title=data.title.strip(),
        doc_number=number,
        issuer_code=parsed.code,
        doc_year=parsed.year,
        doc_serial=parsed.serial,
        issuer=dept.name,
        department_id=dept.id,
        issued_on=data.issued_on,
        disclosure=data.disclosure,
        is_normative=data.is_normative,
        note=data.note,
    )
    session.add(doc)
    session.flush()
    expected = data.received_on is None
    sub = Submission(
        document_id=doc.id,
        received_on=data.received_on,
        channel=data.channel,
        liaison_name=data.liaison_name,
        expected=expected,
        decision_reason="",
        decided_by="",
    )
    session.add(sub)
    if expected:
        add_event(session, sub, "预期登记", "已知已印发、尚未收到")
    else:
        detail = f"{data.received_on}收到" + (f"，{data.channel}" if data.channel else "")
        add_event(session, sub, "登记", detail)
    session.flush()
    return Outcome(doc.id, "预期登记" if expected else "新登记", number)


def _update_existing(
    session: Session,
    data: SubmissionData,
    number: str,
    found: tuple[Document, Submission | None],
    same_is_ok: bool,
    expected_version: int | None = None,
) -> Outcome:
    doc, sub = found
    if sub is not None and expected_version is not None:
        check_version(session, sub, expected_version)  # names who changed what
    names = dict(session.execute(select(Department.id, Department.name)).all())
    diffs = _differences(doc, data, names)
    if diffs:
        raise SubmissionError([("发文字号", f"{number} 已登记，但内容不一致：" + "；".join(diffs))])
    if sub is None:  # a document another wing created: start tracking it
        sub = Submission(document_id=doc.id, expected=True, decision_reason="", decided_by="")
        session.add(sub)
    if sub.returned_on is not None and data.received_on is not None:
        # a returned submission arrives again: the rules of a resubmission apply (complete)
        from gazette.submissions.returns import resubmit  # returns builds on this module

        resubmit(session, doc.id, data.received_on, data.channel)
        return Outcome(doc.id, "重新报送", number)
    if sub.received_on is None and data.received_on is not None:
        sub.received_on = data.received_on
        sub.channel = data.channel or sub.channel
        sub.liaison_name = data.liaison_name or sub.liaison_name
        add_event(
            session,
            sub,
            "到达",
            f"预期文件于 {data.received_on} 收到" + (f"，{data.channel}" if data.channel else ""),
        )
        flush_guarded(session, sub)
        return Outcome(doc.id, "到达", number)
    if expected_version is not None and data.received_on is not None:
        return _amend_arrival(session, data, number, doc, sub)
    if data.received_on is not None and sub.received_on != data.received_on:
        raise SubmissionError(
            [
                (
                    "报送日期",
                    f"{number} 已于 {sub.received_on} 登记收到，本次报送日期为 "
                    f"{data.received_on}，不一致",
                )
            ]
        )
    if not same_is_ok:
        raise SubmissionError([("发文字号", f"发文字号 {number} 已登记，不能重复登记")])
    return Outcome(doc.id, "无变化", number)


def _amend_arrival(
    session: Session, data: SubmissionData, number: str, doc: Document, sub: Submission
) -> Outcome:
    """An edit of the record the user opened (its version matched): correct the arrival."""
    before = (sub.received_on, sub.channel, sub.liaison_name)
    sub.received_on = data.received_on
    sub.channel = data.channel
    sub.liaison_name = data.liaison_name
    if (sub.received_on, sub.channel, sub.liaison_name) == before:
        return Outcome(doc.id, "无变化", number)
    add_event(
        session,
        sub,
        "更正到达",
        f"{data.received_on}收到" + (f"，{data.channel}" if data.channel else ""),
    )
    flush_guarded(session, sub)
    return Outcome(doc.id, "更正到达", number)


def _attach(
    session: Session, outcome: Outcome, files: Iterable[Path], store: FileStore | None
) -> None:
    if store is None:
        raise ValueError("附件需要文件库")
    have = set(
        session.scalars(
            select(DocumentFile.sha256).where(DocumentFile.document_id == outcome.document_id)
        )
    )
    for path in files:
        path = Path(path)
        if path.suffix.lower() not in ATTACHMENT_SUFFIXES:
            raise SubmissionError(
                [("附件", f"{path.name} 的类型不受支持（可附 PDF、DOCX、WPS、OFD、图片）")]
            )
        stored = store.put_file(session, path)
        if stored.duplicate or stored.sha256 in have:
            outcome.files_duplicate.append(path.name)
        if stored.sha256 in have:
            continue
        have.add(stored.sha256)
        session.add(
            DocumentFile(
                document_id=outcome.document_id,
                sha256=stored.sha256,
                role="attachment",
                name=path.name,
            )
        )
        outcome.files_added += 1
        _read_text(session, outcome, path)


def _read_text(session: Session, outcome: Outcome, path: Path) -> None:
    doc = session.get(Document, outcome.document_id)
    if doc is None or doc.structure:
        return
    warning = attached_text.read_into(doc, path)
    if warning:
        outcome.warnings.append(warning)
    elif doc.structure:
        outcome.text_from = path.name
    session.flush()
