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
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from archive import ocr, workflow
from archive.ocr import line_text
from archive.textlayer import issue_pdf
from gazette.context import AppContext
from gazette.office.conflicts import ConflictError
from gazette.progress import Reporter
from ui.archive.models import LinesModel
from ui.archive.widgets import HtmlDelegate, PageView
from ui.conflict_dialog import resolve
from ui.errors import show_error
from ui.tasks import TaskRunner


class ProofTab(QWidget):
    def __init__(
        self,
        ctx: AppContext,
        runner: TaskRunner,
        changed: Callable[[], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx, self.runner, self.changed = ctx, runner, changed
        self.page_id: int | None = None
        self.page_version: int | None = None  # the page's version as shown: saved against
        self.shown: dict[str, str] = {}  # its lines as shown (第N行 → text): a merge's base
        self.issue_box = QComboBox()
        self.issue_box.setMinimumWidth(200)
        self.issue_box.currentIndexChanged.connect(self._issue_changed)
        self.page_box = QComboBox()
        self.page_box.currentIndexChanged.connect(self._page_changed)
        self.info = QLabel()
        done = QPushButton("本期校对完成")
        done.clicked.connect(self._finish)
        pdf = QPushButton("导出可检索 PDF…")
        pdf.clicked.connect(self._pdf)
        self.view = PageView()
        self.model = LinesModel(self._save)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setItemDelegateForColumn(LinesModel.COL_TEXT, HtmlDelegate(self.table))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(
            LinesModel.COL_TEXT, QHeaderView.ResizeMode.Stretch
        )
        self.table.setColumnWidth(LinesModel.COL_NO, 36)
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
        top.addWidget(pdf)
        top.addWidget(done)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.view)
        split.addWidget(self.table)
        split.setSizes([480, 620])
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(split, 1)

    def reload(self, rows: list[Any]) -> None:
        current = self.issue_box.currentData()
        self.issue_box.blockSignals(True)
        self.issue_box.clear()
        for r in rows:
            if r.pages:
                self.issue_box.addItem(f"{r.label}（{workflow.LABELS[r.state]}）", r.entry_id)
        i = self.issue_box.findData(current)
        self.issue_box.setCurrentIndex(max(0, i))
        self.issue_box.blockSignals(False)
        self._issue_changed()

    def choose_issue(self, entry_id: int) -> None:
        i = self.issue_box.findData(entry_id)
        if i >= 0:
            self.issue_box.setCurrentIndex(i)

    def _issue_changed(self) -> None:
        entry = self.issue_box.currentData()
        pages = ocr.issue_pages(self.ctx, entry) if entry else []
        self.page_box.blockSignals(True)
        self.page_box.clear()
        for pid, no, path, done in pages:
            self.page_box.addItem(f"第 {no} 页" + ("" if done else "（未识别）"), (pid, path))
        self.page_box.blockSignals(False)
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
        self.page_version = ocr.page_version(self.ctx, self.page_id)  # read before the lines
        lines = ocr.page_lines(self.ctx, self.page_id)
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
        if self.page_id is None:
            return
        self._save_lines({row: text})

    def _save_lines(self, texts: dict[int, str]) -> bool:
        assert self.page_id is not None
        try:
            self.page_version = ocr.correct_lines(
                self.ctx, self.page_id, texts, expected_version=self.page_version
            )
        except ConflictError as exc:
            self._conflict(exc)
            return False
        except Exception as exc:
            show_error(self, "保存校对", exc)
            return False
        self.shown = self._texts()
        return True

    def _conflict(self, error: ConflictError) -> None:
        """Someone corrected this page first: their lines beside mine, merged line by line."""
        keys = [ocr.line_key(i) for i in range(len(self.model.lines))]
        theirs = dict(error.current)

        def merged(values: dict[str, Any], err: ConflictError) -> None:
            self.page_version, self.shown = err.version, theirs
            changes = {i: str(values[k]) for i, k in enumerate(keys) if values[k] != theirs.get(k)}
            if not changes or self._save_lines(changes):
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
        entry = self.issue_box.currentData()
        if entry is None:
            return
        from archive import register

        try:
            with self.ctx.uow() as uow:
                (row,) = register.rows(uow.session, [entry])
                if row.state != "ocred":
                    raise workflow.WorkflowError(
                        f"{row.label} 当前为“{workflow.LABELS[row.state]}”，识别完成（已识别）后才能校对"
                    )
                workflow.advance(uow, [entry], "proofread", note="校对完成")
                uow.commit()
        except Exception as exc:
            show_error(self, "校对完成", exc)
            return
        self.changed()
        QMessageBox.information(self, "校对完成", "本期已标记为“已校对”，可以编目了。")

    def _pdf(self) -> None:
        entry = self.issue_box.currentData()
        if entry is None:
            return
        name = self.issue_box.currentText().split("（")[0]
        path, _ = QFileDialog.getSaveFileName(self, "导出可检索 PDF", f"{name}.pdf", "PDF (*.pdf)")
        if not path:
            return

        def work(reporter: Reporter) -> Any:
            return issue_pdf(self.ctx, entry, Path(path), reporter)

        self.runner.submit(
            "生成可检索 PDF",
            work,
            lambda out: self.info.setText(f"已导出 {out}"),
            lambda m, d: show_error(self, "导出可检索 PDF", m, d),
        )
