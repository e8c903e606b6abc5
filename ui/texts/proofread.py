"""The proofreading view: the structure of one document as an editable list, saved with a record.

Embedded by the issue screen (``ProofreadWidget(ctx, runner, parent)``, then
``load_document(id)``). The editor fixes a block's kind (heading levels, paragraph) and any text;
saving runs ``save_corrections`` on a worker thread, which records who changed what, when, and
the text before and after. The correction history shows below.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSplitter,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from gazette.context import AppContext
from gazette.db import UnitOfWork
from gazette.office.conflicts import ConflictError
from gazette.texts.model import DocumentText
from gazette.texts.store import Loaded, corrections, load_text, save_corrections
from ui import ops
from ui.conflict_dialog import resolve, show_value
from ui.tasks import TaskRunner
from ui.texts.models import EDITABLE_KINDS, KIND_LABELS, CorrectionsModel, StructureModel
from ui.texts.table_dialog import TableDialog

Index = QModelIndex | QPersistentModelIndex


class KindDelegate(QStyledItemDelegate):
    """A drop-down of the block kinds for the 类型 column."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        box = QComboBox(parent)
        for kind in EDITABLE_KINDS:
            box.addItem(KIND_LABELS[kind], kind)
        return box

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        assert isinstance(editor, QComboBox)
        editor.setCurrentIndex(max(0, editor.findData(index.data(Qt.ItemDataRole.EditRole))))

    def setModelData(self, editor: QWidget, model: Any, index: Index) -> None:
        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)


def _part(base: dict[str, Any]) -> Callable[[str, Any], str]:
    """How a structure part reads in the conflict table: text as is; a list of blocks by the
    items that differ from what was loaded, so the editor sees which paragraph changed."""

    def show(key: str, value: Any) -> str:
        if not (isinstance(value, list) and value and isinstance(value[0], dict)):
            return show_value(key, value)
        before = list(base.get(key) or [])
        changed = [
            f"第{i + 1}项：{str(item.get('text') or item.get('title') or '')[:24]}"
            for i, item in enumerate(value)
            if i >= len(before) or item != before[i]
        ]
        count = f"（{len(before)} 项→{len(value)} 项）" if len(before) != len(value) else ""
        return "；".join(changed[:3]) + ("…" if len(changed) > 3 else "") + count

    return show


