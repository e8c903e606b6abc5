"""Menus and the toolbar of the main window, in the usual Windows order.

文件 编辑 视图 转到 工具 帮助. Standard shortcuts come from QKeySequence.StandardKey so they match
the platform (Ctrl+S, Ctrl+P, Ctrl+F, F1 …).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt, QUrl
from PySide6.QtGui import QAction, QDesktopServices, QIcon, QKeySequence
from PySide6.QtWidgets import QMenu

from ui import recent
from ui.wings import WINGS

if TYPE_CHECKING:
    from ui.main_window import MainWindow


def _action(
    window: MainWindow,
    text: str,
    slot: Callable[[], object],
    shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
    icon: QIcon.ThemeIcon | None = None,
) -> QAction:
    """An action; ``icon`` is a QIcon.ThemeIcon (Windows 11's Fluent icons, Linux icon themes)."""
    action = QAction(text, window)
    action.setIconText(re.sub(r"\(&\w\)|…|&", "", text))  # toolbar: 保存, not 保存(S)
    if shortcut is not None:
        action.setShortcut(
            shortcut if isinstance(shortcut, QKeySequence) else QKeySequence(shortcut)
        )
    if icon is not None and QIcon.hasThemeIcon(icon):
        action.setIcon(QIcon.fromTheme(icon))
    action.triggered.connect(lambda _=False: slot())
    return action


def build_menus(window: MainWindow) -> dict[str, QAction]:
    sk, ti = QKeySequence.StandardKey, QIcon.ThemeIcon
    acts: dict[str, QAction] = {
        "save": _action(
            window, "保存(&S)", lambda: window.forward("save"), sk.Save, ti.DocumentSave
        ),
        "print": _action(
            window,
            "打印(&P)…",
            lambda: window.forward("print_"),
            sk.Print,
            ti.DocumentPrint,
        ),
        "quit": _action(window, "退出(&X)", window.close, sk.Quit),
        "find": _action(window, "查找(&F)…", window.focus_search, sk.Find, ti.EditFind),
        "settings": _action(window, "设置(&O)…", lambda: window.open_wing("settings"), "Ctrl+,"),
        "fullscreen": _action(
            window, "全屏(&U)", lambda: _toggle_fullscreen(window), sk.FullScreen
        ),
        "wizard": _action(window, "首次运行向导(&R)…", lambda: _open_wizard(window)),
        "data_dir": _action(window, "打开数据目录(&D)", lambda: _open_folder(window.ctx.data_dir)),
        "log": _action(
            window, "打开日志目录(&L)", lambda: _open_folder(window.ctx.data_dir / "logs")
        ),
        "guide": _action(
            window,
            "用户手册(&H)",
            lambda: _open_guide(window),
            sk.HelpContents,
            ti.HelpAbout,
        ),
        "about": _action(window, "关于(&A)", lambda: _open_about(window)),
    }
    acts["quit"].setMenuRole(QAction.MenuRole.QuitRole)
    acts["about"].setMenuRole(QAction.MenuRole.AboutRole)
    acts["fullscreen"].setCheckable(True)
    bar = window.menuBar()

    file_menu = bar.addMenu("文件(&F)")
    file_menu.addAction(acts["save"])
    file_menu.addAction(acts["print"])
    file_menu.addSeparator()
    recent_files = file_menu.addMenu("最近的文件(&R)")
    recent_issues = file_menu.addMenu("最近的期次(&I)")
    recent_files.aboutToShow.connect(lambda: _fill_recent_files(window, recent_files))
    recent_issues.aboutToShow.connect(lambda: _fill_recent_issues(window, recent_issues))
    file_menu.addSeparator()
    file_menu.addAction(acts["quit"])

    edit_menu = bar.addMenu("编辑(&E)")
    edit_menu.addAction(acts["find"])
    edit_menu.addSeparator()
    edit_menu.addAction(acts["settings"])

    view_menu = bar.addMenu("视图(&V)")
    toolbar = window.addToolBar("工具栏")
    toolbar.setObjectName("mainToolBar")
    toolbar.setIconSize(QSize(20, 20))
    toolbar.setMovable(False)
    toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    view_menu.addAction(toolbar.toggleViewAction())
    nav_toggle = QAction("导航栏(&N)", window)
    nav_toggle.setCheckable(True)
    nav_toggle.setChecked(True)
    nav_toggle.toggled.connect(window.nav.setVisible)
    view_menu.addAction(nav_toggle)
    view_menu.addSeparator()
    view_menu.addAction(acts["fullscreen"])

    go_menu = bar.addMenu("转到(&G)")
    for i, wing in enumerate(WINGS):
        go = QAction(wing.title, window)
        go.setShortcut(QKeySequence(f"Ctrl+{i + 1}"))
        go.triggered.connect(lambda _=False, r=i: window.nav.setCurrentRow(r))
        go_menu.addAction(go)

    tools_menu = bar.addMenu("工具(&T)")
    site = QAction("导出电子版公报网站(&W)…", window)
    site.triggered.connect(lambda: _open_site(window))
    acts["site"] = site
    tools_menu.addAction(site)
    tools_menu.addSeparator()
    tools_menu.addAction(acts["wizard"])
    tools_menu.addSeparator()
    tools_menu.addAction(acts["data_dir"])
    tools_menu.addAction(acts["log"])

    help_menu = bar.addMenu("帮助(&H)")
    help_menu.addAction(acts["guide"])
    help_menu.addSeparator()
    help_menu.addAction(acts["about"])

    toolbar.addAction(acts["save"])
    toolbar.addAction(acts["print"])
    toolbar.addSeparator()
    toolbar.addAction(acts["find"])
    toolbar.addSeparator()
    toolbar.addAction(acts["guide"])

    def update_actions() -> None:
        acts["save"].setEnabled(window.screen_can("save"))
        acts["print"].setEnabled(window.screen_can("print_"))

    window.update_actions = update_actions  # type: ignore[attr-defined]
    window.stack.currentChanged.connect(lambda _i: update_actions())
    return acts


def _fill_recent_files(window: MainWindow, menu: QMenu) -> None:
    menu.clear()
    items = recent.files(window.ctx)
    for n, item in enumerate(items, start=1):
        act = menu.addAction(f"&{n % 10} {item.path}")
        act.triggered.connect(lambda _=False, it=item: window.open_recent_file(it))
    if not items:
        menu.addAction("（无）").setEnabled(False)
    else:
        menu.addSeparator()
        menu.addAction("清除列表", lambda: recent.clear(window.ctx))


def _fill_recent_issues(window: MainWindow, menu: QMenu) -> None:
    menu.clear()
    items = recent.issues(window.ctx)
    for n, item in enumerate(items, start=1):
        act = menu.addAction(f"&{n % 10} {item.label}")
        act.triggered.connect(lambda _=False, it=item: window.open_recent_issue(it))
    if not items:
        menu.addAction("（无）").setEnabled(False)


def _toggle_fullscreen(window: MainWindow) -> None:
    window.showNormal() if window.isFullScreen() else window.showFullScreen()


def _open_folder(path: object) -> None:
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


def _open_guide(window: MainWindow) -> None:
    from ui.help import GuideWindow

    guide = getattr(window, "_guide", None)
    if guide is None:
        guide = GuideWindow(window)
        window._guide = guide  # type: ignore[attr-defined]
    guide.show()
    guide.raise_()


def _open_about(window: MainWindow) -> None:
    from ui.about import AboutDialog

    AboutDialog(window.ctx, window).exec()


def _open_site(window: MainWindow) -> None:
    from ui.site.dialog import SiteDialog

    SiteDialog(window.ctx, window.runner, window).exec()


def _open_wizard(window: MainWindow) -> None:
    from ui.firstrun.wizard import FirstRunWizard

    wizard = FirstRunWizard(context=window.ctx, parent=window)
    if wizard.exec() == FirstRunWizard.DialogCode.Accepted:
        window.clear_notice("wizard")
    window.check_calendar()  # a notice may have been imported on the 节假日安排 step
