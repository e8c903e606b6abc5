"""The edit dialog of one recipient: every field, with the core's Chinese reasons shown in the
dialog (it stays open until the save succeeds)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from gazette.departments.fields import FieldError
from gazette.distribution import recipients as rcp


class RecipientDialog(QDialog):
    def __init__(
        self,
        current: rcp.RecipientRow | None,
        on_save: Callable[[rcp.RecipientInput], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("编辑发行对象" if current else "新增发行对象")
        self.on_save = on_save
        inp = current.as_input() if current else rcp.RecipientInput(name="")
        self.name = QLineEdit(inp.name)
        self.category = QComboBox()
        self.category.addItems(rcp.CATEGORIES)
        self.category.setCurrentText(inp.category)
        self.address = QLineEdit(inp.address)
        self.postcode = QLineEdit(inp.postcode)
        self.postcode.setMaxLength(6)
        self.contact = QLineEdit(inp.contact)
        self.phone = QLineEdit(inp.phone)
        self.method = QComboBox()
        self.method.addItems(rcp.METHODS)
        self.method.setCurrentText(inp.method)
        self.copies = QSpinBox()
        self.copies.setRange(1, rcp.MAX_COPIES)
        self.copies.setValue(inp.copies)
        self.from_issue = QLineEdit(inp.from_issue)
        self.from_issue.setPlaceholderText("如 2026年第3期；空：一直")
        self.to_issue = QLineEdit(inp.to_issue)
        self.to_issue.setPlaceholderText("空：至今")
        self.note = QLineEdit(inp.note)
        for name, edit in (
            ("nameEdit", self.name),
            ("addressEdit", self.address),
            ("postcodeEdit", self.postcode),
        ):
            edit.setObjectName(name)
        form = QFormLayout()
        for label, w in (
            ("单位名称", self.name),
            ("类别", self.category),
            ("地址", self.address),
            ("邮政编码", self.postcode),
            ("收件人", self.contact),
            ("电话", self.phone),
            ("发送方式", self.method),
            ("每期份数", self.copies),
            ("起始期次", self.from_issue),
            ("截止期次", self.to_issue),
            ("备注", self.note),
        ):
            form.addRow(label + "：", w)
        self.error = QLabel()
        self.error.setObjectName("errorLabel")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #B00020;")
        self.save_btn = QPushButton("保存")
        self.save_btn.setObjectName("saveButton")
        self.save_btn.setDefault(True)
        self.save_btn.clicked.connect(self._save)
        cancel = QPushButton("取消")
        cancel.setObjectName("cancelButton")
        cancel.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.save_btn)
        buttons.addWidget(cancel)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        self.resize(520, self.sizeHint().height())

    def value(self) -> rcp.RecipientInput:
        """The form as input; raises FieldError for an issue range that is not one."""
        return rcp.RecipientInput(
            self.name.text(),
            self.category.currentText(),
            self.address.text(),
            self.postcode.text(),
            self.contact.text(),
            self.phone.text(),
            self.method.currentText(),
            self.copies.value(),
            rcp.parse_issue(self.from_issue.text(), "起始期次"),
            rcp.parse_issue(self.to_issue.text(), "截止期次"),
            self.note.text(),
        )

    def _save(self) -> None:
        try:
            inp = rcp.normalise(self.value())
        except FieldError as exc:
            self.show_error(f"{exc.field}：{exc.reason}")
            return
        self.error.clear()
        self.save_btn.setEnabled(False)
        self.on_save(inp)

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.save_btn.setEnabled(True)