class ProofreadWidget(QWidget):
    loaded = Signal(int)  # document id
    saved = Signal(int)  # number of recorded corrections
    failed = Signal(str)

    def __init__(self, ctx: AppContext, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.runner = ctx, runner
        self.document_id: int | None = None
        self.version: int | None = None
        self.shown: dict[str, Any] = {}  # the structure as loaded: the base of a merge
        self.model = StructureModel(self)
        self.history = CorrectionsModel(self)
        self.table_dialog: TableDialog | None = None

        self.caption = QLabel("未打开文件")
        self.caption.setWordWrap(True)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setItemDelegateForColumn(StructureModel.COL_KIND, KindDelegate(self.table))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setWordWrap(True)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(
            StructureModel.COL_PLACE, QHeaderView.ResizeMode.ResizeToContents
        )
        header.setSectionResizeMode(
            StructureModel.COL_KIND, QHeaderView.ResizeMode.ResizeToContents
        )
        header.setSectionResizeMode(StructureModel.COL_TEXT, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)

        self.history_view = QTableView(self)
        self.history_view.setModel(self.history)
        hist = self.history_view.horizontalHeader()
        hist.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        for col in (CorrectionsModel.COL_BEFORE, CorrectionsModel.COL_AFTER):
            hist.setSectionResizeMode(col, QHeaderView.ResizeMode.Stretch)
        self.history_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)

        self.note = QLineEdit(self)
        self.note.setPlaceholderText("校次或说明，如“一校”")
        self.note.setMaximumWidth(220)
        self.insert_button = QPushButton("在下方插入段落")
        self.remove_button = QPushButton("删除所选段落")
        self.revert_button = QPushButton("放弃修改")
        self.save_button = QPushButton("保存校对")
        self.save_button.setDefault(True)
        self.status = QLabel("")

        buttons = QHBoxLayout()
        for w in (self.insert_button, self.remove_button, self.revert_button):
            buttons.addWidget(w)
        buttons.addStretch(1)
        buttons.addWidget(QLabel("说明："))
        buttons.addWidget(self.note)
        buttons.addWidget(self.save_button)

        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(self.table)
        lower = QWidget(split)
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addWidget(QLabel("校对记录（谁、何时、修改前后）"))
        lower_layout.addWidget(self.history_view)
        split.addWidget(lower)
        split.setStretchFactor(0, 4)
        split.setStretchFactor(1, 1)

        layout = QVBoxLayout(self)
        layout.addWidget(self.caption)
        layout.addWidget(split, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.status)

        self.insert_button.clicked.connect(self._insert)
        self.remove_button.clicked.connect(self._remove)
        self.revert_button.clicked.connect(self.reload)
        self.save_button.clicked.connect(self.save)
        self.table.doubleClicked.connect(self._open_table)
        self.model.dataChanged.connect(self._update_buttons)
        self.model.modelReset.connect(self._update_buttons)
        self._update_buttons()

    # loading -----------------------------------------------------------------------------
    def load_document(self, document_id: int) -> None:
        """Open a document's stored structure (on a worker thread)."""
        self.document_id = document_id
        self.status.setText("正在打开…")

        def work(uow: UnitOfWork) -> tuple[Loaded, list[Any]]:
            return load_text(uow, document_id), corrections(uow, document_id)

        ops.run_query(self, "打开校对文本", work, self._show, on_error=self._error)

    def reload(self) -> None:
        if self.document_id is not None:
            self.load_document(self.document_id)

    def _show(self, result: tuple[Loaded, list[Any]]) -> None:
        loaded, history = result
        self.version = loaded.version
        self.shown = loaded.text.to_json()
        self.model.set_document(loaded.text)
        self.history.set_rows(history)
        t = loaded.text
        self.caption.setText(
            f"<b>{t.title or '（无标题）'}</b>　{t.doc_number or ''}　［{loaded.kind}］"
        )
        self.status.setText(f"共 {self.model.rowCount()} 项，已有 {len(history)} 条校对记录")
        self.loaded.emit(loaded.document_id)

    # editing -----------------------------------------------------------------------------
    def _selected_row(self) -> int:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        return rows[0].row() if rows else -1

    def _insert(self) -> None:
        row = self.model.insert_paragraph_after(self._selected_row())
        index = self.model.index(row, StructureModel.COL_TEXT)
        self.table.setCurrentIndex(index)
        self.table.edit(index)

    def _remove(self) -> None:
        row = self._selected_row()
        if row >= 0 and not self.model.remove_block(row):
            self.status.setText("只能删除正文或附件中的段落、标题和表格")

    def _open_table(self, index: QModelIndex) -> None:
        block = self.model.table_at(index.row())
        if block is None:
            return
        dialog = self.table_dialog = TableDialog(block, self)
        row = index.row()
        dialog.accepted.connect(lambda: self.model.set_table_rows(row, dialog.model.rows()))
        dialog.open()

    def _update_buttons(self, *args: Any) -> None:
        has_doc = self.document_id is not None
        self.save_button.setEnabled(has_doc and self.model.dirty)
        self.revert_button.setEnabled(has_doc and self.model.dirty)
        self.insert_button.setEnabled(has_doc)
        self.remove_button.setEnabled(has_doc)

    # saving ------------------------------------------------------------------------------
    def save(self) -> None:
        if self.document_id is None:
            return
        doc_id, version = self.document_id, self.version
        text, note = self.model.document(), self.note.text().strip()
        self.save_button.setEnabled(False)
        self.status.setText("正在保存…")

        def work(uow: UnitOfWork) -> int:
            return len(save_corrections(uow, doc_id, text, version=version, note=note))

        ops.run_op(
            self, "保存校对", work, self._saved, on_error=self._error, on_conflict=self._conflict
        )

    def _conflict(self, error: ConflictError) -> None:
        """Someone saved this document first: their parts beside mine, to reload or merge."""
        self.status.setText("未保存：" + str(error))
        self._update_buttons()
        self.failed.emit(str(error))
        theirs = dict(error.current)

        def merged(values: dict[str, Any], err: ConflictError) -> None:
            self.model.set_document(DocumentText.from_json(values))
            self.model.dirty = True
            self.version, self.shown = err.version, theirs
            self.save()

        self.conflict_dialog = resolve(
            self,
            error,
            self.shown,
            self.model.document().to_json(),
            theirs=theirs,
            on_reload=self.reload,
            on_merge=merged,
            show=_part(self.shown),
            subject=f"“{self.shown.get('title') or '此文件'}”",
        )

    def _saved(self, count: int) -> None:
        self.status.setText(f"已保存，记录 {count} 处修改")
        self.saved.emit(count)
        self.reload()

    def _error(self, message: str, details: str) -> None:
        self.status.setText(f"失败：{message}")
        self._update_buttons()
        self.failed.emit(message)
        if self.isVisible():
            QMessageBox.warning(self, "校对", message)
