"""Demo part: two years (2025–2026) of normative documents per department on the desk.

Each department gets a record profile (diligent, average, careless), so the dashboard and the
report have something to say. Dates cluster around the Spring Festival, National Day and 调休
weekends; a few documents are issued in late December 2026, whose deadlines need the uncovered
2027 calendar. Runs after the ``departments`` part and reads departments from the database.
"""

from __future__ import annotations

import datetime as dt
import random

from sqlalchemy import select
from sqlalchemy.orm import Session

from gazette.calendar.store import load_calendar
from gazette.context import AppContext
from gazette.db.models import Department, Liaison, Submission
from gazette.demo.interpretations import LAJI, YISHENQING
from gazette.office.auth import mutating
from gazette.submissions import queries, reminders, selection
from gazette.submissions.register import CHANNELS, SubmissionData, record
from gazette.submissions.status import StatusCalculator
from gazette.vocab import DISCLOSURES

SUBJECTS = (
    "城市道路挖掘管理办法",
    "政府投资项目管理办法",
    "公共资源交易管理暂行办法",
    "中小学校服管理规定",
    "最低生活保障实施细则",
    "住房公积金缴存管理办法",
    "既有住宅加装电梯实施意见",
    "农村公路养护管理办法",
    "财政专项资金管理办法",
    "安全生产约谈实施办法",
    "养老服务补贴发放办法",
    "建筑垃圾管理规定",
    "户外广告设置管理办法",
    "招商引资项目评估办法",
    "医疗保障基金监管办法",
    "消防安全责任制实施办法",
    "重大行政决策程序规定",
    "外卖配送电动车管理办法",
    "科技创新券管理办法",
    "人才安居补贴实施细则",
    "国有资产出租管理办法",
    "河湖长制工作考核办法",
    "食品小作坊监督管理办法",
    "职业技能提升补贴办法",
)
KINDS = ("关于印发{}的通知", "关于进一步加强{}的实施意见", "关于修订{}的通知")
SPECIAL_DATES = (
    # around the Spring Festival and its 调休 weekends
    "2025-01-22",
    "2025-01-24",
    "2025-01-26",
    "2025-02-07",
    "2025-02-08",
    "2026-02-10",
    "2026-02-13",
    "2026-02-14",
    "2026-02-27",
    "2026-02-28",
    # around National Day
    "2025-09-26",
    "2025-09-28",
    "2025-09-30",
    "2025-10-10",
    "2025-10-11",
    "2026-09-25",
    "2026-09-30",
    "2026-10-09",
    "2026-10-10",
    # late December 2026: deadlines in 2027, which the shipped calendar does not cover (used only
    # once the demo's "today" has reached them: a document is never issued in the future)
    "2026-12-24",
    "2026-12-25",
    "2026-12-28",
    "2026-12-29",
)
# documents whose arrival the interpretations part tells, on dates of its own: the desk here
# must not register them first under a random date
TOLD_LATER = frozenset({LAJI, YISHENQING})
PROFILES = {"diligent": (0.92, 0.06), "average": (0.72, 0.18), "careless": (0.45, 0.30)}
DECLINE_REASONS = (
    "内容为内部工作安排，不宜刊登",
    "已被新文件替代，不再刊登",
    "篇幅过长，改为网站发布",
)


def _codes(dept: Department, i: int) -> str:
    codes = list(dept.issuer_codes or [])
    return codes[0] if codes else f"宿{(dept.short_name or dept.name).strip('市')[:2]}发"


