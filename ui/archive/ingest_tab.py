"""入库与识别: drop scans for an issue, watch progress, cancel; OCR what is pending."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from archive import ocr
from archive.ingest import IngestReport, ingest
from gazette.context import AppContext
from gazette.progress import Reporter
from ui import ops
from ui.archive.widgets import DropZone, choose, issue_box, refill
from ui.errors import show_error
from ui.tasks import Task, TaskRunner

DEMO_SCANS, DEMO_ISSUE = "演示扫描件", "2020年第11期"
# what an ingest and a recognition write: the register reloads from them when the job ends
INGESTED = frozenset({"archive_scan_files", "archive_pages", "archive_entries", "archive_events"})
RECOGNISED = frozenset({"archive_ocr_pages", "archive_entries", "archive_events"})


class IngestTab(QWidget):
    def __init__(self, ctx: AppContext, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.runner = ctx, runner
        self.task: Task | None = None
        self.issue_box = issue_box(220)
        self.ocr_after = QCheckBox("入库后立即识别")
        self.ocr_after.setChecked(True)
        self.drop = DropZone()
        self.drop.dropped.connect(self.start_ingest)
        pick_dir = QPushButton("选择文件夹…")
        pick_dir.clicked.connect(self._pick_dir)
        pick_files = QPushButton("选择文件…")
        pick_files.clicked.connect(self._pick_files)
        # the demo's scans of 2020年第11期, left for a person to try (see archive.demo)
        self.demo_scans = ctx.data_dir / DEMO_SCANS
        self.demo_button = QPushButton("试入库演示扫描件")
        self.demo_button.setObjectName("ingestDemoScans")
        self.demo_button.setToolTip(f"把演示数据中 2020年第11期 的扫描件入库：{self.demo_scans}")
        self.demo_button.setVisible(self.demo_scans.is_dir())
        self.demo_button.clicked.connect(self.ingest_demo_scans)
        self.ocr_button = QPushButton("识别全部待识别页面")
        self.ocr_button.clicked.connect(lambda: self.start_ocr(None))
        self.progress = QProgressBar()
        self.progress.setFormat("%v / %m")
        self.status = QLabel("就绪")
        self.cancel = QPushButton("取消")
        self.cancel.setEnabled(False)
        self.cancel.clicked.connect(self._cancel)
        self.log = QPlainTextEdit()
        self.log.setReadOnly(True)

        top = QHBoxLayout()
        top.addWidget(QLabel("所属期次"))
        top.addWidget(self.issue_box)
        top.addWidget(self.ocr_after)
        top.addStretch(1)
        top.addWidget(pick_dir)
        top.addWidget(pick_files)
        top.addWidget(self.demo_button)
        top.addWidget(self.ocr_button)
        bar = QHBoxLayout()
        bar.addWidget(self.progress, 1)
        bar.addWidget(self.cancel)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.drop)
        layout.addLayout(bar)
        layout.addWidget(self.status)
        layout.addWidget(self.log, 1)

    def reload(self, rows: list[Any]) -> None:
        issues = [
            (f"{r.label}（{r.pages} 页）" if r.pages else r.label, r.entry_id)
            for r in rows
            if not r.missing
        ]
        refill(self.issue_box, [("（不指定期次）", None), *issues])

    def choose_issue(self, entry_id: int) -> None:
        choose(self.issue_box, entry_id)

    def ingest_demo_scans(self) -> None:
        """The demo's waiting scans into their issue, as a person would drop the folder."""
        i = self.issue_box.findText(DEMO_ISSUE, Qt.MatchFlag.MatchStartsWith)
        if i >= 0:
            self.issue_box.setCurrentIndex(i)
        self.start_ingest([self.demo_scans / "2020-11"])

    def _pick_dir(self) -> None:
        path = QFileDialog.getExistingDirectory(self, "选择扫描件文件夹")
        if path:
            self.start_ingest([Path(path)])

    def _pick_files(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(
            self, "选择扫描件", "", "扫描件 (*.tif *.tiff *.jpg *.jpeg *.png *.pdf)"
        )
        if paths:
            self.start_ingest([Path(p) for p in paths])

    def _busy(self, task: Task | None) -> None:
        self.task = task
        self.cancel.setEnabled(task is not None)
        self.drop.setEnabled(task is None)
        self.ocr_button.setEnabled(task is None)

    def _progress(self, done: int, total: int, message: str) -> None:
        self.progress.setMaximum(max(total, 1))
        self.progress.setValue(done)
        self.status.setText(message)

    def _cancel(self) -> None:
        if self.task:
            self.task.cancel()
            self.status.setText("正在取消…（已完成的页面已保存，下次从中断处继续）")

    def start_ingest(self, paths: list[Path]) -> None:
        if self.task is not None:
            return
        entry = self.issue_box.currentData()
        then_ocr = self.ocr_after.isChecked()
        self.log.appendPlainText("入库：" + "、".join(p.name for p in paths))

        def work(reporter: Reporter) -> IngestReport:
            return ingest(self.ctx, paths, entry, reporter)

        def done(report: IngestReport) -> None:
            self._busy(None)
            for line in report.lines():
                self.log.appendPlainText(line)
            if then_ocr and report.needs_ocr:
                self.start_ocr(report.page_ids)

        task = ops.run_job(
            self,
            "扫描件入库",
            work,
            done,
            on_error=self._failed,
            on_progress=self._progress,
            changes=INGESTED,
        )

        def cancelled() -> None:
            self._busy(None)
            self.log.appendPlainText("入库已取消")
            self.runner.changed.emit(INGESTED)  # the files stored before the cancel

        task.bridge.cancelled.connect(cancelled)
        self._busy(task)

    def start_ocr(self, page_ids: list[int] | None) -> None:
        if self.task is not None:
            return

        def work(reporter: Reporter) -> ocr.OcrRun:
            return ocr.run(self.ctx, reporter, page_ids=page_ids)

        def done(run: ocr.OcrRun) -> None:
            self._busy(None)
            self.log.appendPlainText(
                f"识别完成 {run.done} 页，用时 {run.seconds:.0f} 秒"
                + (f"，失败 {len(run.failed)} 页" if run.failed else "")
            )
            for pid, err in run.failed:
                self.log.appendPlainText(f"页面 {pid} 识别失败：{err}")

        def cancelled() -> None:
            self._busy(None)
            self.log.appendPlainText("识别已取消；已识别的页面已保存，再次识别会从未完成的页面继续")
            self.runner.changed.emit(RECOGNISED)  # the pages done before the cancel

        task = ops.run_job(
            self,
            "识别扫描页",
            work,
            done,
            on_error=self._failed,
            on_progress=self._progress,
            changes=RECOGNISED,
        )
        task.bridge.cancelled.connect(cancelled)
        self._busy(task)

    def _failed(self, message: str, details: str) -> None:
        self._busy(None)
        self.log.appendPlainText("错误：" + message)
        show_error(self, "入库与识别", message, details)
