"""A read-only QAbstractTableModel over a list of plain rows (dataclasses from the core)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

Index = QModelIndex | QPersistentModelIndex
ROW_ROLE = Qt.ItemDataRole.UserRole + 1  # the plain row object behind a table line
_DISPLAY = Qt.ItemDataRole.DisplayRole
GREY = QBrush(QColor("#8a8a8a"))


class RowsModel(QAbstractTableModel):
    """A read-only table over a list of rows; subclasses give HEADERS and ``cell``."""

    HEADERS: tuple[str, ...] = ()

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[Any] = []

    def set_rows(self, rows: Sequence[Any]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def put_row(self, row: Any, key: Callable[[Any], object]) -> None:
        """Replace the line with the same ``key`` (or add it): a refresh of what one edit
        changed, keeping the view's selection and scroll where a reset would lose them."""
        wanted = key(row)
        for i, old in enumerate(self._rows):
            if key(old) == wanted:
                self._rows[i] = row
                last = max(self.columnCount() - 1, 0)
                self.dataChanged.emit(self.index(i, 0), self.index(i, last))
                return
        self.beginInsertRows(QModelIndex(), len(self._rows), len(self._rows))
        self._rows.append(row)
        self.endInsertRows()

    def drop_row(self, key: Callable[[Any], object], wanted: object) -> None:
        """Remove the line whose ``key`` is ``wanted`` (gone since the last load)."""
        for i, old in enumerate(self._rows):
            if key(old) == wanted:
                self.beginRemoveRows(QModelIndex(), i, i)
                del self._rows[i]
                self.endRemoveRows()
                return

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
