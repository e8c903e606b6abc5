"""Desktop conventions: translations, menus and shortcuts, geometry, About box, printing, drops."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMimeData, QPoint, QPointF, QSize, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QDialogButtonBox, QLineEdit, QWidget

from ui import recent
from ui.app import make_app


def test_qt_chinese_translations_loaded(qapp) -> None:
    app = make_app()
    assert "qtbase_zh_CN" in app.property("gazette_translations")
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
    assert box.button(QDialogButtonBox.StandardButton.Cancel).text() == "取消"


def test_menus_in_the_usual_order(qtbot, ctx) -> None:
    from ui.main_window import MainWindow

    window = MainWindow(ctx)
    qtbot.addWidget(window)
    titles = [a.text() for a in window.menuBar().actions()]
    assert titles == ["文件(&F)", "编辑(&E)", "视图(&V)", "转到(&G)", "工具(&T)", "帮助(&H)"]
    acts = window.actions_by_name
    assert acts["save"].shortcut().toString() == "Ctrl+S"
    assert acts["print"].shortcut().toString() == "Ctrl+P"
    assert acts["find"].shortcut().toString() == "Ctrl+F"


class _Screen(QWidget):
    def __init__(self) -> None:
        super().__init__()
        self.calls: list[str] = []
        self.search = QLineEdit(self)

    def save(self) -> None:
        self.calls.append("save")

    def print_(self) -> None:
        self.calls.append("print")


def test_shortcuts_forwarded_to_current_screen(qtbot, ctx) -> None:
    from ui.main_window import MainWindow

    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    screen = _Screen()
    window.stack.addWidget(screen)
    window.stack.setCurrentWidget(screen)
    window.actions_by_name["save"].trigger()
    window.actions_by_name["print"].trigger()
    assert screen.calls == ["save", "print"]
    window.actions_by_name["find"].trigger()  # no focus_search here: goes to the 查阅 wing
    assert window.current_wing() == "lookup"


def test_geometry_screen_and_wing_restored(qtbot, ctx) -> None:
    from ui.main_window import MainWindow

    first = MainWindow(ctx)
    qtbot.addWidget(first)
    first.show()
    area = first.screen().availableGeometry()
    screen = first.open_wing("departments")
    qtbot.waitUntil(screen.isVisible)  # shown: its layout has set the window's minimum size
    first.layout().activate()
    width = max(area.width() // 2, first.minimumSizeHint().width() + 40)
    height = max(area.height() // 2, first.minimumSizeHint().height() + 40)
    first.setGeometry(area.x() + 30, area.y() + 40, width, height)
    qtbot.waitUntil(lambda: first.geometry().size() == QSize(width, height))
    geometry = first.geometry()
    first.close()
    second = MainWindow(ctx)
    qtbot.addWidget(second)
    second.show()
    assert second.geometry().size() == geometry.size()
    assert second.geometry().topLeft() == geometry.topLeft()
    assert second.current_wing() == "departments"
    assert second.screen().name() == first.screen().name()


def test_recent_files_and_issues(ctx, tmp_path) -> None:
    for i in range(12):
        recent.add_file(ctx, tmp_path / f"{i}.pdf", "issues")
    recent.add_file(ctx, tmp_path / "3.pdf", "issues")
    files = recent.files(ctx)
    assert len(files) == recent.LIMIT
    assert files[0].path.endswith("3.pdf") and files[0].wing == "issues"
    assert sum(f.path.endswith("3.pdf") for f in files) == 1
    recent.add_issue(ctx, 7, "2026年第7期（总第150期）")
    assert recent.issues(ctx)[0].label.startswith("2026年第7期")


def test_about_box_lists_versions_and_font_licences(qtbot, ctx) -> None:
    from ui.about import AboutDialog, font_licences

    dialog = AboutDialog(ctx)
    qtbot.addWidget(dialog)
    licences = font_licences()
    assert any("wqy" in name for name, _ in licences)
    text = dialog.licences.toPlainText()
    assert "WenQuanYi" in text and "Apache" in text
    tabs = [dialog.tabs.tabText(i) for i in range(dialog.tabs.count())]
    assert tabs == ["版本", "字体许可证"]


def test_guide_opens(qtbot) -> None:
    from ui.help import GuideWindow, guide_dir

    assert (guide_dir() / "index.md").exists()
    guide = GuideWindow()
    qtbot.addWidget(guide)
    assert "用户手册" in guide.browser.toPlainText()


def _two_page_pdf(path: Path) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    from gazette.layout import fonts

    name = fonts.ensure_registered()["body"]
    c = canvas.Canvas(str(path), pagesize=A4)
    for n in (1, 2):
        c.setFont(name, 28)
        c.drawString(72, 700, f"宿迁市人民政府公报 第{n}页")
        c.rect(72, 100, 450, 500, fill=1)
        c.showPage()
    c.save()


def test_print_pdf_to_pdf_printer(qapp, tmp_path) -> None:
    import pypdfium2 as pdfium
    from pypdf import PdfReader

    from ui.printing import render_pdf

    source, out = tmp_path / "source.pdf", tmp_path / "printed.pdf"
    _two_page_pdf(source)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(out))
    printer.setResolution(150)
    printer.setFullPage(True)
    assert render_pdf(source, printer) == 2
    assert len(PdfReader(out).pages) == 2
    page = pdfium.PdfDocument(str(out))[0].render(scale=0.5).to_pil().convert("L")
    dark = sum(1 for v in page.tobytes() if v < 128) / (page.width * page.height)
    assert 0.2 < dark < 0.6  # the filled rectangle came through, the page is not blank
    assert render_pdf(source, printer, first=2, last=2) == 1


def test_the_preview_prints_the_pdf_it_shows_through_the_print_dialog(qtbot, tmp_path) -> None:
    """公报编排's 预览 (a proof or the built edition): 打印… prints the pages as laid out."""
    from pypdf import PdfReader

    from tests.ui import modal_clicks
    from ui.issues.preview import PdfPreview

    preview = PdfPreview()
    qtbot.addWidget(preview)
    preview.resize(800, 600)
    preview.show()
    assert not preview.print_btn.isEnabled()  # nothing to print yet
    source, out = tmp_path / "校样.pdf", tmp_path / "printed.pdf"
    _two_page_pdf(source)
    preview.open(source)
    modal_clicks.print_to(qtbot, str(out))
    assert preview.print_btn.isVisible() and preview.print_btn.isEnabled()
    qtbot.mouseClick(preview.print_btn, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(out.exists)
    assert len(PdfReader(out).pages) == 2
    preview.close_pdf()
    assert not preview.print_btn.isEnabled()


def test_drop_zone_takes_only_wanted_files(qtbot, tmp_path) -> None:
    from ui.dropzone import accept_drops

    widget = QWidget()
    qtbot.addWidget(widget)
    got: list[list[Path]] = []
    zone = accept_drops(widget, (".xlsx",), got.append)
    wanted, other = tmp_path / "部门.xlsx", tmp_path / "x.txt"
    wanted.write_bytes(b"x")
    other.write_bytes(b"x")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(wanted)), QUrl.fromLocalFile(str(other))])
    args = (
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    # Qt delivers drag events only from a real drag, so the filter is called as Qt would call it
    enter = QDragEnterEvent(QPoint(5, 5), *args)
    assert zone.eventFilter(widget, enter) and enter.isAccepted()
    assert "dashed" in widget.styleSheet()
    zone.eventFilter(widget, QDropEvent(QPointF(5, 5), *args))
    assert got == [[wanted]]
    assert "dashed" not in widget.styleSheet()
    only_other = QMimeData()
    only_other.setUrls([QUrl.fromLocalFile(str(other))])
    refused = QDragEnterEvent(QPoint(5, 5), args[0], only_other, *args[2:])
    refused.setAccepted(True)  # start accepted: the filter itself must turn it down
    zone.eventFilter(widget, refused)
    assert not refused.isAccepted()
    assert widget.acceptDrops()


def test_site_export_is_in_the_tools_menu(qtbot, ctx) -> None:
    from ui.main_window import MainWindow

    window = MainWindow(ctx)
    qtbot.addWidget(window)
    tools = next(a.menu() for a in window.menuBar().actions() if a.text().startswith("工具"))
    assert any("电子版公报网站" in a.text() for a in tools.actions())
