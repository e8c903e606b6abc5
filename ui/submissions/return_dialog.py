"""退文 on the desk: a button that returns the selected submission, and its small dialog.

The dialog asks for the reason (解读材料不齐全, 未标注公开属性, 公开属性理由缺失 or 其他 with
details), the date, and where to save the 退文通知 letter. The return and the letter are one
operation on a worker (``ui.ops.run_op``): a letter that cannot be written saves no return.
Only 报送管理员 and 管理员 may return (``submissions.return``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from gazette.db import UnitOfWork
from gazette.office.auth import allowed, role_of
from gazette.submissions.queries import DeskRow
from gazette.submissions.returns import ReturnNotice
from gazette.vocab import RETURN_REASONS
from ui.ops import OpOwner, run_op
from ui.submissions.form import pydate, qdate


class ReturnDialog(QDialog):
    """Reason, date and letter path for one return."""

    def __init__(self, parent: QWidget | None, row: DeskRow, letter: Path) -> None:
        super().__init__(parent)
        self.setWindowTitle("退文")
        self.setMinimumWidth(520)
        form = QFormLayout(self)
        form.addRow(QLabel(f"{row.doc_number}　{row.title}"))
        self.reason = QComboBox()
        self.reason.addItems(RETURN_REASONS)
        form.addRow("退文理由", self.reason)
        self.detail = QLineEdit()
        self.detail.setPlaceholderText("具体情况（理由为“其他”时必填）")
        form.addRow("具体情况", self.detail)
        self.on = QDateEdit(qdate(dt.date.today()))
        self.on.setCalendarPopup(True)
        self.on.setDisplayFormat("yyyy-MM-dd")
        form.addRow("退文日期", self.on)
        self.letter = QLineEdit(str(letter))
        form.addRow("退文通知 PDF", self.letter)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("退文")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.buttons)


class ReturnButton(QPushButton):
    """退文… for the selected desk row: enabled for a received submission not yet selected."""

    def __init__(self, owner: OpOwner, after: Callable[[str], None]) -> None:
        super().__init__("退文…")
        self.owner = owner
        self.after = after  # told what was done, in Chinese (the screen reloads and says so)
        self.row: DeskRow | None = None
        self.dialog: ReturnDialog | None = None
        self.may = allowed(role_of(owner.ctx), "submissions.return")
        self.setEnabled(False)
        self.clicked.connect(self.open_dialog)

    def follow(self, row: DeskRow | None) -> None:
        self.row = row
        ok = row is not None and row.received_on is not None and row.decision != "选登"
        self.setEnabled(self.may and ok)
        if not self.may:
            self.setToolTip("只有报送管理员或管理员可以退文")
        elif row is None:
            self.setToolTip("请先选中一件文件")
        elif row.received_on is None:
            self.setToolTip("尚未收到或已退文待重新报送")
        elif row.decision == "选登":
            self.setToolTip("已决定选登的文件不能退文，请先撤销决定")
        else:
            self.setToolTip("材料不齐全时退回报送单位，并生成退文通知")

    def open_dialog(self) -> None:
        row = self.row
        if row is None:
            return
        safe = "".join(
            "_" if c in '\\/:*?"<>|' else c for c in row.doc_number or str(row.document_id)
        )
        parent = self.window()
        self.dialog = ReturnDialog(parent, row, Path.home() / f"退文通知-{safe}.pdf")
        self.dialog.accepted.connect(lambda: self._save(row))
        self.dialog.open()

    def _save(self, row: DeskRow) -> None:
        assert self.dialog is not None
        d = self.dialog
        reason, detail, on = d.reason.currentText(), d.detail.text(), pydate(d.on.date())
        letter = Path(d.letter.text().strip()) if d.letter.text().strip() else None

        def work(uow: UnitOfWork) -> ReturnNotice:
            from gazette.office import settings
            from gazette.reports import return_pdf
            from gazette.submissions import returns

            notice = returns.return_submission(
                uow.session, row.document_id, reason, detail, on, expected_version=row.version
            )
            if letter is not None:
                office = settings.office_in(uow.session, "publisher")["publisher"]
                return_pdf.write(notice, office, letter)
            return notice

        def done(notice: ReturnNotice) -> None:
            where = f"，退文通知：{letter}" if letter else ""
            self.after(f"已退文：{notice.doc_number or notice.title}（{notice.reason}）{where}")

        run_op(self.owner, "退文", work, done)
