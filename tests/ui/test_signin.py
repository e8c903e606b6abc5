"""Signing in to a shared PostgreSQL database from the GUI."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from gazette.context import open_context
from gazette.office.users import create_user
from ui.signin import SignInDialog


@pytest.mark.postgres
def test_sign_in_dialog(qtbot, pg_url, tmp_path) -> None:
    setup = open_context(pg_url, tmp_path)
    with setup.uow() as uow:
        create_user(uow.session, "admin", "管理员", "admin", "管理员密码2026")
        create_user(uow.session, "li", "李编辑", "editor", "编辑部密码2026")
        uow.commit()
    setup.close()
    ctx = open_context(pg_url, tmp_path, user="li")
    assert ctx.requires_sign_in and ctx.role == "reader"
    dialog = SignInDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.username.setText("li")
    dialog.password.setText("wrong password")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)  # checked on a worker
    qtbot.waitUntil(lambda: "不正确" in dialog.message.text())
    assert ctx.role == "reader" and dialog.isVisible() and dialog.ok_button.isEnabled()
    dialog.password.setText("编辑部密码2026")
    with qtbot.waitSignal(dialog.accepted):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert (ctx.user, ctx.role) == ("li", "editor")
    assert dialog.runner.shutdown(5000)
    ctx.close()
