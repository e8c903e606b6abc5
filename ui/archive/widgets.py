"""Widgets of the backlog screen: page image with a line box, burn-down chart, drop zone, and
the set-up every tab shares (an issue list kept on its choice, a row table, a row of buttons)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QColor,
    QDragEnterEvent,
    QDropEvent,
    QFont,
    QImage,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QPolygonF,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QBoxLayout,
    QComboBox,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from archive.plan import PlanStatus


def inform(parent: QWidget, title: str, text: str) -> None:
    """A plain notice once an op is done (its result in words); its 确定 is named for tests."""
    box = QMessageBox(QMessageBox.Icon.Information, title, text, parent=parent)
    ok = box.addButton(QMessageBox.StandardButton.Ok)
    ok.setObjectName("informOk")
    box.exec()


def issue_box(min_width: int, on_change: Callable[[], None] | None = None) -> QComboBox:
    """The tab's list of issues; ``on_change`` runs when a person picks another."""
    box = QComboBox()
    box.setMinimumWidth(min_width)
    if on_change is not None:
        box.currentIndexChanged.connect(lambda _i: on_change())
    return box


def refill(box: QComboBox, items: Iterable[tuple[str, Any]]) -> None:
    """Refill a list with (text, data), keeping the current choice when it is still there;
    signals are held while it is rebuilt (the caller loads the choice once, afterwards)."""
    current = box.currentData()
    box.blockSignals(True)
    box.clear()
    for text, data in items:
        box.addItem(text, data)
    box.setCurrentIndex(max(0, box.findData(current)))
    box.blockSignals(False)


def choose(box: QComboBox, data: Any) -> None:
    """Pick the item carrying ``data`` (opening an issue from the register)."""
    i = box.findData(data)
    if i >= 0:
        box.setCurrentIndex(i)


def row_table(
    model: QAbstractItemModel,
    stretch: int,
    widths: Iterable[tuple[int, int]] = (),
    *,
    many: bool = False,
) -> QTableView:
    """A table of whole rows over ``model``: no row numbers, ``stretch`` takes the free width."""
    table = QTableView()
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(
        QAbstractItemView.SelectionMode.ExtendedSelection
        if many
        else QAbstractItemView.SelectionMode.SingleSelection
    )
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    for col, width in widths:
        table.setColumnWidth(col, width)
    return table


def buttons(
    layout: QBoxLayout, actions: Iterable[tuple[str, Callable[[], None]]]
) -> dict[str, QPushButton]:
    """A button per (text, action) added to ``layout``; returned by text, for tests to click."""
    made = {}
    for text, action in actions:
        b = QPushButton(text)
        b.clicked.connect(lambda _=False, a=action: a())
        layout.addWidget(b)
        made[text] = b
    return made


STEP_COLOURS = {
    "located": "#8c8c8c",
    "scanned": "#1f77b4",
    "ocred": "#17becf",
    "proofread": "#2ca02c",
    "catalogued": "#ff7f0e",
    "published": "#d62728",
}


