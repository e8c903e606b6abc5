"""报送台账: the desk table with filters, the record form, the dashboard, reminders, reports.

Every database call runs on the task runner; the widgets only ever hold plain rows.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from gazette.calendar.admin import notice_needed, notice_reminder
from gazette.calendar.store import load_calendar
from gazette.context import AppContext
from gazette.db import UnitOfWork
from gazette.departments.absences import current_people
from gazette.files.store import FileStore
from gazette.office.conflicts import ConflictError
from gazette.submissions import queries, reminders, selection
from gazette.submissions.queries import DeskRow
from gazette.submissions.register import Outcome, SubmissionData, record
from gazette.submissions.reminders import ReminderNotice
from gazette.submissions.status import (
    ALL_STATUSES,
    StatusCalculator,
    uncovered_banner,
)
from gazette.vocab import GONGWEN
from ui import ops
from ui.collation import pinyin_sorted
from ui.conflict_dialog import resolve
from ui.errors import show_error
from ui.submissions.actions import FileActions
from ui.submissions.dashboard import Dashboard
from ui.submissions.decisions import DecisionActions
from ui.submissions.form import SubmissionForm, pydate, qdate
from ui.submissions.interp_dialog import InterpretationButton
from ui.submissions.models import COL_ISSUED, COL_TITLE, ROW_ROLE, DeskModel, DeskProxy
from ui.submissions.reminders_panel import RemindersPanel
from ui.submissions.return_dialog import ReturnButton
from ui.tasks import TaskRunner

# What the desk shows: a committed change to any of these (here or on another screen) reloads it.
DESK_TABLES = frozenset(
    {
        "documents",
        "document_files",
        "submissions",
        "submission_events",
        "departments",
        "liaisons",
        "liaison_absences",
        "reminders",
        "reminder_items",
        "calendar_years",
        "holiday_overrides",
    }
)


@dataclass
class Loaded:
    rows: list[DeskRow]
    missing: set[int]
    departments: list[tuple[int, str, list[str]]]
    needed: list[int]  # years whose holiday notice must be imported now (next year from November)
    notices: list[ReminderNotice]  # 催报, built from the same desk rows (one query per reload)


class Screen(FileActions, DecisionActions, QWidget):
    def __init__(self, ctx: AppContext, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.runner = ctx, runner
        self.model = DeskModel(self)
        self.proxy = DeskProxy(self)
        self.proxy.setSourceModel(self.model)
        self.loads = 0  # completed loads, for tests and the status line
        self._just_recorded: tuple[int, str] | None = None
        self.departments: list[tuple[int, str]] = []
        self._dashboard_period: tuple[dt.date | None, dt.date | None] | None = None
        self.banner = QLabel()
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet(
            "background:#FFF4D6;color:#8A4B00;border:1px solid #E0B252;padding:6px;"
        )
        self.banner.hide()
        self.tabs = QTabWidget()
        self.tabs.addTab(self._desk_tab(), "台账")
        self.form = SubmissionForm()
        self.form.submitted.connect(self._record)
        self.form.department.currentIndexChanged.connect(self._fill_liaison)
        scroll = QScrollArea()
        scroll.setWidget(self.form)
        scroll.setWidgetResizable(True)
        self.tabs.addTab(scroll, "登记报送")
        self.dashboard = Dashboard()
        self.tabs.addTab(self.dashboard, "统计")
        self.reminders = RemindersPanel(ctx, runner)
        runner.changed.connect(self._tables_changed)  # a 催报 recorded, a department renamed…
        self.tabs.addTab(self.reminders, "催报")
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addWidget(self.tabs, 1)
        self.reload()

    # building -------------------------------------------------------------------------------
    def _desk_tab(self) -> QWidget:
        self.dept_filter = QComboBox()
        self.dept_filter.setMinimumContentsLength(8)  # "全部单位" and a short name, not cut
        self.status_filter = QComboBox()
        self.status_filter.addItem("全部状态", "")
        for s in ALL_STATUSES:
            self.status_filter.addItem(s.label, s)
        self.date_on = QCheckBox("印发日期")
        self.date_from = QDateEdit(qdate(dt.date(dt.date.today().year, 1, 1)))
        self.date_to = QDateEdit(qdate(dt.date.today()))
        self.as_of = QDateEdit(qdate(dt.date.today()))
        for e in (self.date_from, self.date_to, self.as_of):
            e.setCalendarPopup(True)
            e.setDisplayFormat("yyyy-MM-dd")
        self.text_filter = QLineEdit()
        self.text_filter.setPlaceholderText("搜索标题、发文字号、单位、联络员")
        self.text_filter.setClearButtonEnabled(True)
        self.normative_only = QCheckBox("仅规范性文件")
        for box in (self.dept_filter, self.status_filter):
            box.currentIndexChanged.connect(self._apply_filter)
        for d in (self.date_from, self.date_to):
            d.dateChanged.connect(self._apply_filter)
        self.date_on.toggled.connect(self._apply_filter)
        self.normative_only.toggled.connect(self._apply_filter)
        self.text_filter.textChanged.connect(self._apply_filter)
        self.as_of.dateChanged.connect(lambda _d: self.reload())
        bar = QHBoxLayout()
        for w in (
            QLabel("单位"),
            self.dept_filter,
            QLabel("状态"),
            self.status_filter,
            self.date_on,
            self.date_from,
            QLabel("至"),
            self.date_to,
            self.normative_only,
            self.text_filter,
            QLabel("截至"),
            self.as_of,
        ):
            bar.addWidget(w)
        bar.setStretchFactor(self.text_filter, 1)
        self.view = QTableView()
        self.view.setModel(self.proxy)
        self.view.setSortingEnabled(True)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setAlternatingRowColors(True)
        self.view.verticalHeader().setDefaultSectionSize(22)
        self.view.verticalHeader().hide()
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for col, width in enumerate((150, 330, 150, 84, 84, 84, 72, 72, 72, 52, 64, 44)):
            self.view.setColumnWidth(col, width)
        header.setSectionResizeMode(COL_TITLE, QHeaderView.ResizeMode.Stretch)
        self.view.selectionModel().currentRowChanged.connect(self._show_detail)
        self.detail = QPlainTextEdit()
        self.detail.setReadOnly(True)
        self.detail.setMaximumHeight(130)
        self.detail.setPlaceholderText(
            "选中表格中的一件文件，这里显示它的登记、到达、催报和选登经过，以及附件"
        )
        self.count = QLabel()
        self.notice = ""  # the last 退文 or 解读 result, kept beside the count
        actions = QHBoxLayout()
        self.select_button = QPushButton("选登")
        self.select_button.clicked.connect(lambda: self._decide("选登"))
        self.arrive_button = QPushButton("记录到达…")
        self.arrive_button.setToolTip("预期文件收到后，在登记表中补记报送日期和附件")
        self.arrive_button.clicked.connect(self._arrive)
        for b in (self.select_button, self.arrive_button):
            b.setEnabled(False)
        self.return_button = ReturnButton(self, self._returned)
        self.interp_button = InterpretationButton(self, self._returned)
        for text, slot in (
            ("刷新", self._refresh),
            (self.arrive_button, None),
            (self.select_button, None),
            (self.return_button, None),
            (self.interp_button, None),
            ("不予选登…", lambda: self._decide("不予选登")),
            ("导入 XLSX/CSV…", self._import),
            ("导出当前表格…", self._export),
            ("下载导入模板…", self._template),
            ("生成通报…", self._report),
        ):
            if isinstance(text, QPushButton):
                actions.addWidget(text)
                continue
            b = QPushButton(text)
            b.clicked.connect(slot)
            actions.addWidget(b)
        # the count takes the row's free room, right-aligned, and never widens the window past
        # a 1366-pixel screen: a message that does not fit is whole in the tooltip
        self.count.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.count.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        actions.addWidget(self.count, 1)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.view)
        split.addWidget(self.detail)
        split.setStretchFactor(0, 1)
        split.setSizes([600, 90])
        self.view.sortByColumn(COL_ISSUED, Qt.SortOrder.DescendingOrder)
        tab = QWidget()
        lay = QVBoxLayout(tab)
        lay.addLayout(bar)
        lay.addLayout(actions)
        lay.addWidget(split, 1)
        return tab

    # loading --------------------------------------------------------------------------------
    def current_as_of(self) -> dt.date:
        return pydate(self.as_of.date())

    def reload(self) -> None:
        as_of = self.current_as_of()

        def read(uow: UnitOfWork) -> Loaded:
            s = uow.session
            desk = queries.desk(s, as_of, StatusCalculator(load_calendar(s)))
            return Loaded(
                desk.rows,
                desk.missing_years,
                queries.departments_with_codes(s),
                notice_needed(s, as_of),
                reminders.build(s, desk.rows, as_of),
            )

        ops.run_query(self, "载入报送台账", read, self._loaded, on_error=self._error)

    def _fill_liaison(self, *_args: object) -> None:
        """Look up the chosen department's liaison officer for the form's 报送联络员."""
        dept_id = self.form.department.currentData()
        if dept_id is None:
            return

        def read(uow: UnitOfWork) -> str:
            people = current_people(uow.session, dept_id)
            return people[0].name if people else ""

        ops.run_query(
            self,
            "读取联络员",
            read,
            lambda name: self.form.offer_liaison(dept_id, name),
            on_error=self._error,
        )

    def _tables_changed(self, tables: frozenset[str]) -> None:
        if tables & DESK_TABLES:
            self.reload()

    def _loaded(self, loaded: Loaded) -> None:
        assert isinstance(loaded, Loaded)
        self.model.set_rows(loaded.rows)
        column = self.view.horizontalHeader().sortIndicatorSection()
        if self.view.isSortingEnabled() and 0 <= column < self.model.columnCount():
            self.model.sort(column, self.view.horizontalHeader().sortIndicatorOrder())
        current = self.dept_filter.currentData()
        self.dept_filter.blockSignals(True)
        self.dept_filter.clear()
        self.dept_filter.addItem("全部单位", None)
        loaded.departments = pinyin_sorted(loaded.departments, key=lambda d: d[1])
        for dept_id, name, _codes in loaded.departments:
            self.dept_filter.addItem(name, dept_id)
        i = self.dept_filter.findData(current)
        self.dept_filter.setCurrentIndex(max(i, 0))
        view = self.dept_filter.view()  # the drop-down shows whole names, wider than the box
        view.setMinimumWidth(
            view.sizeHintForColumn(0) + view.verticalScrollBar().sizeHint().width() + 8
        )
        self.dept_filter.blockSignals(False)
        self.form.set_departments(loaded.departments)
        self.reminders.show_notices(self.current_as_of(), loaded.notices)
        texts = [uncovered_banner(loaded.missing)]
        texts.append(notice_reminder([y for y in loaded.needed if y not in loaded.missing]))
        texts = [t for t in texts if t]
        self.banner.setText("<br>".join("⚠ " + t for t in texts))
        self.banner.setVisible(bool(texts))
        self.departments = [(i, n) for i, n, _ in loaded.departments]
        self._say_deadline(loaded.rows)
        self._dashboard_period = None
        self._apply_filter()
        self.loads += 1

    def _apply_filter(self, *_args: object) -> None:
        f = self.proxy.filter
        f.department_id = self.dept_filter.currentData()
        f.status = self.status_filter.currentData() or ""
        on = self.date_on.isChecked()
        f.issued_from = pydate(self.date_from.date()) if on else None
        f.issued_to = pydate(self.date_to.date()) if on else None
        f.text = self.text_filter.text().strip()
        f.normative_only = self.normative_only.isChecked()
        self.proxy.refilter()
        shown = f"显示 {self.proxy.rowCount()} / 共 {len(self.model.all_rows)} 件"
        # the last 退文/解读 result stays in place of the count until 刷新: the reloads it
        # causes must not wipe it before it is read; the count is then in the tooltip
        self.count.setText(self.notice or shown)
        self.count.setToolTip(f"{self.notice}\n{shown}" if self.notice else shown)
        if self._dashboard_period != (f.issued_from, f.issued_to):
            self._update_dashboard(f.issued_from, f.issued_to)

    def _update_dashboard(self, start: dt.date | None, end: dt.date | None) -> None:
        self._dashboard_period = (start, end)
        self.dashboard.show_stats(
            self.model.all_rows, self.departments, start, end, self.current_as_of()
        )

    # detail and decisions ---------------------------------------------------------------------
    def selected_row(self) -> DeskRow | None:
        index = self.view.currentIndex()
        row = index.data(ROW_ROLE) if index.isValid() else None
        return row if isinstance(row, DeskRow) else None

    def _show_detail(self, *_args: object) -> None:
        row = self.selected_row()
        self._enable_actions(row)
        if row is None:
            self.detail.clear()
            return
        doc_id = row.document_id

        def read(uow: UnitOfWork) -> queries.Detail:
            return queries.detail(uow.session, doc_id)

        ops.run_query(self, "读取文件记录", read, self._detail_loaded, on_error=self._error)

    def _enable_actions(self, row: DeskRow | None) -> None:
        """选登 only for received 此件公开发布 documents; 记录到达 only for awaited ones."""
        # desk rows are documents registered at the desk, always of kind 公文
        ok, why = selection.selectable(GONGWEN, row.disclosure if row else None)
        public = row is not None and ok and row.received_on is not None
        self.select_button.setEnabled(public)
        if row is None:
            tip = "请先选中一件文件"
        elif row.received_on is None:
            tip = "尚未收到的文件不能选登"
        elif not ok:
            tip = why
        else:
            tip = "选登此文件"
        self.select_button.setToolTip(tip)
        self.arrive_button.setEnabled(row is not None and row.received_on is None)
        self.return_button.follow(row)
        self.interp_button.follow(row)

    def _refresh(self) -> None:
        self.notice = ""
        self.reload()

    def _returned(self, message: str) -> None:
        self.notice = message
        self.count.setText(message)
        self.reload()

    def _arrive(self) -> None:
        row = self.selected_row()
        if row is None or row.received_on is not None:
            return
        self.form.prefill_arrival(row, dt.date.today())
        self.tabs.setCurrentIndex(1)

    def _detail_loaded(self, info: queries.Detail) -> None:
        lines = [f"{info.doc_number}　{info.title}", *("⚠ " + f for f in info.flags)]
        if info.files:
            lines.append("附件：" + "、".join(n for n, _ in info.files))
        for h in info.history:
            lines.append(f"{h.at:%Y-%m-%d %H:%M}　{h.kind}　{h.detail}　{h.actor}")
        self.detail.setPlainText("\n".join(lines))

    # recording ------------------------------------------------------------------------------
    def _say_deadline(self, rows: list[DeskRow]) -> None:
        """After 登记, the form says what the desk now knows: the deadline and the status."""
        if self._just_recorded is None:
            return
        doc_id, msg = self._just_recorded
        self._just_recorded = None
        row = next((r for r in rows if r.document_id == doc_id), None)
        if row is None:
            return
        deadline = row.deadline.isoformat() if row.deadline else "无法计算（工作日历未覆盖）"
        self.form.show_message(f"{msg}<br>报送截止日期：{deadline}；状态：{row.status.label}")

    def _record(self, data: SubmissionData, files: list[Path]) -> None:
        store: FileStore = self.ctx.filestore()

        version = self.form.expected_version(data)

        def change(uow: UnitOfWork) -> Outcome:
            return record(uow.session, data, files, store, expected_version=version)

        def done(out: Outcome) -> None:
            msg = f"已{out.action}：{out.doc_number}"
            if out.files_added or out.files_duplicate:
                msg += f"；附件 {out.files_added} 个"
                if out.files_duplicate:
                    msg += "（" + "、".join(out.files_duplicate) + " 已在文件库中，未重复保存）"
            if out.text_from:
                msg += f"；已从 {out.text_from} 读取正文"
            if out.warnings:
                msg += "<br>⚠ " + "<br>⚠ ".join(out.warnings)
            self.form.show_message(msg)
            self.form.reset_after_save()
            self._just_recorded = (out.document_id, msg)  # its deadline follows the reload

        def failed(message: str, details: str) -> None:
            self.form.show_message("未登记：" + message, error=True)

        ops.run_op(
            self, "登记报送", change, done, on_error=failed, on_conflict=self._record_conflict
        )

    def _record_conflict(self, error: ConflictError) -> None:
        """Someone recorded or corrected this arrival first: reload theirs or merge."""
        form = self.form
        form.show_message("未登记：" + str(error), error=True)
        mine = form.arrival_values()
        theirs = {k: error.current.get(k) for k in mine}

        def reload() -> None:
            form.set_arrival_values(theirs, error.version)
            form.editing_shown = theirs
            form.show_message("已载入对方保存的内容，我的修改已放弃。")

        def merged(values: dict[str, Any], err: ConflictError) -> None:
            form.set_arrival_values(values, err.version)
            form.editing_shown = theirs
            self._record(form.data(), form.file_paths())

        self.conflict_dialog = resolve(
            self,
            error,
            form.editing_shown,
            mine,
            on_reload=reload,
            on_merge=merged,
            subject=f"{form.editing_number} 的到达登记",
        )

    def _error(self, message: str, details: str) -> None:
        show_error(self, "报送台账", message, details)
