"""A sentence drawn over an empty table or list, saying why it is empty and what fills it.

An empty grid reads as "broken" to a newcomer; the note shows while the model has no rows and
goes as soon as rows arrive, so every screen that uses it behaves the same way.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QAbstractItemView, QLabel


class EmptyNote(QLabel):
    """A grey, centred sentence on ``view``'s viewport, visible while its model is empty."""

    def __init__(self, view: QAbstractItemView, sentence: str) -> None:
        super().__init__(sentence, view.viewport())
        self.view = view
        self.setWordWrap(True)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setStyleSheet("color: #6b6b6b; padding: 12px;")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        model = view.model()
        for signal in (
            model.modelReset,
            model.rowsInserted,
            model.rowsRemoved,
            model.layoutChanged,
        ):
            signal.connect(self.refresh)
        view.viewport().installEventFilter(self)
        self.refresh()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            self.setGeometry(self.view.viewport().rect())
        return False

    def refresh(self, *_args: object) -> None:
        """Show the sentence exactly while the model has no rows."""
        self.setGeometry(self.view.viewport().rect())
        self.setVisible(self.view.model().rowCount() == 0)
