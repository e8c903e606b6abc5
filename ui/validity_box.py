"""效力与关联: a document's validity status and the documents that amend or repeal it.

Shown wherever an editor looks at a document (the issue's items, the 查阅 detail). Editors set
the status and add or remove links to documents found by title or 发文字号; readers see the
same but every control is disabled (the core refuses them anyway).
"""

from __future__ import annotations

import html
from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from gazette.context import AppContext
from gazette.db import UnitOfWork
from gazette.issues import validity
from gazette.office.auth import allowed
from ui import ops
from ui.rows_model import RowsModel
from ui.tasks import TaskRunner

LOADING = "正在读取效力…"  # not 未选择文件: a document is chosen, its validity is on its way
COLOURS = {"有效": "#1e7b34", "失效": "#8a6d00", "废止": "#b00000"}
# what the editor reads -> (relation, this document is the link's source)
LINK_CHOICES: tuple[tuple[str, str, bool], ...] = (
    ("本文件被所选文件修改", "修改", False),
    ("本文件被所选文件废止", "废止", False),
    ("本文件被所选文件替代", "替代", False),
    ("本文件修改所选文件", "修改", True),
    ("本文件废止所选文件", "废止", True),
    ("本文件替代所选文件", "替代", True),
)


def validity_brush(status: str) -> QBrush | None:
    colour = COLOURS.get(status)
    return QBrush(QColor(colour)) if colour and status != "有效" else None


def ref_label(ref: validity.Ref) -> str:
    return f"《{ref.title}》" + (f"（{ref.doc_number}）" if ref.doc_number else "")


def summary_html(v: validity.Validity) -> str:
    """效力 in colour, then each amending/repealing document and each one this one changes."""
    colour = COLOURS.get(v.status, "#222")
    lines = [f'<span style="color:{colour}; font-weight:600;">效力：{html.escape(v.status)}</span>']
    lines += [f"被{html.escape(ref_label(r))}{r.relation}" for r in v.changed_by]
    lines += [f"{r.relation}{html.escape(ref_label(r))}" for r in v.changes]
    return "　".join(lines[:1]) + "".join(f"<br>{line}" for line in lines[1:])


class LinkTableModel(RowsModel):
    """The links of one document: (direction text, Ref)."""

    COL_RELATION, COL_TITLE, COL_NUMBER = range(3)
    HEADERS = ("关系", "文件", "发文字号")

    def cell(self, row: tuple[str, validity.Ref], column: int) -> str:
        label, ref = row
        return [label, ref.title, ref.doc_number or ""][column]


