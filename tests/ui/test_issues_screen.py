"""The issues screen builds the demo issue and previews it; its models pass qtmodeltester."""

from __future__ import annotations

from PySide6.QtCore import Qt

from gazette.issues.planning import STATUSES
from gazette.office import settings
from tests.ui import modal_clicks
from ui.issues.models import PlanModel
from ui.issues.screen import Screen
from ui.tasks import TaskRunner


def test_build_the_demo_issue_from_the_screen(qtbot, qtmodeltester, demo_ctx, tmp_path) -> None:
    ctx = demo_ctx
    runner = TaskRunner()
    screen = Screen(ctx, runner)
    qtbot.addWidget(screen)
    screen.resize(1500, 900)
    screen.show()
    qtbot.waitUntil(lambda: screen.snapshot is not None)
    assert screen.snapshot.plan.issue.label == "2026年第11期"
    assert screen.issue_model.rowCount() == 3  # two published, one planned
    assert screen.problem_model.rowCount() == 0  # the demo issue passes every rule
    qtmodeltester.check(screen.issue_model)
    qtmodeltester.check(screen.plan_model)
    qtmodeltester.check(screen.problem_model)

    # drag and drop ends in PlanModel.move: the last item of the first section goes first
    first = screen.snapshot.plan.sections[0]
    ids = [i.id for i in first.items]
    screen.plan_model.move(0, 0, [ids[-1]])
    qtbot.waitUntil(
        lambda: [i.id for i in screen.snapshot.plan.sections[0].items] == [ids[-1], *ids[:-1]],
    )

    screen.edition.setCurrentIndex(screen.edition.findData("web"))
    with qtbot.waitSignal(runner.ended, timeout=120000):
        screen.build_btn.click()
    qtbot.waitUntil(lambda: screen.last_build is not None)
    result = screen.last_build
    assert result.of("web") and result.of("document")
    assert screen.preview.path == result.of("web")[0].path
    assert not screen.preview.rendered().isNull()
    qtbot.waitUntil(lambda: not runner.active, timeout=60000)
    modal_clicks.answer(qtbot, "confirmAction")  # the confirmation says what a proof does
    qtbot.mouseClick(screen.proof_btn, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: "第1校" in screen.diff_label.text() or "color" in screen.message.styleSheet(),
        timeout=120000,
    )
    assert "第1校" in screen.diff_label.text(), screen.message.text()
    items = sum(len(sec.items) for sec in screen.snapshot.plan.sections)
    assert f"{items}/{items} 篇文件排版文字与原文一致" in screen.diff_label.text()
    qtmodeltester.check(screen.diff_model)
    qtbot.waitUntil(lambda: screen.round_model.rowCount() == 1)
    screen.grab().save(str(tmp_path / "issues.png"))
    screen.preview.close_pdf()
    runner.shutdown()


def test_plan_model_on_an_empty_plan(qtmodeltester) -> None:
    qtmodeltester.check(PlanModel())


def test_a_published_issue_says_it_is_frozen_not_ready_to_lay_out(qtbot, demo_ctx) -> None:
    ctx = demo_ctx
    runner = TaskRunner()
    screen = Screen(ctx, runner)
    qtbot.addWidget(screen)
    screen.show()
    qtbot.waitUntil(lambda: screen.snapshot is not None)
    published = next(
        r
        for r in range(screen.issue_proxy.rowCount())
        if "第10期" in str(screen.issue_proxy.index(r, 1).data())
    )
    screen.issue_view.selectRow(published)
    qtbot.waitUntil(lambda: screen.snapshot.plan.issue.label == "2026年第10期")
    qtbot.waitUntil(lambda: "第10期" in screen.message.text())
    assert "已冻结" in screen.message.text() and "可以排版" not in screen.message.text()
    assert not screen.add_btn.isEnabled()
    qtbot.waitUntil(lambda: not runner.active)
    runner.shutdown()


def test_the_issue_list_shows_every_column(qtbot, demo_ctx) -> None:
    ctx = demo_ctx
    runner = TaskRunner()
    screen = Screen(ctx, runner)
    qtbot.addWidget(screen)
    screen.resize(1080, 720)  # the main window's screen area at 1280 × 800
    screen.show()
    qtbot.waitUntil(lambda: screen.snapshot is not None)
    view = screen.issue_view
    last = screen.issue_model.columnCount() - 1
    right_edge = view.columnViewportPosition(last) + view.columnWidth(last)
    sizes = screen.split.sizes()
    fits = right_edge <= view.viewport().width()  # 状态 and 篇数 are not cut off …
    # … or the list took all the room the other panes can give (how wide the columns are
    # depends on the font the test session happens to have registered)
    at_floor = sizes[1] <= 321 and sizes[2] <= screen.tabs.minimumSizeHint().width() + 1
    assert fits or at_floor, (right_edge, view.viewport().width(), sizes)
    qtbot.waitUntil(lambda: not runner.active)
    runner.shutdown()


