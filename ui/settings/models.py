"""Table models of the settings screen's working calendar."""

from __future__ import annotations

from PySide6.QtGui import QBrush, QColor

from gazette.calendar.admin import DayRow
from gazette.calendar.store import YearCoverage
from gazette.calendar.workdays import LIBRARY_SOURCE
from ui.rows_model import ROW_ROLE, RowsModel

__all__ = ["ROW_ROLE", "CoverageModel", "DaysModel"]

_REST = QBrush(QColor("#b3261e"))
_WORK = QBrush(QColor("#1b5e20"))


class CoverageModel(RowsModel):
    COL_YEAR, COL_SOURCE, COL_DAYS = range(3)
    HEADERS = ("年份", "来源", "调整天数")

    def cell(self, row: YearCoverage, column: int) -> str:
        source = "内置数据" if row.source == LIBRARY_SOURCE else row.source
        return (f"{row.year} 年", source, str(row.days))[column]


class DaysModel(RowsModel):
    COL_DATE, COL_WEEKDAY, COL_KIND, COL_NAME, COL_SOURCE = range(5)
    HEADERS = ("日期", "星期", "类型", "名称", "来源")

    def cell(self, row: DayRow, column: int) -> str:
        return (row.day.isoformat(), row.weekday, row.kind, row.name, row.source)[column]

    def foreground(self, row: DayRow) -> QBrush | None:
        return _WORK if row.is_workday else _REST
