"""计划: the burn-down chart, the forecast with its warnings, figures by step, the PDF report."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from archive import plan
from archive.plan_report import default_name, write_report
from gazette.context import AppContext
from gazette.db import UnitOfWork
from gazette.office import settings
from gazette.progress import Reporter
from ui import ops
from ui.archive.models import StepsModel
from ui.archive.widgets import BurnDownChart, buttons, row_table
from ui.tasks import TaskRunner


class PlanTab(QWidget):
    def __init__(self, ctx: AppContext, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.runner = ctx, runner
        self.status: plan.PlanStatus | None = None
        self.name = "政府公报"  # the gazette's name, for the report's heading
        self.chart = BurnDownChart()
        self.headline = QLabel()
        self.headline.setWordWrap(True)
        self.model = StepsModel(self)
        self.table = row_table(self.model, StepsModel.COL_STEP)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.setMaximumHeight(210)
        top = QHBoxLayout()
        top.addWidget(self.headline, 1)
        self.buttons = buttons(
            top, (("制定三年计划", self._create), ("导出进度报告 PDF…", self._report))
        )
        self.create_button = self.buttons["制定三年计划"]
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.chart, 1)
        layout.addWidget(self.table)

    def reload(self, today: dt.date | None = None) -> None:
        def read(uow: UnitOfWork) -> tuple[plan.PlanStatus | None, str]:
            has = plan.current_plan(uow) is not None
            name = str(settings.get(self.ctx, "gazette_name") or "政府公报")
            return (plan.status(uow, today) if has else None), name

        ops.run_query(self, "读取数字化计划", read, lambda got: self._show(*got))

    def _show(self, st: plan.PlanStatus | None, name: str) -> None:
        self.status, self.name = st, name
        self.create_button.setVisible(st is None)
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
        """The register reloads, and this tab with it, when the plan's tables change."""
        ops.run_op(self, "制定三年计划", lambda uow: plan.create_plan(uow, dt.date.today()))

    def _report(self) -> None:
        st = self.status
        if st is None:
            return
        path, _ = QFileDialog.getSaveFileName(
            self, "导出进度报告", default_name(st.today), "PDF (*.pdf)"
        )
        if not path:
            return
        name = self.name

        def work(reporter: Reporter) -> Path:
            return write_report(st, Path(path), name)

        ops.run_job(
            self,
            "导出进度报告",
            work,
            lambda out: self.headline.setText(self.headline.text() + f"<br>报告已导出：{out}"),
        )