class ValidityBox(QWidget):
    changed = Signal(int)  # document id, after a status or a link was saved
    loaded = Signal(object)  # the Validity shown

    def __init__(
        self,
        ctx: AppContext,
        runner: TaskRunner,
        parent: QWidget | None = None,
        *,
        compact: bool = False,
    ) -> None:
        super().__init__(parent)
        self.ctx, self.runner = ctx, runner
        self.document_id: int | None = None
        self.validity: validity.Validity | None = None
        self.found: list[validity.Ref] = []
        self.may_edit = allowed(ctx.role, "documents.write")

        self.summary = QLabel("未选择文件")
        self.summary.setWordWrap(True)
        self.toggle = QPushButton("编辑效力与关联…")
        self.toggle.setCheckable(True)
        self.status = QComboBox()
        self.status.addItems(list(validity.STATUSES))
        self.set_btn = QPushButton("设置效力")
        self.links = LinkTableModel(self)
        self.links_view = QTableView()
        self.links_view.setModel(self.links)
        self.links_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.links_view.verticalHeader().hide()
        self.links_view.horizontalHeader().setStretchLastSection(True)
        self.links_view.setColumnWidth(LinkTableModel.COL_RELATION, 90)
        self.links_view.setColumnWidth(LinkTableModel.COL_TITLE, 320)
        self.links_view.setMaximumHeight(130)
        self.remove_btn = QPushButton("删除所选关联")
        self.find_edit = QLineEdit(placeholderText="输入标题或发文字号，查找要关联的文件")
        self.find_btn = QPushButton("查找")
        self.found_box = QComboBox()
        self.found_box.setMinimumContentsLength(24)
        self.relation = QComboBox()
        for label, rel, this_is_source in LINK_CHOICES:
            self.relation.addItem(label, (rel, this_is_source))
        self.link_btn = QPushButton("添加关联")
        self.message = QLabel("")
        self.message.setWordWrap(True)

        self.set_btn.clicked.connect(self.save_status)
        self.remove_btn.clicked.connect(self.remove_selected)
        self.find_btn.clicked.connect(self.find_candidates)
        self.find_edit.returnPressed.connect(self.find_candidates)
        self.link_btn.clicked.connect(self.add_link)

        editor = self.editor = QWidget()
        el = QVBoxLayout(editor)
        el.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        row.addWidget(QLabel("效力状态"))
        row.addWidget(self.status)
        row.addWidget(self.set_btn)
        row.addStretch(1)
        row.addWidget(self.remove_btn)
        el.addLayout(row)
        el.addWidget(self.links_view)
        row = QHBoxLayout()
        row.addWidget(self.find_edit, 1)
        row.addWidget(self.find_btn)
        el.addLayout(row)
        row = QHBoxLayout()
        row.addWidget(self.found_box, 1)
        row.addWidget(self.relation)
        row.addWidget(self.link_btn)
        el.addLayout(row)
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(self.toggle)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(editor)
        layout.addWidget(self.message)
        self.toggle.setVisible(compact)
        editor.setVisible(not compact)
        self.toggle.toggled.connect(editor.setVisible)
        if not self.may_edit:
            self.toggle.setToolTip("只读角色可以查看效力，不能修改")
        self._enable()

    def _enable(self) -> None:
        on = self.may_edit and self.document_id is not None and self.validity is not None
        for w in (
            self.status,
            self.set_btn,
            self.remove_btn,
            self.find_edit,
            self.find_btn,
            self.found_box,
            self.relation,
            self.link_btn,
        ):
            w.setEnabled(on)
        self.link_btn.setEnabled(on and bool(self.found))

    def _say(self, text: str, error: bool = False) -> None:
        self.message.setStyleSheet("color:#b00000;" if error else "color:#555;")
        self.message.setText(text)

    def _failed(self, message: str, _detail: str) -> None:
        self._say(message, error=True)

    # loading ---------------------------------------------------------------------------------
    def show_document(self, document_id: int | None) -> None:
        if document_id != self.document_id:  # another document: its search starts afresh
            self.found = []
            self.found_box.clear()
            self._say("")
        self.document_id = document_id
        if document_id is None:
            self.validity = None
            self.summary.setText("未选择文件")
            self.links.set_rows([])
            self._enable()
            return
        self.validity = None  # until the worker answers, nothing about this document is known
        self.summary.setText(LOADING)
        self.links.set_rows([])
        self._enable()

        def read(uow: UnitOfWork) -> tuple[int, validity.Validity]:
            return document_id, validity.lookup(uow, document_id)

        ops.run_query(self, "读取效力", read, self._loaded, on_error=self._failed)

    def _loaded(self, result: tuple[int, validity.Validity]) -> None:
        doc_id, v = result
        if doc_id != self.document_id:
            return  # another document was chosen meanwhile
        self.validity = v
        self.summary.setText(summary_html(v))
        self.status.setCurrentText(v.status)
        rows = [(f"{r.relation}本文件", r) for r in v.changed_by]
        rows += [(f"被本文件{r.relation}", r) for r in v.changes]
        self.links.set_rows(rows)
        self._enable()
        self.loaded.emit(v)

    # editing ---------------------------------------------------------------------------------
    def _save(self, title: str, fn: Callable[[UnitOfWork], object], done_text: str) -> None:
        doc_id = self.document_id
        assert doc_id is not None

        def done(_x: object) -> None:
            self._say(done_text)
            self.show_document(doc_id)
            self.changed.emit(doc_id)

        ops.run_op(self, title, fn, done, on_error=self._failed)

    def save_status(self) -> None:
        if self.document_id is None:
            return
        doc_id, status = self.document_id, self.status.currentText()
        self._save(
            "设置效力",
            lambda uow: validity.set_status(uow, doc_id, status),
            f"效力已设为“{status}”",
        )

    def remove_selected(self) -> None:
        chosen = [
            self.links.row_at(i.row()) for i in self.links_view.selectionModel().selectedRows()
        ]
        if not chosen:
            self._say("请先在列表中选择要删除的关联", error=True)
            return
        ids = [ref.link_id for _label, ref in chosen]

        def remove(uow: UnitOfWork) -> None:
            for link_id in ids:
                validity.unlink(uow, link_id)

        self._save(
            "删除关联", remove, f"已删除 {len(ids)} 条关联；效力状态不会自动改回，请按需设置"
        )

    def find_candidates(self) -> None:  # QWidget.find is Qt's own
        text, doc_id = self.find_edit.text().strip(), self.document_id
        if not text:
            self._say("请输入要查找的文件标题或发文字号", error=True)
            return

        def work(uow: UnitOfWork) -> list[validity.Ref]:
            return validity.candidates(uow, text, exclude=doc_id)

        def done(refs: list[validity.Ref]) -> None:
            self.found = refs
            self.found_box.clear()
            for ref in refs:
                self.found_box.addItem(ref_label(ref), ref.id)
            self._enable()
            self._say(
                f"找到 {len(refs)} 份文件" if refs else f"没有找到与“{text}”相符的文件", not refs
            )

        ops.run_query(self, "查找文件", work, done, on_error=self._failed)

    def add_link(self) -> None:
        if self.document_id is None or not self.found:
            self._say("请先查找并选择要关联的文件", error=True)
            return
        other = int(self.found_box.currentData())
        relation, this_is_source = self.relation.currentData()
        source, target = (self.document_id, other) if this_is_source else (other, self.document_id)
        label = self.relation.currentText().replace("所选文件", self.found_box.currentText())
        self._save(
            "添加关联",
            lambda uow: validity.link(uow, source, target, relation),
            f"已登记：{label}",
        )
