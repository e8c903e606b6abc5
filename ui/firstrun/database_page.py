"""The database page: the embedded SQLite file, or the office's PostgreSQL with a connection test."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QButtonGroup,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWizardPage,
)

from gazette.office.connection import (
    ConnectionReport,
    ServerFields,
    explain_open_error,
    server_fields,
    server_url,
    try_connection,
)
from gazette.progress import Reporter

if TYPE_CHECKING:
    from ui.firstrun.wizard import FirstRunWizard


class DatabasePage(QWizardPage):
    def __init__(self, wizard: FirstRunWizard) -> None:
        super().__init__()
        self._wizard = wizard
        self.setTitle("数据库")
        self.setSubTitle(
            "单机使用选内置数据库；多人共用时连接编辑部的 PostgreSQL 服务器（请向管理员索取连接信息）。"
        )
        layout = QVBoxLayout(self)
        self.embedded = QRadioButton("内置数据库（保存在数据目录中，无需服务器）")
        self.postgres = QRadioButton("编辑部的 PostgreSQL 服务器")
        group = QButtonGroup(self)
        group.addButton(self.embedded)
        group.addButton(self.postgres)
        layout.addWidget(self.embedded)
        layout.addWidget(self.postgres)

        self.box = QGroupBox("服务器连接")
        form = QFormLayout(self.box)
        self.host = QLineEdit("")
        self.host.setPlaceholderText("例如 192.168.1.10 或 gazette-db")
        self.port = QSpinBox()
        self.port.setRange(1, 65535)
        self.port.setValue(5432)
        self.dbname = QLineEdit("gazette")
        self.user = QLineEdit("")
        self.password = QLineEdit("")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow("服务器：", self.host)
        form.addRow("端口：", self.port)
        form.addRow("数据库名：", self.dbname)
        form.addRow("用户名：", self.user)
        form.addRow("密码：", self.password)
        row = QHBoxLayout()
        self.test_button = QPushButton("测试连接(&T)")
        self.test_button.clicked.connect(self.run_test)
        self.result = QLabel("")
        self.result.setObjectName("connectionResult")
        self.result.setWordWrap(True)
        row.addWidget(self.test_button)
        row.addWidget(self.result, 1)
        form.addRow(row)
        layout.addWidget(self.box)
        self.status = QLabel("")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        layout.addStretch(1)
        self._query: tuple[tuple[str, str | tuple[str, ...]], ...] = ()
        self.embedded.toggled.connect(lambda on: self.box.setEnabled(not on))
        loc = wizard.location
        if loc.is_embedded:
            self.embedded.setChecked(True)
        else:
            self.postgres.setChecked(True)
            self.set_url(loc.database_url)

    def set_url(self, url: str) -> None:
        """Fill the fields from a URL (a saved setting, or a test's database)."""
        fields = server_fields(url)
        self.host.setText(fields.host)
        self.port.setValue(fields.port)
        self.dbname.setText(fields.database)
        self.user.setText(fields.user)
        self.password.setText(fields.password)
        self._query = fields.query
        self.postgres.setChecked(True)

    def url(self) -> str | None:
        """None for the embedded database, else the PostgreSQL URL the fields describe."""
        if self.embedded.isChecked():
            return None
        return server_url(
            ServerFields(
                self.host.text(),
                self.port.value(),
                self.dbname.text(),
                self.user.text(),
                self.password.text(),
                self._query,
            )
        )

    def run_test(self) -> None:
        url = self.url()
        if url is None:
            return
        self.test_button.setEnabled(False)
        self.result.setText("正在连接…")

        def work(_r: Reporter) -> ConnectionReport:
            return try_connection(url)  # raises with the reason in words (服务器未启动…)

        self._wizard.runner.submit("测试数据库连接", work, self._tested, self._failed)

    def _tested(self, report: ConnectionReport) -> None:
        self.test_button.setEnabled(True)
        self.result.setText(f"✔ 连接成功：{report.server}")

    def _failed(self, message: str, _details: str) -> None:
        self.test_button.setEnabled(True)
        self.result.setText(f"✘ {message.strip()}")

    def validatePage(self) -> bool:
        if self.postgres.isChecked() and not self.host.text().strip():
            self.status.setText("请填写服务器地址。")
            return False
        try:
            ctx = self._wizard.open_database(self.url())
        except Exception as exc:
            self.status.setText(
                f"无法打开数据库：{explain_open_error(exc, self.host.text(), self.port.value())}"
            )
            return False
        self.status.setText(f"已打开：{ctx.db.display_name()}")
        return True
