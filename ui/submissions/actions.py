"""The desk's file actions: import, export of the filtered table, template, notification report.

A mixin of the Screen, kept apart so each module stays small; it uses the screen's context,
runner, proxy and status label.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QLabel, QMessageBox, QWidget

from gazette.context import AppContext
from gazette.db import UnitOfWork
from gazette.progress import Reporter
from ui import ops
from ui.printing import print_pdf
from ui.submissions.models import DeskProxy
from ui.submissions.report_dialog import ReportDialog
from ui.tasks import TaskRunner

if TYPE_CHECKING:
    from gazette.submissions import importer

# ReportLab and openpyxl load on first use (inside the workers), not when the desk opens.


class FileActions:
    ctx: AppContext
    runner: TaskRunner
    proxy: DeskProxy
    count: QLabel

    if TYPE_CHECKING:  # the screen's own

        def reload(self) -> None: ...
        def current_as_of(self) -> dt.date: ...
        def _error(self, message: str, details: str) -> None: ...

    def _widget(self) -> QWidget:
        assert isinstance(self, QWidget)
        return self

    def _import(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self._widget(), "导入报送登记", "", "表格 (*.xlsx *.csv)"
        )
        if name:
            self.import_file(Path(name))

    def import_file(self, path: Path) -> None:
        def change(uow: UnitOfWork, rep: Reporter) -> importer.ImportResult:
            from gazette.submissions import importer

            return importer.import_file(uow.session, path, rep)

        def done(res: importer.ImportResult) -> None:
            box = QMessageBox(self._widget())
            box.setWindowTitle("导入完成")
            box.setText(f"{path.name}：{res.summary()}")
            if res.problems or res.warnings:
                box.setDetailedText("\n".join([*map(str, res.problems), *res.warnings]))
            box.open()  # the desk reloads from runner.changed

        ops.run_op(self, f"导入 {path.name}", change, done, on_error=self._error)

    def _export(self) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self._widget(), "导出报送台账", "报送台账.xlsx", "Excel (*.xlsx)"
        )
        if not name:
            return
        rows = self.proxy.visible_rows()
        ops.run_job(
            self,
            "导出报送台账",
            lambda rep: _xlsx().write_desk(rows, Path(name)),
            lambda p: self.count.setText(f"已导出 {len(rows)} 件到 {p}"),
            on_error=self._error,
        )

    def _template(self) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self._widget(), "保存导入模板", "报送登记模板.xlsx", "Excel (*.xlsx)"
        )
        if name:
            ops.run_job(
                self,
                "生成导入模板",
                lambda rep: _importer().write_template(Path(name)),
                on_error=self._error,
            )

    def _report(self) -> None:
        dialog = ReportDialog(self.current_as_of(), self._widget())
        if dialog.exec() != ReportDialog.DialogCode.Accepted:
            return
        start, end, as_of, suffix, include_all = dialog.values()
        kind = "PDF (*.pdf)" if suffix == ".pdf" else "Excel (*.xlsx)"
        name, _ = QFileDialog.getSaveFileName(
            self._widget(), "保存通报", f"报送选登情况通报{suffix}", kind
        )
        if not name:
            return
        target = Path(name).with_suffix(suffix)

        def read_and_write(uow: UnitOfWork) -> Path:
            from gazette.reports import submissions_data, submissions_pdf, submissions_xlsx

            data = submissions_data.build(
                uow.session, start, end, as_of, include_non_normative=include_all
            )
            if suffix == ".pdf":
                return submissions_pdf.write(data, target)
            return submissions_xlsx.write_report(data, target)

        ops.run_query(self, "生成通报", read_and_write, self._report_done, on_error=self._error)

    def _report_done(self, path: Path) -> None:
        """Open the 通报, or print the PDF straight away: it goes out on paper with a seal."""
        box = QMessageBox(
            QMessageBox.Icon.Question, "通报", f"已生成：{path}", parent=self._widget()
        )
        opened = box.addButton("打开", QMessageBox.ButtonRole.AcceptRole)
        opened.setObjectName("openReport")
        printed = None
        if Path(path).suffix.lower() == ".pdf":
            printed = box.addButton("打印…", QMessageBox.ButtonRole.ActionRole)
            printed.setObjectName("printReport")
        box.addButton("关闭", QMessageBox.ButtonRole.RejectRole).setObjectName("closeReport")
        box.exec()
        if box.clickedButton() is opened:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
        elif printed is not None and box.clickedButton() is printed:
            pages = print_pdf(path, self._widget())
            self.count.setText(f"已打印通报 {pages} 页" if pages else "已取消打印")


def _xlsx() -> Any:
    from gazette.reports import submissions_xlsx

    return submissions_xlsx


def _importer() -> Any:
    from gazette.submissions import importer

    return importer
