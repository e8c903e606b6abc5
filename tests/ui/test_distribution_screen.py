"""The 赠阅发行 screen on the demo office: a published issue shows its distribution, receipts
are marked by clicking, copies change with their history, and 只读 sees but cannot change."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QTableView

from gazette.distribution import recipients as rcp
from tests.gazette.distribution_setup import row, write_sheet
from ui.distribution.models import LinesModel, RecipientsModel
from ui.distribution.screen import Screen
from ui.tasks import TaskRunner

SHOTS = Path(os.environ.get("GAZETTE_SHOTS", "")) if os.environ.get("GAZETTE_SHOTS") else None


def _click_row(qtbot, view: QTableView, row: int) -> None:  # type: ignore[no-untyped-def]
    view.scrollTo(view.model().index(row, 0))
    rect = view.visualRect(view.model().index(row, 0))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def _click(qtbot, widget) -> None:  # type: ignore[no-untyped-def]
    assert widget.isVisible() and widget.isEnabled(), widget.objectName()
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def _open(qtbot, ctx) -> tuple[Screen, TaskRunner]:  # type: ignore[no-untyped-def]
    if SHOTS:  # as the app does at start-up, so the screenshot shows Chinese, not boxes
        from ui.app import register_fonts

        register_fonts()
    runner = TaskRunner()
    screen = Screen(ctx, runner)
    qtbot.addWidget(screen)
    screen.resize(1366, 768)
    screen.show()
    qtbot.waitUntil(lambda: screen.issues_tab.lines.rowCount() > 0 and not runner.active)
    return screen, runner


def _pending_row(model: LinesModel) -> int:
    return next(i for i, x in enumerate(model.rows()) if x.status == "pending")


def test_a_published_issue_shows_its_distribution_and_receipts_are_clicked(
    qtbot, demo_ctx, tmp_path
) -> None:
    screen, runner = _open(qtbot, demo_ctx)
    tab = screen.issues_tab
    assert tab.shown is not None and tab.shown.frozen and tab.shown.issue_status == "published"
    assert f"印数 {tab.shown.print_run} 册" in tab.summary.text()
    if SHOTS:
        screen.grab().save(str(SHOTS / "issues_tab.png"))
    assert not tab.received_btn.isEnabled()  # nothing chosen yet
    first = _pending_row(tab.lines)
    name = tab.lines.row_at(first).name
    _click_row(qtbot, tab.line_view, first)
    _click(qtbot, tab.received_btn)
    qtbot.waitUntil(
        lambda: any(x.name == name and x.status == "received" for x in tab.lines.rows())
    )
    second = _pending_row(tab.lines)
    other = tab.lines.row_at(second).name
    _click_row(qtbot, tab.line_view, second)
    tab.reason.setCurrentText("地址不详")
    _click(qtbot, tab.returned_btn)
    qtbot.waitUntil(
        lambda: any(x.name == other and x.reason == "地址不详" for x in tab.lines.rows())
    )
    qtbot.waitUntil(lambda: not runner.active)
    qtbot.waitUntil(
        lambda: next(r for r in screen.recipients_tab.model.rows() if r.name == other).needs_review
    )
    tab.print_run.setValue(tab.shown.print_run + 100)
    _click(qtbot, tab.override_btn)  # no reason: refused, named
    qtbot.waitUntil(lambda: "原因" in tab.message.text())
    _type(qtbot, tab.override_reason, "加印供两会使用")
    _click(qtbot, tab.override_btn)
    qtbot.waitUntil(lambda: tab.shown is not None and tab.shown.override_reason == "加印供两会使用")
    assert "加印供两会使用" in tab.summary.text()
    for name, write in (("清单.xlsx", tab.export_sheet), ("标签.pdf", tab.print_labels)):
        write(tmp_path / name)
        qtbot.waitUntil(lambda name=name: name in tab.message.text())
        assert (tmp_path / name).stat().st_size > 1000
    runner.shutdown()


def test_copies_change_with_history_and_a_bad_sheet_is_named_by_row(
    qtbot, demo_ctx, tmp_path
) -> None:
    screen, runner = _open(qtbot, demo_ctx)
    bar = screen.tabs.tabBar()
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(1).center())
    tab = screen.recipients_tab
    qtbot.waitUntil(lambda: tab.isVisible() and tab.model.rowCount() > 100)
    _click_row(qtbot, tab.view, 0)
    chosen = tab.selected()
    assert chosen is not None
    qtbot.waitUntil(lambda: "每期份数变更" in tab.copies_label.text())
    tab.copies.setValue(chosen.copies + 4)
    _click(qtbot, tab.copies_btn)
    qtbot.waitUntil(lambda: f"{chosen.copies + 4} 份（" in tab.copies_label.text())
    with demo_ctx.uow() as uow:
        assert rcp.get(uow.session, chosen.id).copies == chosen.copies + 4
    if SHOTS:
        screen.grab().save(str(SHOTS / "recipients_tab.png"))
    bad = write_sheet(
        tmp_path / "bad.xlsx", [row("新查阅点", "宿迁市宿城区人民路1号", postcode="ABCDEF")]
    )
    tab.import_file(bad)
    qtbot.waitUntil(lambda: tab.last_report is not None)
    assert "第 2 行 邮政编码" in tab.message.text() and "全部未导入" in tab.message.text()
    runner.shutdown()


def _type(qtbot, edit, text: str) -> None:  # type: ignore[no-untyped-def]
    """Chinese arrives from the input method as one committed string, digits from keys."""
    edit.setFocus()
    if text.isascii():
        qtbot.keyClicks(edit, text)
        return
    typed = QInputMethodEvent()
    typed.setCommitString(text)
    QApplication.sendEvent(edit, typed)


def test_a_new_recipient_is_refused_with_a_reason_then_saved(qtbot, ctx) -> None:
    runner = TaskRunner()
    screen = Screen(ctx, runner)
    qtbot.addWidget(screen)
    screen.show()
    bar = screen.tabs.tabBar()
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(1).center())
    tab = screen.recipients_tab
    qtbot.waitUntil(lambda: tab.isVisible() and not runner.active)
    _click(qtbot, tab.new_btn)
    dialog = tab.dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible)
    _type(qtbot, dialog.name, "宿迁市宿城区图书馆")
    _type(qtbot, dialog.address, "宿迁市宿城区幸福中路8号")
    _type(qtbot, dialog.postcode, "2238")
    _click(qtbot, dialog.save_btn)
    assert "邮政编码" in dialog.error.text()
    _type(qtbot, dialog.postcode, "00")
    _click(qtbot, dialog.save_btn)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1)
    saved = tab.model.row_at(0)
    assert (saved.name, saved.postcode, saved.state) == ("宿迁市宿城区图书馆", "223800", "正常")
    runner.shutdown()


def test_reader_sees_the_distribution_but_cannot_change_it(qtbot, demo_ctx) -> None:
    demo_ctx.role = "reader"
    screen, runner = _open(qtbot, demo_ctx)
    tab = screen.issues_tab
    _click_row(qtbot, tab.line_view, 0)
    assert not tab.received_btn.isEnabled() and not tab.reserve_btn.isEnabled()
    assert not screen.recipients_tab.import_btn.isEnabled()
    assert not screen.recipients_tab.new_btn.isEnabled()
    assert tab.sheet_btn.isEnabled()  # reading and printing stay open
    runner.shutdown()


def test_the_list_and_one_recipients_slip_print_through_the_print_dialog(
    qtbot, demo_ctx, tmp_path
) -> None:
    from pypdf import PdfReader

    from tests.ui import modal_clicks

    screen, runner = _open(qtbot, demo_ctx)
    tab = screen.issues_tab
    assert not tab.slip_btn.isEnabled()  # no recipient chosen yet
    out = tmp_path / "清单.pdf"
    modal_clicks.print_to(qtbot, str(out))
    _click(qtbot, tab.print_sheet_btn)
    qtbot.waitUntil(lambda: "已打印" in tab.message.text())
    pages = int(tab.message.text().split("已打印 ")[1].split(" 页")[0])
    assert pages >= 2 and len(PdfReader(out).pages) == pages  # 120 recipients: several pages
    third = tab.lines.row_at(2)
    _click_row(qtbot, tab.line_view, 2)
    slip = tmp_path / "回执.pdf"
    modal_clicks.print_to(qtbot, str(slip))
    _click(qtbot, tab.slip_btn)
    qtbot.waitUntil(lambda: "已打印 1 页" in tab.message.text())
    assert len(PdfReader(slip).pages) == 1
    import pypdfium2 as pdfium

    page = pdfium.PdfDocument(str(slip))[0].render(scale=0.5).to_pil().convert("L")
    if SHOTS:
        page.save(SHOTS / f"slip-{third.name}.png")
    inked = sum(1 for v in page.tobytes() if v < 128) / (page.width * page.height)
    assert 0.002 < inked < 0.2  # one slip's text on a white page, not a blank or black sheet
    runner.shutdown()


def test_models_pass_modeltester(qtmodeltester) -> None:
    model = RecipientsModel()
    model.set_rows(
        [
            rcp.RecipientRow(
                1, "宿迁市图书馆", "图书馆", "", "", "", "", "邮寄", 2, "", "", "", True, False, 1
            )
        ]
    )
    qtmodeltester.check(model)
    assert model.index(0, RecipientsModel.COL_STATE).data() == "资料不全"
    assert QPoint(0, 0).isNull()
