"""Answering a modal box a screen opens (a confirmation, a reason): the click is queued before
the button that opens it, and lands on the box's visible, enabled button by its object name."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QLineEdit, QPushButton, QWidget

seen: list[str] = []  # what the boxes said, for the test to check


def answer(qtbot, button: str, text: str | None = None, field: str = "") -> None:  # type: ignore[no-untyped-def]
    """When the next modal box shows: type ``text`` into ``field`` if given, then click ``button``."""

    def act() -> None:
        box = QApplication.activeModalWidget()
        if box is None:  # not shown yet: look again on the next turn of its event loop
            QTimer.singleShot(10, act)
            return
        seen.append(_words(box))
        if text is not None:  # Chinese arrives from the input method as one committed string
            edit = box.findChild(QLineEdit, field)
            assert edit is not None, field
            edit.setFocus()
            typed = QInputMethodEvent()
            typed.setCommitString(text)
            QApplication.sendEvent(edit, typed)
        target = box.findChild(QPushButton, button)
        assert target is not None and target.isVisible() and target.isEnabled(), button
        qtbot.mouseClick(target, Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, act)


def _words(box: QWidget) -> str:
    texts: list[Callable[[], str]] = [
        w.text for w in box.findChildren(QWidget) if hasattr(w, "text")
    ]
    return " ".join(str(t()) for t in texts if callable(t))


def print_to(qtbot, out: str) -> None:  # type: ignore[no-untyped-def]
    """When the system print dialog shows: print to the PDF file ``out`` with its Print button.

    Offscreen Qt offers no printer but its own "Print to File (PDF)", which is what a person with
    no printer installed sees; the file name is typed into the dialog's own field.
    """
    from PySide6.QtPrintSupport import QPrintDialog

    def act() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QPrintDialog):
            QTimer.singleShot(10, act)
            return
        try:
            name = box.findChild(QLineEdit, "filename")
            assert name is not None and name.isEnabled()
            name.setText(out)
            buttons = box.findChild(QDialogButtonBox)  # its 打印 is the box's Ok, in any language
            assert buttons is not None
            ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
            assert ok is not None and ok.isVisible() and ok.isEnabled(), ok
        except AssertionError:
            box.reject()  # close it, so the test fails instead of waiting on the dialog for ever
            raise
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, act)
