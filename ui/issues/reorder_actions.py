"""上移 / 下移 for the items of an issue, by button and by keyboard (Ctrl+↑ / Ctrl+↓), beside
dragging: a drag needs a steady hand and a mouse, a step needs neither.

A mixin of ``ui.issues.screen.Screen``: it saves through the screen's ``_move`` (the same
reorder, with the same conflict handling, as a drop) and keeps the moved item selected after
the plan reloads, so pressing again moves it further.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QPushButton, QTreeView, QWidget


class ItemReorder:
    plan_view: QTreeView
    plan_model: Any
    snapshot: Any

    def _move(self, section_id: int, order: list[int], versions: Any = None) -> None: ...

    def _build_reorder(self) -> tuple[QPushButton, QPushButton]:
        """The two buttons (for the toolbar) and their shortcuts on the plan."""
        self._moving: int | None = None  # the item to select again after the reload
        self.up_btn = QPushButton("上移")
        self.down_btn = QPushButton("下移")
        self.up_btn.setToolTip("把所选文件在本栏目内上移一位（Ctrl+↑）")
        self.down_btn.setToolTip("把所选文件在本栏目内下移一位（Ctrl+↓）")
        self.up_btn.clicked.connect(lambda: self.move_selected(-1))
        self.down_btn.clicked.connect(lambda: self.move_selected(1))
        view: QWidget = self.plan_view
        for keys, step in (("Ctrl+Up", -1), ("Ctrl+Down", 1)):
            shortcut = QShortcut(QKeySequence(keys), view)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(lambda s=step: self.move_selected(s))
        self.plan_view.selectionModel().currentChanged.connect(self._fit_reorder)
        self.plan_model.modelReset.connect(self._reselect)
        self._fit_reorder()
        return self.up_btn, self.down_btn

    def _chosen(self) -> tuple[QModelIndex, Any, list[Any]] | None:
        index = self.plan_view.currentIndex()
        if not index.isValid() or index.internalId() == 0 or not self.plan_model.editable:
            return None
        section = self.plan_model.plan.sections[int(index.internalId()) - 1]
        return index, section, section.items

    def _fit_reorder(self, *_args: object) -> None:
        chosen = self._chosen()
        row, count = (chosen[0].row(), len(chosen[2])) if chosen else (0, 0)
        self.up_btn.setEnabled(chosen is not None and row > 0)
        self.down_btn.setEnabled(chosen is not None and row < count - 1)

    def move_selected(self, step: int) -> None:
        chosen = self._chosen()
        if chosen is None or self.snapshot is None:
            return
        index, section, items = chosen
        target = index.row() + step
        if not 0 <= target < len(items):
            return
        order = [item.id for item in items]
        order[index.row()], order[target] = order[target], order[index.row()]
        self._moving = order[target]
        for button in (self.up_btn, self.down_btn):
            button.setEnabled(False)  # until the saved order is shown
        self._move(section.id, order)

    def _reselect(self) -> None:
        """After the reload, the moved item is the current one again (where the user left it)."""
        moving, self._moving = self._moving, None
        model = self.plan_model
        if moving is None or model.plan is None:
            self._fit_reorder()
            return
        for s, section in enumerate(model.plan.sections):
            for r, item in enumerate(section.items):
                if item.id == moving:
                    self.plan_view.setCurrentIndex(model.index(r, 0, model.index(s, 0)))
        self._fit_reorder()
