"""The filter bar: year range, issue, section, issuer, type, disclosure, validity, dates, and
current or historical. Emits ``changed`` whenever a value changes."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

from gazette.search.model import Filters

ANY = "不限"
NO_DATE = QDate(1900, 1, 1)


def _combo(values: list[str]) -> QComboBox:
    box = QComboBox()
    box.addItem(ANY)
    box.addItems(values)
    box.setMinimumContentsLength(6)
    return box


def _year() -> QSpinBox:
    spin = QSpinBox()
    spin.setRange(1949, 2100)
    spin.setSpecialValueText(ANY)
    spin.setMinimum(1948)
    spin.setValue(1948)
    return spin


def _date() -> QDateEdit:
    edit = QDateEdit()
    edit.setDisplayFormat("yyyy-MM-dd")
    edit.setMinimumDate(NO_DATE)
    edit.setSpecialValueText(ANY)
    edit.setDate(NO_DATE)
    edit.setCalendarPopup(True)
    return edit


class FilterBar(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.year_from, self.year_to = _year(), _year()
        self.issue = QSpinBox()
        self.issue.setRange(0, 60)
        self.issue.setSpecialValueText(ANY)
        self.section = _combo([])
        self.issuer = QLineEdit()
        self.issuer.setPlaceholderText("发文机关（包含即可）")
        self.kind = _combo([])
        self.disclosure = _combo([])
        self.validity = _combo(["有效", "失效", "废止"])
        self.scope = QComboBox()
        self.scope.addItems(["现行与历史", "仅现行公报", "仅历史公报"])
        self.date_from, self.date_to = _date(), _date()
        self.reset_button = QPushButton("清除筛选")
        self.reset_button.clicked.connect(self.reset)

        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(6)
        cells = [
            ("年份", self.year_from), ("至", self.year_to), ("期号", self.issue),
            ("栏目", self.section), ("类型", self.kind), ("范围", self.scope),
            ("发文机关", self.issuer), ("成文日期", self.date_from), ("至", self.date_to),
            ("公开属性", self.disclosure), ("效力", self.validity),
        ]  # fmt: skip
        for i, (label, widget) in enumerate(cells):
            row, col = divmod(i, 6)
            grid.addWidget(QLabel(label), row, col * 2)
            grid.addWidget(widget, row, col * 2 + 1)
        grid.addWidget(self.reset_button, 1, 11)
        grid.setColumnStretch(12, 1)
        for spin in (self.year_from, self.year_to, self.issue):
            spin.setFixedWidth(84)
        for edit in (self.date_from, self.date_to):
            edit.setFixedWidth(118)
        for box in (self.section, self.kind, self.disclosure, self.validity, self.scope):
            box.setMinimumWidth(120)
        self.issuer.setMinimumWidth(200)
        for spin in (self.year_from, self.year_to, self.issue):
            spin.valueChanged.connect(self.changed)
        for box in (self.section, self.kind, self.disclosure, self.validity, self.scope):
            box.currentIndexChanged.connect(self.changed)
        self.issuer.textChanged.connect(self.changed)
        for edit in (self.date_from, self.date_to):
            edit.dateChanged.connect(self.changed)

    def set_choices(self, choices: dict[str, list[str]]) -> None:
        for name in ("section", "kind", "disclosure"):
            box: QComboBox = getattr(self, name)
            current = box.currentText()
            box.blockSignals(True)
            box.clear()
            box.addItem(ANY)
            box.addItems(choices.get(name, []))
            box.setCurrentText(current)
            box.blockSignals(False)

    def filters(self) -> Filters:
        def text(box: QComboBox) -> str | None:
            return None if box.currentIndex() <= 0 else box.currentText()

        def year(spin: QSpinBox) -> int | None:
            return None if spin.value() == spin.minimum() else spin.value()

        def day(edit: QDateEdit) -> dt.date | None:
            d = edit.date()
            return None if d == NO_DATE else dt.date(d.year(), d.month(), d.day())

        scope = self.scope.currentIndex()
        return Filters(
            year_from=year(self.year_from),
            year_to=year(self.year_to),
            issue_number=self.issue.value() or None,
            section=text(self.section),
            issuer=self.issuer.text().strip() or None,
            kind=text(self.kind),
            disclosure=text(self.disclosure),
            validity=text(self.validity),
            date_from=day(self.date_from),
            date_to=day(self.date_to),
            historical=None if scope == 0 else scope == 2,
        )

    def set_filters(self, f: Filters) -> None:
        self.blockSignals(True)
        try:
            self.year_from.setValue(f.year_from or self.year_from.minimum())
            self.year_to.setValue(f.year_to or self.year_to.minimum())
            self.issue.setValue(f.issue_number or 0)
            for name in ("section", "kind", "disclosure", "validity"):
                box: QComboBox = getattr(self, name)
                value = getattr(f, name)
                if value and box.findText(value) < 0:
                    box.addItem(value)
                box.setCurrentText(value or ANY)
            self.issuer.setText(f.issuer or "")
            self.scope.setCurrentIndex(0 if f.historical is None else 2 if f.historical else 1)
            for edit, value in ((self.date_from, f.date_from), (self.date_to, f.date_to)):
                edit.setDate(QDate(value.year, value.month, value.day) if value else NO_DATE)
        finally:
            self.blockSignals(False)
        self.changed.emit()

    def reset(self) -> None:
        self.set_filters(Filters())
