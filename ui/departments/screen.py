"""部门与联络员: the departments table, edit dialog, liaison history and absences, XLSX files.

Every database call runs on the task runner; the screen only shows plain rows.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import QItemSelection, Qt
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from gazette.context import AppContext
from gazette.db import UnitOfWork
from gazette.departments import roster as deps
from gazette.departments import xlsx
from gazette.office.auth import allowed
from gazette.office.conflicts import ConflictError
from gazette.progress import Reporter
from ui import ops
from ui.conflict_dialog import resolve
from ui.departments.absences_panel import AbsencesPanel
from ui.departments.dialogs import DepartmentDialog, ImportReportDialog
from ui.departments.models import ROW_ROLE, DepartmentsModel, DepartmentsProxy, HistoryModel
from ui.dnd import local_files
from ui.errors import show_error
from ui.tasks import TaskRunner

XLSX_SUFFIXES = (".xlsx", ".xlsm", ".xls")


def _table(model: Any) -> QTableView:
    table = QTableView()
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setAlternatingRowColors(True)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().setVisible(False)
    table.verticalHeader().setDefaultSectionSize(26)
    table.horizontalHeader().setHighlightSections(False)
    return table


class Screen(QWidget):
    def __init__(self, ctx: AppContext, runner: TaskRunner, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx, self.runner = ctx, runner
        self.can_write = allowed(ctx.role, "departments.write")
        self.last_report: xlsx.ImportReport | None = None
        self.last_error: str = ""
        self.report_dialog: ImportReportDialog | None = None
        self._dialog: DepartmentDialog | None = None
        self.setAcceptDrops(True)

        self.model = DepartmentsModel(self)
        self.proxy = DepartmentsProxy(self)
        self.proxy.setSourceModel(self.model)
        self.history = HistoryModel(self)

        title = QLabel("<h2 style='margin:0'>部门与联络员</h2>")
        self.count_label = QLabel()
        self.count_label.setStyleSheet("color: #555;")
        head = QHBoxLayout()
        head.addWidget(title)
        head.addSpacing(12)
        head.addWidget(self.count_label)
        head.addStretch(1)

        self.filter = QLineEdit()
        self.filter.setPlaceholderText("筛选：单位名称、机关代字、联络员、手机…")
        self.filter.setClearButtonEnabled(True)
        self.filter.setMinimumWidth(280)
        self.filter.textChanged.connect(self._filter_changed)
        self.show_inactive = QCheckBox("显示已停用")
        self.show_inactive.toggled.connect(self._inactive_toggled)
        self.add_button = QPushButton("新增部门")
        self.edit_button = QPushButton("编辑…")
        self.active_button = QPushButton("停用")
        self.import_button = QPushButton("导入 XLSX…")
        self.export_button = QPushButton("导出 XLSX…")
        self.template_button = QPushButton("下载模板…")
        self.add_button.clicked.connect(lambda: self.edit(None))
        self.edit_button.clicked.connect(self._edit_selected)
        self.active_button.clicked.connect(self._toggle_active)
        self.import_button.clicked.connect(self._choose_import)
        self.export_button.clicked.connect(self._choose_export)
        self.template_button.clicked.connect(self._choose_template)
        bar = QHBoxLayout()
        bar.addWidget(self.filter)
        bar.addWidget(self.show_inactive)
        bar.addStretch(1)
        for button in (
            self.add_button,
            self.edit_button,
            self.active_button,
            self.import_button,
            self.export_button,
            self.template_button,
        ):
            bar.addWidget(button)
        for button in (self.add_button, self.active_button, self.import_button):
            button.setEnabled(self.can_write)

        self.table = _table(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
        header = self.table.horizontalHeader()
        # the full 单位名称 always shows; the codes column takes what is left (1366×768 too)
        header.setSectionResizeMode(
            DepartmentsModel.COL_NAME, QHeaderView.ResizeMode.ResizeToContents
        )
        header.setSectionResizeMode(DepartmentsModel.COL_CODES, QHeaderView.ResizeMode.Stretch)
        header.setStretchLastSection(False)
        for col, width in (
            (DepartmentsModel.COL_SHORT, 110),
            (DepartmentsModel.COL_LIAISON, 80),
            (DepartmentsModel.COL_MOBILE, 110),
            (DepartmentsModel.COL_PHONE, 120),
            (DepartmentsModel.COL_ALTERNATE, 90),
            (DepartmentsModel.COL_ALT_MOBILE, 120),
            (DepartmentsModel.COL_CONTACT, 90),
            (DepartmentsModel.COL_STATE, 60),
        ):
            self.table.setColumnWidth(col, width)
        self.table.doubleClicked.connect(lambda _i: self._edit_selected())
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)

        self.history_title = QLabel("联络员变更历史")
        self.history_title.setStyleSheet("font-weight: bold;")
        self.history_table = _table(self.history)
        self.history_table.horizontalHeader().setSectionResizeMode(
            HistoryModel.COL_EMAIL, QHeaderView.ResizeMode.Stretch
        )
        for col, width in ((0, 90), (1, 80), (2, 150), (3, 110), (4, 120), (6, 95), (7, 95)):
            self.history_table.setColumnWidth(col, width)
        history = QWidget()
        history_layout = QVBoxLayout(history)
        history_layout.setContentsMargins(0, 6, 0, 0)
        history_layout.addWidget(self.history_title)
        history_layout.addWidget(self.history_table)
        self.absences = AbsencesPanel(ctx, runner, self.can_write)
        # 今日联系人 follows the absences: only that department's line is read again
        self.absences.changed.connect(lambda: self.refresh_row(self.absences.department_id))
        lower = QSplitter(Qt.Orientation.Horizontal)
        lower.addWidget(history)
        lower.addWidget(self.absences)
        lower.setSizes([560, 640])
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(lower)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        split.setSizes([470, 250])

        hint = QLabel(
            "提示：可将部门联络员 XLSX 文件直接拖放到本页导入；空白单元格不会覆盖已有信息。"
        )
        hint.setStyleSheet("color: #666;")
        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addLayout(bar)
        layout.addWidget(split, 1)
        layout.addWidget(hint)
        self._update_buttons()
        self.reload()

    # loading -------------------------------------------------------------------------------
    def reload(self, select_id: int | None = None) -> None:
        def read(uow: UnitOfWork) -> list[deps.DepartmentRow]:
            return deps.list_departments(uow)

        ops.run_query(
            self,
            "载入部门",
            read,
            lambda rows: self._loaded(rows, select_id),
            on_error=self._failed,
        )

    def refresh_row(self, dep_id: int | None, select: bool = False) -> None:
        """Read one department again after an edit of it (not the whole table)."""
        if dep_id is None:
            return

        def read(uow: UnitOfWork) -> list[deps.DepartmentRow]:
            return deps.list_departments(uow, only=dep_id)

        def done(rows: list[deps.DepartmentRow]) -> None:
            if rows:
                self.model.put_row(rows[0], key=lambda r: r.id)
            else:
                self.model.drop_row(lambda r: r.id, dep_id)
            self._count()
            if select:
                self.select_department(dep_id)
            self._update_buttons()
            if self.selected_id() == dep_id:
                self._load_history(dep_id)

        ops.run_query(self, "载入部门", read, done, on_error=self._failed)

    def _count(self) -> None:
        rows = self.model.rows()
        active = sum(r.active for r in rows)
        self.count_label.setText(f"在用 {active} 个，停用 {len(rows) - active} 个")

    def _loaded(self, rows: list[deps.DepartmentRow], select_id: int | None) -> None:
        current = select_id if select_id is not None else self.selected_id()
        self.model.set_rows(rows)
        self._count()
        if current is not None:
            self.select_department(current)
        elif self.proxy.rowCount():
            self.table.selectRow(0)
        self._update_buttons()

    def _failed(self, message: str, details: str = "") -> None:
        self.last_error = message
        show_error(self, "部门与联络员", message, details)

    # selection -----------------------------------------------------------------------------
    def selected_row(self) -> deps.DepartmentRow | None:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].data(ROW_ROLE) if rows else None

    def selected_id(self) -> int | None:
        row = self.selected_row()
        return row.id if row else None

    def select_department(self, dep_id: int) -> None:
        for r in range(self.proxy.rowCount()):
            row = self.proxy.index(r, 0).data(ROW_ROLE)
            if row.id == dep_id:
                self.table.selectRow(r)
                self.table.scrollTo(self.proxy.index(r, 0))
                return

    def _selection_changed(self, _sel: QItemSelection, _old: QItemSelection) -> None:
        self._update_buttons()
        row = self.selected_row()
        if row is None:
            self.history.set_rows([])
            self.history_title.setText("联络员变更历史")
            self.absences.set_department(None)
            return
        self.history_title.setText(f"联络员变更历史 — {row.name}")
        self.absences.set_department(row.id, row.name)
        self._load_history(row.id)

    def _load_history(self, dep_id: int) -> None:
        def read(uow: UnitOfWork) -> list[deps.LiaisonRow]:
            return deps.liaison_history(uow, dep_id)

        ops.run_query(self, "载入联络员历史", read, self._history_loaded, on_error=self._failed)

    def _history_loaded(self, rows: list[deps.LiaisonRow]) -> None:
        self.history.set_rows(rows)

    def _update_buttons(self) -> None:
        row = self.selected_row()
        self.edit_button.setEnabled(row is not None)
        self.active_button.setEnabled(row is not None and self.can_write)
        self.active_button.setText("启用" if row is not None and not row.active else "停用")

    def _filter_changed(self, text: str) -> None:
        self.proxy.setFilterFixedString(text.strip())

    def _inactive_toggled(self, show: bool) -> None:
        self.proxy.set_show_inactive(show)

    # editing -------------------------------------------------------------------------------
    def _edit_selected(self) -> None:
        dep_id = self.selected_id()
        if dep_id is not None:
            self.edit(dep_id)

    def edit(self, dep_id: int | None) -> None:
        """Open the dialog (for a new department when ``dep_id`` is None)."""
        if dep_id is None:
            self._open_dialog(None)
            return

        def read(uow: UnitOfWork) -> deps.DepartmentDetail:
            return deps.get_detail(uow, dep_id)

        ops.run_query(self, "打开部门", read, self._open_dialog, on_error=self._failed)

    def _open_dialog(self, detail: deps.DepartmentDetail | None) -> None:
        dialog = DepartmentDialog(detail, self)
        if not self.can_write:
            dialog.setWindowTitle("查看部门（只读）")
        dialog.accepted.connect(lambda: self._save(dialog))
        self._dialog = dialog
        dialog.open()

    def _save(
        self,
        dialog: DepartmentDialog,
        inp: deps.DepartmentInput | None = None,
        detail: deps.DepartmentDetail | None = None,
    ) -> None:
        """Save what the dialog holds (or a merge of it, ``inp`` against ``detail``)."""
        detail = detail or dialog.detail
        inp, on = inp or dialog.value(), dialog.effective_date()

        def change(uow: UnitOfWork) -> deps.SaveResult:
            return deps.save(
                uow,
                inp,
                dep_id=detail.id if detail else None,
                expected_version=detail.version if detail else None,
                on=on,
            )

        def failed(message: str, _details: str) -> None:
            dialog.show_error(message)  # keep what the user typed
            dialog.open()

        def conflict(error: ConflictError) -> None:
            dialog.show_error(str(error))
            assert detail is not None and inp is not None
            self._conflict(dialog, error, detail, inp)

        ops.run_op(
            self,
            "保存部门",
            change,
            lambda result: self.refresh_row(result.id, select=True),
            on_error=failed,
            on_conflict=conflict,
        )

    def _conflict(
        self,
        dialog: DepartmentDialog,
        error: ConflictError,
        detail: deps.DepartmentDetail,
        inp: deps.DepartmentInput,
    ) -> None:
        def fields(name: str, short: str, codes: Any) -> dict[str, Any]:
            return {"name": name, "short_name": short, "issuer_codes": list(codes or [])}

        base = fields(detail.name, detail.short_name, detail.issuer_codes)
        mine = fields(inp.name, inp.short_name, inp.issuer_codes)
        now = error.current
        theirs = fields(now.get("name", ""), now.get("short_name", ""), now.get("issuer_codes"))

        def merged(values: dict[str, Any], err: ConflictError) -> None:
            codes = tuple(values["issuer_codes"])
            fresh = replace(
                detail,
                version=err.version or detail.version,
                name=theirs["name"],
                short_name=theirs["short_name"],
                issuer_codes=tuple(theirs["issuer_codes"]),
            )
            merged_input = replace(
                inp, name=values["name"], short_name=values["short_name"], issuer_codes=codes
            )
            self._save(dialog, merged_input, fresh)

        def reload() -> None:
            dialog.reject()
            self.edit(detail.id)

        self.conflict_dialog = resolve(
            self,
            error,
            base,
            mine,
            theirs=theirs,
            on_reload=reload,
            on_merge=merged,
            on_edit=dialog.open,
            subject=f"部门“{detail.name}”",
        )

    def _toggle_active(self) -> None:
        row = self.selected_row()
        if row is None:
            return
        dep_id, active = row.id, not row.active

        def change(uow: UnitOfWork) -> int:
            deps.set_active(uow, dep_id, active)
            return dep_id

        ops.run_op(
            self,
            "启用/停用部门",
            change,
            lambda i: self.refresh_row(i, select=True),
            on_error=self._failed,
        )

    # import / export -----------------------------------------------------------------------
    def _choose_import(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, "导入部门与联络员", "", "Excel 工作簿 (*.xlsx *.xlsm);;所有文件 (*)"
        )
        if path:
            self.import_file(Path(path))

    def import_file(self, path: Path) -> None:
        """Import on a worker thread, then show the report (bad rows with their reasons)."""
        self.last_report, self.last_error = None, ""

        def change(uow: UnitOfWork, reporter: Reporter) -> xlsx.ImportReport:
            return xlsx.import_departments(uow, path, reporter=reporter)

        ops.run_op(self, f"导入 {path.name}", change, self._imported, on_error=self._failed)

    def _imported(self, report: xlsx.ImportReport) -> None:
        self.last_report = report
        self.report_dialog = ImportReportDialog(report, self)
        self.report_dialog.open()
        self.reload()  # an import touches many departments: read the table again

    def _choose_export(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, "导出部门与联络员", "部门与联络员.xlsx", "Excel 工作簿 (*.xlsx)"
        )
        if path:
            self.export_file(Path(path))

    def export_file(self, path: Path) -> None:
        include_inactive = self.show_inactive.isChecked()

        def read(uow: UnitOfWork) -> int:
            return xlsx.export_departments(uow, path, include_inactive=include_inactive)

        ops.run_query(
            self,
            "导出部门",
            read,
            lambda n: self.count_label.setText(f"已导出 {n} 个部门到 {path.name}"),
            on_error=self._failed,
        )

    def _choose_template(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, "保存导入模板", "部门联络员导入模板.xlsx", "Excel 工作簿 (*.xlsx)"
        )
        if path:
            ops.run_job(
                self, "生成模板", lambda _r: xlsx.write_template(path), on_error=self._failed
            )

    # drag and drop -------------------------------------------------------------------------
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self.can_write and local_files(event, XLSX_SUFFIXES):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        files = local_files(event, XLSX_SUFFIXES)
        if files:
            event.acceptProposedAction()
            self.import_file(files[0])
