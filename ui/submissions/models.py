"""Table models of the desk: plain DeskRow lists, sorted and filtered in Python in one pass.

At 100,000 rows a QSortFilterProxyModel that calls back into Python for every comparison or
every row (``lessThan``/``filterAcceptsRow``) costs seconds, so the proxy keeps the view's API but
delegates: sorting is one ``list.sort`` with a key in the source model, filtering one list
comprehension that swaps the source model's visible rows; the proxy's own mapping stays in C++.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QBrush, QColor

from gazette.submissions.columns import SCREEN_HEADERS
from gazette.submissions.queries import DeskRow
from gazette.submissions.stats import DeptStats, percent
from gazette.vocab import SubmissionStatus
from ui.collation import pinyin_ranks

Index = QModelIndex | QPersistentModelIndex

(
    COL_DEPARTMENT,
    COL_TITLE,
    COL_NUMBER,
    COL_ISSUED,
    COL_RECEIVED,
    COL_DEADLINE,
    COL_STATUS,
    COL_DAYS,
    COL_DISCLOSURE,
    COL_NORMATIVE,
    COL_DECISION,
    COL_REMINDERS,
) = range(12)
HEADERS = SCREEN_HEADERS
STATUS_COLOURS = {
    SubmissionStatus.ON_TIME: ("#E2F0D9", "#375623"),
    SubmissionStatus.LATE: ("#FCE4D6", "#843C0C"),
    SubmissionStatus.DUE_SOON: ("#FFF2CC", "#7F6000"),
    SubmissionStatus.OVERDUE: ("#F4B6B6", "#7B0000"),
    SubmissionStatus.PENDING: ("#DDEBF7", "#1F3864"),
    SubmissionStatus.UNCOVERED: ("#E7E6E6", "#3A3838"),
}
ROW_ROLE = Qt.ItemDataRole.UserRole + 1
_BRUSHES = {k: (QBrush(QColor(bg)), QBrush(QColor(fg))) for k, (bg, fg) in STATUS_COLOURS.items()}


def _d(day: dt.date | None) -> str:
    return day.isoformat() if day else ""


_DISPLAY: dict[int, Callable[[DeskRow], Any]] = {
    COL_DEPARTMENT: lambda r: r.department,
    COL_TITLE: lambda r: r.title,
    COL_NUMBER: lambda r: r.doc_number,
    COL_ISSUED: lambda r: _d(r.issued_on),
    COL_RECEIVED: lambda r: _d(r.received_on) or ("预期" if r.expected else ""),
    COL_DEADLINE: lambda r: _d(r.deadline),
    COL_STATUS: lambda r: r.status.label,
    COL_DAYS: lambda r: "" if r.days is None else str(r.days),
    COL_DISCLOSURE: lambda r: r.disclosure.removeprefix("此件"),
    COL_NORMATIVE: lambda r: "是" if r.is_normative else "否",
    COL_DECISION: lambda r: r.decision,
    COL_REMINDERS: lambda r: str(r.reminders) if r.reminders else "",
}
_MIN = dt.date.min
_SORT_KEY: dict[int, Callable[[DeskRow], Any]] = {
    COL_DEPARTMENT: lambda r: r.department,
    COL_TITLE: lambda r: r.title,
    COL_NUMBER: lambda r: r.doc_number,
    COL_ISSUED: lambda r: r.issued_on,
    COL_RECEIVED: lambda r: r.received_on or _MIN,
    COL_DEADLINE: lambda r: r.deadline or _MIN,
    COL_STATUS: lambda r: r.status.label,
    COL_DAYS: lambda r: -1 if r.days is None else r.days,
    COL_DISCLOSURE: lambda r: r.disclosure,
    COL_NORMATIVE: lambda r: r.is_normative,
    COL_DECISION: lambda r: r.decision,
    COL_REMINDERS: lambda r: r.reminders,
}


class DeskModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.all_rows: list[DeskRow] = []
        self.rows: list[DeskRow] = []  # the visible ones, in display order
        self._accepts: Callable[[DeskRow], bool] | None = None

    def set_rows(self, rows: Sequence[DeskRow]) -> None:
        self.beginResetModel()
        self.all_rows = list(rows)
        self.rows = self._visible()
        self.endResetModel()

    def _visible(self) -> list[DeskRow]:
        accepts = self._accepts
        return list(self.all_rows) if accepts is None else [r for r in self.all_rows if accepts(r)]

    def apply_filter(self, accepts: Callable[[DeskRow], bool] | None) -> None:
        self.beginResetModel()
        self._accepts = accepts
        self.rows = self._visible()
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return HEADERS[section] if 0 <= section < len(HEADERS) else None
        return None

    def data(self, index: Index, role: int = 0) -> Any:
        if not index.isValid():
            return None
        r = self.rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return _DISPLAY[col](r)
        if role == Qt.ItemDataRole.BackgroundRole and col in (COL_STATUS, COL_DAYS):
            pair = _BRUSHES.get(r.status)
            return pair[0] if pair else None
        if role == Qt.ItemDataRole.ForegroundRole:
            if col in (COL_STATUS, COL_DAYS):
                pair = _BRUSHES.get(r.status)
                return pair[1] if pair else None
            if not r.is_normative:
                return QBrush(QColor("#7F7F7F"))
        if role == Qt.ItemDataRole.ToolTipRole and col == COL_TITLE:
            return r.title
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (COL_DAYS, COL_REMINDERS):
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == ROW_ROLE:
            return r
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        key = _SORT_KEY.get(column)
        if key is None:
            return
        reverse = order == Qt.SortOrder.DescendingOrder
        self.beginResetModel()
        self.all_rows.sort(key=key, reverse=reverse)
        self.rows = self._visible()
        self.endResetModel()


class DeskFilter:
    """What the user filters on; ``accepts`` is plain Python, applied to all rows at once."""

    def __init__(self) -> None:
        self.department_id: int | None = None
        self.status: str = ""
        self.issued_from: dt.date | None = None
        self.issued_to: dt.date | None = None
        self.text: str = ""
        self.normative_only: bool = False

    def accepts(self, r: DeskRow) -> bool:
        if self.department_id is not None and r.department_id != self.department_id:
            return False
        if self.status and r.status != self.status:
            return False
        if self.issued_from and r.issued_on < self.issued_from:
            return False
        if self.issued_to and r.issued_on > self.issued_to:
            return False
        if self.normative_only and not r.is_normative:
            return False
        if self.text:
            t = self.text
            return t in r.title or t in r.doc_number or t in r.department or t in r.liaison_name
        return True


class DeskProxy(QSortFilterProxyModel):
    """The view's proxy; sorting and filtering are delegated to the source model (see above)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.filter = DeskFilter()

    def _source(self) -> DeskModel:
        src = self.sourceModel()
        assert isinstance(src, DeskModel)
        return src

    def refilter(self) -> None:
        f = self.filter
        active = any(
            (
                f.department_id is not None,
                f.status,
                f.issued_from,
                f.issued_to,
                f.text,
                f.normative_only,
            )
        )
        self._source().apply_filter(f.accepts if active else None)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self._source().sort(column, order)

    def visible_rows(self) -> list[DeskRow]:
        return list(self._source().rows)


