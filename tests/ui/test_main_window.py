"""The main window opens offscreen and every wing can be visited."""

from __future__ import annotations

from ui.main_window import MainWindow, PlaceholderWing
from ui.wings import WINGS, available


def test_visit_every_wing(qtbot, ctx, tmp_path) -> None:
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.show()
    assert "内置数据库" in window.db_label.text()
    for wing in WINGS:
        screen = window.open_wing(wing.key)
        assert window.stack.currentWidget() is screen
        if available(wing):
            assert not isinstance(screen, PlaceholderWing), wing.title
        qtbot.waitUntil(lambda: not window.runner.active, timeout=30000)  # the wing has loaded
    window.grab().save(str(tmp_path / "window.png"))
    assert (tmp_path / "window.png").stat().st_size > 1000
    window.close()
