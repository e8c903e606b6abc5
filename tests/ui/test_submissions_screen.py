"""The desk screen: record a submission through the form and see it in the table; models."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent

from gazette.submissions.queries import DeskRow
from gazette.vocab import SubmissionStatus as S
from tests.gazette.submissions_setup import make_departments
from tests.ui.person import choose, click_tab, type_text
from ui.submissions.form import qdate
from ui.submissions.models import (
    COL_ISSUED,
    COL_NUMBER,
    COL_STATUS,
    DeskModel,
    DeskProxy,
    StatsModel,
)
from ui.submissions.screen import Screen
from ui.tasks import TaskRunner

SHOTS = os.environ.get("GAZETTE_TEST_SHOTS")  # a folder for screenshots a person looks at


def _row(i: int, status: S = S.ON_TIME) -> DeskRow:
    day = dt.date(2025, 1, 1) + dt.timedelta(days=i % 300)
    return DeskRow(
        i,
        1 + i % 3,
        f"单位{i % 3}",
        f"标题{i}",
        f"宿教发〔2025〕{i + 1}号",
        day,
        day,
        "纸质",
        "此件公开发布",
        True,
        False,
        "",
        "",
        "",
        0,
        day,
        status,
        None,
    )


def test_models_pass_the_model_tester(qtmodeltester) -> None:
    model = DeskModel()
    model.set_rows([_row(i, s) for i, s in enumerate([S.ON_TIME, S.OVERDUE, S.UNCOVERED] * 5)])
    qtmodeltester.check(model)
    proxy = DeskProxy()
    proxy.setSourceModel(model)
    proxy.filter.status = S.OVERDUE
    proxy.refilter()
    assert proxy.rowCount() == 5
    qtmodeltester.check(proxy)
    proxy.sort(COL_ISSUED)
    dates = [proxy.index(i, COL_ISSUED).data() for i in range(proxy.rowCount())]
    assert dates == sorted(dates)
    qtmodeltester.check(StatsModel())


def test_record_through_the_form_and_see_it_in_the_table(qtbot, ctx, tmp_path) -> None:
    make_departments(ctx)
    runner = TaskRunner()
    screen = Screen(ctx, runner)
    qtbot.addWidget(screen)
    screen.show()
    qtbot.waitUntil(lambda: screen.loads >= 1)
    bar = screen.tabs.tabBar()  # open 登记报送 as a person would
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(1).center())
    form = screen.form
    form.department.setCurrentIndex(form.department.findText("市教育局"))
    form.title.setText("关于印发校外培训管理办法的通知")
    form.number.setText("宿财发[2025]12号")
    assert "不是市教育局的代字" in form.number_hint.text()
    form.number.setText("宿教发[2025]12号")
    assert "宿教发〔2025〕12号" in form.number_hint.text()
    form.issued.setDate(qdate(dt.date(2025, 9, 26)))
    form.received.setDate(qdate(dt.date(2025, 10, 13)))
    attachment = tmp_path / "办法.pdf"
    attachment.write_bytes(b"%PDF-1.4 form test")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(attachment))])
    drop = QDropEvent(
        QPointF(10, 10),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
    )
    form.dropEvent(drop)  # dragging the file onto the form attaches it
    assert form.file_paths() == [attachment]
    assert form.add_files([attachment, tmp_path / "x.exe"]) == ["x.exe"]
    assert form.file_paths() == [attachment]
    assert form.save.isVisible() and form.save.isEnabled()
    qtbot.mouseClick(form.save, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screen.loads >= 2)
    assert "已新登记" in form.message.text()
    # the record just made, as the desk computes it: issued 26 Sep, received 13 Oct
    assert "报送截止日期：2025-10-" in form.message.text() and "状态：" in form.message.text()
    proxy = screen.proxy
    found = [
        i
        for i in range(proxy.rowCount())
        if proxy.index(i, COL_NUMBER).data() == "宿教发〔2025〕12号"
    ]
    assert found
    assert proxy.index(found[0], COL_STATUS).data() == "逾期报送"
    # a received date before issuance is refused with the reason
    form.title.setText("另一件")
    form.number.setText("宿教发〔2025〕13号")
    form.received.setDate(qdate(dt.date(2025, 9, 1)))
    form.save.click()
    qtbot.waitUntil(lambda: "未登记" in form.message.text())
    assert "早于印发日期" in form.message.text()
    # free-text filter
    screen.text_filter.setText("校外培训")
    assert proxy.rowCount() == 1
    screen.grab().save(str(tmp_path / "desk.png"))
    screen.text_filter.clear()
    # an expected document: registered without a received date, then its arrival recorded
    form.title.setText("关于预期文件的通知")
    form.number.setText("宿教发〔2025〕14号")
    form.disclosure.setCurrentText("此件依申请公开")
    form.expected.setChecked(True)
    loads = screen.loads
    form.save.click()
    qtbot.waitUntil(lambda: screen.loads > loads)
    assert "已预期登记" in form.message.text()
    screen.text_filter.setText("宿教发〔2025〕14号")
    assert proxy.rowCount() == 1
    screen.view.selectRow(0)
    assert screen.arrive_button.isEnabled() and not screen.select_button.isEnabled()
    screen.arrive_button.click()
    assert screen.tabs.currentIndex() == 1 and form.number.text() == "宿教发〔2025〕14号"
    form.received.setDate(qdate(dt.date(2025, 10, 9)))
    loads = screen.loads
    form.save.click()
    qtbot.waitUntil(lambda: screen.loads > loads)
    assert "已到达" in form.message.text()
    assert proxy.index(0, COL_STATUS).data() == "按时报送"  # due 10-10, across National Day
    screen.view.selectRow(0)
    qtbot.waitUntil(lambda: "到达" in screen.detail.toPlainText())
    assert not screen.select_button.isEnabled()  # 依申请公开: cannot be selected
    # import through the screen: the good row lands in the table, the bad one is reported
    csv_path = tmp_path / "导入.csv"
    csv_path.write_text(
        "报送单位,文件标题,发文字号,印发日期,报送日期\n"
        "市财政局,关于导入的通知,宿财发〔2025〕30号,2025-05-06,2025-05-07\n"
        "市统计局,关于未知单位的通知,宿统发〔2025〕1号,2025-05-06,\n",
        encoding="utf-8",
    )
    screen.text_filter.clear()
    before, loads = len(screen.model.all_rows), screen.loads
    screen.import_file(csv_path)
    qtbot.waitUntil(lambda: screen.loads > loads)
    assert len(screen.model.all_rows) == before + 1
    runner.shutdown()


def test_reminders_panel_switches_to_alternate_and_records(qtbot, ctx) -> None:
    from sqlalchemy import func, select

    from gazette.db.models import Reminder
    from gazette.departments import absences
    from gazette.submissions.register import SubmissionData, record
    from ui.submissions.reminders_panel import RemindersPanel

    ids = make_departments(ctx)
    with ctx.uow() as uow:
        record(
            uow.session,
            SubmissionData(
                ids["市教育局"], "关于甲的通知", "宿教发〔2025〕1号", dt.date(2025, 3, 3)
            ),
        )
        uow.commit()
    runner = TaskRunner()
    panel = RemindersPanel(ctx, runner)
    qtbot.addWidget(panel)
    panel.refresh(dt.date(2025, 3, 26))
    qtbot.waitUntil(lambda: panel.list.count() == 1)
    assert "李强" in panel.list.item(0).text() and "李强同志" in panel.text.toPlainText()
    with ctx.uow() as uow:  # recorded on the departments screen, or by another client
        primary = absences.current_holder(uow.session, ids["市教育局"], "primary")
        assert primary is not None
        absences.record_absence(uow.session, primary.id, dt.date(2025, 3, 24), None, "休假")
        uow.commit()
    panel.refresh(dt.date(2025, 3, 26))
    qtbot.waitUntil(lambda: "备用联络员刘洋" in panel.list.item(0).text())
    assert "李强同志不在岗（休假" in panel.text.toPlainText()
    assert panel.routing.isVisibleTo(panel) and "刘洋" in panel.routing.text()
    with qtbot.waitSignal(panel.recorded):
        panel._record()
    with ctx.uow() as uow:
        assert uow.session.scalar(select(func.count()).select_from(Reminder)) == 1
    runner.shutdown()


def test_desk_says_when_next_years_holiday_notice_is_needed(qtbot, ctx) -> None:
    runner = TaskRunner()
    screen = Screen(ctx, runner)
    qtbot.addWidget(screen)
    screen.show()
    qtbot.waitUntil(lambda: screen.loads >= 1)
    loads = screen.loads
    screen.as_of.setDate(qdate(dt.date(2099, 10, 31)))  # October: only this year's notice
    qtbot.waitUntil(lambda: screen.loads > loads)
    assert "2099年" in screen.banner.text() and "2100年" not in screen.banner.text()
    loads = screen.loads
    screen.as_of.setDate(qdate(dt.date(2099, 11, 1)))  # from 1 November: next year's too
    qtbot.waitUntil(lambda: screen.loads > loads)
    assert screen.banner.isVisible()
    assert "导入国务院办公厅2099年、2100年节假日安排的通知" in screen.banner.text()
    assert "gazette " not in screen.banner.text()  # no command line on a screen
    runner.shutdown()


def test_departments_are_listed_in_pinyin_order_and_the_indicator_says_so(qtbot) -> None:
    from ui.collation import pinyin_sorted
    from ui.submissions.dashboard import Dashboard

    names = ["宿迁市人民政府", "宿迁市财政局", "宿迁市教育局", "宿迁市公安局"]
    assert pinyin_sorted(names) == [
        "宿迁市财政局",
        "宿迁市公安局",
        "宿迁市教育局",
        "宿迁市人民政府",
    ]
    board = Dashboard()
    qtbot.addWidget(board)
    departments = list(enumerate(names, start=1))
    rows = [_row(i) for i in range(3)]
    board.show_stats(rows, departments, None, None, dt.date(2025, 12, 31))
    view = board.view
    shown = [view.model().index(r, 0).data() for r in range(view.model().rowCount())]
    assert shown == pinyin_sorted(shown) and len(shown) >= 2
    header = view.horizontalHeader()
    assert header.sortIndicatorSection() == 0
    assert header.sortIndicatorOrder() == Qt.SortOrder.AscendingOrder


def test_one_desk_query_feeds_table_and_reminders_and_a_reminder_reloads_the_desk(
    qtbot, ctx, monkeypatch
) -> None:
    from PySide6.QtWidgets import QPushButton

    from gazette.submissions import queries
    from gazette.submissions.register import SubmissionData, record

    ids = make_departments(ctx)
    with ctx.uow() as uow:  # issued long ago, never received: overdue today
        record(
            uow.session,
            SubmissionData(
                ids["市教育局"], "关于甲的通知", "宿教发〔2025〕1号", dt.date(2025, 3, 3)
            ),
        )
        uow.commit()
    calls: list[dt.date] = []
    real_desk = queries.desk

    def counted(session, as_of, *args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(as_of)
        return real_desk(session, as_of, *args, **kwargs)

    monkeypatch.setattr(queries, "desk", counted)
    runner = TaskRunner()
    screen = Screen(ctx, runner)
    qtbot.addWidget(screen)
    screen.show()
    qtbot.waitUntil(lambda: screen.loads >= 1 and not runner.active)
    assert len(calls) == 1  # the table and the 催报 list share one query
    panel = screen.reminders
    assert panel.list.count() == 1 and "李强" in panel.list.item(0).text()
    bar = screen.tabs.tabBar()
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(3).center())
    sent = next(b for b in panel.findChildren(QPushButton) if b.text() == "记录已发送")
    assert sent.isVisible() and sent.isEnabled()
    loads = screen.loads
    qtbot.mouseClick(sent, Qt.MouseButton.LeftButton)
    # the 催报 changed the reminders tables: the desk reloads from runner.changed, once
    qtbot.waitUntil(lambda: screen.loads > loads and not runner.active)
    assert screen.loads == loads + 1 and len(calls) == 2
    assert [r.reminders for r in screen.model.all_rows] == [1]
    runner.shutdown()


def test_the_empty_history_pane_says_what_fills_it(qtbot, ctx) -> None:
    """Under the desk's table sat an empty box with no word of what it is for."""
    from gazette.submissions.register import SubmissionData, record

    depts = make_departments(ctx)
    with ctx.uow() as uow:
        record(
            uow.session,
            SubmissionData(
                department_id=depts["市教育局"],
                title="关于印发某某管理办法的通知",
                doc_number="宿教发〔2025〕7号",
                issued_on=dt.date(2025, 3, 3),
                received_on=dt.date(2025, 3, 5),
                channel="电子邮件",
            ),
        )
        uow.commit()
    runner = TaskRunner()
    screen = Screen(ctx, runner)
    qtbot.addWidget(screen)
    screen.resize(1366, 768)
    screen.show()
    qtbot.waitUntil(lambda: screen.proxy.rowCount() == 1)
    assert screen.detail.toPlainText() == "" and "选中" in screen.detail.placeholderText()
    rect = screen.view.visualRect(screen.proxy.index(0, COL_NUMBER))
    qtbot.mouseClick(screen.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: "宿教发〔2025〕7号" in screen.detail.toPlainText())
    qtbot.waitUntil(lambda: not runner.active)
    runner.shutdown()


def test_form_fills_the_liaison_officer_of_the_chosen_department(qtbot, ctx) -> None:
    """Choosing a department fills 报送联络员 with its officer; a typed name is kept."""
    make_departments(ctx)
    runner = TaskRunner()
    screen = Screen(ctx, runner)
    qtbot.addWidget(screen)
    screen.resize(1366, 768)
    screen.show()
    qtbot.waitUntil(lambda: screen.loads >= 1)
    click_tab(qtbot, screen.tabs, "登记报送")
    form = screen.form
    choose(qtbot, form.department, "市教育局")
    qtbot.waitUntil(lambda: form.liaison.text() == "李强")
    choose(qtbot, form.department, "市财政局")  # the filled-in name follows the choice
    qtbot.waitUntil(lambda: form.liaison.text() == "赵磊")
    if SHOTS:
        screen.grab().save(str(Path(SHOTS) / "form-liaison.png"))
    type_text(form.liaison, "周文")
    choose(qtbot, form.department, "市教育局")
    qtbot.waitUntil(lambda: not runner.active)
    assert form.liaison.text() == "周文"  # what the user typed is not overwritten
    runner.shutdown()
