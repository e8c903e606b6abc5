"""The 通报 is printed from the desk: 生成通报… → 确定 → save → 打印… → the system print dialog,
every step a click on the visible button a person would press."""

from __future__ import annotations

from collections.abc import Callable

from pypdf import PdfReader
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QApplication,
    QDialogButtonBox,
    QFileDialog,
    QMessageBox,
    QPushButton,
    QWidget,
)

from tests.ui import modal_clicks
from tests.ui.test_return_button import _office_with_one_submission
from ui.submissions.report_dialog import ReportDialog
from ui.submissions.screen import Screen
from ui.tasks import TaskRunner


def _click(qtbot, button: QPushButton | None) -> None:  # type: ignore[no-untyped-def]
    assert button is not None and button.isVisible() and button.isEnabled()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def _then(kind: type[QWidget], act: Callable[[QWidget], None]) -> None:
    """When a modal box of ``kind`` shows, act on it (looked for again on each turn)."""

    def look() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, kind):
            QTimer.singleShot(10, look)
            return
        act(box)

    QTimer.singleShot(0, look)


def test_the_report_is_printed_through_the_print_dialog(qtbot, ctx, tmp_path) -> None:
    _office_with_one_submission(ctx)
    runner = TaskRunner()
    screen = Screen(ctx, runner)
    qtbot.addWidget(screen)
    screen.resize(1366, 768)
    screen.show()
    qtbot.waitUntil(lambda: screen.loads >= 1)
    saved, printed = tmp_path / "通报.pdf", tmp_path / "printed.pdf"

    def message(box: QWidget) -> None:
        modal_clicks.print_to(qtbot, str(printed))
        _click(qtbot, box.findChild(QPushButton, "printReport"))

    def save_as(box: QWidget) -> None:
        assert isinstance(box, QFileDialog)
        box.selectFile(str(saved))
        _then(QMessageBox, message)
        buttons = box.findChild(QDialogButtonBox)
        assert buttons is not None
        _click(qtbot, buttons.button(QDialogButtonBox.StandardButton.Save))

    def report(box: QWidget) -> None:
        _then(QFileDialog, save_as)
        _click(qtbot, box.findChild(QPushButton, "reportOk"))

    _then(ReportDialog, report)
    button = next(b for b in screen.findChildren(QPushButton) if b.text() == "生成通报…")
    _click(qtbot, button)
    qtbot.waitUntil(lambda: "已打印通报" in screen.count.text(), timeout=30000)
    pages = len(PdfReader(saved).pages)
    assert pages >= 1 and len(PdfReader(printed).pages) == pages
    assert f"已打印通报 {pages} 页" in screen.count.text()
    runner.shutdown()
