"""The department edit dialog and the import report dialog."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from gazette.departments import roster as deps
from gazette.departments.xlsx import ImportReport
from ui.departments.models import IssuesModel


class _ContactBox(QGroupBox):
    """Name, post, phones and e-mail of one role."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(title, parent)
        form = QFormLayout(self)
        self.name = QLineEdit()
        self.post = QLineEdit()
        self.office_phone = QLineEdit()
        self.office_phone.setPlaceholderText("如 0527-84368000")
        self.mobile = QLineEdit()
        self.mobile.setPlaceholderText("11 位手机号码")
        self.email = QLineEdit()
        form.addRow("姓名", self.name)
        form.addRow("职务", self.post)
        form.addRow("办公电话", self.office_phone)
        form.addRow("手机", self.mobile)
        form.addRow("邮箱", self.email)

    def set_contact(self, c: deps.Contact | None) -> None:
        c = c or deps.Contact("")
        for key in ("name", "post", "office_phone", "mobile", "email"):
            getattr(self, key).setText(getattr(c, key))

    def contact(self) -> deps.Contact | None:
        c = deps.Contact(
            self.name.text(),
            self.post.text(),
            self.office_phone.text(),
            self.mobile.text(),
            self.email.text(),
        )
        return c if any((c.name, c.office_phone, c.mobile, c.email)) else None


class DepartmentDialog(QDialog):
    """Create or edit a department with its liaison officer and alternate.

    Changing a person's name here starts a new period in the history from the effective date;
    changing only their phone or e-mail updates the current holder.
    """

    def __init__(self, detail: deps.DepartmentDetail | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.detail = detail
        self.setWindowTitle("编辑部门" if detail else "新增部门")
        self.setMinimumWidth(640)
        layout = QVBoxLayout(self)
        top = QFormLayout()
        self.name = QLineEdit()
        self.short_name = QLineEdit()
        self.codes = QLineEdit()
        self.codes.setPlaceholderText("多个代字用“、”或“;”分隔，如 宿财发、宿财规")
        top.addRow("单位名称", self.name)
        top.addRow("简称", self.short_name)
        top.addRow("发文机关代字", self.codes)
        layout.addLayout(top)
        boxes = QHBoxLayout()
        self.liaison = _ContactBox("联络员")
        self.alternate = _ContactBox("备用联络员")
        boxes.addWidget(self.liaison)
        boxes.addWidget(self.alternate)
        layout.addLayout(boxes)
        when = QFormLayout()
        self.effective = QDateEdit(QDate.currentDate())
        self.effective.setCalendarPopup(True)
        self.effective.setDisplayFormat("yyyy-MM-dd")
        when.addRow("人员变更生效日期", self.effective)
        note = QLabel("更换联络员或备用联络员的姓名时，原任者的任期在此日期结束，并记入变更历史。")
        note.setStyleSheet("color: #666;")
        note.setWordWrap(True)
        when.addRow("", note)
        layout.addLayout(when)
        self.error = QLabel()
        self.error.setObjectName("formError")
        self.error.setStyleSheet("color: #b00020;")
        self.error.setWordWrap(True)
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Save).setText("保存")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        if detail:
            self.name.setText(detail.name)
            self.short_name.setText(detail.short_name)
            self.codes.setText("、".join(detail.issuer_codes))
            self.liaison.set_contact(detail.liaison)
            self.alternate.set_contact(detail.alternate)

    def value(self) -> deps.DepartmentInput:
        return deps.DepartmentInput(
            self.name.text(),
            self.short_name.text(),
            tuple(deps.CODE_SEPARATORS.split(self.codes.text().strip())),
            self.liaison.contact(),
            self.alternate.contact(),
        )

    def effective_date(self) -> dt.date:
        d = self.effective.date()
        return dt.date(d.year(), d.month(), d.day())

    def show_error(self, message: str) -> None:
        self.error.setText(message)

    def accept(self) -> None:
        """Check the fields here first, so a typo is reported without a round trip."""
        try:
            deps.validate(self.value())
        except deps.FieldError as exc:
            self.show_error(str(exc))
            return
        self.error.clear()
        super().accept()


class ImportReportDialog(QDialog):
    """What an import did: counts, liaison changes, and each skipped row with its reason."""

    def __init__(self, report: ImportReport, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("导入结果")
        self.resize(760, 480)
        layout = QVBoxLayout(self)
        summary = QLabel(report.summary())
        summary.setWordWrap(True)
        summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(summary)
        self.issues = IssuesModel(self)
        self.issues.set_rows(report.issues)
        if report.issues:
            layout.addWidget(QLabel("以下各行有错误，未导入；请在表格中改正后重新导入："))
            table = QTableView()
            table.setModel(self.issues)
            table.verticalHeader().setVisible(False)
            table.horizontalHeader().setSectionResizeMode(
                IssuesModel.COL_REASON, QHeaderView.ResizeMode.Stretch
            )
            table.setColumnWidth(IssuesModel.COL_ROW, 90)
            table.setColumnWidth(IssuesModel.COL_COLUMN, 130)
            layout.addWidget(table, 2)
        if report.liaison_changes:
            layout.addWidget(QLabel("联络员变更："))
            changes = QListWidget()
            changes.addItems(report.liaison_changes)
            layout.addWidget(changes, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("关闭")
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
