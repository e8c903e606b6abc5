"""The main window: navigation on the left, the open wing on the right, tasks in the status bar.

Desktop conventions live here so screens need not repeat them: menus in the usual order (文件 编辑
视图 转到 工具 帮助), Ctrl+S / Ctrl+P forwarded to the current screen's ``save()`` / ``print_()``,
Ctrl+F to its ``focus_search()`` (else the 查阅 wing's), geometry and last screen remembered, recent
files and issues, and a clean shutdown that stops the workers before the database closes.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QByteArray, Qt
from PySide6.QtGui import QCloseEvent, QGuiApplication
from PySide6.QtWidgets import (
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QProgressBar,
    QSplitter,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from gazette import APP_NAME
from gazette.context import AppContext
from ui import ops, recent
from ui.errors import show_error
from ui.menus import build_menus
from ui.tasks import Task, TaskRunner
from ui.wings import WINGS, Wing, load

log = logging.getLogger(__name__)
SEARCH_WING = "lookup"
CALENDAR_TABLES = frozenset({"calendar_years", "holiday_overrides"})  # the working calendar
ISSUES_WING = "issues"


class PlaceholderWing(QWidget):
    """What a wing will hold, for wings not built yet."""

    def __init__(self, wing: Wing, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        title = QLabel(f"<h2>{wing.title}</h2>")
        text = QLabel(wing.summary + "<br><br><i>此功能正在建设中。</i>")
        text.setWordWrap(True)
        layout.addWidget(title)
        layout.addWidget(text)
        layout.addStretch(1)


class MainWindow(QMainWindow):
    def __init__(self, ctx: AppContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.runner = TaskRunner(self)
        self.setWindowTitle(APP_NAME)
        self._screens: dict[str, QWidget] = {}
        self._closed = False

        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.nav.setFixedWidth(180)
        self.nav.setStyleSheet("QListWidget#navigation::item { padding: 7px 10px; }")
        font = self.nav.font()
        font.setPointSizeF(font.pointSizeF() * 1.1)
        self.nav.setFont(font)
        for wing in WINGS:
            item = QListWidgetItem(wing.title)
            item.setData(Qt.ItemDataRole.UserRole, wing.key)
            self.nav.addItem(item)
        self.stack = QStackedWidget()
        self.notices: dict[str, str] = {}  # key → text shown above the wing until dismissed
        self.notice = QLabel()
        self.notice.setObjectName("notice")
        self.notice.setWordWrap(True)
        self.notice.setStyleSheet(
            "background:#FFF4D6;color:#8A4B00;border:1px solid #E0B252;padding:6px;"
        )
        self.notice.linkActivated.connect(self._notice_link)
        self.notice.hide()
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.notice)
        right_layout.addWidget(self.stack, 1)
        splitter = QSplitter()
        splitter.addWidget(self.nav)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)
        splitter.setSizes([180, 1100])
        self.setCentralWidget(splitter)
        self.nav.currentRowChanged.connect(self._open_row)

        self._build_status_bar()
        self.actions_by_name = build_menus(self)
        last = self._restore_geometry()
        self.nav.setCurrentRow(self.wing_keys().index(last) if last in self.wing_keys() else 0)

        self.runner.changed.connect(self._changed)
        self.check_calendar()

    # notices -------------------------------------------------------------------------------
    def show_notice(self, key: str, text: str) -> None:
        """A sentence above every wing (start-up news: an unfinished setup, next year's calendar)."""
        self.notices[key] = text
        self._show_notices()

    def clear_notice(self, key: str) -> None:
        self.notices.pop(key, None)
        self._show_notices()

    def _show_notices(self) -> None:
        links = {"wizard": "首次运行向导…", "calendar": "导入节假日通知…"}
        # the desk and 设置 say it in their own banner
        own = {"submissions": "calendar", "settings": "calendar"}.get(self.current_wing())
        parts = [
            f"⚠ {text} <a href='{key}'>{links[key]}</a>" if key in links else f"⚠ {text}"
            for key, text in self.notices.items()
            if key != own
        ]
        self.notice.setText("<br>".join(parts))
        self.notice.setVisible(bool(parts))

    def _notice_link(self, key: str) -> None:
        if key == "calendar":
            self.open_wing("settings")
        elif key == "wizard":
            self.actions_by_name["wizard"].trigger()

    def check_calendar(self) -> None:
        """From 1 November next year's holiday notice is needed: say so, never guess."""
        from gazette.calendar.admin import notice_needed, notice_reminder

        def done(text: str) -> None:
            self.show_notice("calendar", text) if text else self.clear_notice("calendar")

        ops.run_query(
            self,
            "检查工作日历",
            lambda uow: notice_reminder(notice_needed(uow.session)),
            done,
            on_error=lambda *_a: None,  # a reminder only: the calendar screen says the rest
        )

    def _changed(self, tables: frozenset[str]) -> None:
        """A notice imported anywhere (设置, the wizard) clears the calendar reminder at once."""
        if tables & CALENDAR_TABLES:
            self.check_calendar()

    # wings -------------------------------------------------------------------------------
    def wing_keys(self) -> list[str]:
        return [w.key for w in WINGS]

    def open_wing(self, key: str) -> QWidget:
        row = self.wing_keys().index(key)
        self.nav.setCurrentRow(row)
        return self._screens[key]

    def current_screen(self) -> QWidget | None:
        return self.stack.currentWidget()

    def current_wing(self) -> str:
        row = self.nav.currentRow()
        return WINGS[row].key if row >= 0 else ""

    def _open_row(self, row: int) -> None:
        if row < 0:
            return
        wing = WINGS[row]
        screen = self._screens.get(wing.key)
        if screen is None:
            try:
                cls = load(wing)
                screen = cls(self.ctx, self.runner, self) if cls else PlaceholderWing(wing, self)
            except Exception as exc:  # a broken wing must not take the window down
                log.exception("打开 %s 失败", wing.title)
                show_error(self, f"打开“{wing.title}”失败", exc)
                screen = PlaceholderWing(wing, self)
            self._screens[wing.key] = screen
            self.stack.addWidget(screen)
        self.stack.setCurrentWidget(screen)
        self.setWindowTitle(f"{wing.title} — {APP_NAME}")
        self._show_notices()
        update = getattr(self, "update_actions", None)
        if callable(update):
            update()

    # forwarded commands ------------------------------------------------------------------
    def screen_can(self, method: str) -> bool:
        return callable(getattr(self.current_screen(), method, None))

    def forward(self, method: str) -> None:
        """Ctrl+S → save(), Ctrl+P → print_() on the current screen, when it has them."""
        fn = getattr(self.current_screen(), method, None)
        if callable(fn):
            fn()
        else:
            self.statusBar().showMessage("当前页面没有此操作", 3000)

    def focus_search(self) -> None:
        """Ctrl+F: the current screen's own search, else the 查阅 wing's search box."""
        if self.screen_can("focus_search"):
            self.current_screen().focus_search()  # type: ignore[union-attr]
            return
        screen = self.open_wing(SEARCH_WING)
        fn = getattr(screen, "focus_search", None)
        if callable(fn):
            fn()
            return
        boxes = screen.findChildren(QLineEdit)
        if boxes:
            boxes[0].setFocus(Qt.FocusReason.ShortcutFocusReason)
            boxes[0].selectAll()

    def open_recent_file(self, item: recent.RecentFile) -> None:
        key = item.wing if item.wing in self.wing_keys() else self.current_wing()
        screen = self.open_wing(key)
        fn = getattr(screen, "open_file", None)
        if callable(fn):
            fn(item.path)
        else:
            from PySide6.QtCore import QUrl
            from PySide6.QtGui import QDesktopServices

            QDesktopServices.openUrl(QUrl.fromLocalFile(item.path))

    def open_recent_issue(self, item: recent.RecentIssue) -> None:
        screen = self.open_wing(ISSUES_WING)
        fn = getattr(screen, "open_issue", None)
        if callable(fn):
            fn(item.issue_id)

    # status bar and tasks ------------------------------------------------------------------
    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        self.db_label = QLabel(self.ctx.db.display_name())
        self.db_label.setObjectName("databaseLabel")
        self.task_label = QLabel("")
        self.progress = QProgressBar()
        self.progress.setMaximumWidth(220)
        self.progress.setVisible(False)
        self.cancel_button = QToolButton()
        self.cancel_button.setText("取消")
        self.cancel_button.setVisible(False)
        self.cancel_button.clicked.connect(self.runner.cancel_all)
        bar.addWidget(self.db_label, 1)
        bar.addPermanentWidget(self.task_label)
        bar.addPermanentWidget(self.progress)
        bar.addPermanentWidget(self.cancel_button)
        self.runner.started.connect(self._task_started)
        self.runner.ended.connect(self._task_ended)

    def _task_started(self, task: Task) -> None:
        self.task_label.setText(task.title)
        self.progress.setRange(0, 0)
        self.progress.setVisible(True)
        self.cancel_button.setVisible(True)
        task.bridge.progress.connect(self._task_progress)

    def _task_progress(self, done: int, total: int, message: str) -> None:
        self.progress.setRange(0, max(total, 0))
        self.progress.setValue(done)
        if message:
            self.task_label.setText(message)

    def _task_ended(self, _task: Task) -> None:
        if not self.runner.active:
            self.task_label.setText("")
            self.progress.setVisible(False)
            self.cancel_button.setVisible(False)

    # geometry and shutdown -----------------------------------------------------------------
    def _restore_geometry(self) -> str:
        """Put the window back where it was (same screen when it is still attached)."""
        store = recent.settings_for(self.ctx.data_dir)
        geometry = store.value("window/geometry")
        restored = isinstance(geometry, QByteArray) and self.restoreGeometry(geometry)
        if not restored:
            screen = QGuiApplication.primaryScreen()
            area = screen.availableGeometry() if screen else None
            if area is not None and area.width() > 0:  # most of the screen: the tables are wide
                self.resize(
                    min(1800, int(area.width() * 0.92)), min(1100, int(area.height() * 0.92))
                )
                self.move(area.center() - self.rect().center())
            else:
                self.resize(1280, 800)
        name = store.value("window/screen")
        for screen in QGuiApplication.screens():
            if screen.name() == name and self.screen() is not screen:
                self.setScreen(screen)
        return str(store.value("window/wing", ""))

    def save_state(self) -> None:
        store = recent.settings_for(self.ctx.data_dir)
        store.setValue("window/geometry", self.saveGeometry())
        screen = self.screen()
        store.setValue("window/screen", screen.name() if screen else "")
        store.setValue("window/wing", self.current_wing())
        store.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._closed:
            event.accept()
            return
        self._closed = True
        log.info("正在关闭：停止任务")
        self.save_state()
        for screen in self._screens.values():
            closer = getattr(screen, "shutdown", None)
            if callable(closer):
                try:
                    closer()
                except Exception:
                    log.exception("关闭页面时出错")
        if not self.runner.shutdown():
            log.warning("关闭时仍有任务未在限定时间内结束")
        event.accept()
