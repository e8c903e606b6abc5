"""Direct printing of PDFs through the system print dialog (pages rendered with pypdfium2).

    from ui.printing import print_pdf
    print_pdf(path, parent)          # shows QPrintDialog, prints the chosen pages

``render_pdf(path, printer)`` does the drawing without a dialog (tests print to a PDF file).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QImage, QPainter
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QWidget

MAX_DPI = 300  # enough for 公文 text; higher only costs memory and spooler time


def _page_image(page: object, dpi: int) -> QImage:
    bitmap = page.render(scale=dpi / 72.0)  # type: ignore[attr-defined]
    pil = bitmap.to_pil().convert("RGB")
    data = pil.tobytes("raw", "RGB")
    image = QImage(data, pil.width, pil.height, pil.width * 3, QImage.Format.Format_RGB888)
    return image.copy()  # detach from the Python buffer before it is freed


def render_pdf(
    path: str | Path,
    printer: QPrinter,
    first: int = 1,
    last: int = 0,
    progress: Callable[[int, int], bool] | None = None,
) -> int:
    """Print pages first..last (1-based, 0 = to the end) onto the printer; returns pages printed.

    ``progress(done, total)`` may return False to stop early (a cancel button).
    """
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    try:
        count = len(pdf)
        last = count if last <= 0 else min(last, count)
        first = max(1, first)
        dpi = min(MAX_DPI, max(72, printer.resolution()))
        painter = QPainter()
        if not painter.begin(printer):
            raise OSError(f"无法开始打印 {Path(path).name}：打印机不可用")
        printed = 0
        try:
            for number in range(first, last + 1):
                if printed:
                    printer.newPage()
                image = _page_image(pdf[number - 1], dpi)
                target = QRectF(painter.viewport())
                size = (
                    image.size().toSizeF().scaled(target.size(), Qt.AspectRatioMode.KeepAspectRatio)
                )
                rect = QRectF(
                    target.x() + (target.width() - size.width()) / 2,
                    target.y() + (target.height() - size.height()) / 2,
                    size.width(),
                    size.height(),
                )
                painter.drawImage(rect, image)
                printed += 1
                if progress and progress(printed, last - first + 1) is False:
                    break
        finally:
            painter.end()
        return printed
    finally:
        pdf.close()


def print_pdf(path: str | Path, parent: QWidget | None = None) -> int:
    """Ask for printer and pages in the system dialog, then print; 0 when the user cancels."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    count = len(pdf)
    pdf.close()
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setDocName(Path(path).stem)
    printer.setFullPage(True)  # the PDF already carries its margins
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(f"打印 {Path(path).name}")
    dialog.setMinMax(1, count)
    dialog.setOption(QPrintDialog.PrintDialogOption.PrintPageRange, True)
    if dialog.exec() != QPrintDialog.DialogCode.Accepted:
        return 0
    first, last = 1, count
    if printer.printRange() == QPrinter.PrintRange.PageRange:
        first, last = printer.fromPage() or 1, printer.toPage() or count
    return render_pdf(path, printer, first, last)
