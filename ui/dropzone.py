"""Drag and drop of files, the same way on every screen that imports something.

    from ui.dropzone import accept_drops
    accept_drops(self.table, (".xlsx",), self.import_files)          # files only
    accept_drops(self, (".png", ".tif", ".pdf"), self.ingest, folders=True)

Dropping shows a dashed highlight while the drag is over the widget; files with other suffixes are
refused with the usual no-entry cursor, so users see at once what the screen takes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from PySide6.QtCore import QEvent, QMimeData, QObject
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QWidget

HIGHLIGHT = "border: 2px dashed palette(highlight);"


def dropped_paths(mime: QMimeData, suffixes: Iterable[str], folders: bool = False) -> list[Path]:
    """Local files (and folders when allowed) in the drag whose suffix the screen takes."""
    wanted = {s.lower() for s in suffixes}
    paths: list[Path] = []
    for url in mime.urls():
        if not url.isLocalFile():
            continue
        path = Path(url.toLocalFile())
        if path.is_dir():
            if folders:
                paths.append(path)
        elif not wanted or path.suffix.lower() in wanted:
            paths.append(path)
    return paths


class DropZone(QObject):
    """An event filter that turns drops on ``widget`` into ``on_files(paths)`` calls."""

    def __init__(
        self,
        widget: QWidget,
        suffixes: Iterable[str],
        on_files: Callable[[list[Path]], None],
        folders: bool = False,
    ) -> None:
        super().__init__(widget)
        self.widget, self.suffixes, self.on_files, self.folders = (
            widget,
            tuple(suffixes),
            on_files,
            folders,
        )
        self._style = widget.styleSheet()
        widget.setAcceptDrops(True)
        widget.installEventFilter(self)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind in (QEvent.Type.DragEnter, QEvent.Type.DragMove):
            assert isinstance(event, QDragEnterEvent | QDropEvent)
            if dropped_paths(event.mimeData(), self.suffixes, self.folders):
                event.acceptProposedAction()
                if kind == QEvent.Type.DragEnter:
                    self.widget.setStyleSheet(self._style + HIGHLIGHT)
            else:
                event.ignore()
            return True
        if kind == QEvent.Type.DragLeave:
            self.widget.setStyleSheet(self._style)
            return True
        if kind == QEvent.Type.Drop:
            assert isinstance(event, QDropEvent)
            self.widget.setStyleSheet(self._style)
            paths = dropped_paths(event.mimeData(), self.suffixes, self.folders)
            if paths:
                event.acceptProposedAction()
                self.on_files(paths)
            return True
        return False


def accept_drops(
    widget: QWidget,
    suffixes: Iterable[str],
    on_files: Callable[[list[Path]], None],
    folders: bool = False,
) -> DropZone:
    """Make ``widget`` take dropped files with these suffixes (e.g. ``(".xlsx", ".docx")``)."""
    return DropZone(widget, suffixes, on_files, folders)
