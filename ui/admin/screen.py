"""系统管理: users and roles, the audit trail, backup and restore."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, QSortFilterProxyModel
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from gazette.context import AppContext
from gazette.office import audit_query, backup, users
from gazette.office.auth import ROLES, allowed
from gazette.office.conflicts import ConflictError
from ui import ops
from ui.admin.models import AuditModel, BackupsModel, UsersModel
from ui.conflict_dialog import resolve, show_value
from ui.empty_note import EmptyNote
from ui.errors import show_error
from ui.rows_model import ROW_ROLE
from ui.tasks import TaskRunner

NO_USERS_EMBEDDED = (
    "内置数据库只有一位管理员（即本机使用者，无需登录）；用户账号属于办公室共享数据库。"
)
NO_USERS = "还没有用户账号；点“新建用户…”添加。"
NO_BACKUPS = "还没有备份；点“立即备份”生成第一份，此后每天首次启动时自动备份。"


def _table(model: Any) -> QTableView:
    proxy = QSortFilterProxyModel(model)
    proxy.setSourceModel(model)
    view = QTableView()
    view.setModel(proxy)
    view.setSortingEnabled(True)
    view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
    view.setAlternatingRowColors(True)
    view.horizontalHeader().setStretchLastSection(True)
    view.verticalHeader().setVisible(False)
    return view


class AuditTab(QWidget):
    def __init__(self, ctx: AppContext, runner: TaskRunner) -> None:
        super().__init__()
        self.ctx, self.runner = ctx, runner
        self.model = AuditModel(self)
        self.actor = QLineEdit()
        self.actor.setPlaceholderText("操作人")
        self.table = QComboBox()
        self.table.addItem("全部数据表", "")
        for name, label in audit_query.TABLE_LABELS.items():
            self.table.addItem(label, name)
        self.since = QDateEdit(QDate.currentDate().addMonths(-1))
        self.until = QDateEdit(QDate.currentDate())
        for edit in (self.since, self.until):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        search = QPushButton("查询")
        export = QPushButton("导出 Excel…")
        search.clicked.connect(self.reload)
        export.clicked.connect(self.export)
        bar = QHBoxLayout()
        for w in (
            QLabel("操作人"),
            self.actor,
            QLabel("数据表"),
            self.table,
            QLabel("从"),
            self.since,
            QLabel("至"),
            self.until,
            search,
            export,
        ):
            bar.addWidget(w)
        bar.addStretch(1)
        self.view = _table(self.model)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.view)
        self.status = QLabel("")
        layout.addWidget(self.status)

    def _filters(self) -> dict[str, Any]:
        return {
            "actor": self.actor.text().strip() or None,
            "table": self.table.currentData() or None,
            "since": self.since.date().toPython(),
            "until": self.until.date().toPython(),
        }

    def reload(self) -> None:
        filters = self._filters()

        ops.run_query(
            self,
            "查询审计记录",
            lambda uow: audit_query.query(uow.session, **filters),
            self._loaded,
            on_error=lambda m, d: show_error(self, "查询失败", m, d),
        )

    def _loaded(self, rows: list[audit_query.AuditRow]) -> None:
        self.model.set_rows(rows)
        self.status.setText(f"共 {len(rows)} 条记录（最多显示 5000 条）")
        self.view.resizeColumnsToContents()

    def export(self) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self, "导出审计记录", "审计记录.xlsx", "Excel (*.xlsx)"
        )
        if not name:
            return
        rows = self.model.rows()
        ops.run_job(
            self,
            "导出审计记录",
            lambda _r: audit_query.export_xlsx(rows, Path(name)),
            lambda _x: self.status.setText(f"已导出到 {name}"),
            on_error=lambda m, d: show_error(self, "导出失败", m, d),
        )


class UsersTab(QWidget):
    def __init__(self, ctx: AppContext, runner: TaskRunner) -> None:
        super().__init__()
        self.ctx, self.runner = ctx, runner
        self.model = UsersModel(self)
        self.view = _table(self.model)
        add = QPushButton("新建用户…")
        reset = QPushButton("重置密码…")
        toggle = QPushButton("启用/停用")
        role = QPushButton("修改角色…")
        add.clicked.connect(self.add_user)
        reset.clicked.connect(self.reset_password)
        toggle.clicked.connect(self.toggle)
        role.clicked.connect(self.change_role)
        can_manage = allowed(ctx.role, "users.manage")
        for b in (add, reset, toggle, role):
            b.setEnabled(can_manage)
        bar = QHBoxLayout()
        for b in (add, role, reset, toggle):
            bar.addWidget(b)
        bar.addStretch(1)
        note = QLabel(
            "内置数据库为单用户使用，无需登录；连接办公室共享数据库（PostgreSQL）时，"
            "每位工作人员以自己的账号登录，权限按角色控制。"
        )
        note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addLayout(bar)
        layout.addWidget(self.view)
        self.empty_note = EmptyNote(
            self.view, NO_USERS_EMBEDDED if ctx.db.is_embedded else NO_USERS
        )
        runner.changed.connect(self._changed)

    def reload(self) -> None:
        ops.run_query(
            self,
            "载入用户",
            lambda uow: users.list_users(uow.session),
            self.model.set_rows,
            on_error=lambda m, d: show_error(self, "载入失败", m, d),
        )

    def _changed(self, tables: frozenset[str]) -> None:
        """Any change to the accounts (here or in another screen) shows in the list."""
        if "users" in tables:
            self.reload()

    def _selected(self) -> users.UserRow | None:
        rows = self.view.selectionModel().selectedRows()
        return rows[0].data(ROW_ROLE) if rows else None

    def _run(
        self, title: str, fn: Any, on_conflict: Callable[[ConflictError], None] | None = None
    ) -> None:
        ops.run_op(
            self,
            title,
            lambda uow: fn(uow.session),
            on_error=lambda m, d: show_error(self, title + "失败", m, d),
            on_conflict=on_conflict,
        )

    def _edit(self, title: str, row: users.UserRow, key: str, value: Any) -> None:
        """Change one field of an account against the version the list showed."""
        setters: dict[str, Callable[..., None]] = {
            "role": users.set_role,
            "active": users.set_active,
        }
        setter = setters[key]

        def save(v: Any, version: int | None) -> None:
            self._run(
                title,
                lambda s: setter(s, row.username, v, expected_version=version),
                on_conflict,
            )

        def on_conflict(error: ConflictError) -> None:
            self.conflict_dialog = resolve(
                self,
                error,
                {key: getattr(row, key)},
                {key: value},
                on_reload=self.reload,
                on_merge=lambda merged, err: save(merged[key], err.version),
                show=lambda k, v: ROLES.get(v, v) if k == "role" else show_value(k, v),
            )

        save(value, row.version)

    def add_user(self) -> None:
        dialog = NewUserDialog(self)
        if dialog.exec():
            u, n, r, p = dialog.values()
            self._run("新建用户", lambda s: users.create_user(s, u, n, r, p))

    def reset_password(self) -> None:
        row = self._selected()
        if row is None:
            return
        pw, ok = QInputDialog.getText(
            self,
            "重置密码",
            f"为 {row.display_name} 设置新密码（至少 8 位）：",
            QLineEdit.EchoMode.Password,
        )
        if ok and pw:
            self._run("重置密码", lambda s: users.reset_password(s, row.username, pw))

    def toggle(self) -> None:
        row = self._selected()
        if row is not None:
            self._edit("修改账号状态", row, "active", not row.active)

    def change_role(self) -> None:
        row = self._selected()
        if row is None:
            return
        names = list(ROLES.values())
        name, ok = QInputDialog.getItem(
            self,
            "修改角色",
            f"{row.display_name} 的角色：",
            names,
            names.index(row.role_name),
            False,
        )
        if ok:
            code = next(k for k, v in ROLES.items() if v == name)
            self._edit("修改角色", row, "role", code)


class NewUserDialog(QDialog):
    """A small form: user name, name, role, initial password."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setWindowTitle("新建用户")
        form = QFormLayout(self)
        self.username, self.name, self.password = QLineEdit(), QLineEdit(), QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.role = QComboBox()
        for code, label in ROLES.items():
            self.role.addItem(label, code)
        form.addRow("用户名", self.username)
        form.addRow("姓名", self.name)
        form.addRow("角色", self.role)
        form.addRow("初始密码", self.password)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def values(self) -> tuple[str, str, str, str]:
        return (
            self.username.text(),
            self.name.text(),
            self.role.currentData(),
            self.password.text(),
        )


