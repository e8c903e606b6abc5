"""Browse mode: year → issue → table of contents → document, loaded level by level on a
worker thread as the user opens it."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QHeaderView, QTreeView, QVBoxLayout, QWidget

from gazette.context import AppContext
from gazette.search import lookup
from gazette.vocab import issue_label
from ui import ops
from ui.tasks import TaskRunner

KIND_ROLE = Qt.ItemDataRole.UserRole + 1  # "year" / "issue" / "doc"
ID_ROLE = Qt.ItemDataRole.UserRole + 2
LOADED_ROLE = Qt.ItemDataRole.UserRole + 3


def _item(text: str, kind: str, ident: int, expandable: bool) -> list[QStandardItem]:
    item = QStandardItem(text)
    item.setEditable(False)
    item.setData(kind, KIND_ROLE)
    item.setData(ident, ID_ROLE)
    item.setData(False, LOADED_ROLE)
    if expandable:
        item.appendRow([QStandardItem("载入中…"), QStandardItem("")])
    return [item]


class BrowsePane(QWidget):
    open_document = Signal(int)

    def __init__(self, ctx: AppContext, runner: TaskRunner, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx, self.runner = ctx, runner
        self.model = QStandardItemModel(0, 2, self)
        self.model.setHorizontalHeaderLabels(["年份 / 期次 / 目录", "页码"])
        self.tree = QTreeView()
        self.tree.setModel(self.model)
        self.tree.setUniformRowHeights(True)
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.tree.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.header().setStretchLastSection(False)
        self.tree.expanded.connect(self._expanded)
        self.tree.activated.connect(self._activated)
        self.tree.clicked.connect(self._activated)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tree)
        self.loaded = False

    def load(self) -> None:
        self.loaded = True
        ops.run_query(self, "载入年份", lookup.years, self._years)

    def _years(self, rows: list[tuple[int, int]]) -> None:
        self.model.removeRows(0, self.model.rowCount())
        for year, n in rows:
            row = _item(f"{year}年（{n}期）", "year", year, True)
            self.model.appendRow([*row, QStandardItem("")])

    def _expanded(self, index: Any) -> None:
        item = self.model.itemFromIndex(index.siblingAtColumn(0))
        if item is None or item.data(LOADED_ROLE):
            return
        item.setData(True, LOADED_ROLE)
        kind, ident = item.data(KIND_ROLE), item.data(ID_ROLE)
        if kind == "year":
            ops.run_query(
                self,
                "载入期次",
                lambda uow: lookup.issues(uow, ident),
                lambda rows: self._issues(item, rows),
            )
        elif kind == "issue":
            ops.run_query(
                self,
                "载入目录",
                lambda uow: lookup.contents(uow, ident),
                lambda rows: self._contents(item, rows),
            )

    def _issues(self, parent: QStandardItem, rows: list[lookup.IssueRow]) -> None:
        parent.removeRows(0, parent.rowCount())
        for r in rows:
            label = issue_label(r.year, r.number, r.supplement)
            if r.serial:
                label += f"　总第{r.serial}期"
            label += f"　{r.items}篇"
            parent.appendRow([*_item(label, "issue", r.issue_id, r.items > 0), QStandardItem("")])

    def _contents(self, parent: QStandardItem, rows: list[lookup.ContentsRow]) -> None:
        parent.removeRows(0, parent.rowCount())
        section = None
        for r in rows:
            if r.section and r.section != section:
                section = r.section
                head = QStandardItem(f"【{section}】")
                head.setEditable(False)
                head.setEnabled(False)
                parent.appendRow([head, QStandardItem("")])
            label = r.title + (f"（{r.doc_number}）" if r.doc_number else "")
            page = QStandardItem(str(r.page) if r.page else "")
            page.setEditable(False)
            parent.appendRow([*_item(label, "doc", r.doc_id, False), page])

    def _activated(self, index: Any) -> None:
        item = self.model.itemFromIndex(index.siblingAtColumn(0))
        if item is not None and item.data(KIND_ROLE) == "doc":
            self.open_document.emit(int(item.data(ID_ROLE)))
