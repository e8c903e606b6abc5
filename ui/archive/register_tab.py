"""登记簿与流程: the register table, filters and queues, batch actions on the selection."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from archive import register, workflow
from archive.register import RegisterRow
from archive.register_xlsx import export_xlsx, import_xlsx
from gazette.context import AppContext
from gazette.office.conflicts import ConflictError
from gazette.progress import Reporter
from ui.archive.models import ROW_ROLE, RegisterModel
from ui.conflict_dialog import resolve, show_value
from ui.errors import show_error
from ui.tasks import TaskRunner

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
        r = model.rows[source_row]
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
        changed: Callable[[], None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx, self.runner, self.changed = ctx, runner, changed
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

        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.horizontalHeader().setSectionResizeMode(
            RegisterModel.COL_NOTE, QHeaderView.ResizeMode.Stretch
        )
        self.table.sortByColumn(RegisterModel.COL_ISSUE, Qt.SortOrder.AscendingOrder)
        for col, width in ((0, 120), (1, 84), (2, 92), (3, 70), (4, 220), (5, 80), (6, 50)):
            self.table.setColumnWidth(col, width)
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
        for text, slot in (
            ("前进一步", self._advance),
            ("整盒征集…", self._locate),
            ("分配给…", self._assign),
            ("退回…", self._send_back),
            ("标记缺期…", self._missing),
        ):
            b = QPushButton(text)
            b.clicked.connect(slot)
            actions.addWidget(b)
        actions.addStretch(1)
        for text, slot in (
            ("登记时期…", self._register),
            ("缺号检查", self._gaps),
            ("导出 XLSX", self._export),
            ("导入 XLSX", self._import),
        ):
            b = QPushButton(text)
            b.clicked.connect(slot)
            actions.addWidget(b)

        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(self.history)
        split.setSizes([520, 120])
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addLayout(actions)
        layout.addWidget(split, 1)

    # data ------------------------------------------------------------------------------------
    def reload(self) -> None:
        with self.ctx.uow() as uow:
            rows = register.rows(uow.session)
            people = workflow.people(uow.session)
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

    def _filter(self) -> None:
        self.proxy.set(
            self.state_box.currentData() or "",
            self.person_box.currentData() or "",
            self.search.text(),
        )
        self.summary.setText(f"显示 {self.proxy.rowCount()} / {self.model.rowCount()} 期")

    def selected_ids(self) -> list[int]:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [self.proxy.index(r, 0).data(ROW_ROLE) for r in rows]

    def select_ids(self, ids: list[int]) -> None:
        sel = self.table.selectionModel()
        sel.clearSelection()
        flags = sel.SelectionFlag.Select | sel.SelectionFlag.Rows
        for r in range(self.proxy.rowCount()):
            if self.proxy.index(r, 0).data(ROW_ROLE) in ids:
                sel.select(self.proxy.index(r, 0), flags)

    def _selected(self) -> None:
        ids = self.selected_ids()
        if len(ids) != 1:
            self.history.setPlainText(f"已选 {len(ids)} 期" if ids else "")
            return
        from archive.workflow import LABELS

        with self.ctx.uow() as uow:
            events = register.history(uow.session, ids[0])
        kinds = {
            "advance": "前进",
            "send_back": "退回",
            "assign": "分配",
            "missing": "缺期",
            "note": "备注",
        }
        lines = [
            f"{at:%Y-%m-%d %H:%M}  {actor}  {kinds.get(kind, kind)}  "
            f"{LABELS.get(a, a)} → {LABELS.get(b, b)}  {reason}"
            for at, actor, kind, a, b, reason in events
        ]
        self.history.setPlainText("\n".join(lines) or "尚无流转记录")

    # actions ---------------------------------------------------------------------------------
    def _apply(self, title: str, fn: Callable[[Any], Any]) -> None:
        ids = self.selected_ids()
        if not ids:
            QMessageBox.information(
                self, title, "请先在表格中选中期次（可按住 Shift 或 Ctrl 多选）"
            )
            return
        shown = {r.entry_id: r for r in self.model.rows if r.entry_id in ids}
        versions = {i: r.version for i, r in shown.items()}
        try:
            with self.ctx.uow() as uow:
                fn_result = fn((uow, ids, versions))
                uow.commit()
        except ConflictError as exc:
            self._conflict(title, fn, exc, shown)
            return
        except Exception as exc:
            show_error(self, title, exc)
            return
        self.changed()
        self.select_ids(ids)
        if isinstance(fn_result, str):
            self.summary.setText(fn_result)

    def _conflict(
        self,
        title: str,
        fn: Callable[[Any], Any],
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
            self.reload()
            self.select_ids(ids)
            self._apply(title, fn)

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
            lambda a: f"{workflow.advance(a[0], a[1], expected_versions=a[2])} 期已前进",
        )

    def _locate(self) -> None:
        location, ok = QInputDialog.getText(self, "整盒征集", "馆藏位置（例如 市档案馆 2 号库）：")
        if not ok or not location.strip():
            return
        box, ok = QInputDialog.getText(self, "整盒征集", "档案盒编号（可空）：")
        if ok:
            self._apply(
                "整盒征集",
                lambda a: workflow.locate(a[0], a[1], location, box, expected_versions=a[2]),
            )

    def _assign(self) -> None:
        person, ok = QInputDialog.getText(self, "分配", "分配给（姓名，留空表示取消分配）：")
        if ok:
            self._apply(
                "分配",
                lambda a: workflow.assign(
                    a[0], a[1], person.strip() or None, expected_versions=a[2]
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
                lambda a: workflow.send_back(a[0], a[1], target, reason, expected_versions=a[2]),
            )

    def _missing(self) -> None:
        where, ok = QInputDialog.getText(self, "标记缺期", "已在何处查找（必填）：")
        if ok:
            self._apply(
                "标记缺期",
                lambda a: workflow.mark_missing(a[0], a[1], where, expected_versions=a[2]),
            )

    def _register(self) -> None:
        text, ok = QInputDialog.getText(
            self, "登记出版时期", "起止月份、刊期、起始总期号，例如：\n2001-01 2020-12 monthly 1"
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
            with self.ctx.uow() as uow:
                res = register.register_period(uow, period)
                uow.commit()
        except Exception as exc:
            show_error(self, "登记出版时期", exc)
            return
        self.changed()
        QMessageBox.information(
            self, "登记出版时期", f"登记 {res.created} 期；已存在 {res.existing} 期"
        )

    def _gaps(self) -> None:
        with self.ctx.uow() as uow:
            gaps = register.find_gaps(uow.session)
        QMessageBox.information(
            self, "缺号检查", "\n".join(gaps.lines()) or "未发现缺号、重号、顺序颠倒或缺期"
        )

    def _export(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, "导出登记簿", "历史公报登记簿.xlsx", "Excel (*.xlsx)"
        )
        if path:
            with self.ctx.uow() as uow:
                n = export_xlsx(uow.session, Path(path))
            self.summary.setText(f"已导出 {n} 期")

    def _import(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "导入登记簿", "", "Excel (*.xlsx)")
        if not path:
            return

        def work(reporter: Reporter) -> Any:
            with self.ctx.uow() as uow:
                res = import_xlsx(uow, Path(path))
                uow.commit()
            return res

        def done(res: Any) -> None:
            self.changed()
            msg = f"新增 {res.created} 期，更新 {res.updated} 期"
            if res.errors:
                msg += "\n\n" + "\n".join(res.errors[:30])
            QMessageBox.information(self, "导入登记簿", msg)

        self.runner.submit(
            "导入登记簿", work, done, lambda m, d: show_error(self, "导入登记簿", m, d)
        )
