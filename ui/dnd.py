"""Drag-and-drop of files onto a screen: accept only the file types the screen can import."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QDragEnterEvent, QDropEvent


def local_files(event: QDragEnterEvent | QDropEvent, suffixes: tuple[str, ...]) -> list[Path]:
    """The dropped local files whose suffix is one of ``suffixes`` (lower case, with dot)."""
    mime = event.mimeData()
    if not mime.hasUrls():
        return []
    paths = [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]
    return [p for p in paths if p.suffix.lower() in suffixes]
