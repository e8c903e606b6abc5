"""校对: the page image beside its recognised lines; low-confidence characters highlighted,
a clicked line shown on the image, every correction saved at once."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from archive import ocr, workflow
from archive.ocr import Line, line_text
from archive.register import RegisterRow
from archive.textlayer import issue_pdf
from gazette.context import AppContext
from gazette.db import UnitOfWork
from gazette.office.conflicts import ConflictError
from ui import ops
from ui.archive.models import LinesModel
from ui.archive.widgets import (
    HtmlDelegate,
    PageView,
    buttons,
    choose,
    inform,
    issue_box,
    refill,
    row_table,
)
from ui.conflict_dialog import resolve
from ui.errors import show_error
from ui.tasks import TaskRunner


class ProofTab(QWidget):
    def __init__(self, ctx: AppContext, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.runner = ctx, runner
        self.page_id: int | None = None
        self.page_version: int | None = None  # the page's version as shown: saved against
        self.shown: dict[str, str] = {}  # its lines as shown (第N行 → text): a merge's base
        self.rows: dict[int, RegisterRow] = {}  # the register as last shown, to see what moved
        self.saving = False  # a correction is on its way: the next waits for its version
        self.pending: dict[int, str] = {}
        self.issue_box = issue_box(200, self._issue_changed)
        self.page_box = QComboBox()
        self.page_box.currentIndexChanged.connect(self._page_changed)
        self.info = QLabel()
        self.view = PageView()
        self.model = LinesModel(self._save)
        self.table = row_table(self.model, LinesModel.COL_TEXT, ((LinesModel.COL_NO, 36),))
        self.table.setItemDelegateForColumn(LinesModel.COL_TEXT, HtmlDelegate(self.table))
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.table.selectionModel().currentRowChanged.connect(self._line_changed)

        top = QHBoxLayout()
        top.addWidget(QLabel("期次"))
        top.addWidget(self.issue_box)
        top.addWidget(QLabel("页"))
        top.addWidget(self.page_box)
        top.addWidget(self.info, 1)
        self.buttons = buttons(
            top, (("导出可检索 PDF…", self._pdf), ("本期校对完成", self._finish))
        )
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.view)
        split.addWidget(self.table)
        split.setSizes([480, 620])
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(split, 1)

    def reload(self, rows: list[RegisterRow]) -> None:
        """The register changed: the shown issue's pages are read again only if it moved."""
        before = self.rows.get(self.issue_box.currentData())
        self.rows = {r.entry_id: r for r in rows if r.pages}
        refill(
            self.issue_box,
            ((f"{r.label}（{workflow.LABELS[r.state]}）", r.entry_id) for r in self.rows.values()),
        )
        now = self.rows.get(self.issue_box.currentData())
        if now is None or now != before:
            self._issue_changed()

    def choose_issue(self, entry_id: int) -> None:
        choose(self.issue_box, entry_id)

    def _issue_changed(self) -> None:
        entry = self.issue_box.currentData()
        if entry is None:
            self._show_pages(None, [])
            return
        ops.run_job(
            self,
            "读取扫描页",
            lambda _r: ocr.issue_pages(self.ctx, entry),
            lambda pages: self._show_pages(entry, pages),
        )

    def _show_pages(self, entry: int | None, pages: list[tuple[int, int, str, bool]]) -> None:
        if entry != self.issue_box.currentData():
            return  # another issue was chosen meanwhile: its own pages are on their way
        refill(
            self.page_box,
            (
                (f"第 {no} 页" + ("" if done else "（未识别）"), (pid, path))
                for pid, no, path, done in pages
            ),
        )
        self._page_changed()

    def _page_changed(self) -> None:
        data = self.page_box.currentData()
        if not data:
            self.page_id = None
            self.view.set_image(None)
            self.model.set_lines([])
            self.info.setText("")
            return
        self.page_id, path = data
        self.view.set_image(path)
        page_id = self.page_id

        def read(uow: UnitOfWork) -> tuple[int, list[Line]]:
            version = ocr.page_version(uow, page_id)  # read before the lines
            return version, ocr.page_lines(uow, page_id)

        ops.run_query(self, "读取识别文字", read, lambda got: self._show_lines(page_id, *got))

    def _show_lines(self, page_id: int, version: int, lines: list[Line]) -> None:
        if page_id != self.page_id:
            return
        self.page_version = version
        self.model.set_lines(lines)
        self.shown = self._texts()
        low = sum(
            1 for ln in lines for c in ln.get("chars") or [] if float(c[1]) < ocr.LOW_CONFIDENCE
        )
        fixed = sum(1 for ln in lines if ln.get("corrected") is not None)
        self.info.setText(f"{len(lines)} 行，低置信度字 {low} 个，已修改 {fixed} 行")
        if lines:
            self.table.selectRow(0)

    def _line_changed(self, current: Any, previous: Any) -> None:
        if current.isValid() and current.row() < len(self.model.lines):
            self.view.set_box(self.model.lines[current.row()].get("box"))

    def _texts(self) -> dict[str, str]:
        return {ocr.line_key(i): line_text(ln) for i, ln in enumerate(self.model.lines)}

    def _save(self, row: int, text: str) -> None:
        if self.page_id is not None:
            self._save_lines({row: text})

    def _save_lines(self, texts: dict[int, str], then: Callable[[], None] | None = None) -> None:
        """Save corrections at once; one save at a time, each against the version the one
        before it made (a quick second edit must not conflict with my own first)."""
        if self.saving:
            self.pending.update(texts)
            return
        page_id, version = self.page_id, self.page_version
        assert page_id is not None
        self.saving = True

        def saved(new_version: int) -> None:
            self.saving = False
            if page_id != self.page_id:
                return
            self.page_version, self.shown = new_version, self._texts()
            if self.pending:
                more, self.pending = self.pending, {}
                self._save_lines(more, then)
            elif then is not None:
                then()

        def failed(message: str, details: str) -> None:
            self.saving, self.pending = False, {}
            show_error(self, "保存校对", message, details)

        def conflict(exc: ConflictError) -> None:
            self.saving, self.pending = False, {}
            self._conflict(exc)

        ops.run_op(
            self,
            "保存校对",
            lambda uow: ocr.correct_page(uow, page_id, texts, expected_version=version),
            saved,
            on_error=failed,
            on_conflict=conflict,
        )

    def _conflict(self, error: ConflictError) -> None:
        """Someone corrected this page first: their lines beside mine, merged line by line."""
        keys = [ocr.line_key(i) for i in range(len(self.model.lines))]
        theirs = dict(error.current)

        def merged(values: dict[str, Any], err: ConflictError) -> None:
            self.page_version, self.shown = err.version, theirs
            changes = {i: str(values[k]) for i, k in enumerate(keys) if values[k] != theirs.get(k)}
            if changes:
                self._save_lines(changes, self._page_changed)
            else:
                self._page_changed()

        self.conflict_dialog = resolve(
            self,
            error,
            self.shown,
            self._texts(),
            theirs=theirs,
            on_reload=self._page_changed,
            on_merge=merged,
            subject=f"{self.issue_box.currentText()} {self.page_box.currentText()}",
        )

    def _finish(self) -> None:
        """本期校对完成: the core refuses an issue not yet at 已识别, in its own words."""
        entry = self.issue_box.currentData()
        if entry is None:
            return
        ops.run_op(
            self,
            "校对完成",
            lambda uow: workflow.advance(uow, [entry], "proofread", note="校对完成"),
            lambda _n: inform(self, "校对完成", "本期已标记为“已校对”，可以编目了。"),
        )

    def _pdf(self) -> None:
        entry = self.issue_box.currentData()
        if entry is None:
            return
        name = self.issue_box.currentText().split("（")[0]
        path, _ = QFileDialog.getSaveFileName(self, "导出可检索 PDF", f"{name}.pdf", "PDF (*.pdf)")
        if not path:
            return
        ops.run_job(
            self,
            "生成可检索 PDF",
            lambda reporter: issue_pdf(self.ctx, entry, Path(path), reporter),
            lambda out: self.info.setText(f"已导出 {out}"),
        )
