"""Dialogs of the issues screen: planning a new issue, adding documents to a section."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, QSortFilterProxyModel, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from gazette.issues.planning import Suggestion
from ui.issues.models import ROW_ROLE, DocumentTableModel


class PlanDialog(QDialog):
    """新建期次: year, number, serial and date, suggested from the previous issue."""

    def __init__(self, suggestion: Suggestion, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("新建期次")
        self.year = QSpinBox(minimum=1949, maximum=2200, value=suggestion.year)
        self.number = QSpinBox(minimum=1, maximum=99, value=suggestion.number)
        self.serial = QSpinBox(minimum=1, maximum=99999, value=suggestion.serial)
        self.date = QDateEdit(
            QDate(
                suggestion.published_on.year,
                suggestion.published_on.month,
                suggestion.published_on.day,
            )
        )
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("yyyy年M月d日")
        form = QFormLayout(self)
        form.addRow("年份", self.year)
        form.addRow("期号（第N期）", self.number)
        form.addRow("总期号（总第N期）", self.serial)
        form.addRow("出版日期", self.date)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def values(self) -> tuple[int, int, int, dt.date]:
        d = self.date.date()
        return (
            self.year.value(),
            self.number.value(),
            self.serial.value(),
            dt.date(d.year(), d.month(), d.day()),
        )


class AddDocumentDialog(QDialog):
    """Pick documents (filterable) and the section they go into."""

    def __init__(
        self,
        documents: list[tuple[int, str | None, str, str]],
        sections: list[tuple[int, str]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("添加文件")
        self.resize(760, 480)
        self.model = DocumentTableModel(self)
        self.model.set_rows(documents)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterKeyColumn(-1)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.filter = QLineEdit(placeholderText="按标题或发文字号筛选")
        self.filter.textChanged.connect(self.proxy.setFilterFixedString)
        self.view = QTableView()
        self.view.setModel(self.proxy)
        self.view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.view.horizontalHeader().setStretchLastSection(False)
        self.view.setColumnWidth(DocumentTableModel.COL_NUMBER, 170)
        self.view.setColumnWidth(DocumentTableModel.COL_TITLE, 440)
        self.section = QComboBox()
        for sid, name in sections:
            self.section.addItem(name, sid)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.filter)
        layout.addWidget(self.view, 1)
        form = QFormLayout()
        form.addRow("放入栏目", self.section)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def chosen(self) -> tuple[int, list[int]]:
        ids = [
            self.proxy.index(i.row(), 0).data(ROW_ROLE)[0]
            for i in self.view.selectionModel().selectedRows()
        ]
        return int(self.section.currentData()), ids
