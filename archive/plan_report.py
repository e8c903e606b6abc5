"""A one-page progress report for the leadership: the burn-down chart and the figures.

Drawn with ReportLab (``reportlab.graphics`` for the chart), fonts from gazette.layout.fonts.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.charts.lineplots import LinePlot
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from archive.plan import PlanStatus
from gazette.files.atomic import atomic_writer
from gazette.layout.fonts import ensure_registered

STEP_COLOURS = {
    "located": colors.HexColor("#8c8c8c"),
    "scanned": colors.HexColor("#1f77b4"),
    "ocred": colors.HexColor("#17becf"),
    "proofread": colors.HexColor("#2ca02c"),
    "catalogued": colors.HexColor("#ff7f0e"),
    "published": colors.HexColor("#d62728"),
}


def burn_down_drawing(st: PlanStatus, width: float, height: float, font: str) -> Drawing:
    """Remaining issues per step by week (solid), and the plan for 已发布 (dashed)."""
    d = Drawing(width, height)
    lp = LinePlot()
    lp.x, lp.y = 34, 40
    lp.width, lp.height = width - 150, height - 60
    origin = st.start
    series, names = [], []

    def pts(values: list[int]) -> list[tuple[float, float]]:
        return [((day - origin).days / 7, v) for day, v in zip(st.weeks_axis, values, strict=True)]

    for s in st.steps:
        series.append(pts(st.actual[s.step]))
        names.append((STEP_COLOURS[s.step], f"{s.label} 实际"))
    planned = pts(st.planned["published"])
    planned.append(((st.deadline - origin).days / 7, 0))  # the plan runs on to the deadline
    series.append(planned)
    names.append((colors.black, "已发布 计划"))
    lp.data = series
    for i, s in enumerate(st.steps):
        lp.lines[i].strokeColor = STEP_COLOURS[s.step]
        lp.lines[i].strokeWidth = 1.4
    last = len(st.steps)
    lp.lines[last].strokeColor = colors.black
    lp.lines[last].strokeDashArray = (4, 3)
    lp.xValueAxis.valueMin = 0
    lp.xValueAxis.valueMax = max(1.0, (st.deadline - origin).days / 7)
    lp.yValueAxis.valueMin = 0
    lp.yValueAxis.valueMax = max(1, st.total)
    for axis in (lp.xValueAxis, lp.yValueAxis):
        axis.labels.fontName = font
        axis.labels.fontSize = 7
    lp.xValueAxis.labelTextFormat = lambda w: f"{int(w)}周"
    d.add(lp)
    legend = Legend()
    legend.x, legend.y = width - 108, height - 20
    legend.fontName, legend.fontSize = font, 7.5
    legend.colorNamePairs = names
    legend.dx, legend.dy, legend.deltay = 8, 6, 11
    legend.columnMaximum = len(names)
    legend.alignment = "right"
    d.add(legend)
    d.add(String(34, 12, "横轴：自计划开始的周数；纵轴：剩余期数", fontName=font, fontSize=7))
    return d


def write_report(st: PlanStatus, path: Path, gazette_name: str = "政府公报") -> Path:
    """Write the one-page report to ``path`` (atomically) and return it."""
    font = ensure_registered()["body"]
    title = ParagraphStyle("t", fontName=font, fontSize=16, leading=22, alignment=1)
    body = ParagraphStyle("b", fontName=font, fontSize=9.5, leading=14, wordWrap="CJK")
    warn = ParagraphStyle("w", parent=body, textColor=colors.HexColor("#b00020"))
    forecast = st.forecast
    when = f"{forecast:%Y年%m月%d日}" if forecast else "无法预计（有步骤近期无进展）"
    story = [
        Paragraph(f"{gazette_name}历史公报数字化进度报告", title),
        Spacer(1, 2 * mm),
        Paragraph(
            f"报告日期 {st.today:%Y年%m月%d日}　计划 {st.start:%Y-%m-%d} 至 {st.deadline:%Y-%m-%d}　"
            f"共 {st.total} 期　速度按近 {st.weeks} 周计　预计完成：{when}",
            body,
        ),
    ]
    story += [Paragraph("警告：" + w, warn) for w in st.warnings()] or [
        Paragraph("各步骤预计均可在截止日期前完成。", body)
    ]
    story.append(Spacer(1, 2 * mm))
    story.append(burn_down_drawing(st, 180 * mm, 78 * mm, font))
    head = ["步骤", "已完成", "剩余", "计划剩余", "近期每周", "需每周", "预计完成"]
    data: list[list[str]] = [head]
    for s in st.steps:
        data.append(
            [
                s.label,
                str(s.done),
                str(s.remaining),
                str(s.planned_remaining),
                f"{s.per_week:.1f}",
                f"{s.needed_per_week:.1f}",
                s.forecast.isoformat() if s.forecast else "无进展",
            ]
        )
    story.append(_table(data, font, late_rows=[i + 1 for i, s in enumerate(st.steps) if s.late]))
    story.append(Spacer(1, 3 * mm))
    people = [["人员", f"近 {st.weeks} 周完成步骤数"]] + [[p, str(n)] for p, n in st.by_person[:12]]
    if len(people) == 1:
        people.append(["—", "0"])
    story.append(_table(people, font, widths=[40 * mm, 40 * mm]))
    with atomic_writer(path, "wb") as fh:
        SimpleDocTemplate(
            fh,
            pagesize=A4,
            leftMargin=15 * mm,
            rightMargin=15 * mm,
            topMargin=14 * mm,
            bottomMargin=12 * mm,
            title="历史公报数字化进度报告",
            author=gazette_name,
        ).build(story)
    return path


def _table(
    data: list[list[str]],
    font: str,
    late_rows: list[int] | None = None,
    widths: list[float] | None = None,
) -> Table:
    table = Table(data, colWidths=widths, hAlign="LEFT")
    style = [
        ("FONTNAME", (0, 0), (-1, -1), font),
        ("FONTSIZE", (0, 0), (-1, -1), 8.5),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#dde6f0")),
        ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#9aa5b1")),
        ("ALIGN", (1, 1), (-1, -1), "RIGHT"),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]
    for r in late_rows or []:
        style.append(("TEXTCOLOR", (0, r), (-1, r), colors.HexColor("#b00020")))
    table.setStyle(TableStyle(style))
    return table


def default_name(today: dt.date) -> str:
    return f"数字化进度报告-{today:%Y%m%d}.pdf"
