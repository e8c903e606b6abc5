"""Demo part: the open-government rules at work on the desk.

- 市政府's 生活垃圾分类管理办法 (宿政规发〔2026〕3号) has arrived without its interpretation: the
  desk flags it for a person to return (退文); the planned issue holds it and its 政策解读.
- The first 市政府 normative document on the desk was returned for its missing interpretation
  and resubmitted with its 解读方案 and 解读材料.
- 市人社局's 依申请公开 notice is returned for stating no reason, and resubmitted with one.
- The desk's other 市政府 / 市政府办公室 normative documents mostly carry their materials, with
  portal dates, one interpretation put up late.
- Non-public documents state a basis and reason (some of this year's do not), the 依申请公开
  register names a few, and every department has answered last year's self-check.

It uses its own random generator, so the parts after it see the same draws as before.
"""

from __future__ import annotations

import datetime as dt
import random

from sqlalchemy import select
from sqlalchemy.orm import Session

from gazette.calendar.store import load_calendar
from gazette.context import AppContext
from gazette.db.models import Department, DisclosureRequest, Document, Submission
from gazette.office.auth import mutating
from gazette.submissions import interpretation, returns, selection, selfcheck
from gazette.submissions.register import SubmissionData, record
from gazette.submissions.status import StatusCalculator
from gazette.texts import disclosure as disclosure_text
from gazette.vocab import PUBLIC_DISCLOSURE

LAJI = "宿政规发〔2026〕3号"
YISHENQING = "宿人社发〔2026〕17号"
BASIS = {
    "此件依申请公开": (
        "《中华人民共和国政府信息公开条例》第二十七条",
        "仅涉及特定单位和人员的工作安排，公众可依申请获取",
    ),
    "此件部分公开": (
        "《中华人民共和国政府信息公开条例》第十五条、第三十七条",
        "附件含个人信息，删除后公开正文",
    ),
    "此件不予公开": (
        "《中华人民共和国政府信息公开条例》第十六条",
        "属于内部事务信息，公开后可能影响正常工作秩序",
    ),
}


def _doc(s: Session, number: str) -> Document:
    doc = s.scalars(select(Document).where(Document.doc_number == number)).first()
    if doc is None:
        raise ValueError(f"演示数据：找不到文件 {number}（documents 部分应先载入）")
    return doc


def _arrive(s: Session, doc: Document, day: dt.date, channel: str) -> None:
    """Register the document on the desk as the department sent it."""
    assert doc.department_id is not None and doc.issued_on is not None
    record(
        s,
        SubmissionData(
            department_id=doc.department_id,
            title=doc.title,
            doc_number=doc.doc_number or "",
            issued_on=doc.issued_on,
            received_on=day,
            channel=channel,
            disclosure=doc.disclosure or PUBLIC_DISCLOSURE,
            is_normative=doc.is_normative,
        ),
        same_is_ok=True,
    )


def _laji(s: Session) -> None:
    """The 办法 arrives without its interpretation: the desk flags it, for a person to return."""
    doc = _doc(s, LAJI)
    assert doc.issued_on is not None
    _arrive(s, doc, doc.issued_on + dt.timedelta(days=1), "电子邮件")


def _returned_for_interpretation(s: Session) -> None:
    """The latest 市政府 normative document on the desk whose only gap is its interpretation:
    returned, resubmitted complete. Which documents the desk holds follows the day the demo is
    loaded, so the latest may lack a 公开属性 reason too, and a resubmission is refused then."""
    rows = s.execute(
        select(Document, Submission)
        .join(Submission, Submission.document_id == Document.id)
        .where(
            Document.is_normative.is_(True),
            Document.issuer == "宿迁市人民政府",
            Submission.received_on <= dt.date.today() - dt.timedelta(days=10),
            Submission.decision.is_(None),
        )
        .order_by(Document.issued_on.desc())  # this year's, so this year's 通报 counts it
    )
    doc, sub = next(
        (d, sub)
        for d, sub in rows
        if set(interpretation.return_reasons(s, d)) <= {interpretation.MISSING_INTERPRETATION}
    )
    assert sub.received_on is not None
    first = sub.received_on
    returns.return_submission(s, doc.id, "解读材料不齐全", "未附解读方案", first)
    again = first + dt.timedelta(days=2)
    interpretation.add_material(s, doc.id, "解读方案", again, "文字")
    interpretation.add_material(s, doc.id, "解读材料", again, "图解")
    returns.resubmit(s, doc.id, again, "公文交换系统")
    assert doc.issued_on is not None
    interpretation.set_portal_dates(s, doc.id, doc.issued_on, doc.issued_on + dt.timedelta(1))


