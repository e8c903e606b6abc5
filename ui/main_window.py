"""The main window: navigation on the left, the open wing on the right, tasks in the status bar."""

from __future__ import annotations

import logging

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QSplitter,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from gazette import APP_NAME, __version__
from gazette.context import AppContext
from ui.errors import show_error
from ui.tasks import Task, TaskRunner
from ui.wings import WINGS, Wing, load

log = logging.getLogger(__name__)


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
        self.setWindowTitle(f"{APP_NAME}")
        self.resize(1280, 800)
        self._screens: dict[str, QWidget] = {}

        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.nav.setFixedWidth(170)
        for wing in WINGS:
            item = QListWidgetItem(wing.title)
            item.setData(Qt.ItemDataRole.UserRole, wing.key)
            self.nav.addItem(item)
        self.stack = QStackedWidget()
        splitter = QSplitter()
        splitter.addWidget(self.nav)
        splitter.addWidget(self.stack)
        splitter.setStretchFactor(1, 1)
        self.setCentralWidget(splitter)
        self.nav.currentRowChanged.connect(self._open_row)

        self._build_status_bar()
        self._build_menus()
        self._restore_geometry()
        self.nav.setCurrentRow(0)

    # wings -------------------------------------------------------------------------------
    def wing_keys(self) -> list[str]:
        return [w.key for w in WINGS]

    def open_wing(self, key: str) -> QWidget:
        row = self.wing_keys().index(key)
        self.nav.setCurrentRow(row)
        return self._screens[key]

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

    # menus ---------------------------------------------------------------------------------
    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("文件(&F)")
        quit_action = QAction("退出(&X)", self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)
        go_menu = self.menuBar().addMenu("转到(&G)")
        for i, wing in enumerate(WINGS):
            action = QAction(wing.title, self)
            action.setShortcut(QKeySequence(f"Ctrl+{i + 1}"))
            action.triggered.connect(lambda _=False, r=i: self.nav.setCurrentRow(r))
            go_menu.addAction(action)
        help_menu = self.menuBar().addMenu("帮助(&H)")
        about = QAction("关于(&A)", self)
        about.triggered.connect(self._about)
        help_menu.addAction(about)

    def _about(self) -> None:
        QMessageBox.about(
            self,
            f"关于{APP_NAME}",
            f"<h3>{APP_NAME} {__version__}</h3><p>政府公报报送、编排与历史公报数字化。</p>"
            f"<p>数据库：{self.ctx.db.display_name()}<br>数据目录：{self.ctx.data_dir}</p>",
        )

    # geometry and shutdown -----------------------------------------------------------------
    def _qsettings(self) -> QSettings:
        return QSettings(str(self.ctx.data_dir / "window.ini"), QSettings.Format.IniFormat)

    def _restore_geometry(self) -> None:
        geometry = self._qsettings().value("geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)

    def closeEvent(self, event: QCloseEvent) -> None:
        self._qsettings().setValue("geometry", self.saveGeometry())
        for screen in self._screens.values():
            closer = getattr(screen, "shutdown", None)
            if callable(closer):
                closer()
        if not self.runner.shutdown():
            log.warning("关闭时仍有任务未在限定时间内结束")
        event.accept()
