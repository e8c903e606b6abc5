"""A horizontal bar chart of on-time rate per department, drawn with QPainter."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from gazette.submissions.stats import DeptStats


class RateChart(QWidget):
    BAR = 18

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.items: list[DeptStats] = []
        self.average: float | None = None
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setMinimumHeight(120)

    def set_stats(self, stats: Sequence[DeptStats], average: float | None) -> None:
        self.items = sorted((s for s in stats if s.due), key=lambda s: s.rate or 0.0)
        self.average = average
        self.setMinimumHeight(max(120, 40 + self.BAR * len(self.items) + 30))
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(self.rect(), QColor("white"))
        if not self.items:
            p.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, "没有已到期的文件")
            p.end()
            return
        top, right = 28, 60
        metrics = QFontMetrics(self.font())
        widest = max(metrics.horizontalAdvance(s.department) for s in self.items)
        left = min(widest + 16, int(self.width() * 0.4))  # whole names unless the window is narrow
        width = max(50, self.width() - left - right)
        p.setPen(QColor("#333333"))
        p.drawText(8, 18, "各部门按时报送率（红色：低于全市平均）")
        # grid
        for pct in range(0, 101, 20):
            x = left + width * pct / 100
            p.setPen(QPen(QColor("#DDDDDD"), 1))
            p.drawLine(int(x), top, int(x), top + self.BAR * len(self.items))
            p.setPen(QColor("#666666"))
            p.drawText(
                QRectF(x - 20, top + self.BAR * len(self.items) + 2, 40, 16),
                Qt.AlignmentFlag.AlignCenter,
                f"{pct}%",
            )
        avg = self.average
        for i, s in enumerate(self.items):  # worst first: what the editor acts on
            y = top + i * self.BAR
            rate = s.rate or 0.0
            low = avg is not None and rate < avg
            p.setPen(QColor("#222222"))
            p.drawText(
                QRectF(4, y, left - 10, self.BAR),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                metrics.elidedText(s.department, Qt.TextElideMode.ElideLeft, left - 12),
            )
            bar = QRectF(left, y + 3, width * rate, self.BAR - 6)
            p.fillRect(bar, QColor("#C00000") if low else QColor("#2F5597"))
            p.drawText(
                QRectF(left + width * rate + 4, y, 60, self.BAR),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                f"{rate * 100:.1f}%",
            )
        if avg is not None:
            x = left + width * avg
            p.setPen(QPen(QColor("#C55A11"), 1, Qt.PenStyle.DashLine))
            p.drawLine(int(x), top - 4, int(x), top + self.BAR * len(self.items))
        p.end()
