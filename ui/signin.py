"""Signing in to the office's shared database (PostgreSQL): user name and password."""

from __future__ import annotations

import getpass
import os

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from gazette.context import AppContext, finish_sign_in, sign_in
from gazette.progress import Reporter
from ui import ops
from ui.tasks import TaskRunner


class SignInDialog(QDialog):
    """Asks for an account; 以只读方式进入 lets someone look things up without one."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.runner = TaskRunner(self)  # checking a password takes a moment: never on the GUI
        self.setWindowTitle("登录办公室共享数据库")
        form = QFormLayout(self)
        form.addRow(QLabel(f"数据库：{ctx.db.display_name()}"))
        self.username = QLineEdit(os.environ.get("GAZETTE_USER") or getpass.getuser())
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.message = QLabel("")
        self.message.setStyleSheet("color:#b71c1c;")
        form.addRow("用户名", self.username)
        form.addRow("密码", self.password)
        form.addRow(self.message)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText("登录")
        self.read_only = QPushButton("以只读方式进入")
        buttons.addButton(self.read_only, QDialogButtonBox.ButtonRole.ResetRole)
        self.read_only.clicked.connect(self._read_only)
        buttons.accepted.connect(self.try_sign_in)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.password.setFocus()

    def try_sign_in(self) -> None:
        """Check the account on a worker; a refusal (wrong password, a pending schema upgrade
        that needs an administrator) is said under the fields."""
        username, password = self.username.text(), self.password.text()

        def work(_r: Reporter) -> None:
            sign_in(self.ctx, username, password)
            finish_sign_in(self.ctx)

        def failed(message: str, _details: str) -> None:
            self.ok_button.setEnabled(True)
            self.message.setText(message)
            self.password.selectAll()

        self.ok_button.setEnabled(False)
        self.message.setText("正在登录…")
        ops.run_job(self, "登录", work, lambda _none: self.accept(), on_error=failed)

    def _read_only(self) -> None:
        if self.ctx.extras.get("schema_pending"):
            self.message.setText("数据库结构需要升级，须由管理员登录后才能使用。")
            return
        self.ctx.role = "reader"
        self.accept()
