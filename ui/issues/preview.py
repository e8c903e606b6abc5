"""In-app PDF preview: pages rendered with pypdfium2 (PySide6-Essentials has no QtPdf)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ui.printing import print_pdf

if TYPE_CHECKING:
    import pypdfium2 as pdfium

NOTHING_OPEN = "还没有打开文件：点“出校样”或“排版生成 PDF”，生成的 PDF 在这里逐页预览"


class PdfPreview(QWidget):
    """Shows one page at a time; the page is rasterised on demand (about 10 ms a page)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.pdf: pdfium.PdfDocument | None = None
        self.path: Path | None = None
        self.scale = 1.0
        self.page = QSpinBox()
        self.page.setMinimum(1)
        self.page.valueChanged.connect(lambda _v: self._show())
        self.count = QLabel("未打开")
        prev_btn, next_btn = QPushButton("上一页"), QPushButton("下一页")
        prev_btn.clicked.connect(lambda: self.page.setValue(self.page.value() - 1))
        next_btn.clicked.connect(lambda: self.page.setValue(self.page.value() + 1))
        zoom_in, zoom_out = QPushButton("放大"), QPushButton("缩小")
        zoom_in.clicked.connect(lambda: self._zoom(1.25))
        zoom_out.clicked.connect(lambda: self._zoom(0.8))
        self.print_btn = QPushButton("打印…")
        self.print_btn.setObjectName("printButton")
        self.print_btn.setToolTip("用系统打印对话框打印这份 PDF（可选页码范围）")
        self.print_btn.setEnabled(False)
        self.print_btn.clicked.connect(self.print_)
        bar = QHBoxLayout()
        for w in (prev_btn, self.page, self.count, next_btn, zoom_out, zoom_in):
            bar.addWidget(w)
        bar.addStretch(1)
        bar.addWidget(self.print_btn)
        self.image = QLabel(NOTHING_OPEN, alignment=Qt.AlignmentFlag.AlignCenter)
        self.image.setWordWrap(True)
        self.image.setStyleSheet("background:#808080; color:white; padding:24px;")
        scroll = self.scroll_area = QScrollArea()  # QWidget.scroll is a method
        scroll.setWidget(self.image)
        scroll.setWidgetResizable(True)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(scroll, 1)

    def open(self, path: Path) -> None:
        import pypdfium2 as pdfium

        if self.pdf is not None:
            self.pdf.close()
        self.pdf = pdfium.PdfDocument(str(path))
        self.path = path
        n = len(self.pdf)
        self.page.setMaximum(max(n, 1))
        self.count.setText(f"/ {n} 页　{path.name}")
        # fit the page to the width of the view
        width_pt = self.pdf[0].get_width()
        view = max(self.scroll_area.viewport().width() - 24, 200)
        self.scale = min(max(view / (width_pt * 1.2), 0.3), 4.0)
        self.page.setValue(1)
        self.print_btn.setEnabled(True)
        self._show()

    def print_(self) -> int:
        """Print the PDF shown, as built: the editor checks a proof on paper, pages as laid out."""
        if self.path is None or self.pdf is None:
            return 0
        return print_pdf(self.path, self)

    def _zoom(self, factor: float) -> None:
        self.scale = min(max(self.scale * factor, 0.3), 4.0)
        self._show()

    def rendered(self) -> QPixmap:
        return self.image.pixmap()

    def _show(self) -> None:
        if self.pdf is None:
            return
        page = self.pdf[self.page.value() - 1]
        bitmap = page.render(scale=self.scale * 1.2)
        pil = bitmap.to_pil().convert("RGB")
        data = pil.tobytes("raw", "RGB")
        image = QImage(
            data, pil.width, pil.height, pil.width * 3, QImage.Format.Format_RGB888
        ).copy()
        self.image.setPixmap(QPixmap.fromImage(image))

    def close_pdf(self) -> None:
        if self.pdf is not None:
            self.pdf.close()
            self.pdf = None
        self.print_btn.setEnabled(False)

    def clear(self) -> None:
        """Show nothing, and say how to get something: another issue's PDF must not stay."""
        self.close_pdf()
        self.path = None
        self.image.clear()
        self.image.setText(NOTHING_OPEN)
        self.count.setText("未打开")
