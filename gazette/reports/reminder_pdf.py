"""Printable reminder letters (催报通知), one page per liaison officer."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import (
    HRFlowable,
    PageBreak,
    Paragraph,
    Spacer,
)

from gazette.layout.fonts import ensure_registered
from gazette.layout.pdfstyle import (
    RED,
    grid_table,
    styles,
    write_letter,
)
from gazette.office import settings
from gazette.reports.submissions_data import cn
from gazette.submissions.reminders import ReminderNotice
from gazette.submissions.status import OVERDUE


def write(notices: Iterable[ReminderNotice], path: Path | str) -> Path:
    """The letters, each signed by the office named in its notice (Settings' 主办单位)."""
    path = Path(path)
    notices = list(notices)
    office = notices[0].office if notices else ""
    if notices and not office:  # a letter is signed by the office: Settings must name it
        label, where = settings.IDENTITY["publisher"]
        raise settings.MissingSetting(f"尚未设置{label}，不能生成：请在“{where}”中填写后再试")
    st = styles()
    font = ensure_registered()["body"]
    story: list[object] = []
    for n, notice in enumerate(notices):
        if n:
            story.append(PageBreak())
        c = notice.contact
        story += [
            Paragraph("规范性文件催报通知", st["masthead"]),
            HRFlowable(width="100%", thickness=2, color=RED, spaceBefore=3 * mm, spaceAfter=6 * mm),
            Paragraph(f"{notice.department}{c.role_label}{c.name}同志：", st["body"]),
            Paragraph(
                f"根据规范性文件报送规定，各部门应在文件印发后5个工作日内报送{office}。"
                f"截至{cn(notice.as_of)}，贵单位下列文件尚未报送，请尽快报送纸质件及电子版。"
                "如已报送，请告知报送方式和日期，以便核对。",
                st["indent"],
            ),
            Spacer(1, 4 * mm),
        ]
        rows: list[list[object]] = [
            ["序号", "文件标题", "发文字号", "印发日期", "截止日期", "情况"]
        ]
        for i, r in enumerate(notice.items, start=1):
            state = (
                f"逾期{r.days if r.days is not None else '?'}个工作日"
                if r.status == OVERDUE
                else r.status.label
            )
            if r.returned_on is not None:  # the return is noted, with its reason
                state += f"；{r.returned_on.isoformat()}已退文：{r.return_reason}"
            rows.append(
                [
                    str(i),
                    Paragraph(r.title, st["cellLeft"]),
                    Paragraph(r.doc_number, st["cell"]),
                    r.issued_on.isoformat(),
                    r.deadline.isoformat() if r.deadline else "—",
                    state,
                ]
            )
        table = grid_table(rows, (9, 44, 40, 20, 20, 33), font)
        story.append(table)
        if notice.routing:
            story += [Spacer(1, 3 * mm), Paragraph(f"（{notice.routing}。）", st["body"])]
        contact = "　".join(x for x in (c.office_phone, c.mobile, c.email) if x)
        story += [
            Spacer(1, 12 * mm),
            Paragraph(office, st["right"]),
            Paragraph(cn(notice.as_of), st["right"]),
        ]
        if contact:
            story += [Spacer(1, 8 * mm), Paragraph(f"联络员联系方式：{contact}", st["cellLeft"])]
    if not story:
        story.append(Paragraph("当前没有需要催报的文件。", st["body"]))
    write_letter(
        path,
        story,
        title="规范性文件催报通知",
        author=office,
        footer_text=f"{office} · 催报通知",
    )
    return path
