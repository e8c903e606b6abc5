"""本期栏目: which 栏目 this issue prints. Unticking one (no 政策解读 this time) switches it off
for this issue only, so the empty-section rule no longer stops the build.

A 栏目 that holds documents cannot be switched off (the core says so); a frozen issue shows the
list without letting it change.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from gazette.context import AppContext
from gazette.db import UnitOfWork
from gazette.issues import planning as issues
from gazette.office.auth import allowed
from ui import ops
from ui.tasks import TaskRunner

CHECKED, UNCHECKED = Qt.CheckState.Checked, Qt.CheckState.Unchecked


class SectionsPanel(QWidget):
    changed = Signal()  # a 栏目 was switched: the plan and its rule check are stale

    def __init__(self, ctx: AppContext, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.runner = ctx, runner
        self.issue_id: int | None = None
        self.may_edit = allowed(ctx.role, "issues.write")
        self.list = QListWidget()
        self.message = QLabel("勾选本期刊登的栏目；不勾选的栏目本期停用，空栏目检查不再要求它")
        self.message.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.message)
        self.list.itemChanged.connect(self._toggled)

    def set_plan(self, plan: issues.IssuePlan, *, editable: bool) -> None:
        self.issue_id = plan.issue.id
        self.list.blockSignals(True)
        self.list.clear()
        for section in plan.sections:
            if section.id <= 0:
                continue  # 未分栏目 is no 栏目 to switch
            count = f"{len(section.items)}篇" if section.items else "空"
            item = QListWidgetItem(f"{section.name}（{'本期停用' if section.off else count}）")
            item.setData(Qt.ItemDataRole.UserRole, (section.id, section.name))
            flags = Qt.ItemFlag.ItemIsEnabled
            if editable and self.may_edit and not section.items:
                flags |= Qt.ItemFlag.ItemIsUserCheckable
            item.setFlags(flags)
            item.setCheckState(UNCHECKED if section.off else CHECKED)
            if section.items:
                item.setToolTip("栏目中已有文件，不能停用")
            self.list.addItem(item)
        self.list.blockSignals(False)

    def _toggled(self, item: QListWidgetItem) -> None:
        if self.issue_id is None:
            return
        section_id, name = item.data(Qt.ItemDataRole.UserRole)
        on = item.checkState() == CHECKED
        issue_id = self.issue_id
        self.list.setEnabled(False)

        def change(uow: UnitOfWork) -> None:
            issues.switch_section(uow, issue_id, section_id, on)

        def done(_none: None) -> None:
            self.list.setEnabled(True)
            self.message.setText(f"“{name}”本期{'启用' if on else '停用'}")
            self.changed.emit()

        def failed(message: str, _details: str) -> None:
            self.list.setEnabled(True)
            self.message.setText(f"失败：{message}")
            self.changed.emit()  # the reload shows the 栏目 as it is

        ops.run_op(self, "切换栏目", change, done, on_error=failed)
