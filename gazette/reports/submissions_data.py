"""The figures of the notification report (报送选登情况通报) for a period, shared by PDF and XLSX.

Documents are selected by 印发日期 within the period; statuses are computed as of a date (by
default today).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.orm import Session

from gazette.office import settings
from gazette.submissions import queries, stats
from gazette.submissions.queries import DeskRow
from gazette.submissions.stats import DeptStats
from gazette.submissions.status import uncovered_banner


@dataclass
class ReportData:
    date_from: dt.date
    date_to: dt.date
    as_of: dt.date
    title: str
    period_label: str
    departments: list[DeptStats]
    total: DeptStats
    worst: list[DeptStats]
    rows: list[DeskRow]
    banner: str
    include_non_normative: bool
    office: str  # the office's 主办单位 from Settings: it signs the report

    def summary_lines(self) -> list[str]:
        """The short summary paragraphs of the report, in Chinese."""
        t = self.total
        kind = "文件" if self.include_non_normative else "规范性文件"
        lines = [
            f"本期（印发日期{cn(self.date_from)}至{cn(self.date_to)}）各部门共印发{kind}"
            f"{t.issued}件，已报送{t.submitted}件。其中按时报送{t.on_time}件，逾期报送"
            f"{t.late}件，逾期未报{t.never}件"
            + (f"，尚未到期{t.pending}件" if t.pending else "")
            + (f"，因工作日历未覆盖暂无法判定{t.uncovered}件" if t.uncovered else "")
            + f"；按时报送率{stats.percent(t.rate)}。经审核，选登{t.selected}件，"
            f"不予选登{t.declined}件。"
            + (f"退文{t.returned}件次。" if t.returned else "")
            + (
                f"应同步报送政策解读的{t.interp_needed}件，解读材料齐全{t.interp_complete}件；"
                f"报告门户发布日期的，解读在文件发布后3个工作日内上网{t.interp_on_time}件，"
                f"超过3个工作日{t.interp_late}件。"
                if t.interp_needed
                else ""
            )
        ]
        if self.worst:
            names = "；".join(
                f"{s.department}（按时报送率{stats.percent(s.rate)}，逾期报送{s.late}件，"
                f"逾期未报{s.never}件）"
                for s in self.worst
            )
            lines.append(
                f"报送情况较差的部门：{names}。请上述部门督促联络员按规定时限报送，"
                "逾期未报的文件请于收到本通报后3个工作日内补报。"
            )
        else:
            lines.append("本期各部门均按规定时限报送，特予通报表扬。")
        return lines


def cn(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def period_label(date_from: dt.date, date_to: dt.date) -> str:
    """年度 / 第N季度 / N月 when the period is one of those, else the two dates."""
    y = date_from.year
    if date_from == dt.date(y, 1, 1) and date_to == dt.date(y, 12, 31):
        return f"{y}年度"
    nxt = (date_to + dt.timedelta(days=1)).day == 1
    if date_from.day == 1 and nxt and date_from.year == date_to.year:
        months = date_to.month - date_from.month + 1
        if months == 1:
            return f"{y}年{date_from.month}月"
        if months == 3 and date_from.month in (1, 4, 7, 10):
            return f"{y}年第{'一二三四'[date_from.month // 3]}季度"
        if months == 6 and date_from.month in (1, 7):
            return f"{y}年{'上' if date_from.month == 1 else '下'}半年"
    return f"{cn(date_from)}至{cn(date_to)}"


def build(
    session: Session,
    date_from: dt.date,
    date_to: dt.date,
    as_of: dt.date | None = None,
    *,
    include_non_normative: bool = False,
) -> ReportData:
    if date_to < date_from:
        raise ValueError(f"统计期间有误：结束日期 {date_to} 早于开始日期 {date_from}")
    as_of = as_of or dt.date.today()
    desk = queries.desk(session, as_of, issued_from=date_from, issued_to=date_to)
    per = stats.by_department(
        desk.rows,
        include_non_normative=include_non_normative,
        departments=queries.departments(session),
    )
    office = settings.office_in(session, "publisher")["publisher"]
    label = period_label(date_from, date_to)
    return ReportData(
        date_from=date_from,
        date_to=date_to,
        as_of=as_of,
        title="规范性文件报送选登情况通报",
        period_label=label,
        departments=per,
        total=stats.totals(per),
        worst=stats.worst(per),
        rows=[r for r in desk.rows if include_non_normative or r.is_normative],
        banner=uncovered_banner(desk.missing_years),
        include_non_normative=include_non_normative,
        office=office,
    )
