"""The working-calendar part of the settings screen: covered years, a year's special days, the
import of a State Council notice (button or drop), and the correction of one day."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from gazette.calendar import admin as cal
from gazette.calendar.store import YearCoverage, coverage
from gazette.calendar.workdays import LIBRARY_SOURCE, LIBRARY_YEARS
from gazette.context import AppContext
from gazette.db import UnitOfWork
from gazette.office.auth import allowed
from gazette.office.conflicts import ConflictError
from ui import ops
from ui.conflict_dialog import resolve
from ui.dnd import local_files
from ui.errors import show_error
from ui.settings.models import ROW_ROLE, CoverageModel, DaysModel
from ui.tasks import TaskRunner


def _table(model: Any) -> QTableView:
    table = QTableView()
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.verticalHeader().setVisible(False)
    table.verticalHeader().setDefaultSectionSize(24)
    return table


def _qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(d: QDate) -> dt.date:
    return dt.date(d.year(), d.month(), d.day())


class CalendarPanel(QGroupBox):
    def __init__(self, ctx: AppContext, runner: TaskRunner, parent: QWidget | None = None):
        super().__init__("工作日历（报送截止日期按此计算）", parent)
        self.ctx, self.runner = ctx, runner
        self.can_write = allowed(ctx.role, "calendar.write")
        self.last_error = ""
        self.last_message = ""
        self.day_shown: cal.DayStatus | None = None  # the day as loaded, saved against
        self.setAcceptDrops(True)

        self.banner = QLabel()
        self.banner.setObjectName("calendarBanner")
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet(
            "background:#fff4e5; border:1px solid #f0b36a; padding:6px; color:#7a4300;"
        )
        self.banner.setVisible(False)

        self.years = CoverageModel(self)
        self.days = DaysModel(self)
        self.years_table = _table(self.years)
        self.years_table.horizontalHeader().setSectionResizeMode(
            CoverageModel.COL_SOURCE, QHeaderView.ResizeMode.Stretch
        )
        self.years_table.setColumnWidth(CoverageModel.COL_YEAR, 70)
        self.years_table.setColumnWidth(CoverageModel.COL_DAYS, 70)
        self.years_table.selectionModel().selectionChanged.connect(self._year_selected)
        self.days_table = _table(self.days)
        self.days_table.horizontalHeader().setSectionResizeMode(
            DaysModel.COL_SOURCE, QHeaderView.ResizeMode.Stretch
        )
        for col, width in ((0, 90), (1, 62), (2, 62), (3, 100)):
            self.days_table.setColumnWidth(col, width)
        self.days_table.selectionModel().selectionChanged.connect(self._day_selected)
        self.days_title = QLabel("节假日与调休")

        self.import_button = QPushButton("导入节假日通知（JSON）…")
        self.import_button.setEnabled(self.can_write)
        self.import_button.clicked.connect(self._choose_import)
        hint = QLabel(
            f"内置数据来自 {LIBRARY_SOURCE}（{min(LIBRARY_YEARS)}–{max(LIBRARY_YEARS)} 年）。"
            "国务院办公厅每年发布次年节假日安排，可将 holiday-cn 格式的 JSON 文件拖放到此处导入。"
        )
        hint.setWordWrap(True)
        hint.setStyleSheet("color:#666;")

        self.day_edit = QDateEdit(QDate.currentDate())
        self.day_edit.setCalendarPopup(True)
        self.day_edit.setDisplayFormat("yyyy-MM-dd")
        self.day_edit.dateChanged.connect(lambda _d: self.load_day())
        self.day_label = QLabel()
        self.day_kind = QComboBox()
        self.day_kind.addItems(["工作日", "休息日"])
        self.day_name = QLineEdit()
        self.day_name.setPlaceholderText("名称，如 春节、国庆节调休")
        self.day_save = QPushButton("保存此日")
        self.day_save.setEnabled(self.can_write)
        self.day_save.clicked.connect(self._save_day)
        editor = QHBoxLayout()
        editor.addWidget(QLabel("查看/修改某日："))
        editor.addWidget(self.day_edit)
        editor.addWidget(self.day_label, 1)
        editor.addWidget(self.day_kind)
        editor.addWidget(self.day_name)
        editor.addWidget(self.day_save)

        left = QVBoxLayout()
        left.addWidget(QLabel("已覆盖的年份"))
        left.addWidget(self.years_table, 1)
        left.addWidget(self.import_button)
        right = QVBoxLayout()
        right.addWidget(self.days_title)
        right.addWidget(self.days_table, 1)
        tables = QHBoxLayout()
        tables.addLayout(left, 2)
        tables.addLayout(right, 3)
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addLayout(tables, 1)
        layout.addWidget(hint)
        layout.addLayout(editor)
        self.reload()
        self.load_day()

    # loading -------------------------------------------------------------------------------
    def reload(self, select_year: int | None = None) -> None:
        ops.run_query(
            self,
            "载入工作日历",
            lambda uow: coverage(uow.session),
            lambda rows: self._loaded(rows, select_year),
            on_error=self._failed,
        )

    def _loaded(self, rows: list[YearCoverage], select_year: int | None) -> None:
        self.years.set_rows(rows)
        covered = {r.year for r in rows}
        today = dt.date.today()
        missing = [y for y in (today.year, today.year + 1) if y not in covered]
        self.banner.setVisible(bool(missing))
        if missing:
            years = "、".join(f"{y} 年" for y in missing)
            self.banner.setText(
                f"{years}的节假日安排尚未导入：截止日期落在这些年份的报送将显示“日历未覆盖”。"
                "国务院办公厅发布通知后，请在此导入对应年份的 JSON 文件。"
            )
        target = select_year or (today.year if today.year in covered else max(covered, default=0))
        for i, row in enumerate(rows):
            if row.year == target:
                self.years_table.selectRow(i)
                self.years_table.scrollTo(self.years.index(i, 0))
                break

    def selected_year(self) -> int | None:
        rows = self.years_table.selectionModel().selectedRows()
        return rows[0].data(ROW_ROLE).year if rows else None

    def _year_selected(self, *_a: object) -> None:
        year = self.selected_year()
        if year is None:
            return
        self.days_title.setText(f"{year} 年节假日与调休")

        ops.run_query(
            self,
            f"载入 {year} 年日历",
            lambda uow: cal.special_days(uow.session, year),
            self.days.set_rows,
            on_error=self._failed,
        )

    def _day_selected(self, *_a: object) -> None:
        rows = self.days_table.selectionModel().selectedRows()
        if rows:
            self.day_edit.setDate(_qdate(rows[0].data(ROW_ROLE).day))

    def load_day(self) -> None:
        day = _pydate(self.day_edit.date())

        ops.run_query(
            self,
            "查询日期",
            lambda uow: cal.day_status(uow.session, day),
            self._day_loaded,
            on_error=self._failed,
        )

    def _day_loaded(self, status: cal.DayStatus) -> None:
        if status.day != _pydate(self.day_edit.date()):
            return  # the user has moved on to another date
        text = status.label + ("（已手工修改）" if status.overridden else "")
        self.day_label.setText(text)
        self.day_label.setStyleSheet("color:#b3261e;" if not status.covered else "")
        self.day_kind.setCurrentIndex(0 if status.is_workday else 1)
        self.day_name.setText(status.name)
        self.day_shown = status

    def _day_values(self) -> dict[str, Any]:
        return {"is_workday": self.day_kind.currentIndex() == 0, "name": self.day_name.text()}

    def _failed(self, message: str, details: str = "") -> None:
        self.last_error = message
        show_error(self, "工作日历", message, details)

    # changes -------------------------------------------------------------------------------
    def _save_day(self) -> None:
        day = _pydate(self.day_edit.date())
        is_workday = self.day_kind.currentIndex() == 0
        name = self.day_name.text()
        shown = self.day_shown if self.day_shown and self.day_shown.day == day else None
        version = shown.version if shown else None

        def change(uow: UnitOfWork) -> int:
            cal.correct_day(uow.session, day, is_workday, name, expected_version=version)
            return day.year

        ops.run_op(
            self,
            "修改日历",
            change,
            self._changed,
            on_error=self._failed,
            on_conflict=self._day_conflict,
        )

    def _day_conflict(self, error: ConflictError) -> None:
        shown = self.day_shown
        assert shown is not None
        base = {"is_workday": shown.is_workday, "name": shown.name}

        def merged(values: dict[str, Any], err: ConflictError) -> None:
            self.day_kind.setCurrentIndex(0 if values["is_workday"] else 1)
            self.day_name.setText(str(values["name"] or ""))
            self.day_shown = replace(
                shown,
                is_workday=bool(err.current.get("is_workday")),
                name=str(err.current.get("name") or ""),
                version=err.version or 0,
            )
            self._save_day()

        self.conflict_dialog = resolve(
            self,
            error,
            base,
            self._day_values(),
            on_reload=self.load_day,
            on_merge=merged,
            show=lambda k, v: ("工作日" if v else "休息日") if k == "is_workday" else str(v),
        )

    def _changed(self, year: int) -> None:
        self.last_message = f"{year} 年日历已更新"
        self.reload(select_year=year)
        self.load_day()

    def _choose_import(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, "导入节假日安排通知", "", "JSON 文件 (*.json);;所有文件 (*)"
        )
        if path:
            self.import_file(Path(path))

    def import_file(self, path: Path) -> None:
        self.last_error = self.last_message = ""

        def change(uow: UnitOfWork) -> tuple[int, int]:
            notice = cal.import_notice_file(uow.session, path)
            return notice.year, len(notice.days)

        ops.run_op(self, f"导入 {path.name}", change, self._imported, on_error=self._failed)

    def _imported(self, result: tuple[int, int]) -> None:
        year, count = result
        self.last_message = f"已导入 {year} 年节假日安排：{count} 天"
        self._changed(year)
        self.last_message = f"已导入 {year} 年节假日安排：{count} 天"

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self.can_write and local_files(event, (".json",)):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        files = local_files(event, (".json",))
        if files:
            event.acceptProposedAction()
            self.import_file(files[0])


__all__ = ["CalendarPanel"]
