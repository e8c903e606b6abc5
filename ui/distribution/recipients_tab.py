"""发行对象: the recipients list, its XLSX files, one step from the departments, and a
recipient's copies and issues.

Every read and change goes through ui.ops on a worker; the tab only shows plain rows.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from gazette.context import AppContext
from gazette.db import UnitOfWork
from gazette.distribution import issue as dist
from gazette.distribution import recipients as rcp
from gazette.distribution import sheet
from gazette.office.auth import allowed
from gazette.office.conflicts import ConflictError
from ui.conflict_dialog import resolve
from ui.distribution.dialog import RecipientDialog
from ui.distribution.issues_tab import button, table
from ui.distribution.models import HistoryModel, RecipientsModel
from ui.ops import run_op, run_query
from ui.tasks import TaskRunner


class RecipientsTab(QWidget):
    def __init__(self, ctx: AppContext, runner: TaskRunner, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx, self.runner = ctx, runner
        self.can_write = allowed(ctx.role, "distribution.write")
        self.last_report: sheet.ImportReport | None = None
        self.last_message = ""
        self.model = RecipientsModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterKeyColumn(-1)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.view = table(self.proxy, stretch=2)
        self.view.selectionModel().selectionChanged.connect(lambda *_: self.load_history())
        self.history = HistoryModel(self)
        self.history_view = table(self.history)
        self.copies_label = QLabel()
        self.copies_label.setWordWrap(True)
        self.filter = QLineEdit()
        self.filter.setPlaceholderText("筛选：单位、地址、类别、状态…")
        self.filter.textChanged.connect(self.proxy.setFilterFixedString)

        self.import_btn = button("导入 XLSX…", "importButton", self._choose_import)
        self.export_btn = button("导出 XLSX…", "exportButton", self._choose_export)
        self.departments_btn = button(
            "从部门名单导入机关", "fromDepartmentsButton", self.from_departments
        )
        self.new_btn = button("新增…", "newButton", lambda: self.edit(None))
        self.edit_btn = button("编辑…", "editButton", lambda: self.edit(self.selected()))
        self.active_btn = button("停用", "activeButton", self.toggle_active)
        self.dialog: RecipientDialog | None = None
        self.view.doubleClicked.connect(lambda *_: self.edit(self.selected()))
        self.copies = QSpinBox()
        self.copies.setRange(1, rcp.MAX_COPIES)
        self.copies.setSuffix(" 份")
        self.copies_btn = button("改每期份数", "copiesButton", self.save_copies)
        self.reviewed_btn = button("已核实", "reviewedButton", self.mark_reviewed)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #555;")
        self.count_label = QLabel()
        self.count_label.setStyleSheet("color: #555;")

        top = QHBoxLayout()
        top.addWidget(self.filter, 1)
        top.addWidget(self.count_label)
        w: QWidget
        for w in (self.import_btn, self.export_btn, self.departments_btn):
            top.addWidget(w)
        edit = QHBoxLayout()
        for w in (
            self.new_btn,
            self.edit_btn,
            self.active_btn,
            QLabel("　选中单位："),
            self.copies,
            self.copies_btn,
            self.reviewed_btn,
        ):
            edit.addWidget(w)
        edit.addStretch(1)
        below = QWidget()
        col = QVBoxLayout(below)
        col.setContentsMargins(0, 0, 0, 0)
        col.addLayout(edit)
        col.addWidget(self.copies_label)
        col.addWidget(self.history_view, 1)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.view)
        split.addWidget(below)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addLayout(top)
        outer.addWidget(split, 1)
        outer.addWidget(self.message)
        self._enable()

    def refresh(self) -> None:
        run_query(self, "读取发行对象", lambda uow: rcp.list_recipients(uow.session), self._loaded)

    def _loaded(self, rows: list[rcp.RecipientRow]) -> None:
        keep = self.selected()
        self.model.set_rows(rows)
        if keep is not None:
            ids = [r.id for r in rows]
            if keep.id in ids:
                self.view.selectRow(
                    self.proxy.mapFromSource(self.model.index(ids.index(keep.id), 0)).row()
                )
        active = [r for r in rows if r.active]
        self.count_label.setText(
            f"{len(active)} 个发行对象，每期 {sum(r.copies for r in active)} 份；"
            f"资料不全 {sum(r.incomplete for r in active)} 个，待核实 {sum(r.needs_review for r in active)} 个"
        )
        self._enable()

    def selected(self) -> rcp.RecipientRow | None:
        rows = self.view.selectionModel().selectedRows()
        if not rows:
            return None
        return self.model.row_at(self.proxy.mapToSource(rows[0]).row())

    def _enable(self) -> None:
        chosen = self.selected()
        for b in (self.import_btn, self.departments_btn):
            b.setEnabled(self.can_write)
        self.copies_btn.setEnabled(self.can_write and chosen is not None)
        self.new_btn.setEnabled(self.can_write)
        self.edit_btn.setEnabled(self.can_write and chosen is not None)
        self.active_btn.setEnabled(self.can_write and chosen is not None)
        self.active_btn.setText("启用" if chosen is not None and not chosen.active else "停用")
        self.reviewed_btn.setEnabled(self.can_write and chosen is not None and chosen.needs_review)

    def load_history(self) -> None:
        chosen = self.selected()
        self._enable()
        if chosen is None:
            return
        self.copies.setValue(chosen.copies)

        def read(
            uow: UnitOfWork,
        ) -> tuple[list[tuple[str, int, str, str]], list[tuple[str, int, str]]]:
            return dist.recipient_history(uow.session, chosen.id), rcp.copies_history(
                uow.session, chosen.id
            )

        run_query(self, "读取发行记录", read, self._history)

    def _history(
        self, result: tuple[list[tuple[str, int, str, str]], list[tuple[str, int, str]]]
    ) -> None:
        issues, copies = result
        self.history.set_rows(issues)
        changes = "；".join(f"{at} 起 {n} 份（{by or '—'}）" for at, n, by in copies)
        self.copies_label.setText(f"每期份数变更：{changes or '无记录'}")

    # changes ------------------------------------------------------------------------------
    def save_copies(self, _checked: bool = False, version: int | None = None) -> None:
        chosen = self.selected()
        if chosen is None:
            return
        copies = self.copies.value()
        inp = replace(chosen.as_input(), copies=copies)
        seen = version if version is not None else chosen.version
        run_op(
            self,
            "修改每期份数",
            lambda uow: rcp.save(uow.session, inp, recipient_id=chosen.id, expected_version=seen),
            lambda _: self._said(f"{chosen.name}：每期 {copies} 份，下次定稿起生效"),
            on_conflict=lambda err: self._conflict(err, chosen, copies),
        )

    def _conflict(self, err: ConflictError, chosen: rcp.RecipientRow, copies: int) -> None:
        def merge(values: dict[str, object], error: ConflictError) -> None:
            self.copies.setValue(int(str(values.get("copies", copies))))
            self.save_copies(version=error.version)

        resolve(
            self,
            err,
            {"copies": chosen.copies},
            {"copies": copies},
            on_reload=self.refresh,
            on_merge=merge,
            subject=chosen.name,
        )

    def edit(self, chosen: rcp.RecipientRow | None) -> None:
        """The edit dialog (新增 when ``chosen`` is None); it closes once the save is committed."""
        if not self.can_write:
            return

        def save(inp: rcp.RecipientInput) -> None:
            rid, version = (chosen.id, chosen.version) if chosen else (None, None)
            run_op(
                self,
                "保存发行对象",
                lambda uow: rcp.save(uow.session, inp, recipient_id=rid, expected_version=version),
                lambda _: self._saved(inp.name),
                on_error=lambda message, _details: dialog.show_error(message),
                on_conflict=lambda err: dialog.show_error(str(err)),
            )

        dialog = RecipientDialog(chosen, save, self)
        self.dialog = dialog
        dialog.open()

    def _saved(self, name: str) -> None:
        if self.dialog is not None:
            self.dialog.accept()
        self._said(f"已保存：{name}")

    def toggle_active(self) -> None:
        chosen = self.selected()
        if chosen is not None:
            run_op(
                self,
                "停用发行对象",
                lambda uow: rcp.set_active(uow.session, chosen.id, not chosen.active),
                lambda _: self._said(
                    f"{chosen.name}：{'已启用' if not chosen.active else '已停用'}"
                ),
            )

    def mark_reviewed(self) -> None:
        chosen = self.selected()
        if chosen is not None:
            run_op(self, "核实发行对象", lambda uow: rcp.mark_reviewed(uow.session, chosen.id))

    def from_departments(self) -> None:
        run_op(
            self,
            "从部门名单导入",
            lambda uow: rcp.from_departments(uow.session),
            lambda n: self._said(f"从部门名单新增 {n} 个机关发行对象，请补充地址和邮政编码"),
        )

    def _said(self, text: str) -> None:
        self.last_message = text
        self.message.setText(text)

    # files --------------------------------------------------------------------------------
    def _choose_import(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, "导入发行对象", "", "Excel 工作簿 (*.xlsx *.xlsm)"
        )
        if path:
            self.import_file(Path(path))

    def import_file(self, path: Path) -> None:
        """All rows or none: a sheet with any bad row changes nothing and lists every reason."""
        self.last_report = None

        def done(report: sheet.ImportReport) -> None:
            self.last_report = report
            lines = [report.summary(), *(str(i) for i in report.issues[:20])]
            if len(report.issues) > 20:
                lines.append(f"……另有 {len(report.issues) - 20} 处错误")
            self._said("\n".join(lines))

        run_op(
            self,
            f"导入 {path.name}",
            lambda uow: sheet.import_recipients(uow.session, path),
            done,
            on_error=lambda message, _details: self._said(message),
        )

    def _choose_export(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, "导出发行对象", "发行对象.xlsx", "Excel 工作簿 (*.xlsx)"
        )
        if path:
            self.export_file(Path(path))

    def export_file(self, path: Path) -> None:
        run_query(
            self,
            "导出发行对象",
            lambda uow: sheet.export_recipients(uow.session, path),
            lambda n: self._said(f"已导出 {n} 个发行对象：{path.name}"),
        )
