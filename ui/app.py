"""Starts the GUI: resolve the database like the CLI does, open the main window, shut down cleanly."""

from __future__ import annotations

import argparse
import logging
import signal
import sys

from PySide6.QtCore import QTimer
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QApplication, QMessageBox

from gazette import APP_NAME, config
from gazette.context import AppContext, open_context
from gazette.resources import resource_path
from ui.errors import install_excepthook, setup_logging, show_error

log = logging.getLogger(__name__)


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="gazette-desk", description=APP_NAME)
    parser.add_argument("--database", metavar="URL")
    parser.add_argument("--data-dir", metavar="DIR")
    parser.add_argument("--no-first-run", action="store_true", help="跳过首次运行的提示")
    parser.add_argument("--quit-after", type=int, metavar="MS", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def register_fonts() -> list[str]:
    """Make the bundled Chinese fonts known to Qt, so no screen shows boxes."""
    families: list[str] = []
    for path in sorted(resource_path("fonts").glob("*.tt[fc]")):
        font_id = QFontDatabase.addApplicationFont(str(path))
        if font_id >= 0:
            families += QFontDatabase.applicationFontFamilies(font_id)
    return families


def ui_font_family(families: list[str]) -> str | None:
    for preferred in ("Microsoft YaHei UI", "Microsoft YaHei", "WenQuanYi Micro Hei"):
        if preferred in QFontDatabase.families() or preferred in families:
            return preferred
    return None


def offer_demo(ctx: AppContext, parent: object) -> None:
    """On a first run with an empty database, offer to load the demo data."""
    from gazette import demo

    if not demo.is_empty(ctx):
        return
    answer = QMessageBox.question(
        None,
        APP_NAME,
        "数据库是空的。是否载入演示数据（部门、联络员、报送记录等），以便熟悉各项功能？",
    )
    if answer == QMessageBox.StandardButton.Yes:
        demo.load(ctx)


def run(argv: list[str] | None = None) -> int:
    args = parse_args(list(sys.argv[1:] if argv is None else argv))
    app = QApplication.instance() or QApplication([sys.argv[0]])
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(APP_NAME)
    families = register_fonts()
    family = ui_font_family(families)
    if family:
        font = app.font()
        font.setFamily(family)
        app.setFont(font)
    install_excepthook()
    try:
        ctx = open_context(args.database, args.data_dir)
    except Exception as exc:
        show_error(None, "无法打开数据库", exc)
        return 1
    setup_logging(ctx.data_dir)
    log.info("启动：%s", ctx.db.display_name())
    if not config.no_first_run(args.no_first_run):
        try:
            offer_demo(ctx, None)
        except Exception as exc:
            show_error(None, "载入演示数据失败", exc)

    from ui.main_window import MainWindow

    window = MainWindow(ctx)
    window.show()

    def _terminate(*_a: object) -> None:
        QTimer.singleShot(0, window.close)

    signal.signal(signal.SIGTERM, _terminate)
    signal.signal(signal.SIGINT, _terminate)
    heartbeat = QTimer()  # lets Python run its signal handlers while Qt's loop is idle
    heartbeat.start(250)
    heartbeat.timeout.connect(lambda: None)
    if args.quit_after:
        QTimer.singleShot(args.quit_after, window.close)
    code = app.exec()
    ctx.close()
    log.info("退出")
    return int(code)
