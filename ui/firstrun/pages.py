"""Wizard pages that work on the opened database: fonts, the holiday notice, the demo data."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import (
    QFileDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)

from gazette.progress import Reporter
from ui import ops

if TYPE_CHECKING:
    from gazette.calendar.store import Notice
    from gazette.context import AppContext
    from ui.firstrun.wizard import FirstRunWizard
    from ui.tasks import TaskRunner

log = logging.getLogger(__name__)

ROLE_TITLES = {
    "title": "文件标题（小标宋）",
    "body": "正文（仿宋）",
    "heading1": "一级标题（黑体）",
    "heading2": "二级标题（楷体）",
    "latin": "西文与数字",
    "fallback": "缺字补充",
}
SPECIMEN = "关于印发 宿政办发〔2026〕56号 王堃 李喆 张珺"


def role_font_files() -> dict[str, tuple[str, str, str]]:
    """role → (ReportLab font name, font file, 缺字) from gazette.layout.fonts' mapping.

    缺字 are the specimen's characters the font file itself lacks, read from the font's own
    character map, the one the PDF uses: Qt's metrics count its fallback fonts too. The Latin
    font is asked only about Latin characters and digits, which is all it sets.
    """
    from reportlab.pdfbase import pdfmetrics

    from gazette.layout import fonts

    out: dict[str, tuple[str, str, str]] = {}
    for role, name in fonts.ensure_registered().items():
        face = getattr(pdfmetrics.getFont(name), "face", None)
        cmap = getattr(face, "charToGlyph", None) or {}
        asked = {c for c in SPECIMEN if not c.isspace() and (role != "latin" or c.isascii())}
        lacking = "".join(sorted(c for c in asked if ord(c) not in cmap)) if cmap else ""
        out[role] = (name, str(getattr(face, "filename", "") or ""), lacking)
    return out


def qt_family(path: str) -> str | None:
    """Load a font file into Qt (once) and return its family, for drawing the specimen."""
    if not path or not Path(path).exists():
        return None
    font_id = QFontDatabase.addApplicationFont(path)
    families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
    return families[0] if families else None


class FontsPage(QWizardPage):
    def __init__(self, wizard: FirstRunWizard) -> None:
        super().__init__()
        self._wizard = wizard
        self.setTitle("字体")
        self.setSubTitle("排版每种用途所用的字体和样张；标有“缺字”的字由补充字体补上。")
        outer = QVBoxLayout(self)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.body = QWidget()
        self.grid = QGridLayout(self.body)
        self.grid.setColumnStretch(1, 1)
        scroll.setWidget(self.body)
        outer.addWidget(scroll)
        self.specimens: dict[str, QLabel] = {}
        self.lacking: dict[str, str] = {}  # role → the specimen's characters its font lacks

    def initializePage(self) -> None:
        while self.grid.count():
            item = self.grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.specimens.clear()
        self.lacking.clear()
        try:
            roles = role_font_files()
        except Exception as exc:
            log.exception("读取字体失败")
            self.grid.addWidget(QLabel(f"无法读取字体：{exc}"), 0, 0)
            return
        for row, (role, (name, path, lacking)) in enumerate(roles.items()):
            family = qt_family(path)
            head = QLabel(f"<b>{ROLE_TITLES.get(role, role)}</b>")
            head.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
            font = QFont(family or self.font().family(), 14)
            specimen = QLabel(SPECIMEN)
            specimen.setFont(font)
            specimen.setObjectName(f"specimen_{role}")
            specimen.setWordWrap(True)
            where = f"{family or name} · {Path(path).name if path else '内置'}"
            if lacking:
                where += (
                    f" · <span style='color:#b00'>缺字：{lacking}（排版时由补充字体显示）</span>"
                )
            self.lacking[role] = lacking
            info = QLabel(f"<span style='color:#666'>{where}</span>")
            self.grid.addWidget(head, row * 2, 0)
            self.grid.addWidget(specimen, row * 2, 1)
            self.grid.addWidget(info, row * 2 + 1, 1)
            self.specimens[role] = specimen
        self.grid.setRowStretch(len(roles) * 2, 1)


class HolidayPage(QWizardPage):
    def __init__(self, wizard: FirstRunWizard) -> None:
        super().__init__()
        self._wizard = wizard
        self.setTitle("节假日安排")
        self.setSubTitle("报送时限按工作日计算：未覆盖的年份请导入国务院办公厅的节假日安排通知。")
        layout = QVBoxLayout(self)
        self.state = QLabel("")
        self.state.setObjectName("calendarState")
        self.state.setWordWrap(True)
        layout.addWidget(self.state)
        self.import_button = QPushButton("导入节假日通知(&I)…")
        self.import_button.setToolTip("也可以把通知文件直接拖到这一页上")
        self.import_button.clicked.connect(self._choose)
        row = QHBoxLayout()
        row.addWidget(self.import_button)
        row.addStretch(1)
        layout.addLayout(row)
        self.message = QLabel("")
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        self.missing: list[int] | None = None  # years without a notice, once read
        layout.addStretch(1)
        from ui.dropzone import accept_drops

        accept_drops(self, (".json",), lambda paths: self.import_file(paths[0]))

    @property
    def ctx(self) -> AppContext:
        """The database the wizard opened on the page before (ui.ops reads through it)."""
        ctx = self._wizard.context
        assert ctx is not None
        return ctx

    @property
    def runner(self) -> TaskRunner:
        return self._wizard.runner

    def initializePage(self) -> None:
        self.refresh()

    def refresh(self) -> None:
        """Which years still lack a notice, read on a worker; ``missing`` holds the answer."""
        from gazette.calendar.admin import notice_needed

        self.missing = None
        ops.run_query(self, "检查节假日安排", lambda uow: notice_needed(uow.session), self._show)

    def _show(self, missing: list[int]) -> None:
        from gazette.calendar.admin import notice_reminder, years_to_check

        self.missing = missing
        years = years_to_check()
        if missing:
            self.state.setText(
                notice_reminder(missing)
                + "通知是 JSON 文件（holiday-cn 格式）；现在没有也可以继续，以后在“设置”中导入。"
            )
        else:
            self.state.setText("✔ " + "、".join(f"{y} 年" for y in years) + "的节假日安排已覆盖。")
        self.import_button.setVisible(bool(missing))

    def _choose(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "选择节假日通知", "", "节假日通知 (*.json)")
        if path:
            self.import_file(Path(path))

    def import_file(self, path: Path) -> None:
        """Import a notice; a bad file is named in the page's message, nothing is saved."""
        from gazette.calendar.admin import import_notice_file

        def done(notice: Notice) -> None:
            self.message.setText(f"✔ 已导入 {notice.year} 年通知（{len(notice.days)} 天）。")
            self.refresh()

        ops.run_op(
            self,
            "导入节假日通知",
            lambda uow: import_notice_file(uow.session, path),
            done,
            on_error=lambda message, _details: self.message.setText(f"✘ {message}"),
        )


