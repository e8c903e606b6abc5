"""Error dialogs and the rotating log file in the data folder."""

from __future__ import annotations

import logging
import logging.handlers
import sys
import traceback
from pathlib import Path
from types import TracebackType

from PySide6.QtWidgets import QMessageBox, QWidget

log = logging.getLogger("gazette")


def setup_logging(data_dir: Path) -> Path:
    """Log to ``<data dir>/logs/gazette.log``, rotating at 2 MB, keeping 5 files."""
    folder = data_dir / "logs"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "gazette.log"
    root = logging.getLogger()
    for existing in list(root.handlers):  # called again (tests, a second context): one handler
        if isinstance(existing, logging.handlers.RotatingFileHandler):
            root.removeHandler(existing)
            existing.close()
    handler = logging.handlers.RotatingFileHandler(
        path, maxBytes=2_000_000, backupCount=5, encoding="utf-8"
    )
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    return path


def show_error(
    parent: QWidget | None, title: str, error: BaseException | str, details: str = ""
) -> None:
    """A dialog with a plain message and the technical details folded away."""
    message = str(error) or type(error).__name__
    if isinstance(error, BaseException) and not details:
        details = "".join(traceback.format_exception(error))
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(title)
    box.setText(message)
    if details:
        box.setDetailedText(details)
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    box.open() if parent is not None else box.exec()


def install_excepthook() -> None:
    """Uncaught exceptions in Qt slots go to the log and a dialog instead of vanishing."""

    def hook(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
        log.error("未处理的错误", exc_info=(kind, value, tb))
        try:
            show_error(
                None, "发生错误", value, "".join(traceback.format_exception(kind, value, tb))
            )
        except Exception:  # pragma: no cover - last resort
            sys.__excepthook__(kind, value, tb)

    sys.excepthook = hook
