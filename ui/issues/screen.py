"""公报编排: issues, their sections and items (drag and drop), rule checks, proofs, build, preview.

Every database call and every build runs on the task runner; the screen shows plain rows.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from PySide6.QtCore import QModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from gazette.context import AppContext
from gazette.db import UnitOfWork
from gazette.issues import picking, proofs
from gazette.issues import planning as issues
from gazette.issues.render import BuildResult
from gazette.issues.rules import Problem, override_ad
from gazette.office import settings
from gazette.office.conflicts import ConflictError
from ui import ops
from ui.issues import workflow_dialogs
from ui.issues.building import IssueBuilds
from ui.issues.dialogs import AddDocumentDialog, PlanDialog
from ui.issues.errata_panel import ErrataPanel
from ui.issues.models import (
    ROW_ROLE,
    DiffTableModel,
    IssueTableModel,
    PlanModel,
    ProblemTableModel,
    RoundTableModel,
    WrappedTitleDelegate,
)
from ui.issues.order_conflict import item_versions, resolve_order_conflict
from ui.issues.preview import PdfPreview
from ui.issues.reorder_actions import ItemReorder
from ui.issues.sections_panel import SectionsPanel
from ui.issues.splitter_fit import widen_list
from ui.issues.workflow_actions import IssueWorkflow
from ui.kind_box import KindBox
from ui.tasks import Task, TaskRunner
from ui.validity_box import ValidityBox

T = TypeVar("T")
DIFF_HINT = "出校样后，这里列出排版文字与原文的差异"


@dataclass
class Snapshot:
    plan: issues.IssuePlan
    problems: list[Problem]
    rounds: list[proofs.RoundRow]


class Screen(IssueBuilds, IssueWorkflow, ItemReorder, QWidget):
    def __init__(self, ctx: AppContext, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.runner = ctx, runner
        self.issue_id: int | None = None
        self.snapshot: Snapshot | None = None
        # item versions this screen saved since the snapshot: a second drag before the reload
        # lands saves against them, not against its own first drag
        self.own_versions: dict[int, int] = {}
        self.task: Task | None = None
        self.last_build: BuildResult | None = None

        self.issue_model = IssueTableModel(self)
        self.issue_proxy = QSortFilterProxyModel(self)
        self.issue_proxy.setSourceModel(self.issue_model)
        self.issue_view = QTableView()
        self.issue_view.setModel(self.issue_proxy)
        self.issue_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.issue_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.issue_view.verticalHeader().hide()
        self.issue_view.selectionModel().currentRowChanged.connect(self._issue_chosen)

        self.plan_model = PlanModel(self._move, self)
        self.plan_view = QTreeView()
        self.plan_view.setModel(self.plan_model)
        self.plan_view.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.plan_view.setDragEnabled(True)
        self.plan_view.setAcceptDrops(True)
        self.plan_view.setDropIndicatorShown(True)
        self.plan_view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        # 发文字号 and 效力 keep their width; the title takes what is left (at 1366×768 too)
        header = self.plan_view.header()
        header.setStretchLastSection(False)
        header.setMinimumSectionSize(60)
        header.setSectionResizeMode(PlanModel.COL_TITLE, QHeaderView.ResizeMode.Stretch)
        for column in (PlanModel.COL_NUMBER, PlanModel.COL_VALIDITY):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.plan_view.selectionModel().currentChanged.connect(self._item_chosen)
        # a title wraps onto a second line rather than ending in "…" at 1366×768; the rows are
        # laid out again when the title column changes width
        self.plan_view.setWordWrap(True)
        self.plan_view.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.plan_view.setItemDelegateForColumn(
            PlanModel.COL_TITLE, WrappedTitleDelegate(self.plan_view)
        )
        header.sectionResized.connect(lambda *_a: self.plan_view.doItemsLayout())

        self.problem_model = ProblemTableModel(self)
        self.problem_view = QTableView()
        self.problem_view.setModel(self.problem_model)
        self.problem_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.problem_view.horizontalHeader().setStretchLastSection(True)
        self.round_model = RoundTableModel(self)
        self.round_view = QTableView()
        self.round_view.setModel(self.round_model)
        self.round_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.diff_model = DiffTableModel(self)
        self.diff_view = QTableView()
        self.diff_view.setModel(self.diff_model)
        self.diff_view.horizontalHeader().setStretchLastSection(True)
        self.diff_label = QLabel(DIFF_HINT)
        self.preview = PdfPreview()
        self.errata = ErrataPanel(ctx, runner, self.show_pdf)
        self.validity = ValidityBox(ctx, runner)
        self.validity.changed.connect(lambda _doc: self.load_issue())
        self.kind_box = KindBox(ctx, runner)  # a new kind changes what the rules ask of it
        self.kind_box.changed.connect(lambda _doc: self.load_issue())
        self.sections_panel = SectionsPanel(ctx, runner)
        self.sections_panel.changed.connect(self.load_issue)

        self.new_btn = QPushButton("新建期次")
        self.add_btn = QPushButton("添加文件")
        self.remove_btn = QPushButton("移出本期")
        self.override_btn = QPushButton("确认非广告（放行）")
        self.proof_btn = QPushButton("出校样")
        self.sign_btn = QPushButton("审签所选校次")
        self.status_btn = QPushButton("定稿")
        self.reopen_btn = QPushButton("退回…")
        self.edition = QComboBox()
        for key, label in (("both", "印刷版＋电子版"), ("print", "印刷版"), ("web", "电子版")):
            self.edition.addItem(label, key)
        self.build_btn = QPushButton("排版生成 PDF")
        self.cancel_btn = QPushButton("取消")
        self.cancel_btn.setEnabled(False)
        self.progress = QProgressBar()
        self.progress.setTextVisible(True)
        # an empty bar read as a search box with nothing to search: it says what it will show
        self.progress.setValue(0)
        self.progress.setFormat("排版进度（未开始）")
        self.message = QLabel("")
        self.message.setWordWrap(True)

        self.new_btn.clicked.connect(self._new_issue)
        self.add_btn.clicked.connect(self._add_documents)
        self.remove_btn.clicked.connect(self._remove_items)
        self.override_btn.clicked.connect(self._override)
        self.proof_btn.clicked.connect(lambda: self.build(proof=True))
        self.sign_btn.clicked.connect(self._sign)
        self.status_btn.clicked.connect(self._advance)
        self.reopen_btn.clicked.connect(self._reopen)
        self.build_btn.clicked.connect(lambda: self.build())
        self.cancel_btn.clicked.connect(self._cancel)

        up_btn, down_btn = self._build_reorder()
        tools = QHBoxLayout()
        for w in (
            self.new_btn,
            self.add_btn,
            self.remove_btn,
            up_btn,
            down_btn,
            self.proof_btn,
            self.status_btn,
            self.reopen_btn,
            self.edition,
            self.build_btn,
            self.cancel_btn,
        ):
            tools.addWidget(w)
        tools.addWidget(self.progress, 1)

        checks = QWidget()
        cl = QVBoxLayout(checks)
        cl.addWidget(self.problem_view, 1)
        cl.addWidget(self.override_btn)
        rounds = QWidget()
        rl = QVBoxLayout(rounds)
        rl.addWidget(self.round_view, 1)
        rl.addWidget(self.sign_btn)
        rl.addWidget(self.diff_label)
        rl.addWidget(self.diff_view, 1)
        self.tabs = QTabWidget()
        self.tabs.addTab(checks, "规则检查")
        self.tabs.addTab(rounds, "校样与审签")
        self.tabs.addTab(self.preview, "预览")
        self.tabs.addTab(self.errata, "勘误")
        validity_tab = QWidget()
        vl = QVBoxLayout(validity_tab)
        vl.addWidget(QLabel("在中间的编排列表中选择一份文件，查看并维护其类型、效力与关联文件"))
        vl.addWidget(self.kind_box)
        vl.addWidget(self.validity)
        vl.addStretch(1)
        self.tabs.addTab(validity_tab, "效力与关联")
        self.tabs.addTab(self.sections_panel, "本期栏目")

        split = self.split = QSplitter(Qt.Orientation.Horizontal)
        self._list_fitted = False  # the issue list is widened to its columns once, on first load
        split.addWidget(self.issue_view)
        split.addWidget(self.plan_view)
        split.addWidget(self.tabs)
        split.setSizes([330, 620, 480])  # the plan first: its titles are what editors read
        layout = QVBoxLayout(self)
        layout.addLayout(tools)
        layout.addWidget(split, 1)
        layout.addWidget(self.message)
        self.reload()

    # loading ---------------------------------------------------------------------------------
    def _change(
        self,
        title: str,
        fn: Callable[[UnitOfWork], T],
        on_done: Callable[[T], None] | None = None,
        *,
        on_conflict: Callable[[ConflictError], None] | None = None,
    ) -> Task:
        """A change through ui.ops: committed on a worker; a failure is said in red."""
        return ops.run_op(self, title, fn, on_done, on_error=self._failed, on_conflict=on_conflict)

    def _read(
        self, title: str, fn: Callable[[UnitOfWork], T], on_done: Callable[[T], None]
    ) -> Task:
        return ops.run_query(self, title, fn, on_done, on_error=self._failed)

    def _failed(self, message: str, _detail: str) -> None:
        self._busy(False)
        self.message.setStyleSheet("color:#b00000;")
        self.message.setText(message)

    def _say(self, text: str) -> None:
        self.message.setStyleSheet("")
        self.message.setText(text)

    def reload(self) -> None:
        def read(uow: UnitOfWork) -> list[issues.IssueRow]:
            issues.ensure_sections(uow)  # the default five, on first use
            return issues.list_issues(uow)

        self._change("读取期次", read, self._issues_loaded)

    def _issues_loaded(self, rows: list[issues.IssueRow]) -> None:
        self.issue_model.set_rows(rows)
        self.issue_view.resizeColumnsToContents()
        if rows and not self._list_fitted:
            self._fit_issue_list()
        target = self.issue_id if self.issue_id is not None else (rows[-1].id if rows else None)
        if target is not None:
            self._select_issue(target)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.issue_model.rowCount() and not self._list_fitted:  # loaded while hidden
            self._fit_issue_list()

    def _select_issue(self, issue_id: int) -> None:
        for r, row in enumerate(self.issue_model.rows()):
            if row.id == issue_id:
                self.issue_view.selectRow(
                    self.issue_proxy.mapFromSource(self.issue_model.index(r, 0)).row()
                )

    def _fit_issue_list(self) -> None:
        """Widen the issue list to show every column (状态 and 篇数 were cut off), taking the
        room from the side tabs, then the plan; later the editor's own splitter positions stand."""
        view = self.issue_view
        needed = (
            view.horizontalHeader().length()
            + view.verticalScrollBar().sizeHint().width()
            + 2 * view.frameWidth()
        )
        sizes = self.split.sizes()
        if sum(sizes) == 0 or not self.isVisible():
            return  # not laid out at its real size yet: try again when shown
        self._list_fitted = True
        floors = (
            max(280, self.plan_view.minimumSizeHint().width()),
            max(420, self.tabs.minimumSizeHint().width()),
        )
        self.split.setSizes(widen_list(sizes, needed, *floors))

    def _issue_chosen(self, current: QModelIndex, _previous: QModelIndex | None = None) -> None:
        row = self.issue_proxy.index(current.row(), 0).data(ROW_ROLE) if current.isValid() else None
        if row is None:
            return
        self.issue_id = row.id
        self.load_issue()

    def load_issue(self) -> None:
        issue_id = self.issue_id
        if issue_id is None:
            return

        def read(uow: UnitOfWork) -> Snapshot:
            return Snapshot(
                issues.plan(uow, issue_id),
                issues.check(uow, issue_id),
                proofs.rounds(uow, issue_id),
            )

        self._read("读取编排", read, self._issue_loaded)

    def _issue_loaded(self, snap: Snapshot) -> None:
        if snap.plan.issue.id != self.issue_id:
            return  # another issue was chosen meanwhile
        if self.snapshot is not None and self.snapshot.plan.issue.id != snap.plan.issue.id:
            self._forget_outputs()  # the last issue's PDF and proof diff are not this one's
        self.snapshot = snap
        # its line in the list (状态, 篇数) from the same read: no second read of every issue
        self.issue_model.put_row(snap.plan.issue, key=lambda r: r.id)
        current = self.issue_view.currentIndex()
        shown = (
            self.issue_proxy.index(current.row(), 0).data(ROW_ROLE) if current.isValid() else None
        )
        if shown is None or shown.id != snap.plan.issue.id:
            self._select_issue(snap.plan.issue.id)  # a new issue: select its line
        self.own_versions = {}
        frozen = snap.plan.issue.status in issues.FROZEN
        self.plan_model.set_plan(snap.plan, editable=not frozen)
        self.plan_view.expandAll()
        self.problem_model.set_rows(snap.problems)
        self.round_model.set_rows(snap.rounds)
        self.errata.set_plan(snap.plan)
        self.sections_panel.set_plan(snap.plan, editable=not frozen)
        if self.validity.document_id not in snap.plan.documents():
            self.validity.show_document(None)
            self.kind_box.show_document(None)
        for w in (self.add_btn, self.remove_btn, self.proof_btn, self.override_btn):
            w.setEnabled(not frozen)
        workflow_dialogs.fit_buttons(self.status_btn, self.reopen_btn, snap.plan.issue.status)
        label = snap.plan.issue.label
        if frozen:  # nothing left to plan: say what can still be done with it
            ok = "内容已冻结，可重新生成 PDF；发布后的更正请在“勘误”中登记"
        elif snap.problems:
            ok = f"规则检查发现 {len(snap.problems)} 个问题"
        else:
            ok = "规则检查通过，可以排版"
        self._say(f"{label}（{issues.STATUSES[snap.plan.issue.status]}）：{ok}")

    def _item_chosen(self, current: QModelIndex, _previous: QModelIndex | None = None) -> None:
        """The chosen item's document in the 效力与关联 tab (a section: none)."""
        if not current.isValid():
            return  # the plan was reloaded: keep showing the document chosen before
        obj = self.plan_model.item_at(current)
        doc_id = obj.document_id if current.internalId() != 0 else None
        self.validity.show_document(doc_id)
        self.kind_box.show_document(doc_id)

    def _forget_outputs(self) -> None:
        self.preview.clear()
        self.diff_model.set_rows([])
        self.diff_label.setText(DIFF_HINT)

    def show_pdf(self, path: Path) -> None:
        self.preview.open(path)
        self.tabs.setCurrentWidget(self.preview)

    def print_(self) -> None:
        """Ctrl+P: the PDF in 预览 (a proof or the built edition), as it will be printed."""
        if self.preview.path is None:
            self._say("请先生成校样或 PDF，在“预览”中查看后再打印")
            return
        self.tabs.setCurrentWidget(self.preview)
        self.preview.print_()

    # editing ---------------------------------------------------------------------------------
    def _move(
        self, section_id: int, order: list[int], versions: dict[int, int] | None = None
    ) -> None:
        issue_id = self.issue_id
        assert issue_id is not None and self.snapshot is not None
        shown = self.snapshot.plan
        seen = versions if versions is not None else {**item_versions(shown), **self.own_versions}

        def change(uow: UnitOfWork) -> dict[int, int]:
            issues.reorder(uow, issue_id, section_id, order, expected_versions=seen)
            uow.session.flush()
            return picking.item_versions(uow.session, order)

        def done(saved: dict[int, int]) -> None:
            self.own_versions.update(saved)
            self.load_issue()

        def conflict(error: ConflictError) -> None:
            self._order_conflict(error, shown, section_id, order)

        self._change("调整顺序", change, done, on_conflict=conflict)

    def _order_conflict(
        self, error: ConflictError, shown: issues.IssuePlan, section_id: int, order: list[int]
    ) -> None:
        self._failed(str(error), "")
        resolve_order_conflict(self, error, shown, section_id, order)

    def _new_issue(self) -> None:
        def read(uow: UnitOfWork) -> issues.Suggestion:
            frequency = settings.value(uow.session, "frequency") or "monthly"
            return issues.suggest_next(uow, frequency)

        self._read("建议期号", read, self._plan_issue)

    def _plan_issue(self, suggestion: issues.Suggestion) -> None:
        dialog = PlanDialog(suggestion, self)
        if not dialog.exec():
            return
        year, number, serial, day = dialog.values()

        def change(uow: UnitOfWork) -> int:
            return issues.create_issue(uow, year, number, serial, day)

        def done(new_id: int) -> None:
            self.issue_id = new_id
            self.load_issue()  # its line joins the list from the plan's read

        self._change("新建期次", change, done)

    def _add_documents(self) -> None:
        issue_id = self.issue_id
        if self.snapshot is None or issue_id is None:
            return

        def read(uow: UnitOfWork) -> list[picking.Addable]:
            return picking.addable_documents(uow.session, issue_id)

        self._read("读取可添加的文件", read, self._pick_documents)

    def _pick_documents(self, found: list[picking.Addable]) -> None:
        if self.snapshot is None:
            return
        docs = [(d.id, d.doc_number, d.title, d.kind) for d in found]
        sections = [(s.id, s.name) for s in self.snapshot.plan.sections if s.id > 0 and not s.off]
        dialog = AddDocumentDialog(docs, sections, self)
        if not dialog.exec():
            return
        section_id, ids = dialog.chosen()
        self.add_documents(section_id, ids)

    def add_documents(self, section_id: int, ids: list[int]) -> None:
        issue_id = self.issue_id
        assert issue_id is not None

        def change(uow: UnitOfWork) -> None:
            for doc_id in ids:
                issues.add_item(uow, issue_id, doc_id, section_id)

        self._change("添加文件", change, lambda _x: self.load_issue())  # the plan and its line

    def _remove_items(self) -> None:
        ids = [
            obj.id
            for i in self.plan_view.selectionModel().selectedRows()
            if i.internalId() != 0 and (obj := self.plan_model.item_at(i)) is not None
        ]

        def change(uow: UnitOfWork) -> None:
            for item_id in ids:
                issues.remove_item(uow, item_id)

        if ids:
            self._change("移出文件", change, lambda _x: self.load_issue())

    def _override(self) -> None:
        rows = [
            self.problem_model.row_at(i.row())
            for i in self.problem_view.selectionModel().selectedRows()
        ]
        hits = [p for p in rows if p.code == "advertising" and p.document_id is not None]
        issue_id = self.issue_id
        if not hits or issue_id is None:
            self._say("请先选择“疑似商业广告用语”的问题")
            return

        def change(uow: UnitOfWork) -> None:
            for p in hits:
                assert p.document_id is not None
                override_ad(uow, issue_id, p.document_id, p.word, "编辑确认：非商业广告")

        self._change("放行疑似广告用语", change, lambda _x: self.load_issue())  # its checks only
