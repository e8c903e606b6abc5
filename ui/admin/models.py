"""Table models over plain rows for the administration screen."""

from __future__ import annotations

from gazette.office.audit_query import ACTIONS, TABLE_LABELS, AuditRow
from gazette.office.backup import BackupInfo
from gazette.office.users import UserRow
from ui.rows_model import RowsModel


class AuditModel(RowsModel):
    COL_AT, COL_ACTOR, COL_ACTION, COL_TABLE, COL_RECORD, COL_CHANGES = range(6)
    HEADERS = ("时间", "操作人", "操作", "类别", "记录", "经过")

    def cell(self, row: AuditRow, column: int) -> str:
        return (
            row.local_at.strftime("%Y-%m-%d %H:%M:%S"),
            row.who or row.actor,
            ACTIONS.get(row.action, row.action),
            TABLE_LABELS.get(row.table_name, row.table_name),
            row.record,
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
