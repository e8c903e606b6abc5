"""The report dialog: a period (month, quarter, year or custom) and the output format."""

from __future__ import annotations

import calendar
import datetime as dt

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QSpinBox,
    QWidget,
)

from ui.submissions.form import pydate, qdate

KINDS = ("月度", "季度", "年度", "自定义")


class ReportDialog(QDialog):
    def __init__(self, today: dt.date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("生成报送选登情况通报")
        self.kind = QComboBox()
        self.kind.addItems(KINDS)
        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.year.setValue(today.year)
        self.part = QSpinBox()
        self.date_from = QDateEdit(qdate(dt.date(today.year, 1, 1)))
        self.date_to = QDateEdit(qdate(today))
        self.as_of = QDateEdit(qdate(today))
        for e in (self.date_from, self.date_to, self.as_of):
            e.setCalendarPopup(True)
            e.setDisplayFormat("yyyy-MM-dd")
        self.format = QComboBox()
        self.format.addItems(("PDF（正式通报）", "XLSX（数据表）"))
        self.all_docs = QCheckBox("包括非规范性文件")
        form = QFormLayout(self)
        form.addRow("期间", self.kind)
        form.addRow("年份", self.year)
        form.addRow("月 / 季度", self.part)
        form.addRow("印发日期自", self.date_from)
        form.addRow("至", self.date_to)
        form.addRow("统计截至", self.as_of)
        form.addRow("格式", self.format)
        form.addRow("", self.all_docs)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setObjectName("reportOk")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.kind.currentIndexChanged.connect(self._sync)
        self.year.valueChanged.connect(self._sync)
        self.part.valueChanged.connect(self._sync)
        self.kind.setCurrentIndex(1)
        self.part.setValue((today.month - 1) // 3 + 1)
        self._sync()

    def _sync(self) -> None:
        kind = self.kind.currentText()
        custom = kind == "自定义"
        self.date_from.setEnabled(custom)
        self.date_to.setEnabled(custom)
        self.part.setEnabled(kind in ("月度", "季度"))
        self.part.setRange(1, 12 if kind == "月度" else 4)
        if custom:
            return
        y, n = self.year.value(), self.part.value()
        if kind == "月度":
            start, end = dt.date(y, n, 1), dt.date(y, n, calendar.monthrange(y, n)[1])
        elif kind == "季度":
            m = 3 * (n - 1) + 1
            start, end = dt.date(y, m, 1), dt.date(y, m + 2, calendar.monthrange(y, m + 2)[1])
        else:
            start, end = dt.date(y, 1, 1), dt.date(y, 12, 31)
        self.date_from.setDate(qdate(start))
        self.date_to.setDate(qdate(end))

    def values(self) -> tuple[dt.date, dt.date, dt.date, str, bool]:
        suffix = ".pdf" if self.format.currentIndex() == 0 else ".xlsx"
        return (
            pydate(self.date_from.date()),
            pydate(self.date_to.date()),
            pydate(self.as_of.date()),
            suffix,
            self.all_docs.isChecked(),
        )
