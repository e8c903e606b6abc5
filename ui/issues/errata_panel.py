"""勘误: the errata of a published issue, where their notices are printed, and the e-edition's
versions (a re-release adds one, every earlier one stays and can be opened)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from gazette.context import AppContext
from gazette.db import UnitOfWork
from gazette.issues import errata
from gazette.issues.planning import IssuePlan
from gazette.office.auth import allowed
from gazette.progress import Reporter
from ui import ops
from ui.rows_model import RowsModel
from ui.tasks import Task, TaskRunner

if TYPE_CHECKING:
    from gazette.issues.render import BuildResult


class ErratumTableModel(RowsModel):
    HEADERS = ("文件", "位置", "错误 → 更正", "原因", "登记", "刊登于", "电子版")

    def cell(self, row: errata.ErratumRow, column: int) -> str:
        when = row.recorded_at.strftime("%Y-%m-%d %H:%M") if row.recorded_at else ""
        return [
            row.doc_number or row.title,
            row.location,
            f"“{row.wrong}” → “{row.right}”",
            row.reason,
            f"{row.recorded_by} {when}".strip(),
            row.notice_label or "未安排",
            f"第{row.rereleased_version}版" if row.rereleased_version else "未重新发布",
        ][column]


class VersionTableModel(RowsModel):
    HEADERS = ("版本", "文件", "页数", "生成时间", "生成人", "说明")

    def cell(self, row: errata.VersionRow, column: int) -> str:
        return [
            f"第{row.version}版",
            row.name,
            str(row.pages),
            row.built_at.strftime("%Y-%m-%d %H:%M"),
            row.built_by,
            row.note or "首次发布",
        ][column]


@dataclass
class ErrataSnapshot:
    issue_id: int
    rows: list[errata.ErratumRow]
    targets: list[tuple[int, str]]
    versions: list[errata.VersionRow]


class ErrataPanel(QWidget):
    """Lives in the issues screen's tabs; ``open_pdf`` shows a chosen version in its preview."""

    def __init__(
        self,
        ctx: AppContext,
        runner: TaskRunner,
        open_pdf: Callable[[Path], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx, self.runner, self.open_pdf = ctx, runner, open_pdf
        self.plan: IssuePlan | None = None
        self.snapshot: ErrataSnapshot | None = None
        self.task: Task | None = None
        self.may_record = allowed(ctx.role, "issues.publish")
        self.may_place = allowed(ctx.role, "issues.write")

        self.hint = QLabel("")
        self.hint.setWordWrap(True)
        self.model = ErratumTableModel(self)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.verticalHeader().hide()
        self.view.horizontalHeader().setStretchLastSection(True)

        self.document = QComboBox()
        self.location = QLineEdit(placeholderText="如：第5页第3段")
        self.wrong = QLineEdit(placeholderText="刊登时的错误文字")
        self.right = QLineEdit(placeholderText="应改为的文字")
        self.reason = QLineEdit(placeholderText="如：排版时漏字（选填）")
        self.record_btn = QPushButton("登记勘误")
        self.target = QComboBox()
        self.print_btn = QPushButton("在所选期次刊登勘误")
        self.rerelease_btn = QPushButton("重新发布电子版（勘误版）")
        self.progress = QProgressBar()
        self.progress.setTextVisible(True)
        self.versions = VersionTableModel(self)
        self.versions_view = QTableView()
        self.versions_view.setModel(self.versions)
        self.versions_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.versions_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.versions_view.verticalHeader().hide()
        self.versions_view.horizontalHeader().setStretchLastSection(True)
        self.versions_view.setMaximumHeight(120)
        self.open_btn = QPushButton("打开所选版本")
        self.message = QLabel("")
        self.message.setWordWrap(True)

        self.record_btn.clicked.connect(self.record)
        self.print_btn.clicked.connect(self.print_selected)
        self.rerelease_btn.clicked.connect(self.rerelease)
        self.open_btn.clicked.connect(self.open_selected)
        self.versions_view.doubleClicked.connect(lambda _i: self.open_selected())

        form = QFormLayout()
        form.addRow("出错文件", self.document)
        form.addRow("出错位置", self.location)
        form.addRow("错误内容", self.wrong)
        form.addRow("更正内容", self.right)
        form.addRow("更正原因", self.reason)
        form.addRow("", self.record_btn)
        place = QHBoxLayout()
        place.addWidget(QLabel("勘误刊登于"))
        place.addWidget(self.target, 1)
        place.addWidget(self.print_btn)
        release = QHBoxLayout()
        release.addWidget(self.rerelease_btn)
        release.addWidget(self.progress, 1)
        release.addWidget(self.open_btn)
        layout = QVBoxLayout(self)
        layout.addWidget(self.hint)
        layout.addWidget(self.view, 1)
        layout.addLayout(place)
        layout.addLayout(form)
        layout.addWidget(QLabel("电子版各版本（旧版保留）"))
        layout.addWidget(self.versions_view)
        layout.addLayout(release)
        layout.addWidget(self.message)
        self._enable()

    # state -----------------------------------------------------------------------------------
    @property
    def published(self) -> bool:
        return self.plan is not None and self.plan.issue.status == "published"

    def _enable(self) -> None:
        busy = self.task is not None
        record = self.published and self.may_record and not busy
        for w in (self.document, self.location, self.wrong, self.right, self.reason):
            w.setEnabled(record)
        self.record_btn.setEnabled(record)
        has_rows = self.snapshot is not None and bool(self.snapshot.rows)
        has_targets = self.snapshot is not None and bool(self.snapshot.targets)
        self.target.setEnabled(self.may_place and has_targets and not busy)
        self.print_btn.setEnabled(self.may_place and has_rows and has_targets and not busy)
        self.rerelease_btn.setEnabled(record and has_rows)
        has_versions = self.snapshot is not None and bool(self.snapshot.versions)
        self.open_btn.setEnabled(has_versions)

    def _say(self, text: str, error: bool = False) -> None:
        self.message.setStyleSheet("color:#b00000;" if error else "")
        self.message.setText(text)

    def _failed(self, message: str, _detail: str) -> None:
        self.task = None
        self._enable()
        self._say(message, error=True)

    # loading ---------------------------------------------------------------------------------
    def set_plan(self, plan: IssuePlan) -> None:
        """Show the errata of this issue; called whenever the screen reloads the issue."""
        same = self.plan is not None and self.plan.issue.id == plan.issue.id
        self.plan = plan
        current = self.document.currentData() if same else None
        self.document.clear()
        for section in plan.sections:
            for item in section.items:
                label = f"{item.doc_number}　{item.title}" if item.doc_number else item.title
                self.document.addItem(label, item.document_id)
        if current is not None:
            self.document.setCurrentIndex(max(self.document.findData(current), 0))
        status = plan.issue.status
        self.hint.setText(
            f"{plan.issue.label}：发布后发现的错误在此登记，并安排在以后某一期刊登勘误。"
            if status == "published"
            else f"{plan.issue.label}尚未发布：发布后才能登记勘误。"
        )
        if not self.may_record:
            self.hint.setText(self.hint.text() + "（只读角色可以查看，不能修改）")
        self.reload()

    def reload(self) -> None:
        if self.plan is None:
            return
        issue_id = self.plan.issue.id

        def read(uow: UnitOfWork) -> ErrataSnapshot:
            return ErrataSnapshot(
                issue_id,
                errata.errata_of(uow, issue_id),
                errata.notice_targets(uow, issue_id),
                errata.versions(uow, issue_id),
            )

        ops.run_query(self, "读取勘误", read, self._loaded, on_error=self._failed)

    def _loaded(self, snap: ErrataSnapshot) -> None:
        if self.plan is None or snap.issue_id != self.plan.issue.id:
            return  # another issue was chosen meanwhile
        self.snapshot = snap
        self.model.set_rows(snap.rows)
        self.view.resizeColumnsToContents()
        target = self.target.currentData()
        self.target.clear()
        for issue_id, label in snap.targets:
            self.target.addItem(label, issue_id)
        if target is not None:
            self.target.setCurrentIndex(max(self.target.findData(target), 0))
        if not snap.targets:
            self.target.addItem("（没有可刊登勘误的后续期次，请先新建期次）", None)
        self.versions.set_rows(snap.versions)
        self.versions_view.resizeColumnsToContents()
        self._enable()

    # actions ---------------------------------------------------------------------------------
    def _problem(self) -> str:
        """The first field at fault, named as on the form ("" when all is well)."""
        if self.document.currentData() is None:
            return "请选择“出错文件”"
        if not self.location.text().strip():
            return "请填写“出错位置”，如“第5页第3段”"
        if len(self.location.text().strip()) > errata.LOCATION_MAX:
            return f"“出错位置”太长，请控制在{errata.LOCATION_MAX}字以内"
        if not self.wrong.text().strip():
            return "请填写“错误内容”：刊登时印错的文字"
        if not self.right.text().strip():
            return "请填写“更正内容”：应改为的文字"
        if self.wrong.text().strip() == self.right.text().strip():
            return "“错误内容”与“更正内容”相同，无需勘误"
        return ""

    def record(self) -> None:
        if self.plan is None:
            return
        problem = self._problem()
        if problem:
            self._say(problem, error=True)
            return
        issue_id, doc_id = self.plan.issue.id, int(self.document.currentData())
        values = (
            self.location.text().strip(),
            self.wrong.text().strip(),
            self.right.text().strip(),
            self.reason.text().strip(),
        )

        def change(uow: UnitOfWork) -> int:
            return errata.record(uow, issue_id, doc_id, *values)

        def done(_id: int) -> None:
            for w in (self.location, self.wrong, self.right, self.reason):
                w.clear()
            self._say("勘误已登记。请在上方选择以后的期次刊登勘误，并重新发布电子版。")
            self.reload()

        ops.run_op(self, "登记勘误", change, done, on_error=self._failed)

    def selected(self) -> errata.ErratumRow | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def print_selected(self) -> None:
        row, target = self.selected(), self.target.currentData()
        if row is None:
            self._say("请先在列表中选择要刊登的勘误", error=True)
            return
        if target is None:
            self._say("请选择刊登勘误的期次", error=True)
            return
        label = self.target.currentText()

        def change(uow: UnitOfWork) -> None:
            errata.print_in(uow, row.id, int(target))

        def done(_x: None) -> None:
            self._say(f"勘误将刊登在{label}：排版该期时自动加入“勘误”栏。")
            self.reload()

        ops.run_op(self, "安排刊登勘误", change, done, on_error=self._failed)

    def out_dir(self) -> Path:
        assert self.plan is not None
        row = self.plan.issue
        return self.ctx.data_dir / "issues" / f"{row.year}-{row.number:02d}" / "勘误版"

    def rerelease(self) -> None:
        if self.plan is None:
            return
        issue_id, out = self.plan.issue.id, self.out_dir()

        def work(reporter: Reporter) -> BuildResult:
            return errata.rerelease(self.ctx, issue_id, out, reporter)

        def done(result: BuildResult) -> None:
            self.task = None
            web = result.of("web")[0]
            self._say(f"已重新发布电子版：{web.path.name}（{web.pages}页），旧版保留。")
            self.open_pdf(web.path)
            self.reload()

        self.task = ops.run_job(
            self,
            "重新发布电子版",
            work,
            done,
            on_error=self._failed,
            on_progress=self._progress,
            changes=frozenset({"built_files", "errata"}),
        )
        self._enable()

    def _progress(self, done: int, total: int, message: str) -> None:
        self.progress.setMaximum(max(total, 1))
        self.progress.setValue(done)
        self.progress.setFormat(message)

    def open_selected(self) -> None:
        rows = self.versions_view.selectionModel().selectedRows()
        if not rows:
            self._say("请先选择要打开的版本", error=True)
            return
        version = self.versions.row_at(rows[0].row())
        out = self.out_dir() / "各版本"

        def work(_r: Reporter) -> Path:
            return errata.export_version(self.ctx, version, out)

        ops.run_job(self, "打开电子版", work, self.open_pdf, on_error=self._failed)
