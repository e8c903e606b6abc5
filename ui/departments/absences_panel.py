"""不在岗登记: the selected department's liaison absences, with add, end early and delete.

Absences are stored, so reminders written by any client (or the CLI) go to the alternate while
the officer is away. Every database call runs on the task runner; refusals (overlaps, dates
outside the tenure) show in red under the form, keeping what was typed.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from gazette.context import AppContext
from gazette.db import UnitOfWork
from gazette.departments import absences
from ui import ops
from ui.departments.models import ROW_ROLE, AbsencesModel
from ui.empty_note import EmptyNote
from ui.tasks import TaskRunner

NO_ABSENCES = "该单位的联络员目前没有不在岗登记；出差、休假时在下方登记，期间催报改发备用联络员。"

Loaded = tuple[list[absences.Person], list[absences.AbsenceRow]]


def _date_edit(day: dt.date) -> QDateEdit:
    edit = QDateEdit(QDate(day.year, day.month, day.day))
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    return edit


def _day(edit: QDateEdit) -> dt.date:
    d = edit.date()
    return dt.date(d.year(), d.month(), d.day())


class AbsencesPanel(QWidget):
    changed = Signal()  # an absence was recorded, ended or deleted
    loaded = Signal()

    def __init__(
        self,
        ctx: AppContext,
        runner: TaskRunner,
        can_write: bool,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx, self.runner, self.can_write = ctx, runner, can_write
        self.department_id: int | None = None
        self.model = AbsencesModel(self)
        today = dt.date.today()

        self.title = QLabel("联络员不在岗")
        self.title.setStyleSheet("font-weight: bold;")
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.horizontalHeader().setSectionResizeMode(
            AbsencesModel.COL_NOTE, QHeaderView.ResizeMode.Stretch
        )
        for col, width in ((0, 78), (1, 60), (2, 88), (3, 88), (4, 48), (6, 64)):
            self.table.setColumnWidth(col, width)
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._update_buttons())
        self.empty_note = EmptyNote(self.table, NO_ABSENCES)

        self.person = QComboBox()
        self.person.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.person.setMinimumContentsLength(8)
        self.starts = _date_edit(today)
        self.ends = _date_edit(today)
        self.open_ended = QCheckBox("返岗日期未定")
        self.open_ended.toggled.connect(lambda on: self.ends.setEnabled(not on))
        self.reason = QComboBox()
        self.reason.addItems(absences.REASONS)
        self.note = QLineEdit()
        self.note.setPlaceholderText("说明（可不填）")
        self.add_button = QPushButton("登记不在岗")
        self.add_button.clicked.connect(self.add)
        form = QHBoxLayout()
        for widget in (self.person, QLabel("自"), self.starts, QLabel("至"), self.ends):
            form.addWidget(widget)
        form.addWidget(self.open_ended)
        form.addWidget(self.reason)
        form.addWidget(self.note, 1)
        form.addWidget(self.add_button)

        self.last_day = _date_edit(today)
        self.end_button = QPushButton("提前结束")
        self.end_button.setToolTip("把所选登记的最后一天改为左边的日期（次日返岗）")
        self.end_button.clicked.connect(self.end_selected)
        self.delete_button = QPushButton("删除")
        self.delete_button.setToolTip("删除误登记的记录（审计记录保留）")
        self.delete_button.clicked.connect(self.delete_selected)
        actions = QHBoxLayout()
        actions.addWidget(QLabel("所选登记：最后一天"))
        actions.addWidget(self.last_day)
        actions.addWidget(self.end_button)
        actions.addWidget(self.delete_button)
        actions.addStretch(1)

        self.error = QLabel()
        self.error.setObjectName("formError")
        self.error.setStyleSheet("color: #b00020;")
        self.error.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.table, 1)
        layout.addLayout(form)
        layout.addLayout(actions)
        layout.addWidget(self.error)
        self._update_buttons()

    # loading -------------------------------------------------------------------------------
    def set_department(self, department_id: int | None, name: str = "") -> None:
        """Show one department's absences (None: nothing selected)."""
        self.department_id = department_id
        self.error.clear()
        self.title.setText(f"联络员不在岗 — {name}" if name else "联络员不在岗")
        if department_id is None:
            self._loaded(([], []))
            return
        self.reload()

    def reload(self) -> None:
        dep_id = self.department_id
        if dep_id is None:
            return

        def read(uow: UnitOfWork) -> Loaded:
            people = absences.current_people(uow.session, dep_id)
            return people, absences.list_absences(uow.session, dep_id)

        def done(result: Loaded) -> None:
            if dep_id == self.department_id:  # the user may have moved on meanwhile
                self._loaded(result)

        ops.run_query(self, "载入不在岗登记", read, done, on_error=self._failed)

    def _loaded(self, result: Loaded) -> None:
        people, rows = result
        current = self.person.currentData()
        self.person.clear()
        for p in people:
            self.person.addItem(f"{p.role_label} {p.name}", p.liaison_id)
        if current is not None and self.person.findData(current) >= 0:
            self.person.setCurrentIndex(self.person.findData(current))
        self.model.today = dt.date.today()
        self.model.set_rows(rows)
        self._update_buttons()
        self.loaded.emit()

    def selected(self) -> absences.AbsenceRow | None:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].data(ROW_ROLE) if rows else None

    def _update_buttons(self) -> None:
        has_person = self.person.count() > 0
        chosen = self.selected() is not None
        for widget in (self.add_button, self.starts, self.ends, self.reason, self.note):
            widget.setEnabled(self.can_write and has_person)
        self.ends.setEnabled(self.can_write and has_person and not self.open_ended.isChecked())
        self.open_ended.setEnabled(self.can_write and has_person)
        self.person.setEnabled(has_person)
        self.end_button.setEnabled(self.can_write and chosen)
        self.delete_button.setEnabled(self.can_write and chosen)
        self.last_day.setEnabled(self.can_write and chosen)

    # changes -------------------------------------------------------------------------------
    def add(self) -> None:
        liaison_id = self.person.currentData()
        if liaison_id is None:
            self.error.setText("此部门没有现任联络员，无法登记不在岗")
            return
        starts = _day(self.starts)
        ends = None if self.open_ended.isChecked() else _day(self.ends)
        reason, note = self.reason.currentText(), self.note.text()

        def change(uow: UnitOfWork) -> int:
            return absences.record_absence(uow.session, liaison_id, starts, ends, reason, note)

        def done(_new_id: int) -> None:
            self.note.clear()
            self._changed()

        ops.run_op(self, "登记不在岗", change, done, on_error=self._failed)

    def end_selected(self) -> None:
        row = self.selected()
        if row is None:
            return
        last_day = _day(self.last_day)

        def change(uow: UnitOfWork) -> None:
            absences.end_absence(uow.session, row.id, last_day, expected_version=row.version)

        ops.run_op(
            self, "提前结束不在岗", change, lambda _x: self._changed(), on_error=self._failed
        )

    def delete_selected(self) -> None:
        row = self.selected()
        if row is None:
            return

        def change(uow: UnitOfWork) -> None:
            absences.delete_absence(uow.session, row.id, expected_version=row.version)

        ops.run_op(
            self, "删除不在岗登记", change, lambda _x: self._changed(), on_error=self._failed
        )

    def _changed(self) -> None:
        self.error.clear()
        self.reload()
        self.changed.emit()

    def _failed(self, message: str, _details: str = "") -> None:
        self.error.setText(message)
