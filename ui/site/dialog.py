"""导出电子版网站: choose a folder, build on a worker thread with progress, show what changed."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from gazette.context import AppContext
from gazette.progress import Reporter
from ui import ops
from ui.errors import show_error
from ui.tasks import Task, TaskRunner

if TYPE_CHECKING:
    from gazette.site.build import BuildReport


class SiteDialog(QDialog):
    """Exports the public site into a folder; a rebuild rewrites only what changed."""

    def __init__(self, ctx: AppContext, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.runner = ctx, runner
        self.task: Task | None = None
        self.setWindowTitle("导出电子版网站")
        self.setMinimumWidth(560)

        self.folder = QLineEdit(str(Path(ctx.data_dir) / "site"))
        self.folder.setAccessibleName("输出文件夹")
        browse = QPushButton("选择…")
        browse.clicked.connect(self._choose)
        row = QHBoxLayout()
        row.addWidget(self.folder, 1)
        row.addWidget(browse)
        self.base_url = QLineEdit()
        self.base_url.setPlaceholderText(
            "https://www.example.gov.cn/gb/（用于 sitemap.xml，可不填）"
        )
        form = QFormLayout()
        form.addRow("输出文件夹", row)
        form.addRow("网站地址", self.base_url)

        hint = QLabel(
            "只导出已出版的期次：现行公文仅限“此件公开发布”，令、人事任免、政策解读、人大决定、公告，"
            "以及已发布的历史公报。再次导出到同一文件夹时只重写有变化的文件。"
        )
        hint.setWordWrap(True)
        self.progress = QProgressBar()
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.status = QLabel("")
        self.log = QPlainTextEdit()
        self.log.setReadOnly(True)
        self.log.setPlaceholderText("导出结果将显示在这里")

        self.buttons = QDialogButtonBox()
        self.build_button = self.buttons.addButton("导出", QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = self.buttons.addButton(
            "取消导出", QDialogButtonBox.ButtonRole.ActionRole
        )
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.cancel_button.setEnabled(False)
        self.build_button.clicked.connect(self.start)
        self.cancel_button.clicked.connect(self._cancel)
        self.close_button.clicked.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addWidget(self.log, 1)
        layout.addWidget(self.buttons)

    def _choose(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "选择网站输出文件夹", self.folder.text())
        if folder:
            self.folder.setText(folder)

    def start(self) -> None:
        from gazette.site.build import build

        out = Path(self.folder.text().strip())
        if not self.folder.text().strip():
            show_error(self, "导出电子版网站", "请先选择输出文件夹")
            return
        base = self.base_url.text().strip() or None
        ctx = self.ctx

        def work(reporter: Reporter) -> BuildReport:
            return build(ctx, out, reporter, base_url=base)

        self.build_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        self.log.setPlainText("")
        self.status.setText("正在导出…")
        self.task = ops.run_job(
            self,
            "导出电子版网站",
            work,
            self._done,
            on_error=self._failed,
            on_progress=self._progress,
        )
        self.task.bridge.cancelled.connect(self._cancelled)

    def _progress(self, done: int, total: int, message: str) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)
        if message:
            self.status.setText(message)

    def _finish(self) -> None:
        self.task = None
        self.build_button.setEnabled(True)
        self.cancel_button.setEnabled(False)

    def _done(self, report: BuildReport) -> None:
        self._finish()
        self.progress.setValue(self.progress.maximum())
        self.status.setText("导出完成")
        lines = [report.summary()]
        lines += [f"写入 {p}" for p in report.written[:200]]
        if len(report.written) > 200:
            lines.append(f"……另有 {len(report.written) - 200} 个文件")
        lines += [f"删除 {p}" for p in report.removed[:200]]
        self.log.setPlainText("\n".join(lines))

    def _failed(self, message: str, details: str) -> None:
        self._finish()
        self.status.setText("导出失败")
        show_error(self, "导出电子版网站", message, details)

    def _cancel(self) -> None:
        if self.task:
            self.task.cancel()
            self.status.setText("正在取消…")

    def _cancelled(self) -> None:
        self._finish()
        self.status.setText("已取消；文件夹中已写入的文件在下次导出时核对")
