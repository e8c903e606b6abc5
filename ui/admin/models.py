"""Table models over plain rows for the administration screen."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from gazette.audit_query import ACTIONS, TABLE_LABELS, AuditRow
from gazette.backup import BackupInfo
from gazette.users import UserRow

Index = QModelIndex | QPersistentModelIndex


class RowsModel(QAbstractTableModel):
    """A read-only table of plain rows; subclasses say the headers and how to show a cell."""

    HEADERS: tuple[str, ...] = ()

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.rows: list[Any] = []

    def set_rows(self, rows: list[Any]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.rows):
            return None
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.cell(row, index.column())
        if role == Qt.ItemDataRole.UserRole:
            return row
        return None

    def cell(self, row: Any, column: int) -> str:
        raise NotImplementedError


class AuditModel(RowsModel):
    COL_AT, COL_ACTOR, COL_ACTION, COL_TABLE, COL_RECORD, COL_CHANGES = range(6)
    HEADERS = ("时间（UTC）", "操作人", "操作", "数据表", "记录", "修改内容")

    def cell(self, row: AuditRow, column: int) -> str:
        return (
            row.at.strftime("%Y-%m-%d %H:%M:%S"),
            row.actor,
            ACTIONS.get(row.action, row.action),
            TABLE_LABELS.get(row.table_name, row.table_name),
            row.record_id,
            row.summary(),
        )[column]


class UsersModel(RowsModel):
    COL_USERNAME, COL_NAME, COL_ROLE, COL_ACTIVE = range(4)
    HEADERS = ("用户名", "姓名", "角色", "状态")

    def cell(self, row: UserRow, column: int) -> str:
        return (row.username, row.display_name, row.role_name, "启用" if row.active else "停用")[
            column
        ]


class BackupsModel(RowsModel):
    COL_CREATED, COL_FILES, COL_SIZE, COL_PATH = range(4)
    HEADERS = ("备份时间", "文件数", "大小", "位置")

    def cell(self, row: BackupInfo, column: int) -> str:
        size = f"{row.size / 1_048_576:.1f} MB"
        return (row.created.strftime("%Y-%m-%d %H:%M"), str(row.files), size, str(row.path))[column]
