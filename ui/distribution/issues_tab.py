"""各期发行: every issue's distribution, one issue's lines, receipts, the list and the labels.

Every read and change goes through ui.ops on a worker; the tab only shows plain rows.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from gazette.context import AppContext
from gazette.db import UnitOfWork
from gazette.distribution import issue as dist
from gazette.distribution import labels, listing, mailings
from gazette.office.auth import allowed
from gazette.office.conflicts import ConflictError
from ui.distribution.models import IssuesModel, LinesModel
from ui.ops import run_op, run_query
from ui.printing import print_pdf
from ui.tasks import TaskRunner


def table(model: Any, stretch: int = -1) -> QTableView:
    """A read-only row table; column ``stretch`` (the address) takes the spare width."""
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.verticalHeader().setVisible(False)
    view.verticalHeader().setDefaultSectionSize(26)
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    if stretch >= 0:
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    else:
        header.setStretchLastSection(True)
    return view


def button(text: str, name: str, slot: Any) -> QPushButton:
    b = QPushButton(text)
    b.setObjectName(name)
    b.clicked.connect(slot)
    return b


class IssuesTab(QWidget):
    def __init__(self, ctx: AppContext, runner: TaskRunner, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx, self.runner = ctx, runner
        self.can_write = allowed(ctx.role, "distribution.write")
        self.shown: dist.IssueDistributionView | None = None
        self.last_message = ""
        self.issues = IssuesModel(self)
        self.lines = LinesModel(self)
        self.issue_view = table(self.issues)
        self.issue_view.selectionModel().selectionChanged.connect(lambda *_: self.load_issue())
        self.line_view = table(self.lines, stretch=2)
        self.line_view.selectionModel().selectionChanged.connect(lambda *_: self._enable())
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setObjectName("distributionSummary")
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #555;")

        self.received_btn = button("签收", "receivedButton", lambda: self.mark("received"))
        self.reason = QComboBox()
        self.reason.addItems(dist.RETURN_REASONS)
        self.returned_btn = button("退回", "returnedButton", lambda: self.mark("returned"))
        self.pending_btn = button("改为未确认", "pendingButton", lambda: self.mark("pending"))
        self.sheet_btn = button("导出发行清单…", "sheetButton", self._choose_sheet)
        self.labels_btn = button("打印地址标签…", "labelsButton", self._choose_labels)
        self.envelopes_btn = button("打印信封…", "envelopesButton", self._choose_envelopes)
        self.envelope_box = QComboBox()
        self.envelope_box.addItems(sorted(mailings.ENVELOPES))
        self.envelope_box.setCurrentText("DL")
        self.slips_btn = button("签收回执…", "slipsButton", self._choose_slips)
        self.print_sheet_btn = button("打印发行清单…", "printSheetButton", self.print_)
        self.slip_btn = button("打印本单位回执…", "slipButton", self.print_slip)
        self.slip_btn.setToolTip("补打所选单位的签收回执（编号与整期回执相同）")
        self.layout_box = QComboBox()
        self.layout_box.addItems(sorted(labels.SHEETS))
        self.reserve = QSpinBox()
        self.reserve.setRange(0, 10_000)
        self.reserve.setSuffix(" 份")
        self.reserve_btn = button("保存留存份数", "reserveButton", self.save_reserve)
        self.print_run = QSpinBox()
        self.print_run.setRange(1, 1_000_000)
        self.print_run.setSuffix(" 册")
        self.override_reason = QLineEdit()
        self.override_reason.setObjectName("overrideReason")
        self.override_reason.setPlaceholderText("调整印数的原因（必填）")
        self.override_btn = button("调整本期印数", "overrideButton", self.override)

        marks = QHBoxLayout()
        w: QWidget
        for w in (
            self.received_btn,
            QLabel("退回原因："),
            self.reason,
            self.returned_btn,
            self.pending_btn,
            self.slip_btn,
        ):
            marks.addWidget(w)
        marks.addStretch(1)
        # copies on a row of their own: on one line with the marks and outputs the right side was
        # so wide at 1366×768 that the issue list lost its 退回 and 未确认 columns
        copies = QHBoxLayout()
        for w in (QLabel("本期印数："), self.print_run, self.override_reason, self.override_btn):
            copies.addWidget(w)
        copies.addStretch(1)
        outputs = QHBoxLayout()
        for w in (
            self.print_sheet_btn,
            self.sheet_btn,
            QLabel("标签纸："),
            self.layout_box,
            self.labels_btn,
            self.envelope_box,
            self.envelopes_btn,
            self.slips_btn,
        ):
            outputs.addWidget(w)
        outputs.addStretch(1)
        for w in (QLabel("每期留存（档案）："), self.reserve, self.reserve_btn):
            copies.addWidget(w)

        right = QWidget()
        col = QVBoxLayout(right)
        col.setContentsMargins(0, 0, 0, 0)
        col.addWidget(self.summary)
        col.addWidget(self.line_view, 1)
        col.addLayout(marks)
        col.addLayout(outputs)
        col.addLayout(copies)
        col.addWidget(self.message)
        split = QSplitter()
        split.addWidget(self.issue_view)
        split.addWidget(right)
        split.setSizes([430, 900])
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(split)
        self._enable()

    # reading ------------------------------------------------------------------------------
    def refresh(self) -> None:
        def read(uow: UnitOfWork) -> tuple[list[dist.IssueStatusRow], int]:
            return dist.overview(uow.session), dist.reserve(uow.session)

        run_query(self, "读取各期发行", read, self._overview)

    def _overview(self, result: tuple[list[dist.IssueStatusRow], int]) -> None:
        rows, spare = result
        keep = self.shown.issue_id if self.shown else None
        self.issues.set_rows(rows)
        self._fit_issue_list()
        self.reserve.setValue(spare)
        ids = [r.issue_id for r in rows]
        pick = (
            ids.index(keep)
            if keep in ids
            else next((i for i, r in enumerate(rows) if r.frozen), 0 if rows else -1)
        )
        if pick >= 0:
            self.issue_view.selectRow(pick)
            self.load_issue()

    def _fit_issue_list(self) -> None:
        """Keep every column of the issue list in sight: the splitter gives it this much."""
        view, header = self.issue_view, self.issue_view.horizontalHeader()
        # from the contents, not sectionSize: sizes catch up only at the next layout; the
        # stretched last column is never narrower than the header's default section size
        hints = [
            max(view.sizeHintForColumn(c), header.sectionSizeHint(c)) for c in range(header.count())
        ]
        hints[-1] = max(hints[-1], header.defaultSectionSize())
        columns = sum(hints)
        scroll = view.verticalScrollBar().sizeHint().width()
        view.setMinimumWidth(columns + scroll + 2 * view.frameWidth())

    def selected_issue(self) -> dist.IssueStatusRow | None:
        rows = self.issue_view.selectionModel().selectedRows()
        return self.issues.row_at(rows[0].row()) if rows else None

    def selected_line(self) -> dist.Line | None:
        rows = self.line_view.selectionModel().selectedRows()
        return self.lines.row_at(rows[0].row()) if rows else None

    def load_issue(self) -> None:
        chosen = self.selected_issue()
        if chosen is None:
            return
        run_query(
            self, "读取本期发行", lambda uow: dist.view(uow.session, chosen.issue_id), self._shown
        )

    def _shown(self, shown: dist.IssueDistributionView) -> None:
        keep = self.selected_line()
        self.shown = shown
        self.lines.set_rows(listing.ordered(shown.lines))
        self.summary.setText(f"<b>{shown.label}</b>　{listing.summary_of(shown)}")
        self.print_run.setValue(shown.print_run)
        if keep is not None:
            ids = [x.recipient_id for x in self.lines.rows()]
            if keep.recipient_id in ids:
                self.line_view.selectRow(ids.index(keep.recipient_id))
        self._enable()

    def _enable(self) -> None:
        frozen = self.shown is not None and self.shown.frozen
        line = self.selected_line()
        for b in (self.received_btn, self.returned_btn, self.pending_btn):
            b.setEnabled(self.can_write and frozen and line is not None)
        has = self.shown is not None and bool(self.shown.lines)
        for b in (
            self.sheet_btn,
            self.print_sheet_btn,
            self.labels_btn,
            self.envelopes_btn,
            self.slips_btn,
        ):
            b.setEnabled(has)
        self.slip_btn.setEnabled(has and line is not None)
        self.reserve_btn.setEnabled(self.can_write)
        self.override_btn.setEnabled(self.can_write and frozen)

    # changes ------------------------------------------------------------------------------
    def mark(self, status: str) -> None:
        line, shown = self.selected_line(), self.shown
        if line is None or shown is None:
            return
        reason = self.reason.currentText() if status == "returned" else ""
        run_op(
            self,
            "登记签收",
            lambda uow: dist.mark(
                uow.session,
                shown.issue_id,
                line.recipient_id,
                status,
                reason,
                expected_version=line.version,
            ),
            lambda _: self._said(f"{line.name}：{dist.STATUSES[status]}"),
            on_conflict=self._conflict,
        )

    def _conflict(self, err: ConflictError) -> None:
        self._said(str(err))
        self.refresh()

    def override(self) -> None:
        """Print a 印数 other than copies + reserve; the core refuses it without a reason."""
        shown, copies, reason = self.shown, self.print_run.value(), self.override_reason.text()
        if shown is None:
            return
        run_op(
            self,
            "调整印数",
            lambda uow: dist.override_print_run(uow.session, shown.issue_id, copies, reason),
            lambda _: self._said(f"{shown.label}印数改为 {copies} 册（{reason.strip()}）"),
            on_error=lambda message, _details: self._said(message),
        )

    def save_reserve(self) -> None:
        copies = self.reserve.value()
        run_op(
            self,
            "保存留存份数",
            lambda uow: dist.save_reserve(uow.session, copies),
            lambda _: self._said(f"每期留存 {copies} 份，下次定稿起计入印数"),
        )

    def _said(self, text: str) -> None:
        self.last_message = text
        self.message.setText(text)

    # files --------------------------------------------------------------------------------
    def _choose_sheet(self) -> None:
        if self.shown is None:
            return
        path, _ = QFileDialog.getSaveFileName(
            self,
            "导出发行清单",
            f"{self.shown.label}发行清单.pdf",
            "PDF (*.pdf);;Excel 工作簿 (*.xlsx)",
        )
        if path:
            self.export_sheet(Path(path))

    def export_sheet(self, path: Path) -> None:
        shown = self.shown
        if shown is None:
            return
        run_query(
            self,
            "导出发行清单",
            lambda uow: listing.write(uow.session, shown.issue_id, path),
            lambda n: self._said(f"已导出 {n} 个发行对象的发行清单：{path.name}"),
        )

    def _choose_labels(self) -> None:
        if self.shown is None:
            return
        path, _ = QFileDialog.getSaveFileName(
            self, "打印地址标签", f"{self.shown.label}地址标签.pdf", "PDF (*.pdf)"
        )
        if path:
            self.print_labels(Path(path))

    def print_labels(self, path: Path) -> None:
        """The labels PDF; labels that cannot be printed are named first and left out."""
        shown = self.shown
        if shown is None:
            return
        sheet = labels.SHEETS[self.layout_box.currentText()]
        problems = labels.check(shown.lines, shown.label, sheet)
        bad = {p.split("：", 1)[0] for p in problems}
        lines = [x for x in shown.lines if x.name not in bad]

        def done(placed: list[labels.Placed]) -> None:
            text = f"已生成 {len(placed)} 张标签：{path.name}"
            if problems:
                text += f"；{len(problems)} 张不能打印：" + "；".join(problems)
            self._said(text)

        run_query(
            self, "打印地址标签", lambda uow: labels.render(lines, shown.label, sheet, path), done
        )

    def _choose_envelopes(self) -> None:
        if self.shown is None:
            return
        size = self.envelope_box.currentText()
        path, _ = QFileDialog.getSaveFileName(
            self, "打印信封", f"{self.shown.label}信封{size}.pdf", "PDF (*.pdf)"
        )
        if path:
            self.print_envelopes(Path(path))

    def print_envelopes(self, path: Path) -> None:
        shown, size = self.shown, self.envelope_box.currentText()
        if shown is None:
            return
        run_query(
            self,
            "打印信封",
            lambda uow: mailings.write_envelopes(uow.session, shown.issue_id, path, size),
            lambda n: self._said(f"已生成 {n} 个信封（{size}）：{path.name}"),
        )

    def _choose_slips(self) -> None:
        if self.shown is None:
            return
        path, _ = QFileDialog.getSaveFileName(
            self, "签收回执", f"{self.shown.label}签收回执.pdf", "PDF (*.pdf)"
        )
        if path:
            self.print_slips(Path(path))

    def print_slips(self, path: Path) -> None:
        shown = self.shown
        if shown is None:
            return
        run_query(
            self,
            "签收回执",
            lambda uow: mailings.write_slips(uow.session, shown.issue_id, path),
            lambda n: self._said(f"已生成 {n} 张签收回执：{path.name}"),
        )

    # printing -----------------------------------------------------------------------------
    def print_(self) -> None:
        """Ctrl+P here: the issue's 发行清单, the sheet that goes with the parcels."""
        shown = self.shown
        if shown is None or not shown.lines:
            self._said("请先选择有发行对象的期次")
            return
        self._print(
            "打印发行清单",
            f"{shown.label}发行清单.pdf",
            lambda uow, path: listing.write(uow.session, shown.issue_id, path),
        )

    def print_slip(self) -> None:
        """One recipient's 签收回执 again: the slip was lost, or the parcel goes separately."""
        shown, line = self.shown, self.selected_line()
        if shown is None or line is None:
            return
        self._print(
            "打印签收回执",
            f"{shown.label}签收回执.pdf",
            lambda uow, path: mailings.write_slips(
                uow.session, shown.issue_id, path, line.recipient_id
            ),
        )

    def _print(self, title: str, name: str, make: Callable[[UnitOfWork, Path], object]) -> None:
        """Make the office's own PDF on a worker, then print it through the system dialog."""
        folder = Path(tempfile.mkdtemp(prefix="gazette-print-"))
        path = folder / name

        def done(_made: object) -> None:
            try:
                pages = print_pdf(path, self)
            finally:
                shutil.rmtree(folder, ignore_errors=True)
            self._said(f"已打印 {pages} 页：{name}" if pages else "已取消打印")

        def failed(message: str, _details: str) -> None:
            shutil.rmtree(folder, ignore_errors=True)
            self._said(message)

        run_query(self, title, lambda uow: make(uow, path), done, on_error=failed)
