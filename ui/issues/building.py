"""Building an issue from the 公报编排 screen: on a worker, with progress and cancel, and showing
the result (the PDFs, or a proof round with its diff) in the preview.

A mixin of ``ui.issues.screen.Screen``: it uses the screen's buttons, progress bar, preview and
models, and keeps the build flow apart from planning and editing.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QComboBox, QLabel, QProgressBar, QPushButton, QTabWidget

from gazette.context import AppContext
from gazette.issues import proofs
from gazette.issues.render import BuildResult, render_issue
from gazette.progress import Reporter
from ui import ops
from ui.issues.workflow_dialogs import confirm
from ui.tasks import Task, TaskRunner

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from ui.issues.models import DiffTableModel
    from ui.issues.preview import PdfPreview
    from ui.issues.screen import Snapshot

    _OnScreen = QWidget  # the mixin's object is the screen, a QWidget
else:
    _OnScreen = object


class IssueBuilds(_OnScreen):
    ctx: AppContext
    runner: TaskRunner
    issue_id: int | None
    snapshot: Snapshot | None
    task: Task | None
    last_build: BuildResult | None
    edition: QComboBox
    progress: QProgressBar
    build_btn: QPushButton
    proof_btn: QPushButton
    cancel_btn: QPushButton
    diff_model: DiffTableModel
    diff_label: QLabel
    preview: PdfPreview
    tabs: QTabWidget

    if TYPE_CHECKING:  # the screen's own

        def load_issue(self) -> None: ...
        def _failed(self, message: str, _detail: str) -> None: ...
        def _say(self, text: str) -> None: ...

    def out_dir(self) -> Path:
        assert self.snapshot is not None
        row = self.snapshot.plan.issue
        return self.ctx.data_dir / "issues" / f"{row.year}-{row.number:02d}"

    def build(self, proof: bool = False) -> None:
        if self.issue_id is None or self.snapshot is None:
            return
        if proof and not confirm(self, "proof", self.snapshot.plan.issue.label):
            return
        issue_id, out = self.issue_id, self.out_dir()
        edition = str(self.edition.currentData())

        def work(reporter: Reporter) -> BuildResult | proofs.ProofCheck:
            if proof:
                return proofs.proof_with_diff(self.ctx, issue_id, out, reporter)
            return render_issue(self.ctx, issue_id, out, reporter, edition)

        self._busy(True)
        self.task = ops.run_job(
            self,
            "排版" if not proof else "出校样",
            work,
            self._built,
            on_error=self._failed,
            on_progress=self._progress,
            changes=frozenset({"built_files", "proof_rounds"}),
        )

        def cancelled() -> None:
            self._busy(False)
            self._say("排版已取消")

        self.task.bridge.cancelled.connect(cancelled)

    def _progress(self, done: int, total: int, message: str) -> None:
        self.progress.setMaximum(max(total, 1))
        self.progress.setValue(done)
        self.progress.setFormat(message)

    def _busy(self, busy: bool) -> None:
        self.build_btn.setEnabled(not busy)
        self.proof_btn.setEnabled(not busy)
        self.cancel_btn.setEnabled(busy)
        if not busy:
            self.task = None

    def _cancel(self) -> None:
        if self.task is not None:
            self.task.cancel()

    def _built(self, result: BuildResult | proofs.ProofCheck) -> None:
        self._busy(False)
        if isinstance(result, BuildResult):
            self.last_build = result
            main = (result.of("web") or result.of("print"))[0]
            self._say(
                "已生成："
                + "；".join(
                    f"{f.path.name}（{f.pages}页）" for f in result.files if f.kind != "document"
                )
                + f"；单篇文件 {len(result.of('document'))} 个，位于 {self.out_dir()}"
            )
        else:  # a proof round with its diff against the source text
            main = result.pdf
            rows = [(label, c) for label, changes in result.diffs.items() for c in changes]
            self.diff_model.set_rows(rows)
            same = sum(1 for changes in result.diffs.values() if not changes)
            self.diff_label.setText(
                f"第{result.round}校：{same}/{len(result.diffs)} 篇文件排版文字与原文一致"
                + (f"，{len(rows)} 处差异" if rows else "")
            )
            self._say(f"校样已生成：{main.path.name}（{main.pages}页）")
        self.preview.open(main.path)
        self.tabs.setCurrentWidget(self.preview)
        self.load_issue()
