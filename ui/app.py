"""Starts the GUI: resolve the database like the CLI does, open the main window, shut down cleanly.

Start-up order matters for speed and for shutdown: Qt first (translations, fonts), then the first-run
wizard (it may choose the database), then the context, then the main window. SIGTERM/SIGINT close
every window through the event loop, so the main window's closeEvent stops the workers before the
database is disposed: nothing is left half-written.
"""

from __future__ import annotations

import argparse
import logging
import os
import signal
import sys
from dataclasses import dataclass
from typing import Literal

from PySide6.QtCore import QLibraryInfo, QLocale, Qt, QTimer, QTranslator
from PySide6.QtGui import QFontDatabase, QGuiApplication
from PySide6.QtWidgets import QApplication, QWidget

from gazette import APP_NAME, APP_SLUG, config
from gazette.cli import argparse_zh
from gazette.context import AppContext, open_context
from gazette.resources import resource_path
from ui.errors import install_excepthook, setup_logging, show_error

log = logging.getLogger(__name__)


def parse_args(argv: list[str]) -> argparse.Namespace:
    argparse_zh.install()  # the frame (用法, 选项) and usage errors in Chinese, as the CLI's
    parser = argparse.ArgumentParser(prog=APP_SLUG, description=APP_NAME)
    parser.add_argument("--database", metavar="URL", help=argparse_zh.DATABASE_HELP)
    parser.add_argument("--data-dir", metavar="DIR", help=argparse_zh.DATA_DIR_HELP)
    parser.add_argument("--no-first-run", action="store_true", help="跳过首次运行向导与提示")
    parser.add_argument("--quit-after", type=int, metavar="MS", help=argparse.SUPPRESS)
    # prints "READY <seconds>" once the main window is interactive, then quits (bench/startup.py)
    parser.add_argument("--ready-and-quit", action="store_true", help=argparse.SUPPRESS)
    # runs the bundle smoke checks and writes a JSON report (packaging/smoke.py)
    parser.add_argument("--self-test", metavar="REPORT.json", help=argparse.SUPPRESS)
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


def translations_dirs() -> list[str]:
    """Qt's own translations: where QLibraryInfo says, then inside the PySide6 package."""
    dirs = [QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)]
    import PySide6

    dirs.append(os.path.join(os.path.dirname(PySide6.__file__), "Qt", "translations"))
    return [d for d in dirs if d and os.path.isdir(d)]


def install_translations(app: QApplication) -> list[str]:
    """Load qtbase_zh_CN so standard dialogs and buttons (确定, 取消, 打印…) are Chinese."""
    loaded: list[str] = []
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    for name in ("qtbase_zh_CN",):
        for folder in translations_dirs():
            translator = QTranslator(app)
            if translator.load(name, folder):
                app.installTranslator(translator)
                loaded.append(name)
                break
    app.setProperty("gazette_translations", loaded)
    return loaded


def make_app() -> QApplication:
    """The QApplication, configured once (also used by tests and the screenshot script)."""
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        app = existing
    else:
        # Fractional Windows scaling (125 %, 150 %) stays exact instead of rounding to 1× or 2×.
        QGuiApplication.setHighDpiScaleFactorRoundingPolicy(
            Qt.HighDpiScaleFactorRoundingPolicy.PassThrough
        )
        app = QApplication([sys.argv[0]])
    if app.property("gazette_ready"):
        return app
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    app.setDesktopFileName(APP_SLUG)
    if sys.platform == "win32":  # own taskbar group and icon, not python.exe's
        import ctypes

        ctypes.windll.shell32.SetCurrentProcessExplicitAppUserModelID(APP_SLUG)
    install_translations(app)
    families = register_fonts()
    family = ui_font_family(families)
    if family:
        font = app.font()
        font.setFamily(family)
        app.setFont(font)
    app.setProperty("gazette_ready", True)
    return app


@dataclass
class _Shutdown:
    """Set by SIGTERM/SIGINT; checked between start-up steps that run their own event loop."""

    requested: bool = False
    wizard_cancelled: bool = False  # the user left the first-run wizard: say how to come back


def _install_signal_handlers(state: _Shutdown) -> QTimer:
    def terminate(signum: int, _frame: object) -> None:
        log.info("收到信号 %s，正在退出", signum)
        state.requested = True
        app = QApplication.instance()
        if app is not None:
            app.setProperty("shutting_down", True)  # close without asking (the wizard's 取消)
        QTimer.singleShot(0, QApplication.closeAllWindows)

    signal.signal(signal.SIGTERM, terminate)
    signal.signal(signal.SIGINT, terminate)
    heartbeat = QTimer()  # lets Python run its signal handlers while Qt's loop is idle
    heartbeat.timeout.connect(lambda: None)
    heartbeat.start(200)
    return heartbeat