@mutating
def load(ctx: AppContext, rng: random.Random, today: dt.date | None = None) -> None:
    """Fill the desk as it stands on ``today``; nothing is issued or received after that day."""
    today = today or min(dt.date.today(), dt.date(2026, 12, 31))
    with ctx.uow() as uow:
        s = uow.session
        depts = list(s.scalars(select(Department).where(Department.active.is_(True))))
        if not depts:
            raise ValueError("演示数据：报送台账需要先载入部门（departments 部分）")
        liaisons = {
            lia.department_id: lia.name
            for lia in s.scalars(select(Liaison).where(Liaison.role == "primary"))
        }
        profiles = ["diligent", "average", "careless"]
        serials: dict[tuple[str, int], int] = {}
        specials = [d for d in map(dt.date.fromisoformat, SPECIAL_DATES) if d <= today]
        for di, dept in enumerate(depts):
            profile = profiles[0 if di % 4 in (0, 1) else (1 if di % 4 == 2 else 2)]
            on_time_p, late_p = PROFILES[profile]
            code = _codes(dept, di)
            span = (today - dt.date(2025, 1, 2)).days
            dates = [dt.date(2025, 1, 2) + dt.timedelta(days=rng.randrange(span)) for _ in range(7)]
            dates += rng.sample(specials, 4)
            dates.append(today - dt.timedelta(days=rng.randint(2, 9)))  # due soon or pending
            for k, issued in enumerate(sorted(dates)):
                year = issued.year
                serials[(code, year)] = serials.get((code, year), 0) + rng.randint(1, 4)
                number = f"{code}〔{year}〕{serials[(code, year)]}号"
                while number in TOLD_LATER:  # which numbers come up follows the day loaded
                    serials[(code, year)] += 1
                    number = f"{code}〔{year}〕{serials[(code, year)]}号"
                title = rng.choice(KINDS).format(rng.choice(SUBJECTS))
                normative = rng.random() > 0.1
                disclosure = rng.choices(DISCLOSURES, weights=(70, 15, 8, 7))[0]
                received, expected = _arrival(rng, issued, today, on_time_p, late_p)
                if k == 0 and profile != "diligent":  # every such office has sent one late
                    received, expected = issued + dt.timedelta(days=20), False
                data = SubmissionData(
                    department_id=dept.id,
                    title=title,
                    doc_number=number,
                    issued_on=issued,
                    received_on=None if expected else received,
                    channel=rng.choice(CHANNELS),
                    disclosure=disclosure,
                    is_normative=normative,
                    liaison_name=liaisons.get(dept.id, ""),
                )
                out = record(s, data, same_is_ok=True)
                if expected and received is not None:  # registered early, arrived later
                    data.received_on = received
                    record(s, data, same_is_ok=True)
                _backdate_history(s, out.document_id, issued, received)
                if received is not None and received <= today:
                    _decide(s, rng, out.document_id, disclosure)
        s.flush()
        calc = StatusCalculator(load_calendar(s))
        rows = queries.desk(s, today, calc).rows
        notices = reminders.build(s, rows, today)
        for notice in notices[: max(1, len(notices) // 2)]:
            reminders.record_sent(s, notice, rng.choice(reminders.METHODS))
        uow.commit()


def _arrival(
    rng: random.Random, issued: dt.date, today: dt.date, on_time_p: float, late_p: float
) -> tuple[dt.date | None, bool]:
    """(received date or None, registered as expected first)."""
    roll = rng.random()
    if roll < on_time_p:
        received: dt.date | None = issued + dt.timedelta(days=rng.randint(0, 6))
    elif roll < on_time_p + late_p:
        received = issued + dt.timedelta(days=rng.randint(9, 30))
    else:
        received = None
    if received is not None and received > today:
        received = None
    expected = received is None or rng.random() < 0.08
    return received, expected


def _backdate_history(
    s: Session, document_id: int, issued: dt.date, received: dt.date | None
) -> None:
    sub = s.scalars(select(Submission).where(Submission.document_id == document_id)).one()
    for ev in sub.events:
        day = received if ev.kind in ("登记", "到达") and received else issued
        # half past nine at the office, stored in UTC as every recorded time is
        ev.at = dt.datetime.combine(day, dt.time(9, 30)).astimezone(dt.UTC).replace(tzinfo=None)


def _decide(s: Session, rng: random.Random, document_id: int, disclosure: str) -> None:
    roll = rng.random()
    if disclosure == DISCLOSURES[0]:
        if roll < 0.6:
            selection.decide(s, document_id, "选登")
        elif roll < 0.72:
            selection.decide(s, document_id, "不予选登", rng.choice(DECLINE_REASONS))
    elif roll < 0.5:
        selection.decide(s, document_id, "不予选登", f"公开属性为“{disclosure}”，不在公报刊登")
