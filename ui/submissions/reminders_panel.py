"""Reminders (催报): notices per liaison officer, alternate when absent, PDF letters, text to copy.

Who is absent is recorded on the departments screen (stored, shared by every client); this panel
only shows whom each notice goes to and why.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from gazette.context import AppContext
from gazette.db import UnitOfWork
from gazette.submissions import queries, reminders
from gazette.submissions.reminders import ReminderNotice
from ui import ops
from ui.errors import show_error
from ui.tasks import TaskRunner


class RemindersPanel(QWidget):
    recorded = Signal()

    def __init__(self, ctx: AppContext, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.runner = ctx, runner
        self.as_of = dt.date.today()
        self.notices: list[ReminderNotice] = []
        self.list = QListWidget()
        self.text = QPlainTextEdit()
        self.routing = QLabel()
        self.routing.setObjectName("reminderRouting")
        self.routing.setWordWrap(True)
        self.routing.setStyleSheet("color: #8a4b00;")
        self.routing.hide()
        self.method = QComboBox()
        self.method.addItems(reminders.METHODS)
        copy = QPushButton("复制文本")
        copy.clicked.connect(lambda: QGuiApplication.clipboard().setText(self.text.toPlainText()))
        pdf = QPushButton("生成全部催报函 PDF…")
        pdf.clicked.connect(self._pdf)
        sent = QPushButton("记录已发送")
        sent.clicked.connect(self._record)
        self.info = QLabel()
        self.list.currentRowChanged.connect(self._show)
        right = QWidget()
        rl = QVBoxLayout(right)
        rl.setContentsMargins(0, 0, 0, 0)
        rl.addWidget(self.routing)
        rl.addWidget(self.text, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(copy)
        buttons.addWidget(QLabel("发送方式"))
        buttons.addWidget(self.method)
        buttons.addWidget(sent)
        buttons.addStretch(1)
        buttons.addWidget(pdf)
        rl.addLayout(buttons)
        split = QSplitter()
        split.addWidget(self.list)
        split.addWidget(right)
        split.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.info)
        layout.addWidget(split, 1)

    def refresh(self, as_of: dt.date) -> None:
        """Build the notices on its own (the desk screen hands them over from its reload)."""

        def read(uow: UnitOfWork) -> list[ReminderNotice]:
            rows = queries.desk(uow.session, as_of).rows
            return reminders.build(uow.session, rows, as_of)

        ops.run_query(
            self,
            "生成催报通知",
            read,
            lambda notices: self.show_notices(as_of, notices),
            on_error=self._error,
        )

    def show_notices(self, as_of: dt.date, notices: list[ReminderNotice]) -> None:
        self.as_of = as_of
        row = self.list.currentRow()
        self.notices = list(notices)
        self.list.clear()
        for n in self.notices:
            who = f"{n.contact.role_label}{n.contact.name}" if n.contact.name else n.recipient_name
            item = QListWidgetItem(
                f"{n.department} — {who}\n逾期未报 {len(n.overdue)} 件，即将到期 {len(n.due_soon)} 件"
            )
            item.setToolTip(item.text())  # a name cut at a narrow width is still readable
            self.list.addItem(item)
        # wide enough for whole department names (they were cut at 1366×768), within reason
        view = self.list
        wanted = view.sizeHintForColumn(0) + view.verticalScrollBar().sizeHint().width()
        view.setMinimumWidth(min(wanted + 2 * view.frameWidth() + 8, 520))
        total = sum(len(n.overdue) for n in self.notices)
        self.info.setText(
            f"截至 {self.as_of.isoformat()}：{len(self.notices)} 个单位需要催报，"
            f"逾期未报 {total} 件。按联络员分组；联络员不在岗时改发备用联络员"
            "（不在岗在“部门与联络员”页登记）。"
        )
        if self.notices:
            self.list.setCurrentRow(min(max(row, 0), len(self.notices) - 1))

    def _show(self, row: int) -> None:
        if not 0 <= row < len(self.notices):
            self.text.clear()
            self.routing.hide()
            return
        n = self.notices[row]
        self.text.setPlainText(n.text())
        self.routing.setText(n.routing)
        self.routing.setVisible(bool(n.routing))

    def _record(self) -> None:
        row = self.list.currentRow()
        if not 0 <= row < len(self.notices):
            return
        notice, method, text = self.notices[row], self.method.currentText(), self.text.toPlainText()

        def change(uow: UnitOfWork) -> int:
            return reminders.record_sent(uow.session, notice, method, text)

        ops.run_op(
            self, "记录催报", change, lambda _r: self._recorded(notice), on_error=self._error
        )

    def _recorded(self, notice: ReminderNotice) -> None:
        self.info.setText(
            f"已记录：{self.method.currentText()}催报{notice.department}{notice.contact.name}"
        )
        self.recorded.emit()

    def _pdf(self) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self, "保存催报函", f"催报通知-{self.as_of.isoformat()}.pdf", "PDF (*.pdf)"
        )
        if not name:
            return
        notices = list(self.notices)
        ops.run_job(
            self,
            "生成催报函",
            lambda rep: _reminder_pdf().write(notices, Path(name)),
            lambda p: self.info.setText(f"已生成 {p}"),
            on_error=self._error,
        )

    def _error(self, message: str, details: str) -> None:
        show_error(self, "催报", message, details)


def _reminder_pdf() -> Any:
    """ReportLab loads when a letter is first printed, not when the desk opens."""
    from gazette.reports import reminder_pdf

    return reminder_pdf
