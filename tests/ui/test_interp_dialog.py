"""政策解读 on the desk: a person selects a submission, opens 政策解读…, records its 解读方案,
links the 政策解读 item (which counts as the 解读材料) and the portal dates, all by clicking."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from gazette.db.models import Document, Submission
from gazette.submissions import interpretation
from tests.ui.test_return_button import NUMBER, _office_with_one_submission
from ui.submissions.models import COL_NUMBER
from ui.submissions.screen import Screen
from ui.tasks import TaskRunner

SHOTS = Path(os.environ["GAZETTE_SHOTS"]) if os.environ.get("GAZETTE_SHOTS") else None
TITLE = "《宿迁市城市居民生活垃圾分类管理办法》政策解读"


def _click(qtbot, button: QPushButton) -> None:  # type: ignore[no-untyped-def]
    assert button.isVisible() and button.isEnabled(), button.objectName()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_materials_link_and_portal_dates_from_the_desk(qtbot, ctx) -> None:
    doc_id = _office_with_one_submission(ctx)
    with ctx.uow() as uow:
        item = Document(title=TITLE, kind="政策解读", body_text="解读正文")
        uow.session.add(item)
        uow.session.flush()
        item_id = item.id
        uow.commit()
    if SHOTS:
        from ui.app import register_fonts

        register_fonts()
    runner = TaskRunner()
    screen = Screen(ctx, runner)
    qtbot.addWidget(screen)
    screen.resize(1366, 768)
    screen.show()
    qtbot.waitUntil(lambda: screen.loads >= 1)
    button = screen.interp_button
    assert button.isVisible() and not button.isEnabled()  # nothing selected yet
    row = next(
        i
        for i in range(screen.proxy.rowCount())
        if screen.proxy.index(i, COL_NUMBER).data() == NUMBER
    )
    rect = screen.view.visualRect(screen.proxy.index(row, COL_NUMBER))
    qtbot.mouseClick(screen.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(button.isEnabled)
    if SHOTS:
        screen.grab().save(str(SHOTS / "desk-interp.png"))
    _click(qtbot, button)
    dialog = button.dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.isVisible() and dialog.shown is not None)
    assert "需要政策解读" in dialog.status.text() and "不齐全" in dialog.status.text()
    assert dialog.candidates.currentData() == item_id

    dialog.material.setCurrentText("解读方案")
    _click(qtbot, dialog.add_btn)
    qtbot.waitUntil(lambda: "收到解读方案" in dialog.status.text())
    _click(qtbot, dialog.link_btn)
    qtbot.waitUntil(lambda: "解读材料齐全" in dialog.status.text())
    assert f"已关联政策解读：{TITLE}" in dialog.status.text()
    assert dialog.candidates.currentData() is None and not dialog.link_btn.isEnabled()

    qtbot.mouseClick(dialog.doc_reported, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.interp_reported, Qt.MouseButton.LeftButton)
    dialog.doc_on.setDate(dt.date(2026, 6, 5))
    dialog.interp_on.setDate(dt.date(2026, 6, 11))  # Friday to Thursday: 4 working days
    _click(qtbot, dialog.portal_btn)
    qtbot.waitUntil(lambda: "已登记门户网站发布日期" in dialog.message.text())
    if SHOTS:
        dialog.grab().save(str(SHOTS / "interp-dialog.png"))
    with ctx.uow() as uow:
        s = uow.session
        assert interpretation.interpretations_of(s, doc_id) == [item_id]
        assert interpretation.interpretation_complete(s, doc_id)
        sub = s.query(Submission).filter_by(document_id=doc_id).one()
        assert (sub.portal_doc_on, sub.portal_interp_on) == (
            dt.date(2026, 6, 5),
            dt.date(2026, 6, 11),
        )
    qtbot.waitUntil(lambda: "门户网站发布日期" in screen.count.text())
    if SHOTS:
        screen.grab().save(str(SHOTS / "desk-after-interp.png"))
    dialog.reject()
    runner.shutdown()


def test_a_reader_opens_it_but_cannot_change_anything(qtbot, ctx) -> None:
    _office_with_one_submission(ctx)
    ctx.role = "reader"
    runner = TaskRunner()
    screen = Screen(ctx, runner)
    qtbot.addWidget(screen)
    screen.show()
    qtbot.waitUntil(lambda: screen.loads >= 1)
    rect = screen.view.visualRect(screen.proxy.index(0, COL_NUMBER))
    qtbot.mouseClick(screen.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(screen.interp_button.isEnabled)
    _click(qtbot, screen.interp_button)
    dialog = screen.interp_button.dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.shown is not None)
    assert not dialog.add_btn.isEnabled() and not dialog.portal_btn.isEnabled()
    assert not dialog.link_btn.isEnabled()
    dialog.reject()
    runner.shutdown()
