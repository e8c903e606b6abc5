"""Per-department dashboard: due, on time, late, never received, on-time rate, average delay."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtWidgets import (
    QHeaderView,
    QLabel,
    QScrollArea,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from gazette.submissions import stats
from gazette.submissions.queries import DeskRow
from ui.submissions.chart import RateChart
from ui.submissions.models import StatsModel


class Dashboard(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = StatsModel(self)
        proxy = QSortFilterProxyModel(self)
        proxy.setSourceModel(self.model)
        proxy.setSortRole(Qt.ItemDataRole.UserRole)
        self.view = QTableView()
        self.view.setModel(proxy)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(0, Qt.SortOrder.AscendingOrder)  # the indicator says what is shown
        self.view.verticalHeader().hide()
        self.view.verticalHeader().setDefaultSectionSize(22)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.total = QLabel()
        self.total.setWordWrap(True)
        self.chart = RateChart()
        scroll = QScrollArea()
        scroll.setWidget(self.chart)
        scroll.setWidgetResizable(True)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.view)
        split.addWidget(scroll)
        split.setSizes([330, 420])
        layout = QVBoxLayout(self)
        layout.addWidget(self.total)
        layout.addWidget(split, 1)

    def show_stats(
        self,
        rows: Sequence[DeskRow],
        departments: Sequence[tuple[int, str]],
        start: dt.date | None,
        end: dt.date | None,
        as_of: dt.date,
    ) -> None:
        """Figures over the 印发日期 range (all dates when ``start``/``end`` are empty)."""
        per = stats.by_department(rows, issued_from=start, issued_to=end, departments=departments)
        total = stats.totals(per)
        self.model.set_rows(per)
        period = (
            f"印发日期 {start.isoformat()} 至 {end.isoformat()}"
            if start and end
            else "全部印发日期"
        )
        delay = "—" if total.average_delay is None else f"{total.average_delay:.1f}"
        self.total.setText(
            f"{period}，截至 {as_of.isoformat()}：规范性文件 {total.issued} 件，"
            f"到期 {total.due} 件，按时 {total.on_time}，逾期报送 {total.late}，"
            f"逾期未报 {total.never}，按时报送率 {stats.percent(total.rate)}，"
            f"平均逾期 {delay} 个工作日（在“台账”中勾选印发日期可按期间统计）"
        )
        self.chart.set_stats(per, total.rate)
