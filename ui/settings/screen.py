"""设置: the gazette's name, publisher and frequency (shared, in the database), where this computer
finds its data (local, takes effect after a restart), and the working calendar."""

from __future__ import annotations

import os
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from gazette import config
from gazette.context import AppContext
from gazette.office import settings
from gazette.office.auth import allowed
from gazette.office.conflicts import ConflictError
from gazette.office.connection import ConnectionReport, try_connection
from gazette.progress import Reporter
from ui import ops
from ui.conflict_dialog import resolve, show_value
from ui.errors import show_error
from ui.settings.calendar_panel import CalendarPanel
from ui.tasks import TaskRunner


class Screen(QWidget):
    def __init__(self, ctx: AppContext, runner: TaskRunner, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx, self.runner = ctx, runner
        self.last_error = ""
        title = QLabel("<h2 style='margin:0'>设置</h2>")

        # the gazette (shared by every client of the database)
        self.gazette_name = QLineEdit()
        self.publisher = QLineEdit()
        self.frequency = QComboBox()
        for key, label in settings.FREQUENCIES.items():
            self.frequency.addItem(label, key)
        self.sign_own = QCheckBox("允许本人审签（单人编辑部）")
        self.sign_own.setToolTip(  # the whole sentence did not fit the box at 1366×768
            "单人编辑部：校样的制作者可以审签自己的校样，操作记录会注明是本人审签"
        )
        self.save_gazette = QPushButton("保存公报信息")
        self.save_gazette.clicked.connect(self.save_gazette_settings)
        self.gazette_status = QLabel()
        self.gazette_status.setStyleSheet("color:#1b5e20;")
        self.gazette_shown: dict[str, Any] = {}  # the values the form was filled from
        self.gazette_versions: dict[str, int] = {}  # … and their versions, saved against
        self.can_settings = allowed(ctx.role, "settings.write")
        self.gazette_fields: tuple[QWidget, ...] = (
            self.gazette_name,
            self.publisher,
            self.frequency,
            self.sign_own,
            self.save_gazette,
        )
        for w in self.gazette_fields:  # until the saved values arrive: a tick made before
            w.setEnabled(False)  # they land would be silently undone by them
        gazette_box = QGroupBox("公报")
        form = QFormLayout(gazette_box)
        form.addRow("公报名称", self.gazette_name)
        form.addRow("主办单位", self.publisher)
        form.addRow("刊期", self.frequency)
        form.addRow("审签", self.sign_own)
        row = QHBoxLayout()
        row.addWidget(self.gazette_status, 1)
        row.addWidget(self.save_gazette)
        form.addRow(row)

        # where this computer finds its data (a local file, read before the database opens)
        loc = ctx.location
        in_use = QLabel(
            f"正在使用：{ctx.db.display_name()}<br>（{config.source_in_words(loc.database_source)}）<br>"
            f"数据目录：{loc.data_dir}<br>（{config.source_in_words(loc.data_dir_source)}）"
        )
        in_use.setWordWrap(True)
        in_use.setStyleSheet("color:#444;")
        saved = config.load_saved()
        self.data_dir = QLineEdit(saved.get("data_dir", ""))
        self.data_dir.setPlaceholderText(str(loc.data_dir))
        browse = QPushButton("浏览…")
        browse.clicked.connect(self._browse_data_dir)
        self.database_url = QLineEdit(saved.get("database_url", ""))
        self.database_url.setPlaceholderText(
            "留空使用内置数据库；多人共用时填写管理员提供的服务器连接地址"
        )
        self.test_button = QPushButton("测试连接")
        self.test_button.clicked.connect(self.test_connection)
        self.save_location = QPushButton("保存")
        self.save_location.clicked.connect(self.save_location_settings)
        self.location_status = QLabel()
        self.location_status.setWordWrap(True)
        note = QLabel(
            "数据目录和数据库地址保存在本机，<b>重新启动本程序后生效</b>。"
            "内置数据库不能放在网络共享文件夹中；多人共用请使用 PostgreSQL。"
        )
        note.setWordWrap(True)
        note.setStyleSheet("color:#666;")
        overrides = [v for v in (config.ENV_DATABASE_URL, config.ENV_DATA_DIR) if os.environ.get(v)]
        location_box = QGroupBox("数据位置（本机）")
        lform = QFormLayout(location_box)
        lform.addRow(in_use)
        dir_row = QHBoxLayout()
        dir_row.addWidget(self.data_dir, 1)
        dir_row.addWidget(browse)
        lform.addRow("数据目录", dir_row)
        lform.addRow("数据库地址", self.database_url)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.test_button)
        buttons.addWidget(self.save_location)
        lform.addRow(buttons)
        lform.addRow(self.location_status)
        lform.addRow(note)
        if overrides:
            warn = QLabel("注意：系统环境变量已指定数据位置，它优先于这里保存的设置。")
            warn.setWordWrap(True)
            warn.setStyleSheet("color:#7a4300;")
            lform.addRow(warn)

        self.calendar = CalendarPanel(ctx, runner, self)

        left = QVBoxLayout()
        left.addWidget(gazette_box)
        left.addWidget(location_box)
        left.addStretch(1)
        left_widget = QWidget()
        left_widget.setLayout(left)
        left_widget.setMaximumWidth(430)
        left.setContentsMargins(0, 0, 0, 0)
        body = QHBoxLayout()
        body.addWidget(left_widget, 2)
        body.addWidget(self.calendar, 3)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addLayout(body, 1)
        self._load_gazette_settings()

    # the gazette ---------------------------------------------------------------------------
    def _load_gazette_settings(self) -> None:
        ops.run_query(
            self,
            "载入设置",
            lambda uow: settings.values_and_versions(uow.session),
            self._gazette_loaded,
            on_error=self._failed,
        )

    def _gazette_loaded(self, loaded: tuple[dict[str, Any], dict[str, int]]) -> None:
        values, self.gazette_versions = loaded
        self._fill_gazette(values)
        self.gazette_shown = self._gazette_values()
        for w in self.gazette_fields:
            w.setEnabled(self.can_settings)

    def _fill_gazette(self, values: dict[str, Any]) -> None:
        self.gazette_name.setText(values.get("gazette_name") or "")
        self.publisher.setText(values.get("publisher") or "")
        index = self.frequency.findData(values.get("frequency"))
        self.frequency.setCurrentIndex(max(index, 0))
        self.sign_own.setChecked(bool(values.get("sign_own_proof")))

    def _gazette_values(self) -> dict[str, Any]:
        return {
            "gazette_name": self.gazette_name.text().strip(),
            "publisher": self.publisher.text().strip(),
            "frequency": self.frequency.currentData(),
            "sign_own_proof": self.sign_own.isChecked(),
        }

    def save_gazette_settings(self) -> None:
        values = self._gazette_values()
        if not values["gazette_name"] or not values["publisher"]:
            self.gazette_status.setText("公报名称和主办单位不能为空")
            return
        seen = dict(self.gazette_versions)

        def done(_x: object) -> None:
            self.gazette_status.setText("已保存")
            self._load_gazette_settings()  # the versions just saved, to save against next

        ops.run_op(
            self,
            "保存设置",
            lambda uow: settings.save(uow, expected_versions=seen, **values),
            done,
            on_error=self._failed,
            on_conflict=self._gazette_conflict,
        )

    def _gazette_conflict(self, error: ConflictError) -> None:
        self.gazette_status.setText("未保存：他人已修改公报信息")
        mine = self._gazette_values()
        theirs = {k: error.current.get(k) for k in mine}

        def merged(values: dict[str, Any], err: ConflictError) -> None:
            self._fill_gazette(values)
            self.gazette_shown, self.gazette_versions = theirs, dict(err.versions)
            self.save_gazette_settings()

        def show(key: str, value: Any) -> str:
            if key == "frequency":
                return settings.FREQUENCIES.get(str(value), str(value))
            return show_value(key, value)

        self.conflict_dialog = resolve(
            self,
            error,
            self.gazette_shown,
            mine,
            theirs=theirs,
            on_reload=self._load_gazette_settings,
            on_merge=merged,
            show=show,
            subject="公报信息",
        )

    # location ------------------------------------------------------------------------------
    def _browse_data_dir(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "选择数据目录", self.data_dir.text())
        if folder:
            self.data_dir.setText(folder)

    def test_connection(self) -> None:
        url = self.database_url.text().strip()
        if not url:
            self.location_status.setText("未填写数据库地址：将使用数据目录中的内置数据库。")
            return
        self.location_status.setText("正在连接…")

        def done(report: ConnectionReport) -> None:
            schema = (
                f"数据库结构版本 {report.schema_version}"
                if report.schema_version
                else "空数据库，首次启动时将由管理员建立结构"
            )
            self.location_status.setStyleSheet("color:#1b5e20;")
            self.location_status.setText(f"连接成功：{report.server}；{schema}。")

        def failed(message: str, _details: str) -> None:
            self.location_status.setStyleSheet("color:#b3261e;")
            self.location_status.setText(message)

        ops.run_job(self, "测试数据库连接", lambda _r: try_connection(url), done, on_error=failed)

    def save_location_settings(self) -> None:
        data_dir = self.data_dir.text().strip() or None
        url = self.database_url.text().strip() or None
        if url and url.startswith("sqlite"):
            self.location_status.setText("内置数据库无需填写地址：请留空，并设置数据目录。")
            return

        def work(_r: Reporter) -> None:
            config.save_local(data_dir=data_dir, database_url=None)
            if url:  # the password goes to the OS keyring, never the settings file
                config.save_database_url(url)

        def done(_x: object) -> None:
            self.location_status.setStyleSheet("color:#1b5e20;")
            self.location_status.setText("已保存。请重新启动本程序，新的数据位置才会生效。")

        ops.run_job(self, "保存数据位置", work, done, on_error=self._failed)

    def _failed(self, message: str, details: str = "") -> None:
        self.last_error = message
        show_error(self, "设置", message, details)