def test_the_workflow_buttons_say_what_they_change(qtbot, demo_ctx) -> None:
    """出校样, 审签, 定稿, 退回 and 发布 from the screen, each after its confirmation."""
    ctx = demo_ctx
    settings.put(ctx, sign_own_proof=True)  # a one-person office signs its own proofs
    runner = TaskRunner()
    screen = Screen(ctx, runner)
    qtbot.addWidget(screen)
    screen.resize(1366, 768)
    screen.show()
    qtbot.waitUntil(lambda: screen.snapshot is not None)
    qtbot.waitUntil(lambda: not runner.active)
    assert screen.snapshot.plan.issue.label == "2026年第11期"
    assert not screen.status_btn.isEnabled() and not screen.reopen_btn.isEnabled()

    def status() -> str:
        return screen.snapshot.plan.issue.status if screen.snapshot else ""

    def click(button, answer: str = "confirmAction", **typed: str) -> None:  # type: ignore[no-untyped-def]
        qtbot.waitUntil(lambda: not runner.active and button.isEnabled(), timeout=120000)
        if answer:
            modal_clicks.answer(qtbot, answer, typed.get("text"), typed.get("field", ""))
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)

    click(screen.proof_btn)
    qtbot.waitUntil(lambda: screen.round_model.rowCount() == 1, timeout=120000)
    assert status() == "proof" and "校样" in modal_clicks.seen[-1]
    screen.tabs.setCurrentIndex(1)
    screen.round_view.selectRow(0)
    click(screen.sign_btn)
    qtbot.waitUntil(lambda: screen.snapshot.rounds[0].signed_by == "admin")
    assert screen.status_btn.text() == "定稿"
    click(screen.status_btn)
    qtbot.waitUntil(lambda: status() == "final")
    assert "冻结" in modal_clicks.seen[-1] and not screen.add_btn.isEnabled()
    # the list's line follows from the plan's read (no second read of every issue)
    line = screen.issue_view.selectionModel().selectedRows()[0]
    assert line.siblingAtColumn(4).data() == STATUSES["final"]
    click(screen.reopen_btn, "confirmReopen", text="第3页表格要调整", field="reopenReason")
    qtbot.waitUntil(lambda: status() == "proof")
    assert screen.add_btn.isEnabled()  # the freeze of 定稿 is lifted
    click(screen.status_btn)
    qtbot.waitUntil(lambda: status() == "final")
    click(screen.build_btn, "")  # 排版 has no confirmation: it changes no status
    qtbot.waitUntil(lambda: screen.last_build is not None, timeout=180000)
    assert screen.status_btn.text() == "发布"
    click(screen.status_btn)
    qtbot.waitUntil(lambda: status() == "published")
    assert "勘误" in modal_clicks.seen[-1] and "冻结" in modal_clicks.seen[-1]
    assert not screen.status_btn.isEnabled() and not screen.reopen_btn.isEnabled()
    qtbot.waitUntil(lambda: not runner.active)
    screen.preview.close_pdf()
    runner.shutdown()


def test_choosing_another_issue_drops_the_last_issues_pdf_and_proof_diff(qtbot, demo_ctx) -> None:
    """After proofing 第11期 and clicking 第10期, 预览 still showed 第11期's proof and 校样与审签
    its diff, as if they were 第10期's. An empty preview says how to fill it."""
    runner = TaskRunner()
    screen = Screen(demo_ctx, runner)
    qtbot.addWidget(screen)
    screen.resize(1366, 768)
    screen.show()
    qtbot.waitUntil(lambda: screen.snapshot is not None)
    assert "出校样" in screen.preview.image.text()  # nothing open yet: it says what fills it
    assert screen.progress.text() == "排版进度（未开始）"  # not an empty box that looks like input
    modal_clicks.answer(qtbot, "confirmAction")
    qtbot.mouseClick(screen.proof_btn, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "第1校" in screen.diff_label.text(), timeout=120000)
    assert screen.preview.path is not None and screen.preview.image.text() == ""
    qtbot.waitUntil(lambda: not runner.active, timeout=60000)
    row = next(
        r
        for r in range(screen.issue_proxy.rowCount())
        if "第10期" in str(screen.issue_proxy.index(r, 1).data())
    )
    rect = screen.issue_view.visualRect(screen.issue_proxy.index(row, 1))
    qtbot.mouseClick(screen.issue_view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: screen.snapshot.plan.issue.label == "2026年第10期")
    assert screen.preview.path is None and screen.preview.rendered().isNull()
    assert "出校样" in screen.preview.image.text()
    assert screen.diff_model.rowCount() == 0 and "第1校" not in screen.diff_label.text()
    qtbot.waitUntil(lambda: not runner.active)
    runner.shutdown()