class PageView(QWidget):
    """A page image scaled to fit, with the selected line's box drawn over it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.image = QImage()
        self.box: list[list[float]] | None = None
        self.setMinimumSize(QSize(320, 420))

    def set_image(self, path: str | None) -> None:
        self.image = QImage(path) if path else QImage()
        self.box = None
        self.update()

    def set_box(self, box: list[list[float]] | None) -> None:
        self.box = box
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.fillRect(self.rect(), QColor("#6b6b6b"))
        if self.image.isNull():
            p.setPen(QColor("white"))
            p.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, "（未选择页面）")
            return
        scale = min(self.width() / self.image.width(), self.height() / self.image.height())
        w, h = self.image.width() * scale, self.image.height() * scale
        x0, y0 = (self.width() - w) / 2, (self.height() - h) / 2
        p.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        p.drawImage(QRectF(x0, y0, w, h), self.image)
        if self.box:
            poly = QPolygonF([QPointF(x0 + x * scale, y0 + y * scale) for x, y in self.box])
            p.setPen(QPen(QColor("#e53935"), 2))
            p.setBrush(QColor(229, 57, 53, 50))
            p.drawPolygon(poly)


class BurnDownChart(QWidget):
    """Remaining issues per step by week (solid) against the plan for 已发布 (dashed)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.status: PlanStatus | None = None
        self.setMinimumSize(QSize(520, 260))

    def set_status(self, status: PlanStatus | None) -> None:
        self.status = status
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(self.rect(), QColor("white"))
        st = self.status
        if st is None or not st.weeks_axis:
            p.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, "尚未制定计划")
            return
        left, top, right, bottom = 52, 16, 150, 36
        plot = QRectF(left, top, self.width() - left - right, self.height() - top - bottom)
        span = max(1.0, (st.deadline - st.start).days / 7)
        top_value = max(1, st.total)

        def pt(day: dt.date, value: float) -> QPointF:
            x = plot.left() + plot.width() * ((day - st.start).days / 7) / span
            return QPointF(x, plot.bottom() - plot.height() * value / top_value)

        p.setPen(QPen(QColor("#d0d0d0"), 1))
        small = QFont(self.font())
        small.setPointSizeF(8.5)
        p.setFont(small)
        for i in range(5):
            v = top_value * i / 4
            y = plot.bottom() - plot.height() * i / 4
            p.setPen(QPen(QColor("#e4e4e4"), 1))
            p.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            p.setPen(QColor("#555"))
            p.drawText(QRectF(0, y - 8, left - 6, 16), Qt.AlignmentFlag.AlignRight, f"{v:.0f}")
        for year in range(st.start.year, st.deadline.year + 1):
            day = max(st.start, dt.date(year, 1, 1))
            x = pt(day, 0).x()
            p.drawText(
                QRectF(x - 30, plot.bottom() + 4, 60, 16),
                Qt.AlignmentFlag.AlignHCenter,
                f"{day:%Y-%m}",
            )
        p.setPen(QPen(QColor("#333"), 1))
        p.drawRect(plot)
        # today and the deadline
        p.setPen(QPen(QColor("#999"), 1, Qt.PenStyle.DotLine))
        tx = pt(st.today, 0).x()
        p.drawLine(QPointF(tx, plot.top()), QPointF(tx, plot.bottom()))
        p.drawText(QPointF(tx + 3, plot.top() + 12), "今天")
        p.save()
        p.setClipRect(plot)
        planned = st.planned["published"]
        p.setPen(QPen(QColor("black"), 1.5, Qt.PenStyle.DashLine))
        p.drawPolyline(
            QPolygonF(
                [pt(d, v) for d, v in zip(st.weeks_axis, planned, strict=True)]
                + [pt(st.deadline, 0)]
            )
        )
        for s in st.steps:
            p.setPen(QPen(QColor(STEP_COLOURS[s.step]), 2))
            p.drawPolyline(
                QPolygonF([pt(d, v) for d, v in zip(st.weeks_axis, st.actual[s.step], strict=True)])
            )
            if s.forecast and s.remaining:
                p.setPen(QPen(QColor(STEP_COLOURS[s.step]), 1, Qt.PenStyle.DotLine))
                end = min(s.forecast, st.deadline + dt.timedelta(days=365))
                frac = (end - st.today).days / max(1, (s.forecast - st.today).days)
                p.drawLine(pt(st.today, s.remaining), pt(end, s.remaining * (1 - frac)))
        p.restore()
        # legend
        y = top + 4
        for s in st.steps:
            p.setPen(QPen(QColor(STEP_COLOURS[s.step]), 3))
            p.drawLine(
                QPointF(self.width() - right + 12, y + 6), QPointF(self.width() - right + 32, y + 6)
            )
            p.setPen(QColor("#222"))
            p.drawText(QPointF(self.width() - right + 38, y + 10), f"{s.label}（剩 {s.remaining}）")
            y += 18
        p.setPen(QPen(QColor("black"), 1.5, Qt.PenStyle.DashLine))
        p.drawLine(
            QPointF(self.width() - right + 12, y + 6), QPointF(self.width() - right + 32, y + 6)
        )
        p.setPen(QColor("#222"))
        p.drawText(QPointF(self.width() - right + 38, y + 10), "已发布 计划")
        y += 18
        p.drawText(QPointF(self.width() - right + 12, y + 10), "点线：按近期速度预测")


class DropZone(QLabel):
    """Accepts dropped folders and files of scans."""

    dropped = Signal(list)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("把扫描件文件夹或文件拖到这里\n（TIFF、JPEG、PNG、PDF）", parent)
        self.setAcceptDrops(True)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setMinimumHeight(90)
        self.setStyleSheet(
            "QLabel{border:2px dashed #8aa4c8;border-radius:8px;color:#4a5f7a;background:#f5f8fc;}"
        )

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            self.dropped.emit(paths)
            event.acceptProposedAction()


class HtmlDelegate(QStyledItemDelegate):
    """Paints a cell's UserRole HTML (low-confidence characters highlighted)."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Any) -> None:
        html = index.data(Qt.ItemDataRole.UserRole)
        if html is None:
            super().paint(painter, option, index)
            return
        self.initStyleOption(option, index)
        option.text = ""
        style = option.widget.style() if option.widget else None
        if style:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter, option.widget)
        doc = QTextDocument()
        doc.setDefaultFont(option.font)
        doc.setHtml(html)
        painter.save()
        painter.translate(
            option.rect.left() + 3,
            option.rect.top() + (option.rect.height() - doc.size().height()) / 2,
        )
        ctx = QAbstractTextDocumentLayout.PaintContext()
        if option.state & QStyle.StateFlag.State_Selected:
            ctx.palette.setColor(QPalette.ColorRole.Text, option.palette.highlightedText().color())
        doc.documentLayout().draw(painter, ctx)
        painter.restore()
