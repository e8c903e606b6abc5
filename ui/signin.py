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
from gazette.office.users import SignInError


class SignInDialog(QDialog):
    """Asks for an account; 以只读方式进入 lets someone look things up without one."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
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
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("登录")
        self.read_only = QPushButton("以只读方式进入")
        buttons.addButton(self.read_only, QDialogButtonBox.ButtonRole.ResetRole)
        self.read_only.clicked.connect(self._read_only)
        buttons.accepted.connect(self.try_sign_in)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.password.setFocus()

    def try_sign_in(self) -> bool:
        try:
            sign_in(self.ctx, self.username.text(), self.password.text())
            finish_sign_in(self.ctx)
        except SignInError as exc:
            self.message.setText(str(exc))
            self.password.selectAll()
            return False
        except Exception as exc:  # e.g. a pending schema upgrade that needs an administrator
            self.message.setText(str(exc))
            return False
        self.accept()
        return True

    def _read_only(self) -> None:
        if self.ctx.extras.get("schema_pending"):
            self.message.setText("数据库结构需要升级，须由管理员登录后才能使用。")
            return
        self.ctx.role = "reader"
        self.accept()
