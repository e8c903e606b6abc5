"""Regenerate the user guide's screenshots from the real app, offscreen, on the demo data.

    QT_QPA_PLATFORM=offscreen python docs/guide/make_screenshots.py

Writes docs/guide/images/<wing>.png (one per wing of the main window, at 1366×768, the smallest
screen the office uses), wizard-*.png and about.png, on the whole demo office that ``gazette demo``
loads. ``make_app`` registers the app's own fonts, so the Chinese renders as it does for users.
Run it again whenever a wing's screen changes; the guide's Markdown refers to these names.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
OUT = Path(__file__).resolve().parent / "images"
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def pump(app: object, rounds: int = 20) -> None:
    for _ in range(rounds):
        app.processEvents()  # type: ignore[attr-defined]


def wait(app: object, seconds: float) -> None:
    import time

    end = time.monotonic() + seconds
    while time.monotonic() < end:
        pump(app, 5)
        time.sleep(0.05)


def settle(app: object, window: object, seconds: float = 60) -> None:
    """Wait until the window's background tasks (loading a desk, building reminders) are done."""
    import time

    end = time.monotonic() + seconds
    while window.runner.active and time.monotonic() < end:  # type: ignore[attr-defined]
        pump(app, 5)
        time.sleep(0.05)
    pump(app, 20)


def search_and_open(app: object, screen: object, text: str) -> None:
    """Type a query into the 查阅 screen and open the first hit, as a person would."""
    import time

    box = screen.search_edit  # type: ignore[attr-defined]
    before = screen.searches_done  # type: ignore[attr-defined]
    box.setText(text)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and screen.searches_done == before:  # type: ignore[attr-defined]
        pump(app, 5)
        time.sleep(0.05)
    screen.open_row(0)  # type: ignore[attr-defined]
    end = time.monotonic() + 3
    while time.monotonic() < end:
        pump(app, 5)
        time.sleep(0.05)


USUAL = "C:\\Users\\编辑部\\AppData\\Local\\gazette-desk"  # the default data folder on Windows


@contextmanager
def shown_as_on_windows(widget: Any, tmp: Path) -> Iterator[None]:
    """For the picture only, show this run's temporary folder as the office's usual one, then
    put the real text back before the app goes on (the guide must not show a scratch path)."""
    from PySide6.QtWidgets import QLabel, QLineEdit

    def usual(text: str) -> str:
        for folder in (tmp / "wizard-data", tmp / "data"):
            text = text.replace(f"{folder}/", USUAL + "\\").replace(str(folder), USUAL)
        return text

    every = [*widget.findChildren(QLabel), *widget.findChildren(QLineEdit)]
    shown = [w for w in every if str(tmp) in w.text()]
    texts = [w.text() for w in shown]
    for w, text in zip(shown, texts, strict=True):
        w.setText(usual(text))
    try:
        yield
    finally:
        for w, text in zip(shown, texts, strict=True):
            w.setText(text)


def main() -> int:
    tmp = Path(tempfile.mkdtemp(prefix="gazette-shots-"))
    os.environ["GAZETTE_CONFIG_DIR"] = str(tmp / "config")
    os.environ.pop("GAZETTE_DATABASE_URL", None)
    import gazette.context  # before PySide6, as main.py does
    from ui.app import make_app

    app = make_app()
    OUT.mkdir(parents=True, exist_ok=True)
    from archive import demo

    ctx = gazette.context.open_context(None, tmp / "data")
    demo.load_office(ctx)  # the office and its twenty years of history, as `gazette demo`

    from ui.main_window import MainWindow
    from ui.wings import WINGS

    window = MainWindow(ctx)
    window.resize(1366, 768)
    window.show()
    for wing in WINGS:
        screen = window.open_wing(wing.key)
        pump(app, 40)  # lazy tables and QPdfView-like widgets paint asynchronously
        settle(app, window)
        if wing.key == "lookup":  # show what a new user sees after searching 公开
            search_and_open(app, screen, "公开")
        with shown_as_on_windows(window, tmp):
            window.grab().save(str(OUT / f"{wing.key}.png"))
        print("wrote", OUT / f"{wing.key}.png")

    from ui.about import AboutDialog

    about = AboutDialog(ctx, window)
    about.show()
    pump(app)
    with shown_as_on_windows(about, tmp):
        about.grab().save(str(OUT / "about.png"))
    about.close()

    from ui.firstrun.wizard import FirstRunWizard

    wizard = FirstRunWizard(data_dir=str(tmp / "wizard-data"))
    wizard.show()
    for i in range(6):
        wait(app, 2)  # a page may ask its worker first (the demo page: is the database empty?)
        with shown_as_on_windows(wizard, tmp):
            wizard.grab().save(str(OUT / f"wizard-{i + 1}.png"))
        wizard.next()
    wizard.discard()
    window.close()
    ctx.close()
    print("screenshots in", OUT)
    return 0


if __name__ == "__main__":
    sys.exit(main())
