"""First-run wizard (QWizard). Everything it sets can be changed later in 设置.

Pages: 公报名称与主办单位 → 数据目录 → 数据库 (embedded or the office's PostgreSQL, with a
connection test) → 字体 (a specimen per role) → 节假日通知 (when the calendar does not cover the
year) → 演示数据 (loaded on a worker thread). Leaving the database page opens the context, so the
later pages work on the database the user chose.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from gazette import APP_NAME, config
from gazette.context import AppContext, open_context
from gazette.office import settings
from ui.errors import show_error
from ui.firstrun.database_page import DatabasePage
from ui.firstrun.pages import DemoPage, FontsPage, HolidayPage
from ui.tasks import TaskRunner

log = logging.getLogger(__name__)


CANCEL_NOTE = "以后可在“工具 → 首次运行向导”中完成这些设置。"


class NamePage(QWizardPage):
    """Pre-filled values are valid answers: the page is complete while both fields hold text.

    Not ``registerField("…*")``: Qt counts an unchanged pre-filled mandatory field as empty.
    """

    def __init__(self, name: str, publisher: str) -> None:
        super().__init__()
        self.setTitle("公报名称与主办单位")
        self.setSubTitle("印在封面、版权页和通报上；可直接按回车接受，以后可在“设置”中修改。")
        form = QFormLayout(self)
        self.name = QLineEdit(name)
        self.name.setObjectName("gazetteName")
        self.publisher = QLineEdit(publisher)
        self.publisher.setObjectName("publisher")
        form.addRow("公报名称(&N)：", self.name)
        form.addRow("主办单位(&P)：", self.publisher)
        self.registerField("gazette_name", self.name)
        self.registerField("publisher", self.publisher)
        for edit in (self.name, self.publisher):
            edit.textChanged.connect(self.completeChanged)

    def isComplete(self) -> bool:
        return bool(self.name.text().strip() and self.publisher.text().strip())


class DataDirPage(QWizardPage):
    def __init__(self, location: config.Location) -> None:
        super().__init__()
        self.setTitle("数据目录")
        self.setSubTitle("数据库、附件、扫描件和生成的 PDF 都存放在这里，请选会定期备份的位置。")
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        self.path = QLineEdit(str(location.data_dir))
        self.path.setObjectName("dataDir")
        browse = QPushButton("浏览(&B)…")
        browse.clicked.connect(self._browse)
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        layout.addLayout(row)
        self.note = QLabel("")
        self.note.setWordWrap(True)
        layout.addWidget(self.note)
        layout.addStretch(1)
        self.fixed = location.data_dir_source in ("--data-dir", config.ENV_DATA_DIR)
        if self.fixed:
            self.path.setReadOnly(True)
            browse.setEnabled(False)
            self.note.setText(
                f"数据目录{config.source_in_words(location.data_dir_source)}，本次使用这个位置；"
                "按“下一步”接受。"
            )
        self.registerField("data_dir", self.path)
        self.path.textChanged.connect(self.completeChanged)

    def isComplete(self) -> bool:
        return bool(self.path.text().strip())

    def _browse(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, "选择数据目录", self.path.text())
        if chosen:
            self.path.setText(chosen)

    def validatePage(self) -> bool:
        text = self.path.text().strip()
        if text.startswith(("\\\\", "//")):
            self.note.setText("数据目录不能放在网络共享上（SQLite 在网络共享上会丢数据）。")
            return False
        try:
            Path(text).expanduser().mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            self.note.setText(f"无法创建数据目录 {text}：{exc.strerror or exc}")
            return False
        return True


class FirstRunWizard(QWizard):
    """``context`` is the opened AppContext after the database page (or the one passed in)."""

    def __init__(
        self,
        database: str | None = None,
        data_dir: str | os.PathLike[str] | None = None,
        context: AppContext | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"{APP_NAME} — 首次运行")
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.resize(700, 500)
        self.runner = TaskRunner(self)
        self.cancel_box: QMessageBox | None = None
        self.context: AppContext | None = context
        self._owns_context = context is None
        self.location = context.location if context else config.resolve(database, data_dir)
        self._database_option = database
        values = settings.prefill(context)
        self.name_page = NamePage(values["gazette_name"], values["publisher"])
        self.addPage(self.name_page)
        if context is None:
            self.data_page = DataDirPage(self.location)
            self.db_page = DatabasePage(self)
            self.addPage(self.data_page)
            self.addPage(self.db_page)
        self.fonts_page = FontsPage(self)
        self.holiday_page = HolidayPage(self)
        self.demo_page = DemoPage(self)
        for page in (self.fonts_page, self.holiday_page, self.demo_page):
            self.addPage(page)
        for page_id in self.pageIds():  # Enter always means 下一步/完成, whatever has the focus
            for button in self.page(page_id).findChildren(QPushButton):
                button.setAutoDefault(False)
        for which in (QWizard.WizardButton.BackButton, QWizard.WizardButton.CancelButton):
            # … also after a page's button was disabled and the focus fell on 取消 (the demo's
            # 载入 button does, while it loads): Enter then asked to cancel the whole setup
            wizard_button = self.button(which)
            if isinstance(wizard_button, QPushButton):
                wizard_button.setAutoDefault(False)
        self.currentIdChanged.connect(self._show_step)

    def _show_step(self, page_id: int) -> None:
        ids = self.pageIds()
        if page_id in ids:
            step = ids.index(page_id) + 1
            self.setWindowTitle(f"{APP_NAME} — 首次运行（第 {step} 步，共 {len(ids)} 步）")

    # called by DatabasePage.validatePage ---------------------------------------------------
    def open_database(self, url: str | None) -> AppContext:
        """Open (and upgrade) the chosen database; reopening replaces an earlier choice."""
        if self.context is not None and self._owns_context:
            self.context.close()
            self.context = None
        data_dir = self.field("data_dir") or str(self.location.data_dir)
        self.context = open_context(url, data_dir)
        return self.context

    def chosen_data_dir(self) -> Path:
        return Path(str(self.field("data_dir") or self.location.data_dir)).expanduser()

    def accept(self) -> None:
        if not self.demo_page.isComplete():
            return  # the demo is still loading; Finish stays disabled meanwhile
        ctx = self.context
        try:
            if ctx is not None:
                settings.put(
                    ctx,
                    gazette_name=str(self.field("gazette_name")).strip(),
                    publisher=str(self.field("publisher")).strip(),
                )
            saved: dict[str, object] = {"first_run_done": True}
            if self._owns_context and ctx is not None:
                if self.location.data_dir_source not in ("--data-dir", config.ENV_DATA_DIR):
                    saved["data_dir"] = str(self.chosen_data_dir())
                if not self._database_option and not os.environ.get(config.ENV_DATABASE_URL):
                    url = ctx.location.database_url
                    embedded = url == config.embedded_url(ctx.data_dir)
                    if embedded:
                        saved["database_url"] = None
                    else:  # the password goes to the OS keyring, never the settings file
                        config.save_database_url(url)
            config.save_local(**saved)
        except Exception as exc:
            log.exception("保存首次运行设置失败")
            show_error(self, "保存设置失败", exc)
            return
        super().accept()

    def discard(self) -> None:
        """Cancelled: stop workers and close a database this wizard opened."""
        self.hide()  # already answered: closing it later must not ask again
        self.runner.shutdown()
        if self._owns_context and self.context is not None:
            self.context.close()
            self.context = None

    def reject(self) -> None:
        """取消 asks first: the app then opens with its defaults, and says how to come back."""
        app = QApplication.instance()
        shutting_down = app is not None and bool(app.property("shutting_down"))
        if not shutting_down and not self._confirm_cancel():
            return
        self.runner.shutdown()
        super().reject()

    def _confirm_cancel(self) -> bool:
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle("取消首次运行设置")
        box.setText("确定不完成首次运行设置吗？")
        then = "程序将按默认设置打开。" if self._owns_context else "原有设置保持不变。"
        box.setInformativeText("这里填写的内容不会保存，" + then + CANCEL_NOTE)
        leave = box.addButton("不再设置(&Q)", QMessageBox.ButtonRole.AcceptRole)
        stay = box.addButton("继续设置(&C)", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(stay)
        box.setEscapeButton(stay)
        self.cancel_box = box  # reachable by a test, which clicks its buttons as a person would
        box.exec()
        self.cancel_box = None
        return box.clickedButton() is leave
