"""Table models of the departments screen, over plain rows from gazette.departments.roster."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtGui import QBrush

from gazette.departments.absences import AbsenceRow
from gazette.departments.roster import DepartmentRow, LiaisonRow
from gazette.departments.xlsx import RowIssue
from ui.collation import pinyin_less
from ui.rows_model import GREY, ROW_ROLE, Index, RowsModel

__all__ = [
    "ROW_ROLE",
    "AbsencesModel",
    "DepartmentsModel",
    "DepartmentsProxy",
    "HistoryModel",
    "IssuesModel",
]


class DepartmentsModel(RowsModel):
    COL_NAME, COL_SHORT, COL_CODES, COL_LIAISON, COL_MOBILE, COL_PHONE = range(6)
    COL_ALTERNATE, COL_ALT_MOBILE, COL_CONTACT, COL_STATE = range(6, 10)
    HEADERS = (
        "单位名称",
        "简称",
        "发文机关代字",
        "联络员",
        "手机",
        "办公电话",
        "备用联络员",
        "备用联络员手机",
        "今日联系人",
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
            row.contact_today,
            "在用" if row.active else "已停用",
        )
        return values[column]

    def foreground(self, row: DepartmentRow) -> QBrush | None:
        return None if row.active else GREY

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """The 今日联系人 tooltip gives the whole reason (who is away, why, until when)."""
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == self.COL_CONTACT:
            row = self.row_at(index.row()) if index.isValid() else None
            if row is not None and row.contact_note:
                return row.contact_note
        return super().data(index, role)


class DepartmentsProxy(QSortFilterProxyModel):
    """Filters on any column's text; hides inactive departments unless asked."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.show_inactive = False
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setFilterKeyColumn(-1)
        self.setSortLocaleAware(True)

    def lessThan(self, left: Index, right: Index) -> bool:
        """Names in pinyin order, not by code point."""
        a, b = left.data(), right.data()
        if isinstance(a, str) and isinstance(b, str):
            return pinyin_less(a, b)
        return super().lessThan(left, right)

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


class HistoryModel(RowsModel):
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
        return GREY if row.ended_on else None


class AbsencesModel(RowsModel):
    """Absences of a department's liaison officers; past ones greyed as of ``today``."""

    COL_ROLE, COL_NAME, COL_FROM, COL_TO, COL_REASON, COL_NOTE, COL_BY = range(7)
    HEADERS = ("角色", "姓名", "开始日期", "结束日期", "原因", "说明", "登记人")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.today = dt.date.today()

    def cell(self, row: AbsenceRow, column: int) -> str:
        values = (
            row.role_label,
            row.name,
            row.starts_on.isoformat(),
            row.ends_on.isoformat() if row.ends_on else "未定",
            row.reason,
            row.note,
            row.recorded_by,
        )
        return values[column]

    def foreground(self, row: AbsenceRow) -> QBrush | None:
        return GREY if row.ended_before(self.today) else None


class IssuesModel(RowsModel):
    COL_ROW, COL_COLUMN, COL_REASON = range(3)
    HEADERS = ("行号", "列", "原因")

    def cell(self, row: RowIssue, column: int) -> str:
        return (f"第 {row.row} 行", row.column, row.reason)[column]