STAT_HEADERS = (
    "部门",
    "印发",
    "已报送",
    "到期",
    "按时",
    "逾期报送",
    "逾期未报",
    "待报送",
    "按时率",
    "平均逾期（工作日）",
    "选登",
    "不予选登",
)


class StatsModel(QAbstractTableModel):
    """The per-department dashboard."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.rows: list[DeptStats] = []
        self._ranks: dict[str, int] = {}

    def set_rows(self, rows: Sequence[DeptStats]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self._ranks = pinyin_ranks(r.department for r in self.rows)  # 部门 sorts by pinyin
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(STAT_HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return STAT_HEADERS[section] if 0 <= section < len(STAT_HEADERS) else None
        return None

    def data(self, index: Index, role: int = 0) -> Any:
        if not index.isValid():
            return None
        s = self.rows[index.row()]
        values: tuple[Any, ...] = (
            s.department,
            s.issued,
            s.submitted,
            s.due,
            s.on_time,
            s.late,
            s.never,
            s.pending,
            s.rate,
            s.average_delay,
            s.selected,
            s.declined,
        )
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            v = values[col]
            if col == 8:
                return percent(v)
            if col == 9:
                return "—" if v is None else f"{v:.1f}"
            return v if col == 0 else str(v)
        if role == Qt.ItemDataRole.UserRole:  # numeric sort; the department by its pinyin rank
            v = self._ranks.get(s.department, 0) if col == 0 else values[col]
            return -1.0 if v is None else v
        if role == Qt.ItemDataRole.TextAlignmentRole and col:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.ForegroundRole and col == 6 and s.never:
            return QBrush(QColor("#9C0006"))
        return None
