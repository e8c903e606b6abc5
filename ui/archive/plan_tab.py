"""计划: the burn-down chart, the forecast with its warnings, figures by step, the PDF report."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from archive import plan
from archive.plan_report import default_name, write_report
from gazette.context import AppContext
from gazette.office import settings
from gazette.progress import Reporter
from ui.archive.models import StepsModel
from ui.archive.widgets import BurnDownChart
from ui.errors import show_error
from ui.tasks import TaskRunner


class PlanTab(QWidget):
    def __init__(self, ctx: AppContext, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.runner = ctx, runner
        self.status: plan.PlanStatus | None = None
        self.chart = BurnDownChart()
        self.headline = QLabel()
        self.headline.setWordWrap(True)
        self.model = StepsModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.setMaximumHeight(210)
        self.create = QPushButton("制定三年计划")
        self.create.clicked.connect(self._create)
        report = QPushButton("导出进度报告 PDF…")
        report.clicked.connect(self._report)
        buttons = QHBoxLayout()
        buttons.addWidget(self.headline, 1)
        buttons.addWidget(self.create)
        buttons.addWidget(report)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.chart, 1)
        layout.addWidget(self.table)

    def reload(self, today: dt.date | None = None) -> None:
        with self.ctx.uow() as uow:
            has = plan.current_plan(uow.session) is not None
            self.status = plan.status(uow.session, today) if has else None
        st = self.status
        self.create.setVisible(st is None)
        self.chart.set_status(st)
        self.model.set_steps(st.steps if st else [])
        if st is None:
            self.headline.setText("尚未制定数字化计划。")
            return
        fc = st.forecast
        when = f"{fc:%Y年%m月%d日}" if fc else "无法预计（有步骤近期无进展）"
        colour = "#b00020" if st.late else "#1b5e20"
        text = (
            f"计划 {st.start:%Y-%m-%d} 至 <b>{st.deadline:%Y-%m-%d}</b>，共 {st.total} 期；"
            f"按近 {st.weeks} 周速度，预计全部完成：<b style='color:{colour}'>{when}</b>"
        )
        warnings = st.warnings()
        if warnings:
            text += "<br><span style='color:#b00020'>⚠ " + "<br>⚠ ".join(warnings) + "</span>"
        self.headline.setText(text)

    def _create(self) -> None:
        with self.ctx.uow() as uow:
            plan.create_plan(uow, dt.date.today())
            uow.commit()
        self.reload()

    def _report(self) -> None:
        st = self.status
        if st is None:
            return
        path, _ = QFileDialog.getSaveFileName(
            self, "导出进度报告", default_name(st.today), "PDF (*.pdf)"
        )
        if not path:
            return
        name = str(settings.get(self.ctx, "gazette_name") or "政府公报")

        def work(reporter: Reporter) -> Any:
            return write_report(st, Path(path), name)

        self.runner.submit(
            "导出进度报告",
            work,
            lambda out: self.headline.setText(self.headline.text() + f"<br>报告已导出：{out}"),
            lambda m, d: show_error(self, "导出进度报告", m, d),
        )
