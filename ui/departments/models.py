"""Table models of the departments screen, over plain rows from gazette.departments."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QBrush, QColor

from gazette.departments import DepartmentRow, LiaisonRow
from gazette.departments_xlsx import RowIssue

Index = QModelIndex | QPersistentModelIndex
ROW_ROLE = Qt.ItemDataRole.UserRole + 1  # the plain row object behind a table line
_DISPLAY = Qt.ItemDataRole.DisplayRole
_GREY = QBrush(QColor("#8a8a8a"))


class _RowsModel(QAbstractTableModel):
    """A read-only table over a list of rows; subclasses give HEADERS and ``cell``."""

    HEADERS: tuple[str, ...] = ()

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[Any] = []

    def set_rows(self, rows: Sequence[Any]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int) -> Any:
        return self._rows[row]

    def rows(self) -> list[Any]:
        return list(self._rows)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = _DISPLAY) -> Any:
        if role != _DISPLAY:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self.HEADERS[section] if 0 <= section < len(self.HEADERS) else None
        return section + 1

    def data(self, index: Index, role: int = _DISPLAY) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == ROW_ROLE:
            return row
        if role in (_DISPLAY, Qt.ItemDataRole.ToolTipRole):
            return self.cell(row, index.column())
        if role == Qt.ItemDataRole.ForegroundRole:
            return self.foreground(row)
        return None

    def cell(self, row: Any, column: int) -> str:
        raise NotImplementedError

    def foreground(self, row: Any) -> QBrush | None:
        return None


class DepartmentsModel(_RowsModel):
    COL_NAME, COL_SHORT, COL_CODES, COL_LIAISON, COL_MOBILE, COL_PHONE = range(6)
    COL_ALTERNATE, COL_ALT_MOBILE, COL_STATE = range(6, 9)
    HEADERS = (
        "单位名称",
        "简称",
        "发文机关代字",
        "联络员",
        "手机",
        "办公电话",
        "备用联络员",
        "备用联络员手机",
        "状态",
    )

    def cell(self, row: DepartmentRow, column: int) -> str:
        values = (
            row.name,
            row.short_name,
            row.codes_text,
            row.liaison,
            row.liaison_mobile,
            row.liaison_phone,
            row.alternate,
            row.alternate_mobile,
            "在用" if row.active else "已停用",
        )
        return values[column]

    def foreground(self, row: DepartmentRow) -> QBrush | None:
        return None if row.active else _GREY


class DepartmentsProxy(QSortFilterProxyModel):
    """Filters on any column's text; hides inactive departments unless asked."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.show_inactive = False
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setFilterKeyColumn(-1)
        self.setSortLocaleAware(True)

    def set_show_inactive(self, show: bool) -> None:
        self.beginFilterChange()
        self.show_inactive = show
        self.endFilterChange()

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        model = self.sourceModel()
        row = model.index(source_row, 0, source_parent).data(ROW_ROLE)
        if row is not None and not row.active and not self.show_inactive:
            return False
        return super().filterAcceptsRow(source_row, source_parent)


class HistoryModel(_RowsModel):
    COL_ROLE, COL_NAME, COL_POST, COL_MOBILE, COL_PHONE, COL_EMAIL, COL_FROM, COL_TO = range(8)
    HEADERS = ("角色", "姓名", "职务", "手机", "办公电话", "邮箱", "起始日期", "结束日期")

    def cell(self, row: LiaisonRow, column: int) -> str:
        values = (
            row.role_label,
            row.name,
            row.post,
            row.mobile,
            row.office_phone,
            row.email,
            row.started_on.isoformat(),
            row.ended_on.isoformat() if row.ended_on else "至今",
        )
        return values[column]

    def foreground(self, row: LiaisonRow) -> QBrush | None:
        return _GREY if row.ended_on else None


class IssuesModel(_RowsModel):
    COL_ROW, COL_COLUMN, COL_REASON = range(3)
    HEADERS = ("行号", "列", "原因")

    def cell(self, row: RowIssue, column: int) -> str:
        return (f"第 {row.row} 行", row.column, row.reason)[column]
