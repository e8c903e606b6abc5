"""The user guide (docs/guide/*.md) shown in a QTextBrowser, in the source tree and in a bundle."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QByteArray, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QImage, QTextDocument
from PySide6.QtWidgets import QDialog, QTextBrowser, QVBoxLayout, QWidget

from gazette import APP_NAME


def guide_dir() -> Path:
    """``docs/guide`` beside the packages, or inside a PyInstaller bundle (``sys._MEIPASS``)."""
    bundle = getattr(sys, "_MEIPASS", None)
    root = Path(bundle) if bundle else Path(__file__).resolve().parent.parent
    return root / "docs" / "guide"


class GuideBrowser(QTextBrowser):
    """Shows the guide's screenshots scaled down to the reading width."""

    MAX_WIDTH = 820

    def loadResource(self, kind: int, url: QUrl | str) -> object:
        resource = super().loadResource(kind, url)
        if kind == QTextDocument.ResourceType.ImageResource.value and resource is not None:
            image = QImage.fromData(resource) if isinstance(resource, QByteArray) else resource
            if isinstance(image, QImage) and image.width() > self.MAX_WIDTH:
                return image.scaledToWidth(
                    self.MAX_WIDTH, Qt.TransformationMode.SmoothTransformation
                )
            return image
        return resource


class GuideWindow(QDialog):
    """A non-modal reader for the guide; links between chapters stay inside it."""

    def __init__(self, parent: QWidget | None = None, chapter: str = "index.md") -> None:
        super().__init__(parent)
        self.setWindowTitle(f"{APP_NAME}用户手册")
        self.resize(900, 720)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.browser = GuideBrowser()
        self.browser.document().setDocumentMargin(18)
        self.browser.setOpenLinks(False)  # we route links: chapters here, web pages outside
        self.browser.anchorClicked.connect(self._external)
        self.browser.setSearchPaths([str(guide_dir())])
        layout.addWidget(self.browser)
        self.open_chapter(chapter)

    def open_chapter(self, chapter: str) -> None:
        path = guide_dir() / chapter
        if path.exists():
            self.browser.setSource(QUrl.fromLocalFile(str(path)))
        else:
            self.browser.setMarkdown(f"# 用户手册\n\n找不到 `{path}`。")

    def _external(self, url: QUrl) -> None:
        if url.scheme() in ("http", "https", "mailto"):
            QDesktopServices.openUrl(url)
        else:
            self.browser.setSource(self.browser.source().resolved(url))
