"""登记簿与流程: the register table, filters and queues, batch actions on the selection."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from archive import register, workflow
from archive.register import RegisterRow
from archive.register_xlsx import ImportResult, export_xlsx, import_xlsx
from gazette.context import AppContext
from gazette.db import UnitOfWork
from gazette.office.conflicts import ConflictError
from ui import ops
from ui.archive.models import ROW_ROLE, RegisterModel
from ui.archive.widgets import buttons, inform, row_table
from ui.conflict_dialog import resolve, show_value
from ui.errors import show_error
from ui.tasks import TaskRunner

Action = Callable[[UnitOfWork, list[int], dict[int, int]], object]  # (uow, ids, versions shown)

ALL = "（全部）"


class RegisterFilter(QSortFilterProxyModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.state = ""
        self.person = ""
        self.text = ""
        self.setSortRole(Qt.ItemDataRole.UserRole)

    def set(self, state: str, person: str, text: str) -> None:
        self.beginFilterChange()
        self.state, self.person, self.text = state, person, text.strip()
        self.endFilterChange()

    def filterAcceptsRow(self, source_row: int, source_parent: Any) -> bool:
        model = self.sourceModel()
        assert isinstance(model, RegisterModel)
        r: RegisterRow = model.row_at(source_row)
        if self.state == "missing" and not r.missing:
            return False
        if self.state and self.state != "missing" and r.state != self.state:
            return False
        if self.person and (r.assignee or "") != self.person:
            return False
        if self.text:
            hay = f"{r.label} {r.serial or ''} {r.location} {r.box} {r.note} {r.assignee or ''}"
            return self.text in hay
        return True


class RegisterTab(QWidget):
    def __init__(
        self,
        ctx: AppContext,
        runner: TaskRunner,
        reload: Callable[..., None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx, self.runner, self.reload = ctx, runner, reload
        self.note = ""  # what the last action did, shown after the count
        self.model = RegisterModel(self)
        self.proxy = RegisterFilter(self)
        self.proxy.setSourceModel(self.model)

        self.state_box = QComboBox()
        self.state_box.addItem(ALL, "")
        for code, name in workflow.STATES:
            self.state_box.addItem(name, code)
        self.state_box.addItem("缺期", "missing")
        self.person_box = QComboBox()
        self.search = QLineEdit()
        self.search.setPlaceholderText("查找期次、总期号、位置、备注…")
        self.summary = QLabel()
        for w in (self.state_box, self.person_box):
            w.currentIndexChanged.connect(self._filter)
        self.search.textChanged.connect(self._filter)

        widths = ((0, 120), (1, 84), (2, 92), (3, 70), (4, 220), (5, 80), (6, 50))
        self.table = row_table(self.proxy, RegisterModel.COL_NOTE, widths, many=True)
        self.table.setSortingEnabled(True)
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.sortByColumn(RegisterModel.COL_ISSUE, Qt.SortOrder.AscendingOrder)
        self.table.selectionModel().selectionChanged.connect(self._selected)
        self.history = QPlainTextEdit()
        self.history.setReadOnly(True)
        self.history.setPlaceholderText("选中一期查看流转记录")

        filters = QHBoxLayout()
        filters.addWidget(QLabel("状态"))
        filters.addWidget(self.state_box)
        filters.addWidget(QLabel("工作队列"))
        filters.addWidget(self.person_box)
        filters.addWidget(self.search, 1)
        filters.addWidget(self.summary)

        actions = QHBoxLayout()
        self.buttons = buttons(
            actions,
            (
                ("前进一步", self._advance),
                ("整盒征集…", self._locate),
                ("分配给…", self._assign),
                ("退回…", self._send_back),
                ("标记缺期…", self._missing),
            ),
        )
        actions.addStretch(1)
        self.buttons |= buttons(
            actions,
            (
                ("登记时期…", self._register),
                ("缺号检查", self._gaps),
                ("导出 XLSX", self._export),
                ("导入 XLSX", self._import),
            ),
        )

        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(self.history)
        split.setSizes([520, 120])
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addLayout(actions)
        layout.addWidget(split, 1)

    # data ------------------------------------------------------------------------------------
    def show_rows(self, rows: list[RegisterRow], people: list[tuple[str, int]]) -> None:
        """The register as read; the selection and the person's filters stay as they were."""
        chosen = self.selected_ids()
        self.model.set_rows(rows)
        current = self.person_box.currentData() or ""
        self.person_box.blockSignals(True)
        self.person_box.clear()
        self.person_box.addItem(ALL, "")
        for name, n in people:
            self.person_box.addItem(f"{name}（{n}）", name)
        i = self.person_box.findData(current)
        self.person_box.setCurrentIndex(max(0, i))
        self.person_box.blockSignals(False)
        self._filter()
        self.select_ids(chosen)

    def _filter(self) -> None:
        self.proxy.set(
            self.state_box.currentData() or "",
            self.person_box.currentData() or "",
            self.search.text(),
        )
        shown = f"显示 {self.proxy.rowCount()} / {self.model.rowCount()} 期"
        self.summary.setText(f"{self.note}　{shown}" if self.note else shown)

    def selected_ids(self) -> list[int]:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [self.proxy.index(r, 0).data(ROW_ROLE).entry_id for r in rows]

    def select_ids(self, ids: list[int]) -> None:
        sel = self.table.selectionModel()
        sel.clearSelection()
        flags = sel.SelectionFlag.Select | sel.SelectionFlag.Rows
        for r in range(self.proxy.rowCount()):
            if self.proxy.index(r, 0).data(ROW_ROLE).entry_id in ids:
                sel.select(self.proxy.index(r, 0), flags)

    def _selected(self) -> None:
        ids = self.selected_ids()
        if len(ids) != 1:
            self.history.setPlainText(f"已选 {len(ids)} 期" if ids else "")
            return

        def shown(events: list[tuple[Any, ...]]) -> None:
            if self.selected_ids() == ids:  # still the issue asked about
                self.history.setPlainText(history_text(events))

        ops.run_query(self, "读取流转记录", lambda uow: register.history(uow, ids[0]), shown)

    # actions ---------------------------------------------------------------------------------
    def _apply(self, title: str, fn: Action) -> None:
        ids = self.selected_ids()
        if not ids:
            inform(self, title, "请先在表格中选中期次（可按住 Shift 或 Ctrl 多选）")
            return
        shown = {r.entry_id: r for r in self.model.rows() if r.entry_id in ids}
        versions = {i: r.version for i, r in shown.items()}

        def done(result: object) -> None:
            if isinstance(result, str):
                self.note = result
                self._filter()

        ops.run_op(
            self,
            title,
            lambda uow: fn(uow, ids, versions),
            done,
            on_conflict=lambda exc: self._conflict(title, fn, exc, shown),
        )

    def _conflict(
        self,
        title: str,
        fn: Action,
        error: ConflictError,
        shown: dict[int, RegisterRow],
    ) -> None:
        """Someone moved one of the selected issues first: show theirs; 合并 applies my action
        on top of their change, 重新载入 just shows the register as it is now."""
        row = next((r for i, r in shown.items() if str(i) == error.record_id), None)
        if row is None:
            show_error(self, title, error)
            return
        base = {"state": row.state, "assignee": row.assignee, "location": row.location}
        theirs = {k: error.current.get(k, v) for k, v in base.items()}
        ids = list(shown)

        def again(_values: dict[str, Any], _err: ConflictError) -> None:
            def apply() -> None:
                self.select_ids(ids)
                self._apply(title, fn)

            self.reload(apply)  # against the versions now stored

        self.conflict_dialog = resolve(
            self,
            error,
            base,
            base,
            theirs=theirs,
            on_reload=self.reload,
            on_merge=again,
            show=lambda k, v: workflow.LABELS.get(v, v) if k == "state" else show_value(k, v),
            subject=f"{row.label}（本次“{title}”未执行）",
        )

    def _advance(self) -> None:
        self._apply(
            "前进一步",
            lambda uow, ids, seen: f"{workflow.advance(uow, ids, expected_versions=seen)} 期已前进",
        )

    def _locate(self) -> None:
        location, ok = QInputDialog.getText(self, "整盒征集", "馆藏位置（例如 市档案馆 2 号库）：")
        if not ok or not location.strip():
            return
        box, ok = QInputDialog.getText(self, "整盒征集", "档案盒编号（可空）：")
        if ok:
            self._apply(
                "整盒征集",
                lambda uow, ids, seen: workflow.locate(
                    uow, ids, location, box, expected_versions=seen
                ),
            )

    def _assign(self) -> None:
        person, ok = QInputDialog.getText(self, "分配", "分配给（姓名，留空表示取消分配）：")
        if ok:
            self._apply(
                "分配",
                lambda uow, ids, seen: workflow.assign(
                    uow, ids, person.strip() or None, expected_versions=seen
                ),
            )

    def _send_back(self) -> None:
        names = [name for _, name in workflow.STATES[:-1]]
        target, ok = QInputDialog.getItem(self, "退回", "退回到：", names, 2, False)
        if not ok:
            return
        reason, ok = QInputDialog.getText(self, "退回", "退回原因（必填）：")
        if ok:
            self._apply(
                "退回",
                lambda uow, ids, seen: workflow.send_back(
                    uow, ids, target, reason, expected_versions=seen
                ),
            )

    def _missing(self) -> None:
        where, ok = QInputDialog.getText(self, "标记缺期", "已在何处查找（必填）：")
        if ok:
            self._apply(
                "标记缺期",
                lambda uow, ids, seen: workflow.mark_missing(
                    uow, ids, where, expected_versions=seen
                ),
            )

    def _register(self) -> None:
        title = "登记出版时期"
        text, ok = QInputDialog.getText(
            self, title, "起止月份、刊期、起始总期号，例如：\n2001-01 2020-12 monthly 1"
        )
        if not ok or not text.strip():
            return
        try:
            start, end, freq, first = text.split()
            period = register.Period(
                register.Period.parse_month(start),
                register.Period.parse_month(end),
                freq,
                int(first),
            )
        except ValueError as exc:
            show_error(self, title, exc)
            return
        ops.run_op(
            self,
            title,
            lambda uow: register.register_period(uow, period),
            lambda res: inform(self, title, f"登记 {res.created} 期；已存在 {res.existing} 期"),
        )

    def _gaps(self) -> None:
        ops.run_query(
            self,
            "缺号检查",
            lambda uow: register.find_gaps(uow),
            lambda gaps: inform(
                self, "缺号检查", "\n".join(gaps.lines()) or "未发现缺号、重号、顺序颠倒或缺期"
            ),
        )

    def _export(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, "导出登记簿", "历史公报登记簿.xlsx", "Excel (*.xlsx)"
        )
        if path:
            ops.run_query(
                self,
                "导出登记簿",
                lambda uow: export_xlsx(uow, Path(path)),
                lambda n: self.summary.setText(f"已导出 {n} 期"),
            )

    def _import(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "导入登记簿", "", "Excel (*.xlsx)")
        if not path:
            return

        def done(res: ImportResult) -> None:
            msg = f"新增 {res.created} 期，更新 {res.updated} 期"
            if res.errors:
                msg += "\n\n" + "\n".join(res.errors[:30])
            inform(self, "导入登记簿", msg)

        ops.run_op(self, "导入登记簿", lambda uow: import_xlsx(uow, Path(path)), done)


KINDS = {
    "advance": "前进",
    "send_back": "退回",
    "assign": "分配",
    "missing": "缺期",
    "note": "备注",
}


def history_text(events: list[tuple[Any, ...]]) -> str:
    """An issue's moves, one line each: when, who, what, from → to, why."""
    labels = workflow.LABELS
    lines = [
        f"{at:%Y-%m-%d %H:%M}  {actor}  {KINDS.get(kind, kind)}  "
        f"{labels.get(a, a)} → {labels.get(b, b)}  {reason}"
        for at, actor, kind, a, b, reason in events
    ]
    return "\n".join(lines) or "尚无流转记录"
