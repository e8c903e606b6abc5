"""Proofreading a table: its cells in a grid with the merged cells drawn merged, text editable."""

from __future__ import annotations

import copy
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from gazette.texts.model import Block, Cell

Index = QModelIndex | QPersistentModelIndex
_DISPLAY = Qt.ItemDataRole.DisplayRole
_EDIT = Qt.ItemDataRole.EditRole


class TableCellsModel(QAbstractTableModel):
    """The table's full grid; a merged cell answers at its top-left slot only."""

    def __init__(self, block: Block, parent: Any = None) -> None:
        super().__init__(parent)
        self.block = copy.deepcopy(block)
        self.grid: list[list[Cell | None]] = self.block.grid()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.grid)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() or not self.grid else len(self.grid[0])

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = _DISPLAY) -> Any:
        if role != _DISPLAY:
            return None
        return f"第{section + 1}列" if orientation == Qt.Orientation.Horizontal else section + 1

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        if index.isValid() and self.grid[index.row()][index.column()] is not None:
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def data(self, index: Index, role: int = _DISPLAY) -> Any:
        if not index.isValid():
            return None
        cell = self.grid[index.row()][index.column()]
        if role in (_DISPLAY, _EDIT, Qt.ItemDataRole.ToolTipRole):
            return cell.text if cell is not None else ""
        return None

    def setData(self, index: Index, value: Any, role: int = _EDIT) -> bool:
        if role != _EDIT or not index.isValid():
            return False
        cell = self.grid[index.row()][index.column()]
        if cell is None:
            return False
        cell.text = "\n".join(x.strip() for x in str(value).split("\n") if x.strip())
        self.dataChanged.emit(index, index, [role, _DISPLAY])
        return True

    def spans(self) -> list[tuple[int, int, int, int]]:
        """(row, column, rowspan, colspan) of every merged cell, for QTableView.setSpan."""
        out = []
        for r, row in enumerate(self.grid):
            for c, cell in enumerate(row):
                if cell is not None and (cell.rowspan > 1 or cell.colspan > 1):
                    out.append((r, c, cell.rowspan, cell.colspan))
        return out

    def widest_column(self) -> int:
        """The column holding the most text: it gets the spare width."""
        totals = [0] * self.columnCount()
        for row in self.grid:
            for c, cell in enumerate(row):
                totals[c] += len(cell.text) if cell is not None else 0
        return max(range(len(totals)), key=totals.__getitem__) if totals else 0

    def rows(self) -> list[list[Cell]]:
        return copy.deepcopy(self.block.rows or [])


class TableDialog(QDialog):
    def __init__(self, block: Block, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("校对表格")
        self.resize(900, 560)
        self.model = TableCellsModel(block, self)
        self.view = QTableView(self)
        self.view.setModel(self.model)
        self.view.setWordWrap(True)
        for r, c, rs, cs in self.model.spans():
            self.view.setSpan(r, c, rs, cs)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        widest = self.model.widest_column()
        for c in range(self.model.columnCount()):
            if c == widest:
                header.setSectionResizeMode(c, QHeaderView.ResizeMode.Stretch)
            else:
                self.view.resizeColumnToContents(c)
                header.resizeSection(c, min(header.sectionSize(c), 220))
        self.view.resizeRowsToContents()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("确定")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("双击单元格修改文字；合并的单元格按原样显示。"))
        layout.addWidget(self.view, 1)
        layout.addWidget(buttons)
        header.sectionResized.connect(lambda *_a: self.view.resizeRowsToContents())

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        self.view.resizeRowsToContents()  # now that the stretched column has its width
