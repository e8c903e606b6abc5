"""Starts the 公报编辑部 desktop application."""

import sys

# The core (SQLAlchemy, Alembic) is imported before PySide6 on purpose: PySide6 installs an import
# hook that reads the source of every module imported after it, which slows start-up (bench/startup.py).
import gazette.context  # noqa: F401
from ui.app import run

if __name__ == "__main__":
    sys.exit(run())
