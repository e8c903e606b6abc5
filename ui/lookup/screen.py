"""查阅: search every issue as you type, read a document beside its printed page, cite it,
export the results, and browse year → issue → contents. All database work runs on workers."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from functools import partial
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from gazette.context import AppContext
from gazette.db import UnitOfWork
from gazette.office import settings
from gazette.progress import Reporter
from gazette.search import export, lookup, service
from gazette.search.model import Filters
from gazette.search.query import parse
from ui import ops
from ui.errors import show_error
from ui.lookup.browse import BrowsePane
from ui.lookup.detail import DocPane
from ui.lookup.filters import FilterBar
from ui.lookup.models import (
    COL_DATE,
    COL_DOCNO,
    COL_ISSUE,
    COL_PAGE,
    COL_TITLE,
    ResultDelegate,
    ResultsModel,
)
from ui.tasks import TaskRunner

DEBOUNCE_MS = 300
LIST_TABLES = frozenset({"query_history", "saved_queries"})  # what the two menus list
HISTORY_MS = 1500


def _name(ctx: AppContext) -> str:
    """The gazette's name for citations and exports (本刊 while the office has not named it)."""
    return str(settings.get(ctx, "gazette_name") or "本刊")


class Screen(QWidget):
    def __init__(self, ctx: AppContext, runner: TaskRunner, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx, self.runner = ctx, runner
        self.gazette_name = "本刊"  # until the office's name is read (or while it has none)
        self.history_rows: list[tuple[str, Filters, int]] = []  # the menus show these
        self.saved_rows: list[lookup.Saved] = []
        self._lists_gen = 0
        self.page = 0
        self.results: service.Results | None = None
        self._gen = 0
        self.searches_done = 0
        self.counts_done = 0

        self.search_edit = QLineEdit()
        self.search_edit.setObjectName("lookupQuery")
        self.search_edit.setPlaceholderText(
            '输入检索词，如 政务公开、宿政办发〔2018〕56号；多个词用空格分隔，"短语"加引号，-排除'
        )
        self.search_edit.setClearButtonEnabled(True)
        font = QFont(self.search_edit.font())
        font.setPointSizeF(font.pointSizeF() * 1.25)
        self.search_edit.setFont(font)
        self.search_edit.setMinimumHeight(34)
        self.filter_toggle = QToolButton()
        self.filter_toggle.setText("筛选")
        self.filter_toggle.setCheckable(True)
        self.history_button = self._menu_button("历史", self._fill_history)
        self.saved_button = self._menu_button("已存检索", self._fill_saved)
        self.save_button = QPushButton("保存检索")
        self.export_button = QPushButton("导出 XLSX")
        self.filter_bar = FilterBar()
        self.filter_bar.setVisible(False)

        self.model = ResultsModel(self)
        self.table = QTableView()
        self.table.setObjectName("lookupResults")
        self.table.setModel(self.model)
        self.table.setItemDelegateForColumn(COL_TITLE, ResultDelegate(self.table))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setWordWrap(True)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.setStyleSheet(
            "QTableView { selection-background-color: #d6e6f7; selection-color: #111; }"
        )
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(90)
        self.table.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(COL_TITLE, QHeaderView.ResizeMode.Stretch)
        header.setVisible(False)
        # 发文字号, issue, page and date are painted in the title cell; the columns stay in the
        # model for sorting, export and accessibility
        for col in (COL_DOCNO, COL_ISSUE, COL_PAGE, COL_DATE):
            self.table.setColumnHidden(col, True)
        header.sectionResized.connect(lambda *_a: self.table.resizeRowsToContents())
        self.count_label = QLabel("")
        self.count_label.setObjectName("lookupCount")
        self.prev_button = QPushButton("‹ 上一页")
        self.next_button = QPushButton("下一页 ›")
        self.page_label = QLabel("")

        self.browse = BrowsePane(ctx, runner)
        self.doc_pane = DocPane(runner, self.gazette_name, ctx=ctx)
        self._build_layout()
        self._connect()
        ops.run_query(self, "载入筛选项", lookup.filter_choices, self.filter_bar.set_choices)
        ops.run_job(self, "读取公报名称", lambda _r: _name(ctx), self._named)
        self._load_lists()
        runner.changed.connect(self._lists_changed)
        self.run_search()

    def _named(self, name: str) -> None:
        self.gazette_name = self.doc_pane.gazette_name = name

    def _load_lists(self) -> None:
        """History and saved searches, read on a worker; the menus show what was last read."""

        def read(uow: UnitOfWork) -> tuple[list[tuple[str, Filters, int]], list[lookup.Saved]]:
            return lookup.history(uow), lookup.saved(uow)

        self._lists_gen += 1
        gen = self._lists_gen

        def show(got: tuple[list[tuple[str, Filters, int]], list[lookup.Saved]]) -> None:
            if gen == self._lists_gen:  # an older read finishing late must not win
                self.history_rows, self.saved_rows = got

        ops.run_query(self, "读取检索历史", read, show)

    def _lists_changed(self, tables: frozenset[str]) -> None:
        if tables & LIST_TABLES:
            self._load_lists()

    def _menu_button(self, text: str, fill: Callable[[QMenu], None]) -> QToolButton:
        button = QToolButton()
        button.setText(text)
        button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(button)
        menu.aboutToShow.connect(lambda m=menu: fill(m))
        button.setMenu(menu)
        return button

    def _build_layout(self) -> None:
        bar = QHBoxLayout()
        bar.addWidget(self.search_edit, 1)
        for w in (self.filter_toggle, self.history_button, self.saved_button, self.save_button):
            bar.addWidget(w)
        bar.addWidget(self.export_button)

        results = QWidget()
        rv = QVBoxLayout(results)
        rv.setContentsMargins(0, 4, 0, 0)
        rv.addWidget(self.table, 1)
        pager = QHBoxLayout()
        pager.addWidget(self.count_label, 1)
        pager.addWidget(self.prev_button)
        pager.addWidget(self.page_label)
        pager.addWidget(self.next_button)
        rv.addLayout(pager)

        self.tabs = QTabWidget()
        self.tabs.addTab(results, "检索结果")
        self.tabs.addTab(self.browse, "按期浏览")
        self.split = QSplitter(Qt.Orientation.Horizontal)
        self.split.addWidget(self.tabs)
        self.split.addWidget(self.doc_pane)
        self.split.setStretchFactor(0, 5)
        self.split.setStretchFactor(1, 6)
        self.split.setSizes([520, 900])

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 4)
        layout.addLayout(bar)
        layout.addWidget(self.filter_bar)
        layout.addWidget(self.split, 1)

    def _connect(self) -> None:
        self.debounce = QTimer(self)
        self.debounce.setSingleShot(True)
        self.debounce.setInterval(DEBOUNCE_MS)
        self.debounce.timeout.connect(self.run_search)
        self.history_timer = QTimer(self)
        self.history_timer.setSingleShot(True)
        self.history_timer.setInterval(HISTORY_MS)
        self.history_timer.timeout.connect(self._record_history)
        self.search_edit.textChanged.connect(self._changed)
        self.search_edit.returnPressed.connect(self._search_now)
        self.filter_bar.changed.connect(self._changed)
        self.filter_toggle.toggled.connect(self.filter_bar.setVisible)
        self.table.selectionModel().currentRowChanged.connect(
            lambda cur, _p: self.open_row(cur.row())
        )
        self.table.activated.connect(lambda idx: self.open_row(idx.row()))
        self.prev_button.clicked.connect(lambda: self.go_page(self.page - 1))
        self.next_button.clicked.connect(lambda: self.go_page(self.page + 1))
        self.save_button.clicked.connect(self._save_dialog)
        self.export_button.clicked.connect(self._export_dialog)
        self.browse.open_document.connect(lambda doc_id: self.open_document(doc_id, ()))
        self.tabs.currentChanged.connect(self._tab_changed)
        QShortcut(QKeySequence("Ctrl+F"), self, self.search_edit.setFocus)
        QShortcut(QKeySequence("Ctrl+Shift+C"), self, self.doc_pane.copy_citation)
        box = self.doc_pane.validity
        if box is not None:
            box.loaded.connect(
                lambda v: (
                    self.model.set_validity(box.document_id, v.status)
                    if box.document_id is not None
                    else None
                )
            )

    # searching ---------------------------------------------------------------------------
    def _changed(self) -> None:
        self.page = 0
        self.debounce.start()

    def _search_now(self) -> None:
        self.debounce.stop()
        self.run_search()
        self.history_timer.start(0)

    def query_and_filters(self) -> tuple[str, Filters]:
        return self.search_edit.text(), self.filter_bar.filters()

    def run_search(self) -> None:
        text, filters = self.query_and_filters()
        page = self.page
        self._gen += 1
        gen = self._gen
        self.count_label.setText("正在检索…")
        ops.run_job(
            self,
            "检索",
            lambda _r: service.search(self.ctx, text, filters, page, count=False),
            lambda res: self._show_results(gen, res),
            on_error=lambda msg, detail: show_error(self, "检索失败", RuntimeError(msg)),
        )

    def _show_results(self, gen: int, results: service.Results) -> None:
        if gen != self._gen:
            return  # the user typed on; a newer search is under way
        self.results = results
        self.searches_done += 1
        self.model.set_hits(results.hits)
        self.table.resizeRowsToContents()
        q = results.query
        self._show_total(results)
        if results.total < 0:  # the first page is shown; the exact total follows
            text, filters = q, results.filters
            ops.run_job(
                self,
                "统计检索结果",
                lambda _r: service.count(self.ctx, text, filters),
                lambda n: self._counted(gen, n),
            )
        self.tabs.setCurrentIndex(0)
        if results.hits:
            self.table.scrollToTop()
        else:  # say so where the document was, instead of leaving the previous one there
            self.doc_pane.show_empty(no_hits(q.text, results.filters.active()))
        if not q.empty:
            self.history_timer.start()

    def _show_total(self, results: service.Results) -> None:
        ms = f"{results.elapsed_ms:.0f} 毫秒"
        if results.total < 0:
            self.count_label.setText(f"正在统计… · 首页 {ms}")
        elif results.query.empty and not results.filters.active():
            self.count_label.setText(f"最新文件（共 {results.total} 件）")
        elif results.total == 0:
            self.count_label.setText("没有找到")
        else:
            self.count_label.setText(f"共 {results.total} 条 · 首页 {ms}")
        self.page_label.setText(
            f"第 {results.page + 1} / {results.pages if results.total >= 0 else '…'} 页"
        )
        self.prev_button.setEnabled(results.page > 0)
        self.next_button.setEnabled(results.page + 1 < results.pages)

    def _counted(self, gen: int, total: int) -> None:
        if gen != self._gen or self.results is None:
            return
        self.results = dataclasses.replace(self.results, total=total)
        self._show_total(self.results)
        self.counts_done += 1

    def go_page(self, page: int) -> None:
        if self.results is None or not 0 <= page < self.results.pages:
            return
        self.page = page
        self.run_search()

    # opening a document --------------------------------------------------------------------
    def open_row(self, row: int) -> None:
        hit = self.model.hit(row)
        if hit is not None:
            terms = self.results.query.include if self.results else ()
            self.open_document(hit.doc_id, terms)

    def open_document(self, doc_id: int, terms: tuple[str, ...]) -> None:
        ops.run_job(
            self,
            "打开文件",
            lambda _r: lookup.document(self.ctx, doc_id),
            lambda view: self.doc_pane.show_document(view, terms),
            on_error=lambda msg, detail: show_error(self, "打开文件失败", RuntimeError(msg)),
        )

    def _tab_changed(self, index: int) -> None:
        if self.tabs.widget(index) is self.browse and not self.browse.loaded:
            self.browse.load()

    # history and saved searches --------------------------------------------------------------
    def _record_history(self) -> None:
        if self.results is None or self.results.query.empty:
            return
        text, filters, total = self.results.query.text, self.results.filters, self.results.total
        ops.run_op(
            self,
            "记录检索历史",
            lambda uow: lookup.record(uow, text, filters, total),
        )

    def apply(self, text: str, filters: Filters) -> None:
        self.filter_bar.set_filters(filters)
        self.filter_toggle.setChecked(filters.active())
        self.search_edit.setText(text)
        self._search_now()

    def _fill_history(self, menu: QMenu) -> None:
        menu.clear()
        rows = self.history_rows
        if not rows:
            menu.addAction("（尚无检索历史）").setEnabled(False)
        for text, filters, total in rows:
            label = (
                f"{text or '（仅筛选）'}{'　［含筛选］' if filters.active() else ''}　{total} 条"
            )
            menu.addAction(label, partial(self.apply, text, filters))

    def _fill_saved(self, menu: QMenu) -> None:
        menu.clear()
        rows = self.saved_rows
        if not rows:
            menu.addAction("（尚无保存的检索）").setEnabled(False)
        for s in rows:
            menu.addAction(f"{s.name}　—　{s.query}", partial(self.apply, s.query, s.filters))
        if rows:
            menu.addSeparator()
            remove = menu.addMenu("删除")
            for s in rows:
                remove.addAction(s.name, partial(self._forget, s.id))

    def _forget(self, saved_id: int) -> None:
        ops.run_op(self, "删除保存的检索", lambda uow: lookup.forget(uow, saved_id))

    def save_current(self, name: str) -> None:
        """Save the search as shown under ``name`` (on a worker; the 保存的检索 menu follows)."""
        text, filters = self.query_and_filters()
        ops.run_op(
            self,
            "保存检索",
            lambda uow: lookup.save(uow, name, text, filters),
            on_error=lambda msg, detail: show_error(self, "保存检索失败", msg, detail),
        )

    def _save_dialog(self) -> None:
        text, _f = self.query_and_filters()
        name, ok = QInputDialog.getText(self, "保存检索", "名称：", text=text.strip())
        if ok:
            self.save_current(name)

    # export ------------------------------------------------------------------------------------
    def export_to(self, path: Path) -> None:
        text, filters = self.query_and_filters()

        def work(_r: Reporter) -> Path:
            name = _name(self.ctx)
            hits = export.all_hits(self.ctx, parse(text), filters)
            return export.write_xlsx(path, hits, name, f"{name}检索结果：{text or '全部'}")

        ops.run_job(
            self,
            "导出检索结果",
            work,
            lambda p: self.count_label.setText(f"已导出到 {p}"),
            on_error=lambda msg, detail: show_error(self, "导出失败", RuntimeError(msg)),
        )

    def _export_dialog(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, "导出检索结果", "检索结果.xlsx", "Excel 文件 (*.xlsx)"
        )
        if path:
            self.export_to(Path(path))


def no_hits(text: str, filtered: bool) -> str:
    """The sentence an empty result list shows: what was not found, and what to try."""
    if text.strip():
        more = "或减少筛选条件" if filtered else "或到“按期浏览”中查找"
        return f"没有找到与“{text.strip()}”相关的文件。可以换一个检索词、少用几个词，{more}。"
    if filtered:
        return "没有符合筛选条件的文件。可以放宽或清除筛选条件。"
    return "还没有可查阅的文件：公报发布或历史公报编目后，文件会出现在这里。"
