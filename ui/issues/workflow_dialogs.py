"""Confirmations of the editorial workflow's actions: each says what it changes before it runs
(publishing: frozen, corrections only through 勘误), and a step back asks for its reason."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from gazette.issues.planning import BACK_STATUS
from gazette.issues.workflow import ACTIONS, next_action


def fit_buttons(status_btn: QPushButton, reopen_btn: QPushButton, status: str) -> None:
    """定稿 / 发布 and 退回 as the issue's status allows (出校样 has its own button); the
    tooltip says what the next step changes, or what it needs first."""
    step = next_action(status)
    status_btn.setEnabled(step is not None and step.key != "proof")
    status_btn.setText({"final": "发布", "published": "已发布"}.get(status, "定稿"))
    if status == "planning":
        status_btn.setToolTip("先出校样并审签，才能定稿")
    else:
        status_btn.setToolTip(step.changes if step else "已发布的期次只能通过勘误更正")
    reopen_btn.setEnabled(status in BACK_STATUS)


def confirm(parent: QWidget, key: str, subject: str) -> bool:
    """Ask before ``ACTIONS[key]`` runs on ``subject`` (e.g. 2026年第11期); True to go ahead."""
    action = ACTIONS[key]
    box = QMessageBox(parent)
    box.setObjectName("workflowConfirm")
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle(action.label)
    box.setText(f"对{subject}执行“{action.label}”？")
    box.setInformativeText(action.changes)
    go = box.addButton(f"确定{action.label}", QMessageBox.ButtonRole.AcceptRole)
    go.setObjectName("confirmAction")
    cancel = box.addButton("取消", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(cancel)  # Enter never publishes by accident
    box.exec()
    return box.clickedButton() is go


class ReasonDialog(QDialog):
    """退回: the step back and why, which the audit trail records."""

    def __init__(self, parent: QWidget, subject: str, to_label: str) -> None:
        super().__init__(parent)
        self.setObjectName("reopenDialog")
        self.setWindowTitle("退回")
        layout = QVBoxLayout(self)
        text = QLabel(f"将{subject}退回“{to_label}”。{ACTIONS['reopen'].changes}")
        text.setWordWrap(True)
        self.reason = QLineEdit()
        self.reason.setObjectName("reopenReason")
        self.reason.setPlaceholderText("退回原因（必填），如：第3页表格需要调整")
        buttons = QDialogButtonBox()
        self.ok = buttons.addButton("确定退回", QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok.setObjectName("confirmReopen")
        buttons.addButton("取消", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.ok.setEnabled(False)
        self.reason.textChanged.connect(lambda t: self.ok.setEnabled(bool(t.strip())))
        layout.addWidget(text)
        layout.addWidget(self.reason)
        layout.addWidget(buttons)


def ask_reason(parent: QWidget, subject: str, to_label: str) -> str | None:
    dialog = ReasonDialog(parent, subject, to_label)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.reason.text().strip()
