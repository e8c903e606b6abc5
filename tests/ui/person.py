"""What a person does with a screen, for tests that act as one: click a visible, enabled button,
a tab, a row, a drop-down entry, a menu item; type Chinese as the input method commits it; and
answer a modal window (a confirmation, a file dialog, a dialog with work of its own) when it opens.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt, QTimer
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QDialogButtonBox,
    QFileDialog,
    QLineEdit,
    QListWidget,
    QMainWindow,
    QTabWidget,
    QWidget,
)

LEFT = Qt.MouseButton.LeftButton


def click(qtbot, button: QWidget) -> None:  # type: ignore[no-untyped-def]
    """Click a button a person can see and use; waits for it to become enabled (work ends)."""
    qtbot.waitUntil(lambda: button.isVisible() and button.isEnabled(), timeout=120_000)
    qtbot.mouseClick(button, LEFT)


def type_text(edit: QLineEdit, text: str, *, replace: bool = True) -> None:
    """Type into a line edit; Chinese arrives from the input method as one committed string."""
    edit.setFocus()
    if replace:
        edit.selectAll()
    typed = QInputMethodEvent()
    typed.setCommitString(text)
    QApplication.sendEvent(edit, typed)


def click_tab(qtbot, tabs: QTabWidget, label: str) -> None:  # type: ignore[no-untyped-def]
    bar = tabs.tabBar()
    index = next(i for i in range(bar.count()) if bar.tabText(i).replace("&", "") == label)
    qtbot.mouseClick(bar, LEFT, pos=bar.tabRect(index).center())
    assert tabs.currentIndex() == index, label


def click_row(qtbot, view: QAbstractItemView, index: QModelIndex) -> None:  # type: ignore[no-untyped-def]
    """Click a row of a table, tree or list where it is drawn."""
    view.scrollTo(index)
    rect = view.visualRect(index)
    assert rect.isValid(), "the row is not shown"
    qtbot.mouseClick(view.viewport(), LEFT, pos=rect.center())


def find_row(view: QAbstractItemView, wanted: Callable[[str], bool], column: int = 0) -> int:
    model = view.model()
    for row in range(model.rowCount()):
        if wanted(str(model.index(row, column).data() or "")):
            return row
    return -1


def choose(qtbot, combo: QComboBox, text: str) -> None:  # type: ignore[no-untyped-def]
    """Open a drop-down with a click, walk to the entry that says ``text`` with the arrow keys
    and take it with Enter (a click in the list just after it opens is ignored by Qt)."""
    qtbot.mouseClick(combo, LEFT)
    view = combo.view()
    qtbot.waitUntil(view.isVisible)
    row = combo.findText(text)
    assert row >= 0, text
    step = Qt.Key.Key_Down if row > combo.currentIndex() else Qt.Key.Key_Up
    for _ in range(abs(row - combo.currentIndex())):
        QTest.keyClick(view, step)
    QTest.keyClick(view, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not view.isVisible())
    assert combo.currentText() == text


def open_wing(qtbot, window: QMainWindow, key: str) -> QWidget:  # type: ignore[no-untyped-def]
    """Click the wing's entry in the navigation list; returns its screen."""
    nav: QListWidget = window.nav  # type: ignore[attr-defined]
    item = nav.item(window.wing_keys().index(key))  # type: ignore[attr-defined]
    qtbot.mouseClick(nav.viewport(), LEFT, pos=nav.visualItemRect(item).center())
    qtbot.waitUntil(lambda: window.current_wing() == key)  # type: ignore[attr-defined]
    return window.stack.currentWidget()  # type: ignore[attr-defined,no-any-return]


def click_menu(qtbot, window: QMainWindow, menu_title: str, item: str) -> None:  # type: ignore[no-untyped-def]
    """Click a menu in the menu bar, then an item in the menu that opens."""
    bar = window.menuBar()
    action = next(a for a in bar.actions() if a.text().startswith(menu_title))
    qtbot.mouseClick(bar, LEFT, pos=bar.actionGeometry(action).center())
    menu = action.menu()
    qtbot.waitUntil(menu.isVisible)
    target = next(a for a in menu.actions() if a.text().startswith(item))
    assert target.isEnabled(), item
    qtbot.mouseClick(menu, LEFT, pos=menu.actionGeometry(target).center())


class Modal:
    """Acts in the next modal window, from inside its own event loop: queue it, then click the
    button that opens the window. A failure closes the window so the test does not hang, and
    ``check()`` raises it afterwards."""

    def __init__(self, qtbot, act: Callable[[QWidget], None]) -> None:  # type: ignore[no-untyped-def]
        self.qtbot, self.act = qtbot, act
        self.error: BaseException | None = None
        self.done = False
        self.opener: QWidget | None = QApplication.activeModalWidget()
        QTimer.singleShot(0, self._look)

    def _look(self) -> None:
        box = QApplication.activeModalWidget()
        if box is None or box is self.opener:  # not open yet
            QTimer.singleShot(10, self._look)
            return
        try:
            self.act(box)
        except BaseException as exc:
            self.error = exc
            box.close()
        self.done = True

    def check(self) -> None:
        self.qtbot.waitUntil(lambda: self.done)
        if self.error is not None:
            raise self.error


def answer_file_dialog(qtbot, path: Path) -> Callable[[QWidget], None]:  # type: ignore[no-untyped-def]
    """The act for a file dialog: type the file's path in 文件名 and click 打开."""

    def act(box: QWidget) -> None:
        assert isinstance(box, QFileDialog), type(box)
        edit = box.findChild(QLineEdit, "fileNameEdit")
        assert edit is not None and edit.isVisible()
        type_text(edit, str(path))
        buttons = box.findChild(QDialogButtonBox, "buttonBox")
        assert buttons is not None
        open_button = buttons.button(QDialogButtonBox.StandardButton.Open)
        click(qtbot, open_button)

    return act
