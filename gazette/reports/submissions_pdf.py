"""The notification report as a PDF in the office's official style, with a bar chart."""

from __future__ import annotations

from pathlib import Path

from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.shapes import Drawing, Line, String
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import (
    HRFlowable,
    KeepTogether,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from gazette.layout.fonts import ensure_registered
from gazette.layout.pdfstyle import (
    GRID,
    HEAD_FILL,
    RED,
    STRIPE,
    grid_table,
    styles,
    write_letter,
)
from gazette.reports.submissions_data import ReportData, cn
from gazette.submissions.stats import DeptStats, percent

HEADERS = (
    "序号",
    "部门",
    "印发",
    "已报送",
    "按时",
    "逾期报送",
    "逾期未报",
    "按时率",
    "选登",
    "不予选登",
)
WIDTHS_MM = (10, 50, 12, 13, 12, 15, 15, 15, 11, 13)


def _table(data: ReportData) -> Table:
    st = styles()
    head = [Paragraph(h, st["cell"]) for h in HEADERS]
    body: list[list[object]] = [head]

    def cells(i: str, s: DeptStats) -> list[object]:
        return [
            i,
            Paragraph(s.department, st["cellLeft"]),
            s.issued,
            s.submitted,
            s.on_time,
            s.late,
            s.never,
            percent(s.rate),
            s.selected,
            s.declined,
        ]

    for i, s in enumerate(data.departments, start=1):
        body.append(cells(str(i), s))
    body.append(cells("", data.total))
    table = grid_table(body, WIDTHS_MM, ensure_registered()["body"], 9.5)
    style = [
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("LINEABOVE", (0, -1), (-1, -1), 1.0, colors.black),
        ("BACKGROUND", (0, -1), (-1, -1), HEAD_FILL),
    ]
    for row in range(2, len(body) - 1, 2):
        style.append(("BACKGROUND", (0, row), (-1, row), STRIPE))
    worst = {s.department_id for s in data.worst}
    for row, s in enumerate(data.departments, start=1):
        if s.department_id in worst:
            style.append(("TEXTCOLOR", (7, row), (7, row), RED))
        if s.never:
            style.append(("TEXTCOLOR", (6, row), (6, row), RED))
    table.setStyle(TableStyle(style))
    return table


INTERP_HEADERS = ("序号", "部门", "退文", "应附解读", "解读齐全", "解读按时上网", "解读超期")
INTERP_WIDTHS_MM = (10, 56, 16, 20, 20, 26, 18)


def interpretation_table(data: ReportData) -> Table:
    """Returns and interpretation timeliness per department (the open-government rules)."""
    st = styles()
    body: list[list[object]] = [[Paragraph(x, st["cell"]) for x in INTERP_HEADERS]]
    shown = [s for s in data.departments if s.returned or s.interp_needed]
    for i, s in enumerate(shown, start=1):
        body.append(
            [
                str(i),
                Paragraph(s.department, st["cellLeft"]),
                s.returned,
                s.interp_needed,
                s.interp_complete,
                s.interp_on_time,
                s.interp_late,
            ]
        )
    t = data.total
    body.append(
        [
            "",
            "合计",
            t.returned,
            t.interp_needed,
            t.interp_complete,
            t.interp_on_time,
            t.interp_late,
        ]
    )
    table = grid_table(body, INTERP_WIDTHS_MM, ensure_registered()["body"], 9.5)
    style = [
        ("BACKGROUND", (0, -1), (-1, -1), HEAD_FILL),
    ]
    for row, s in enumerate(shown, start=1):
        if s.interp_late or s.interp_complete < s.interp_needed:
            style.append(("TEXTCOLOR", (4, row), (6, row), RED))
    table.setStyle(TableStyle(style))
    return table


def chart(data: ReportData, width: float = 166 * mm) -> Drawing:
    """Horizontal bars of the on-time rate per department (departments with documents due)."""
    font = ensure_registered()["body"]
    items = [s for s in data.departments if s.due]
    items.sort(key=lambda s: s.rate or 0.0, reverse=True)  # category 0 is drawn at the bottom
    bar_h = 13
    height = max(80, bar_h * len(items) + 50)
    drawing = Drawing(width, height)
    if not items:
        drawing.add(
            String(
                width / 2,
                height / 2,
                "本期无到期文件",
                fontName=font,
                fontSize=10,
                textAnchor="middle",
            )
        )
        return drawing
    bc = HorizontalBarChart()
    bc.x, bc.y = 150, 28
    bc.width, bc.height = width - bc.x - 40, bar_h * len(items)
    bc.data = [[round((s.rate or 0.0) * 100, 1) for s in items]]
    bc.categoryAxis.categoryNames = [s.department for s in items]
    bc.categoryAxis.labels.fontName = font
    bc.categoryAxis.labels.fontSize = 8.5
    bc.categoryAxis.labels.boxAnchor = "e"
    bc.categoryAxis.labels.dx = -4
    bc.categoryAxis.strokeColor = GRID
    bc.valueAxis.valueMin, bc.valueAxis.valueMax, bc.valueAxis.valueStep = 0, 100, 20
    bc.valueAxis.labels.fontName = font
    bc.valueAxis.labels.fontSize = 8
    bc.valueAxis.labelTextFormat = "%d%%"
    bc.valueAxis.visibleGrid = True
    bc.valueAxis.gridStrokeColor = colors.HexColor("#DDDDDD")
    bc.valueAxis.strokeColor = GRID
    bc.bars[0].fillColor = colors.HexColor("#2F5597")
    bc.bars[0].strokeColor = None
    bc.barLabelFormat = "%.1f%%"
    bc.barLabels.fontName = font
    bc.barLabels.fontSize = 7.5
    bc.barLabels.boxAnchor = "w"
    bc.barLabels.dx = 3
    worst = {s.department_id for s in data.worst}
    for i, s in enumerate(items):
        if s.department_id in worst:
            bc.bars[(0, i)].fillColor = RED
    drawing.add(bc)
    # the office-wide rate as a dashed reference line
    if data.total.rate is not None:
        x = bc.x + bc.width * data.total.rate
        line = Line(x, bc.y - 4, x, bc.y + bc.height + 4, strokeColor=colors.HexColor("#C55A11"))
        line.strokeDashArray = [3, 2]
        drawing.add(line)
        drawing.add(
            String(
                x,
                bc.y + bc.height + 8,
                f"全市平均 {percent(data.total.rate)}",
                fontName=font,
                fontSize=8,
                textAnchor="middle",
                fillColor=colors.HexColor("#C55A11"),
            )
        )
    return drawing


def write(data: ReportData, path: Path | str) -> Path:
    """Write the report PDF atomically; returns the path."""
    path = Path(path)
    st = styles()
    story: list[object] = [
        Paragraph("规范性文件报送情况通报", st["masthead"]),
        Spacer(1, 2 * mm),
        Paragraph(f"（{data.period_label}）", st["subtitle"]),
        Spacer(1, 2 * mm),
        Paragraph(f"{data.office}　　　　　　　　{cn(data.as_of)}", st["subtitle"]),
        HRFlowable(width="100%", thickness=2, color=RED, spaceBefore=3 * mm, spaceAfter=1),
        HRFlowable(width="100%", thickness=0.6, color=RED, spaceBefore=1, spaceAfter=5 * mm),
        Paragraph(f"关于{data.period_label}各部门{data.title[:-2]}的通报", st["title"]),
        Spacer(1, 4 * mm),
        Paragraph("各县（区）人民政府，市各委、办、局，市各直属单位：", st["body"]),
        Paragraph(
            "根据规范性文件报送和政府公报刊登的有关规定，各部门印发的规范性文件应在印发后5个"
            f"工作日内报送{data.office}。现将{data.period_label}各部门报送及公报选登情况通报如下"
            f"（统计截至{cn(data.as_of)}，工作日按国务院办公厅节假日安排计算，含调休）。",
            st["indent"],
        ),
        Paragraph("一、总体情况", st["h1"]),
        Paragraph(data.summary_lines()[0], st["indent"]),
        Paragraph("二、需要改进的部门", st["h1"]),
        Paragraph(data.summary_lines()[1], st["indent"]),
    ]
    if data.banner:
        story += [Spacer(1, 3 * mm), Paragraph("注意：" + data.banner, st["banner"])]
    story += [
        Paragraph("三、各部门报送选登情况", st["h1"]),
        _table(data),
        Spacer(1, 2 * mm),
        Paragraph(
            "说明：按时率 = 按时报送 ÷（按时报送 + 逾期报送 + 逾期未报）；尚未到期的文件不计入。"
            "红色标示报送情况较差的部门。",
            st["cellLeft"],
        ),
        KeepTogether([Paragraph("四、退文与政策解读情况", st["h1"]), interpretation_table(data)]),
        Spacer(1, 2 * mm),
        Paragraph(
            "说明：退文按次计；报送日期以完整材料送达之日为准，退文后重新报送的，按重新报送日期"
            "判定是否按时。解读按时上网指政策解读在文件于政府门户网站发布后3个工作日内发布"
            "（以部门报告的日期为准）。",
            st["cellLeft"],
        ),
        KeepTogether(
            [
                Paragraph("五、各部门按时报送率", st["h1"]),
                chart(data),
                Paragraph(
                    "注：只列有到期文件的部门；红色为报送情况较差的部门，虚线为全市平均按时报送率。",
                    st["cellLeft"],
                ),
            ]
        ),
        Spacer(1, 10 * mm),
        Paragraph(data.office, st["right"]),
        Paragraph(cn(data.as_of), st["right"]),
    ]
    write_letter(
        path,
        story,
        title=f"{data.period_label}{data.title}",
        author=data.office,
        footer_text=f"{data.office} · {data.period_label}报送选登情况通报",
        subject="规范性文件报送选登情况通报",
    )
    return path
