"""Regenerate the user guide's screenshots from the real app, offscreen, on the demo data.

    QT_QPA_PLATFORM=offscreen python docs/guide/make_screenshots.py

Writes docs/guide/images/<wing>.png (one per wing of the main window), wizard-*.png and about.png.
Run it again whenever a wing's screen changes; the guide's Markdown refers to these names.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUT = Path(__file__).resolve().parent / "images"
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def pump(app: object, rounds: int = 20) -> None:
    for _ in range(rounds):
        app.processEvents()  # type: ignore[attr-defined]


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


def main() -> int:
    tmp = Path(tempfile.mkdtemp(prefix="gazette-shots-"))
    os.environ["GAZETTE_CONFIG_DIR"] = str(tmp / "config")
    os.environ.pop("GAZETTE_DATABASE_URL", None)
    import gazette.context  # before PySide6, as main.py does
    from ui.app import make_app

    app = make_app()
    OUT.mkdir(parents=True, exist_ok=True)
    from gazette import demo

    ctx = gazette.context.open_context(None, tmp / "data")
    demo.load(ctx)
    from archive import demo as archive_demo

    archive_demo.load(ctx)

    from ui.main_window import MainWindow
    from ui.wings import WINGS

    window = MainWindow(ctx)
    window.resize(1280, 800)
    window.show()
    for wing in WINGS:
        screen = window.open_wing(wing.key)
        pump(app, 40)  # lazy tables and QPdfView-like widgets paint asynchronously
        settle(app, window)
        if wing.key == "lookup":  # show what a new user sees after searching 公开
            search_and_open(app, screen, "公开")
        window.grab().save(str(OUT / f"{wing.key}.png"))
        print("wrote", OUT / f"{wing.key}.png")

    from ui.about import AboutDialog

    about = AboutDialog(ctx, window)
    about.show()
    pump(app)
    about.grab().save(str(OUT / "about.png"))
    about.close()

    from ui.firstrun.wizard import FirstRunWizard

    wizard = FirstRunWizard(data_dir=str(tmp / "wizard-data"))
    wizard.show()
    for i in range(6):
        pump(app)
        wizard.grab().save(str(OUT / f"wizard-{i + 1}.png"))
        wizard.next()
    wizard.discard()
    window.close()
    ctx.close()
    print("screenshots in", OUT)
    return 0


if __name__ == "__main__":
    sys.exit(main())