def first_run_due(args: argparse.Namespace) -> bool:
    """Never run before, and no database from an earlier version or another PC's setup."""
    saved = config.load_saved()
    if saved.get("first_run_done") or saved.get("database_url") or args.database:
        return False
    location = config.resolve(args.database, args.data_dir)
    if not location.is_embedded:
        return False  # GAZETTE_DATABASE_URL: an administrator chose the database
    return not (location.data_dir / config.SQLITE_FILE_NAME).exists()


def _first_run(args: argparse.Namespace, state: _Shutdown) -> AppContext | Literal[False] | None:
    """Run the wizard when due. Returns its context; None when skipped or cancelled by the user
    (the app then opens with its defaults); False when the app is shutting down."""
    if config.no_first_run(args.no_first_run) or not first_run_due(args):
        return None
    from ui.firstrun.wizard import FirstRunWizard

    wizard = FirstRunWizard(database=args.database, data_dir=args.data_dir)
    accepted = wizard.exec() == FirstRunWizard.DialogCode.Accepted
    if state.requested or not accepted:
        wizard.discard()
        state.wizard_cancelled = not state.requested
        return None if state.wizard_cancelled else False
    return wizard.context


def configure_mappers() -> None:
    """Import every mapped module and configure the ORM once, here, on the GUI thread.

    SQLAlchemy configures all mappers on first use, from whichever thread gets there first. The
    archive wing imports archive.models lazily; if a worker thread configured the mappers while
    the GUI thread was half-way through that module, ``Plan`` was registered but ``PlanTarget``
    not yet, and every later query in the process failed. Loading both halves of the model up
    front, before any worker exists, leaves no such window.
    """
    import archive.models

    archive.models.configure_all()  # the archive's tables share gazette's Base


def run(argv: list[str] | None = None) -> int:
    args = parse_args(list(sys.argv[1:] if argv is None else argv))
    configure_mappers()
    app = make_app()
    install_excepthook()
    state = _Shutdown()
    heartbeat = _install_signal_handlers(state)
    try:
        outcome = _first_run(args, state)
    except Exception as exc:
        log.exception("首次运行向导失败")
        show_error(None, "首次运行向导失败", exc)
        outcome = None
    if outcome is False:
        return 0
    try:
        ctx = outcome or open_context(args.database, args.data_dir)
    except Exception as exc:
        try:  # the log goes where the data folder would be, so the failure is on record
            setup_logging(config.resolve(args.database, args.data_dir).data_dir)
            log.error("无法打开数据库", exc_info=exc)
        except Exception:
            pass
        show_error(None, "无法打开数据库", exc)
        return 1
    log_file = setup_logging(ctx.data_dir)
    log.info("启动：%s（日志 %s）", ctx.db.display_name(), log_file)
    if ctx.requires_sign_in and ctx.role == "reader":
        from ui.signin import SignInDialog

        if SignInDialog(ctx).exec() != SignInDialog.DialogCode.Accepted:
            ctx.close()
            return 0
        log.info("登录：%s（%s）", ctx.user, ctx.role)
    if state.requested:
        ctx.close()
        return 0

    from ui.main_window import MainWindow

    window = MainWindow(ctx)
    window.show()
    if state.wizard_cancelled:
        from ui.firstrun.wizard import CANCEL_NOTE

        window.show_notice("wizard", "尚未完成首次运行设置，现按默认设置运行。" + CANCEL_NOTE)
    log.info("主窗口已打开")
    if args.quit_after:
        QTimer.singleShot(args.quit_after, window.close)
    if args.ready_and_quit:
        QTimer.singleShot(0, lambda: _report_ready(window))
    if args.self_test:
        from ui.selftest import start_self_test

        start_self_test(window, args.self_test)
    code = app.exec()
    heartbeat.stop()
    window.runner.shutdown()  # closeEvent already waited; this is a no-op unless it was skipped
    ctx.close()
    log.info("退出（代码 %s）", code)
    logging.shutdown()
    return int(code)


HEAVY_MODULES = ("reportlab", "rapidocr", "onnxruntime", "openpyxl", "docx", "pypdfium2", "cv2")


def _report_ready(window: QWidget) -> None:
    """The window is shown and the event loop is idle: it answers input from here on."""
    loaded = [m for m in HEAVY_MODULES if m in sys.modules]
    print("READY heavy=" + ",".join(loaded), flush=True)
    window.close()
