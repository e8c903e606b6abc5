"""Starts the 公报编辑部 desktop application."""

import multiprocessing
import sys

if __name__ == "__main__":
    # In the packaged app, each OCR worker process starts this same executable: it must run the
    # worker and exit, before anything of the app (Qt above all) is imported.
    multiprocessing.freeze_support()

# The core (SQLAlchemy, Alembic) is imported before PySide6 on purpose: PySide6 installs an import
# hook that reads the source of every module imported after it, which slows start-up (bench/startup.py).
import gazette.context  # noqa: F401
from ui.app import run

if __name__ == "__main__":
    sys.exit(run())
