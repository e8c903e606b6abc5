"""The record-submission form: fields, files dropped onto it, issuer-code warning, refusals."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from gazette.submissions.queries import DeskRow
from gazette.submissions.register import ATTACHMENT_SUFFIXES, CHANNELS, SubmissionData
from gazette.texts import docno
from gazette.vocab import DISCLOSURES


def qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def pydate(q: QDate) -> dt.date:
    return dt.date(q.year(), q.month(), q.day())


class SubmissionForm(QWidget):
    """Emits ``submitted(data, files)``; the screen runs the registration on a worker."""

    submitted = Signal(object, object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAcceptDrops(True)
        self.setMaximumWidth(880)  # a form, not a spreadsheet: keep lines readable
        self.codes: dict[int, list[str]] = {}
        # the desk record the form was filled from (its number, version and arrival fields), so
        # saving it is an edit against that version rather than a blind overwrite
        self.editing_number = ""
        self.editing_version: int | None = None
        self.editing_shown: dict[str, Any] = {}
        self.department = QComboBox()
        self.title = QLineEdit()
        self.title.setPlaceholderText("如：关于印发《某某管理办法》的通知")
        self.number = QLineEdit()
        self.number.setPlaceholderText("如：宿教发〔2025〕12号（方括号会自动规范）")
        self.number_hint = QLabel()
        self.number_hint.setWordWrap(True)
        self.issued = QDateEdit(qdate(dt.date.today()))
        self.received = QDateEdit(qdate(dt.date.today()))
        for edit in (self.issued, self.received):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        self.expected = QCheckBox("尚未收到（登记为预期文件）")
        self.expected.toggled.connect(lambda on: self.received.setEnabled(not on))
        self.channel = QComboBox()
        self.channel.addItems(CHANNELS)
        self.disclosure = QComboBox()
        self.disclosure.addItems(DISCLOSURES)
        self.normative = QCheckBox("规范性文件（适用 5 个工作日报送时限）")
        self.normative.setChecked(True)
        self.liaison = QLineEdit()
        self.auto_liaison = ""  # the name the form filled in itself, which a new choice may replace
        self.files = QListWidget()
        self.files.setMaximumHeight(90)
        self.files.setToolTip("把 PDF、DOCX、WPS、OFD 或图片文件拖到此表单上即可附加")
        add = QPushButton("添加附件…")
        add.clicked.connect(self._browse)
        clear = QPushButton("清除附件")
        clear.clicked.connect(self.files.clear)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.save = QPushButton("登记")
        self.save.setDefault(True)
        self.save.clicked.connect(self._submit)

        form = QFormLayout()
        form.addRow("报送单位", self.department)
        form.addRow("文件标题", self.title)
        form.addRow("发文字号", self.number)
        form.addRow("", self.number_hint)
        form.addRow("印发日期", self.issued)
        received = QHBoxLayout()
        received.addWidget(self.received)
        received.addWidget(self.expected)
        received.addStretch(1)
        form.addRow("报送日期", received)
        form.addRow("报送方式", self.channel)
        form.addRow("公开属性", self.disclosure)
        form.addRow("", self.normative)
        form.addRow("报送联络员", self.liaison)
        buttons = QHBoxLayout()
        buttons.addWidget(add)
        buttons.addWidget(clear)
        buttons.addStretch(1)
        files = QVBoxLayout()
        files.addWidget(self.files)
        files.addLayout(buttons)
        form.addRow("附件（可拖入）", files)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.save)
        layout.addLayout(row)
        layout.addStretch(1)
        self.number.textChanged.connect(self._check_number)
        self.department.currentIndexChanged.connect(self._check_number)

    # departments ------------------------------------------------------------------------------
    def set_departments(self, items: list[tuple[int, str, list[str]]]) -> None:
        current = self.department.currentData()
        self.department.clear()
        self.codes = {}
        for dept_id, name, codes in items:
            self.department.addItem(name, dept_id)
            self.codes[dept_id] = codes
        if current is not None:
            i = self.department.findData(current)
            if i >= 0:
                self.department.setCurrentIndex(i)

    def offer_liaison(self, dept_id: int, name: str) -> None:
        """Fill 报送联络员 with the chosen department's liaison officer, unless the user typed one.

        Called when the look-up for ``dept_id`` returns; ignored if another department was
        chosen meanwhile.
        """
        if dept_id != self.department.currentData():
            return
        if self.liaison.text().strip() in ("", self.auto_liaison):
            self.liaison.setText(name)
            self.auto_liaison = name

    def _check_number(self, *_args: object) -> None:
        text = self.number.text().strip()
        if not text:
            self.number_hint.setText("")
            return
        try:
            parsed = docno.parse(text)
        except docno.DocNumberError as exc:
            self.number_hint.setText(f"<span style='color:#9C0006'>{exc}</span>")
            return
        codes = self.codes.get(self.department.currentData(), [])
        if codes and parsed.code not in codes:
            self.number_hint.setText(
                f"<span style='color:#9C5700'>⚠ 机关代字“{parsed.code}”不是"
                f"{self.department.currentText()}的代字（{'、'.join(codes)}），请核对</span>"
            )
        else:
            self.number_hint.setText(f"<span style='color:#375623'>规范写法：{parsed}</span>")

    # files ----------------------------------------------------------------------------------
    def add_files(self, paths: list[Path]) -> list[str]:
        """Attach files; returns the names refused for their type."""
        refused = []
        have = {
            self.files.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.files.count())
        }
        for path in paths:
            if path.suffix.lower() not in ATTACHMENT_SUFFIXES:
                refused.append(path.name)
                continue
            if str(path) in have:
                continue
            self.files.addItem(path.name)
            self.files.item(self.files.count() - 1).setData(Qt.ItemDataRole.UserRole, str(path))
        if refused:
            self.show_message("不支持的附件类型：" + "、".join(refused), error=True)
        return refused

    def file_paths(self) -> list[Path]:
        return [
            Path(self.files.item(i).data(Qt.ItemDataRole.UserRole))
            for i in range(self.files.count())
        ]

    def _browse(self) -> None:
        names, _ = QFileDialog.getOpenFileNames(
            self,
            "选择附件",
            "",
            "公文文件 (*.pdf *.docx *.doc *.wps *.ofd *.jpg *.jpeg *.png *.tif *.tiff)",
        )
        self.add_files([Path(n) for n in names])

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        self.add_files([p for p in paths if p.is_file()])
        event.acceptProposedAction()

    # submit ---------------------------------------------------------------------------------
    def data(self) -> SubmissionData:
        return SubmissionData(
            department_id=self.department.currentData(),
            title=self.title.text().strip(),
            doc_number=self.number.text().strip(),
            issued_on=pydate(self.issued.date()),
            received_on=None if self.expected.isChecked() else pydate(self.received.date()),
            channel=self.channel.currentText(),
            disclosure=self.disclosure.currentText(),
            is_normative=self.normative.isChecked(),
            liaison_name=self.liaison.text().strip(),
        )

    def _submit(self) -> None:
        self.show_message("正在登记…")
        self.submitted.emit(self.data(), self.file_paths())

    def show_message(self, text: str, *, error: bool = False) -> None:
        colour = "#9C0006" if error else "#375623"
        self.message.setText(f"<span style='color:{colour}'>{text}</span>")

    def prefill_arrival(self, row: DeskRow, received: dt.date) -> None:
        """Fill the form from an awaited document, so saving records its arrival."""
        i = self.department.findData(row.department_id)
        if i >= 0:
            self.department.setCurrentIndex(i)
        self.title.setText(row.title)
        self.number.setText(row.doc_number)
        self.issued.setDate(qdate(row.issued_on))
        self.expected.setChecked(False)
        self.received.setDate(qdate(received))
        j = self.disclosure.findText(row.disclosure)
        if j >= 0:
            self.disclosure.setCurrentIndex(j)
        self.normative.setChecked(row.is_normative)
        self.liaison.setText(row.liaison_name)
        j = self.channel.findText(row.channel)
        if j >= 0:
            self.channel.setCurrentIndex(j)
        self.editing_number, self.editing_version = row.doc_number, row.version
        self.editing_shown = {
            "received_on": row.received_on.isoformat() if row.received_on else None,
            "channel": row.channel,
            "liaison_name": row.liaison_name,
        }
        self.show_message(f"记录 {row.doc_number} 的到达：核对报送日期、方式和附件后点“登记”。")

    def arrival_values(self) -> dict[str, Any]:
        """The arrival fields as the form holds them, in the form a conflict compares."""
        received = None if self.expected.isChecked() else pydate(self.received.date())
        return {
            "received_on": received.isoformat() if received else None,
            "channel": self.channel.currentText(),
            "liaison_name": self.liaison.text().strip(),
        }

    def set_arrival_values(self, values: dict[str, Any], version: int | None) -> None:
        """Fill the arrival fields (after a reload or merge) and save against ``version``."""
        received = values.get("received_on")
        self.expected.setChecked(received is None)
        if received:
            self.received.setDate(qdate(dt.date.fromisoformat(str(received)[:10])))
        j = self.channel.findText(str(values.get("channel") or ""))
        self.channel.setCurrentIndex(max(j, 0))
        self.liaison.setText(str(values.get("liaison_name") or ""))
        self.editing_version = version

    def expected_version(self, data: SubmissionData) -> int | None:
        """The version to save against: only while the number is the record's it was filled from."""
        same = data.doc_number.strip() == self.editing_number and bool(self.editing_number)
        return self.editing_version if same else None

    def reset_after_save(self) -> None:
        self.editing_number, self.editing_version, self.editing_shown = "", None, {}
        self.title.clear()
        self.number.clear()
        self.files.clear()
        self.expected.setChecked(False)
