"""政策解读 on the desk: the materials that arrived, the link to the 政策解读 item, the portal dates.

The rules (同步组织、同步审签、同步部署; on the portal within 3 working days) were kept from the
command line only; the desk now records them where the submission is. Every read and change
goes through ``ui.ops`` on a worker, and the dialog reloads what it shows after each change.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
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

from gazette.context import AppContext
from gazette.db import UnitOfWork
from gazette.office.auth import allowed, role_of
from gazette.submissions import interpretation as interp
from gazette.submissions.queries import DeskRow
from gazette.vocab import INTERPRETATION_FORMS, INTERPRETATION_MATERIALS
from ui.ops import OpOwner, run_op, run_query
from ui.submissions.form import pydate, qdate
from ui.tasks import TaskRunner


def _date_box(day: dt.date | None) -> QDateEdit:
    box = QDateEdit(qdate(day or dt.date.today()))
    box.setCalendarPopup(True)
    box.setDisplayFormat("yyyy-MM-dd")
    return box


class InterpretationDialog(QDialog):
    """One document's 政策解读: add a material, link an item, set the portal dates."""

    def __init__(self, owner: OpOwner, row: DeskRow, after: Callable[[str], None]) -> None:
        super().__init__(owner if isinstance(owner, QWidget) else None)
        self.ctx: AppContext = owner.ctx
        self.runner: TaskRunner = owner.runner
        self.row, self.after = row, after
        self.shown: interp.InterpretationState | None = None
        role = role_of(self.ctx)
        self.may_desk = allowed(role, "submissions.write")
        self.may_link = allowed(role, "documents.write")
        self.setWindowTitle("政策解读")
        self.setMinimumWidth(640)

        head = QLabel(f"<b>{row.doc_number or '无文号'}</b>　{row.title}")
        head.setWordWrap(True)
        self.status = QLabel("正在读取…")
        self.status.setObjectName("interpStatus")
        self.status.setWordWrap(True)

        self.material = QComboBox()
        self.material.addItems(INTERPRETATION_MATERIALS)
        self.form = QComboBox()
        self.form.addItems(INTERPRETATION_FORMS)
        self.received = _date_box(None)
        self.file = QLineEdit()
        self.file.setPlaceholderText("附件（可不选）")
        browse = QPushButton("选择…")
        browse.clicked.connect(self._browse)
        self.add_btn = QPushButton("登记材料")
        self.add_btn.setObjectName("addMaterialButton")
        self.add_btn.clicked.connect(self.add_material)
        box = QGroupBox("登记解读材料（方案与材料各有到达日期）")
        grid = QFormLayout(box)
        kind = QHBoxLayout()
        for w in (self.material, QLabel("形式"), self.form, QLabel("收到日期"), self.received):
            kind.addWidget(w)
        kind.addStretch(1)
        grid.addRow("材料", kind)
        attach = QHBoxLayout()
        attach.addWidget(self.file, 1)
        attach.addWidget(browse)
        attach.addWidget(self.add_btn)
        grid.addRow("文件", attach)

        self.candidates = QComboBox()
        self.candidates.setObjectName("interpCandidates")
        self.candidates.setMinimumContentsLength(30)
        self.candidates.currentIndexChanged.connect(lambda _i: self._enable())
        self.link_btn = QPushButton("关联")
        self.link_btn.setObjectName("linkButton")
        self.link_btn.clicked.connect(self.link)
        link_box = QGroupBox("关联政策解读（双向链接；已发布的期次不重新生成）")
        links = QHBoxLayout(link_box)
        links.addWidget(self.candidates, 1)
        links.addWidget(self.link_btn)

        self.doc_reported = QCheckBox("文件已上网")
        self.doc_on = _date_box(None)
        self.interp_reported = QCheckBox("解读已上网")
        self.interp_on = _date_box(None)
        self.portal_btn = QPushButton("保存日期")
        self.portal_btn.setObjectName("portalButton")
        self.portal_btn.clicked.connect(self.save_portal)
        for check, day in (
            (self.doc_reported, self.doc_on),
            (self.interp_reported, self.interp_on),
        ):
            check.toggled.connect(day.setEnabled)
            day.setEnabled(False)
        portal_box = QGroupBox("政府门户网站发布日期（部门报来的；解读应在 3 个工作日内上网）")
        portal = QHBoxLayout(portal_box)
        for field in (self.doc_reported, self.doc_on, self.interp_reported, self.interp_on):
            portal.addWidget(field)
        portal.addStretch(1)
        portal.addWidget(self.portal_btn)

        self.message = QLabel()
        self.message.setObjectName("interpMessage")
        self.message.setWordWrap(True)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.button(QDialogButtonBox.StandardButton.Close).setText("关闭")
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for part in (head, self.status, box, link_box, portal_box, self.message, close):
            layout.addWidget(part)
        self._enable()
        self.load()

    # reading ------------------------------------------------------------------------------
    def load(self) -> None:
        doc_id = self.row.document_id
        run_query(self, "读取政策解读", lambda uow: interp.state(uow.session, doc_id), self._loaded)

    def _loaded(self, got: interp.InterpretationState) -> None:
        self.shown = got
        need = "需要政策解读" if got.needed else "按规则无须解读（可自愿登记）"
        done = "解读材料齐全" if got.complete else "解读材料不齐全"
        lines = [f"{need}；{done}"]
        for m in got.materials:
            lines.append(f"· {m.received_on} 收到{m.material}（{m.form}）{m.name}")
        for _i, title in got.linked:
            lines.append(f"· 已关联政策解读：{title}")
        self.status.setText("<br>".join(lines))
        self.candidates.clear()
        for i, title in got.candidates:
            self.candidates.addItem(title, i)
        if not got.candidates:
            self.candidates.addItem("（没有可关联的政策解读）", None)
        for check, day, value in (
            (self.doc_reported, self.doc_on, got.portal_doc_on),
            (self.interp_reported, self.interp_on, got.portal_interp_on),
        ):
            check.setChecked(value is not None)
            if value is not None:
                day.setDate(qdate(value))
        self._enable()

    def _enable(self) -> None:
        ready = self.shown is not None
        self.add_btn.setEnabled(ready and self.may_desk)
        self.portal_btn.setEnabled(ready and self.may_desk)
        self.link_btn.setEnabled(
            ready and self.may_link and self.candidates.currentData() is not None
        )

    # changes ------------------------------------------------------------------------------
    def _browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "选择解读材料", "", "所有文件 (*)")
        if path:
            self.file.setText(path)

    def _change(self, title: str, fn: Callable[[UnitOfWork], object], said: str) -> None:
        def done(_x: object) -> None:
            self._say(said)
            self.after(said)
            self.load()

        run_op(self, title, fn, done, on_error=lambda message, _d: self._say(message, True))

    def add_material(self) -> None:
        doc_id, what, form = (
            self.row.document_id,
            self.material.currentText(),
            self.form.currentText(),
        )
        on = pydate(self.received.date())
        text = self.file.text().strip()
        path = Path(text) if text else None
        store = self.ctx.filestore() if path is not None else None
        self._change(
            "登记解读材料",
            lambda uow: interp.add_material(uow.session, doc_id, what, on, form, path, store),
            f"已登记{what}（{form}，{on}收到）",
        )

    def link(self) -> None:
        chosen, title = self.candidates.currentData(), self.candidates.currentText()
        if chosen is None:
            return
        doc_id = self.row.document_id
        self._change(
            "关联政策解读",
            lambda uow: interp.link(uow.session, int(chosen), doc_id),
            f"已关联政策解读“{title}”",
        )

    def save_portal(self) -> None:
        doc_id = self.row.document_id
        doc_on = pydate(self.doc_on.date()) if self.doc_reported.isChecked() else None
        interp_on = pydate(self.interp_on.date()) if self.interp_reported.isChecked() else None
        self._change(
            "登记门户网站发布日期",
            lambda uow: interp.set_portal_dates(uow.session, doc_id, doc_on, interp_on),
            f"已登记门户网站发布日期：文件{doc_on or '未报'}，解读{interp_on or '未报'}",
        )

    def _say(self, text: str, error: bool = False) -> None:
        self.message.setStyleSheet("color:#b00000;" if error else "color:#555;")
        self.message.setText(text)


class InterpretationButton(QPushButton):
    """政策解读… for the selected desk row."""

    def __init__(self, owner: OpOwner, after: Callable[[str], None]) -> None:
        super().__init__("政策解读…")
        self.setObjectName("interpretationButton")
        self.owner, self.after = owner, after
        self.row: DeskRow | None = None
        self.dialog: InterpretationDialog | None = None
        self.setEnabled(False)
        self.setToolTip("登记解读方案和解读材料、关联政策解读、登记门户网站发布日期")
        self.clicked.connect(self.open_dialog)

    def follow(self, row: DeskRow | None) -> None:
        self.row = row
        self.setEnabled(row is not None)

    def open_dialog(self) -> None:
        if self.row is not None:
            self.dialog = InterpretationDialog(self.owner, self.row, self.after)
            self.dialog.open()
