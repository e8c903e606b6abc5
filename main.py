"""Starts the 公报编辑部 desktop application.

Nothing is imported at module level but the standard library: each OCR worker process runs this
file again (as ``__mp_main__`` when spawned, or as the packaged executable), and must not load Qt
or the database layer it never uses (about a second of CPU per worker).
"""

import multiprocessing
import sys

if __name__ == "__main__":
    # In the packaged app, each OCR worker starts this same executable: it runs the worker and
    # exits here, before anything of the app is imported.
    multiprocessing.freeze_support()
    # The core (SQLAlchemy, Alembic) is imported before PySide6 on purpose: PySide6 installs an
    # import hook that reads the source of every module imported after it, which slows start-up
    # (bench/startup.py).
    import gazette.context  # noqa: F401
    from ui.app import run

    sys.exit(run())