def _yishenqing(s: Session) -> None:
    doc = _doc(s, YISHENQING)
    assert doc.issued_on is not None
    first = doc.issued_on + dt.timedelta(days=3)
    _arrive(s, doc, first, "纸质")
    returns.return_submission(s, doc.id, "公开属性理由缺失", "", first + dt.timedelta(days=1))
    interpretation.set_disclosure_reason(s, doc.id, *BASIS["此件依申请公开"])
    returns.resubmit(s, doc.id, first + dt.timedelta(days=3), "纸质")
    selection.decide(s, doc.id, "不予选登", "公开属性为“此件依申请公开”，不在公报刊登")


def _desk(s: Session, rng: random.Random) -> None:
    """Materials and portal dates for the desk's 市政府 / 市政府办公室 normative documents."""
    late_done = False
    calc = StatusCalculator(load_calendar(s))

    def late_at(issued: dt.date) -> bool:
        """Whether a week's gap is late as the desk counts it: which documents the desk holds
        follows the day the demo is loaded, and a week over National Day, or into the year the
        calendar does not cover, is not."""
        return interpretation.portal_on_time(calc, issued, issued + dt.timedelta(days=7)) is False

    rows = s.execute(
        select(Document, Submission)
        .join(Submission, Submission.document_id == Document.id)
        .where(Document.is_normative.is_(True), Submission.received_on.is_not(None))
        .order_by(Document.id)
    )
    for doc, sub in rows:
        if doc.doc_number == LAJI or not interpretation.needs_interpretation(s, doc):
            continue
        if rng.random() < 0.2:
            continue  # the materials never came: the desk shows it as incomplete
        assert sub.received_on is not None and doc.issued_on is not None
        interpretation.add_material(s, doc.id, "解读方案", sub.received_on)
        interpretation.add_material(
            s, doc.id, "解读材料", sub.received_on, rng.choice(("文字", "图解", "问答"))
        )
        # one put up late this year
        late = not late_done and doc.issued_on.year == 2026 and late_at(doc.issued_on)
        gap = 7 if late else rng.randint(0, 2)
        late_done = late_done or late
        interpretation.set_portal_dates(
            s, doc.id, doc.issued_on, doc.issued_on + dt.timedelta(days=gap)
        )


def _reasons_and_selfcheck(s: Session, rng: random.Random) -> None:
    docs = s.scalars(
        select(Document)
        .where(Document.historical.is_(False), Document.disclosure.is_not(None))
        .order_by(Document.id)
    ).all()
    kept: dict[int, list[Document]] = {}
    for doc in docs:
        value = disclosure_text.attribute(doc.disclosure or "")
        if value not in BASIS or doc.issued_on is None or doc.doc_number == YISHENQING:
            continue
        if doc.issued_on.year == 2025 or rng.random() < 0.6:  # some of this year's state none
            interpretation.set_disclosure_reason(s, doc.id, *BASIS[value])
        if doc.issued_on.year == 2025 and doc.department_id is not None:
            kept.setdefault(doc.department_id, []).append(doc)
    for n, (dept_id, items) in enumerate(sorted(kept.items())):
        for doc in items[:2]:  # the register shows who asked for what
            for k in range(1 + (n % 3)):
                s.add(
                    DisclosureRequest(
                        applied_on=dt.date(2025, 6 + k, 10),
                        content=f"申请获取《{doc.title}》全文",
                        document_ref=doc.doc_number or doc.title,
                        document_id=doc.id,
                    )
                )
        opened = [items[0].id] if n % 4 == 0 else []
        dept = s.get(Department, dept_id)
        result = (
            f"经自查，{dept.name if dept else ''}2025年度标注为非公开的{len(items)}件文件"
            + (f"中1件应当主动公开，已改为公开；其余{len(items) - 1}件" if opened else "")
            + "公开属性标注准确，依据和理由充分。"
        )
        selfcheck.record_reply(s, dept_id, 2025, dt.date(2025, 11, 28), result, opened)


@mutating
def load(ctx: AppContext, rng: random.Random) -> None:
    own = random.Random(20261118)  # the shared generator is left untouched
    with ctx.uow() as uow:
        s = uow.session
        _laji(s)
        _returned_for_interpretation(s)
        _yishenqing(s)
        _desk(s, own)
        _reasons_and_selfcheck(s, own)
        uow.commit()
