"""退文 on the desk: a person selects a submission that came without its interpretation, clicks
the visible 退文… button, chooses the reason and clicks 退文; the record is returned (its 报送日期
cleared, the history kept) and the 退文通知 letter is written."""

from __future__ import annotations

import datetime as dt

from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox
from sqlalchemy import select

from gazette.db.models import Department, Liaison, Submission
from gazette.submissions import interpretation
from gazette.submissions.register import SubmissionData, record
from ui.submissions.models import COL_NUMBER
from ui.submissions.screen import Screen
from ui.tasks import TaskRunner

NUMBER = "宿政规发〔2026〕3号"


def _office_with_one_submission(ctx) -> int:  # type: ignore[no-untyped-def]
    with ctx.uow() as uow:
        s = uow.session
        dept = Department(name="宿迁市人民政府", short_name="市政府", issuer_codes=["宿政规发"])
        dept.liaisons = [Liaison(role="primary", name="张红霞", started_on=dt.date(2020, 1, 1))]
        s.add(dept)
        s.flush()
        out = record(
            s,
            SubmissionData(
                department_id=dept.id,
                title="市政府关于印发宿迁市城市居民生活垃圾分类管理办法的通知",
                doc_number=NUMBER,
                issued_on=dt.date(2026, 5, 18),
                received_on=dt.date(2026, 5, 19),
                channel="电子邮件",
                liaison_name="张红霞",
            ),
        )
        doc = s.get(Submission, 1)
        assert doc is not None
        assert interpretation.return_reasons(s, doc.document) == ["解读材料不齐全"]
        uow.commit()
        return out.document_id


def test_the_visible_return_button_returns_the_submission_with_a_letter(
    qtbot, ctx, tmp_path
) -> None:
    doc_id = _office_with_one_submission(ctx)
    screen = Screen(ctx, TaskRunner())
    qtbot.addWidget(screen)
    screen.resize(1366, 768)
    screen.show()
    qtbot.waitUntil(lambda: screen.loads >= 1)
    button = screen.return_button
    assert button.isVisible() and not button.isEnabled()  # nothing selected yet
    view = screen.view
    row = next(
        i
        for i in range(screen.proxy.rowCount())
        if screen.proxy.index(i, COL_NUMBER).data() == NUMBER
    )
    rect = view.visualRect(screen.proxy.index(row, COL_NUMBER))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(button.isEnabled)
    qtbot.waitUntil(lambda: "应退文：解读材料不齐全" in screen.detail.toPlainText())
    screen.grab().save(str(tmp_path / "desk.png"))
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: button.dialog is not None and button.dialog.isVisible())
    dialog = button.dialog
    assert dialog is not None
    assert dialog.reason.currentText() == "解读材料不齐全"
    dialog.detail.setText("未附解读方案和解读材料")
    letter = tmp_path / "退文通知.pdf"
    dialog.letter.setText(str(letter))
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert ok.isVisible() and ok.isEnabled() and ok.text() == "退文"
    loads = screen.loads
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screen.loads > loads)
    with ctx.uow() as uow:
        sub = uow.session.scalars(select(Submission).where(Submission.document_id == doc_id)).one()
        assert sub.received_on is None and sub.returned_on is not None and sub.returns == 1
        assert "解读材料不齐全：未附解读方案和解读材料" in sub.return_reason
        assert [e.kind for e in sub.events] == ["登记", "退文"]
    text = "".join(p.extract_text() or "" for p in PdfReader(letter).pages)
    assert "张红霞" in text and "解读材料不齐全" in text
    assert (
        not button.isEnabled()
        or screen.selected_row() is None
        or (
            screen.selected_row().received_on is None  # type: ignore[union-attr]
        )
    )