class DemoPage(QWizardPage):
    def __init__(self, wizard: FirstRunWizard) -> None:
        super().__init__()
        self._wizard = wizard
        self.setTitle("演示数据")
        self.setSubTitle("可选：载入一个示例编辑部的数据来熟悉各项功能；正式使用请不要载入。")
        layout = QVBoxLayout(self)
        self.state = QLabel("")
        self.state.setWordWrap(True)
        self.load_button = QPushButton("载入演示数据(&L)")
        self.load_button.setObjectName("loadDemo")
        self.load_button.clicked.connect(self.start_loading)
        self.progress = QProgressBar()
        self.progress.setVisible(False)
        layout.addWidget(self.state)
        row = QHBoxLayout()
        row.addWidget(self.load_button)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addWidget(self.progress)
        layout.addStretch(1)
        self.loaded = False
        self._running = False

    @property
    def ctx(self) -> AppContext:
        ctx = self._wizard.context
        assert ctx is not None
        return ctx

    @property
    def runner(self) -> TaskRunner:
        return self._wizard.runner

    def initializePage(self) -> None:
        from gazette import demo

        self.load_button.setEnabled(False)  # until the database is known to be empty
        ops.run_job(self, "检查数据库", lambda _r: demo.is_empty(self.ctx), self._show)

    def _show(self, empty: bool) -> None:
        self.load_button.setEnabled(empty and not self.loaded)
        if self.loaded:
            self.state.setText("✔ 演示数据已载入。")
        elif empty:
            self.state.setText("数据库是空的。需要时点击下面的按钮载入演示数据，不需要可直接完成。")
        else:
            self.state.setText("数据库中已有数据，不再载入演示数据。")

    def start_loading(self) -> None:
        ctx = self.ctx
        self._running = True
        self.load_button.setEnabled(False)
        self.progress.setVisible(True)
        self.progress.setRange(0, 0)
        self.completeChanged.emit()

        def work(reporter: Reporter) -> None:
            from archive import demo as archive_demo

            archive_demo.load_office(ctx, reporter)  # the same office as `gazette demo`

        ops.run_job(
            self,
            "载入演示数据",
            work,
            self._done,
            on_error=self._failed,
            on_progress=self._progress,
        )

    def _progress(self, done: int, total: int, message: str) -> None:
        self.progress.setRange(0, max(total, 0))
        self.progress.setValue(done)
        if message:
            self.state.setText(message)

    def _done(self, _result: object) -> None:
        self._running, self.loaded = False, True
        self.progress.setVisible(False)
        self.state.setText("✔ 演示数据已载入。")
        self.completeChanged.emit()

    def _failed(self, message: str, _details: str) -> None:
        self._running = False
        self.progress.setVisible(False)
        self.load_button.setEnabled(True)
        self.state.setText(f"✘ 载入失败：{message}")
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return not self._running