class BackupTab(QWidget):
    def __init__(self, ctx: AppContext, runner: TaskRunner) -> None:
        super().__init__()
        self.ctx, self.runner = ctx, runner
        self.model = BackupsModel(self)
        self.view = _table(self.model)
        make = QPushButton("立即备份")
        restore = QPushButton("从备份恢复…")
        make.clicked.connect(self.make)
        restore.clicked.connect(self.restore)
        enabled = allowed(ctx.role, "backup.run")
        make.setEnabled(enabled)
        restore.setEnabled(enabled and ctx.db.is_embedded)
        bar = QHBoxLayout()
        bar.addWidget(make)
        bar.addWidget(restore)
        bar.addStretch(1)
        if ctx.db.is_embedded:
            text = (
                "备份包括数据库（使用 SQLite 在线备份接口）和文件库（逐个校验 SHA-256）。"
                "每天首次启动时自动备份，保留最近 7 份。恢复前会先完整校验备份，并为当前数据库另存一份。"
            )
        else:
            text = (
                "共享数据库使用 pg_dump 备份，文件库同时复制并校验；恢复请由管理员在空数据库上"
                "用 pg_restore 执行（见使用手册）。"
            )
        note = QLabel(text)
        note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addLayout(bar)
        layout.addWidget(self.view)
        self.empty_note = EmptyNote(self.view, NO_BACKUPS)

    def reload(self) -> None:
        root = backup.backups_dir(self.ctx)
        ops.run_job(
            self,
            "载入备份列表",
            lambda _r: backup.list_backups(root) if root.exists() else [],
            self.model.set_rows,
            on_error=lambda m, d: show_error(self, "载入失败", m, d),
        )

    def make(self) -> None:
        def done(info: backup.BackupInfo) -> None:
            self.reload()
            QMessageBox.information(self, "备份完成", f"已备份到 {info.path}")

        ops.run_job(
            self,
            "备份",
            lambda r: backup.make_backup(self.ctx, reporter=r),
            done,
            on_error=lambda m, d: show_error(self, "备份失败", m, d),
        )

    def restore(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self, "选择备份文件夹", str(backup.backups_dir(self.ctx))
        )
        if not folder:
            return
        answer = QMessageBox.question(
            self,
            "从备份恢复",
            "恢复会用备份替换当前数据库（当前数据库会先另存一份）。"
            "恢复后需要重新启动程序。是否继续？",
        )
        if answer != QMessageBox.StandardButton.Yes:
            return

        def done(safety: Path) -> None:
            QMessageBox.information(
                self, "恢复完成", f"已恢复。原数据库另存于 {safety}。请重新启动程序。"
            )

        ops.run_job(
            self,
            "恢复备份",
            lambda r: backup.restore_sqlite(self.ctx, Path(folder), r),
            done,
            on_error=lambda m, d: show_error(self, "恢复失败", m, d),
        )


class Screen(QWidget):
    def __init__(self, ctx: AppContext, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tabs = QTabWidget()
        self.users = UsersTab(ctx, runner)
        self.audit = AuditTab(ctx, runner)
        self.backups = BackupTab(ctx, runner)
        self.tabs.addTab(self.users, "用户与角色")
        self.tabs.addTab(self.audit, "审计记录")
        self.tabs.addTab(self.backups, "备份与恢复")
        layout = QVBoxLayout(self)
        title = QLabel(
            f"<h2>系统管理</h2>当前用户：{ctx.user}（{ROLES.get(ctx.role, ctx.role)}）"
            f"　今天：{dt.date.today():%Y-%m-%d}"
        )
        layout.addWidget(title)
        layout.addWidget(self.tabs)
        self.users.reload()
        self.audit.reload()
        self.backups.reload()
