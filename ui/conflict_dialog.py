"""The second save of a record someone else changed: who and when, their change beside mine, and
a choice — reload (drop mine), merge (theirs where only they changed, mine where only I did, a
pick where both did; then save against the new version) or keep editing (nothing lost).

Every edit screen opens it through ``resolve`` from its ``on_conflict`` callback.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from gazette.office.conflicts import ConflictError, FieldClash, compare, merge

RELOAD, MERGE, EDIT = "reload", "merge", "edit"
CLASH = QColor("#fff4e5")  # a field both changed: the eye should land on it
MINE, THEIRS = "mine", "theirs"
UNCHANGED = "（未改）"


def show_value(_key: str, value: Any) -> str:
    """How a field value reads in the table; screens pass their own for codes and ids."""
    if value is None or value == "":
        return "（空）"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, list | tuple):
        return "、".join(str(v) for v in value) or "（空）"
    return str(value)


def _taken(row: FieldClash) -> str:
    if row.they_changed and row.i_changed:
        return "双方相同"
    return "对方的修改" if row.they_changed else "我的修改"


class ConflictDialog(QDialog):
    """Shows one conflict; ``choice`` says what the user chose, ``merged()`` the values to save."""

    def __init__(
        self,
        error: ConflictError,
        base: Mapping[str, Any],
        mine: Mapping[str, Any],
        parent: QWidget | None = None,
        *,
        theirs: Mapping[str, Any] | None = None,
        show: Callable[[str, Any], str] = show_value,
        subject: str = "这条记录",
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("保存冲突")
        self.error = error
        self.base, self.mine = dict(base), dict(mine)
        self.theirs = dict(error.current if theirs is None else theirs)
        self.rows: list[FieldClash] = compare(self.base, self.mine, self.theirs)
        self.choice = EDIT
        self.picks: dict[str, QComboBox] = {}

        their = error.their
        who = f"{their.actor} 于 {their.at}" if their else "其他用户"
        head = QLabel(
            f"<b>{who}保存了{subject}，您看到的已不是最新内容。</b><br>"
            "下表列出双方的修改。可以重新载入（放弃我的修改）、合并双方的修改后保存，"
            "或回到表单继续编辑。"
        )
        head.setWordWrap(True)
        self.table = QTableWidget(len(self.rows), 4)
        self.table.setHorizontalHeaderLabels(["字段", "对方改为", "我的修改", "合并时采用"])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QTableWidget.SelectionMode.NoSelection)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        for r, row in enumerate(self.rows):
            theirs_text = show(row.key, row.theirs) if row.they_changed else UNCHANGED
            mine_text = show(row.key, row.mine) if row.i_changed else UNCHANGED
            for c, text in enumerate((row.label, theirs_text, mine_text)):
                item = QTableWidgetItem(text)
                item.setToolTip(f"原值：{show(row.key, row.base)}")
                if row.both_changed:
                    item.setBackground(QBrush(CLASH))
                self.table.setItem(r, c, item)
            if row.both_changed:
                pick = QComboBox()
                pick.addItem("我的修改", MINE)
                pick.addItem("对方的修改", THEIRS)
                pick.setToolTip("双方都改了这一项：请选择保留哪一方的值")
                self.picks[row.key] = pick
                self.table.setCellWidget(r, 3, pick)
            else:
                self.table.setItem(r, 3, QTableWidgetItem(_taken(row)))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)

        self.reload_button = QPushButton("重新载入（放弃我的修改）")
        self.merge_button = QPushButton("合并")
        self.merge_button.setToolTip("采用对方改动的字段和我改动的字段；双方都改的字段按所选")
        self.edit_button = QPushButton("继续编辑")
        self.edit_button.setDefault(True)
        self.reload_button.clicked.connect(lambda: self._choose(RELOAD))
        self.merge_button.clicked.connect(lambda: self._choose(MERGE))
        self.edit_button.clicked.connect(lambda: self._choose(EDIT))
        buttons = QHBoxLayout()
        buttons.addWidget(self.reload_button)
        buttons.addStretch(1)
        buttons.addWidget(self.merge_button)
        buttons.addWidget(self.edit_button)
        layout = QVBoxLayout(self)
        layout.addWidget(head)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.resize(760, 150 + 34 * max(len(self.rows), 2))

    def pick(self, key: str, side: str) -> None:
        """Choose ``MINE`` or ``THEIRS`` for a field both sides changed."""
        box = self.picks[key]
        box.setCurrentIndex(box.findData(side))

    def merged(self) -> dict[str, Any]:
        picks = {key: str(box.currentData()) for key, box in self.picks.items()}
        return merge(self.base, self.mine, self.theirs, picks)

    def _choose(self, choice: str) -> None:
        self.choice = choice
        self.accept() if choice != EDIT else self.reject()


def resolve(
    parent: QWidget,
    error: ConflictError,
    base: Mapping[str, Any],
    mine: Mapping[str, Any],
    *,
    on_reload: Callable[[], None],
    on_merge: Callable[[dict[str, Any], ConflictError], None],
    on_edit: Callable[[], None] | None = None,
    theirs: Mapping[str, Any] | None = None,
    show: Callable[[str, Any], str] = show_value,
    subject: str = "这条记录",
) -> ConflictDialog:
    """Open the dialog (window-modal, not blocking) and act on the choice when it closes."""
    dialog = ConflictDialog(error, base, mine, parent, theirs=theirs, show=show, subject=subject)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

    def finished(_result: int) -> None:
        if dialog.choice == RELOAD:
            on_reload()
        elif dialog.choice == MERGE:
            on_merge(dialog.merged(), error)
        elif on_edit is not None:
            on_edit()

    dialog.finished.connect(finished)
    dialog.open()
    return dialog
