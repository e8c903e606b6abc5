"""The backlog screen: models pass qtmodeltester, batch actions move the selection, a
proofreading edit is saved at once, the plan tab draws and warns."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from archive import plan, register
from archive.catalogue import Article
from archive.models import OcrPage, ScanFile, ScanPage
from archive.register import Period
from gazette.db.models import StoredFile
from ui.archive.models import ArticlesModel, LinesModel, RegisterModel, StepsModel


@pytest.fixture
def backlog(ctx):
    with ctx.uow() as uow:
        register.register_period(uow, Period((2010, 1), (2011, 12), "monthly", 100))
        plan.create_plan(uow, dt.date.today() - dt.timedelta(weeks=6))
        uow.commit()
    with ctx.uow() as uow:
        entry = register.find_entry(uow, 2010, 1)
        s = uow.session
        s.add(StoredFile(sha256="b" * 64, size=1, original_name="p.png"))
        s.flush()
        scan = ScanFile(sha256="b" * 64, entry_id=entry, name="p.png", kind="image")
        s.add(scan)
        s.flush()
        page = ScanPage(scan_file_id=scan.id, entry_id=entry, image_sha256="b" * 64)
        s.add(page)
        s.flush()
        box = [[10, 10], [200, 10], [200, 40], [10, 40]]
        s.add(
            OcrPage(
                page_id=page.id,
                engine="test",
                lines=[
                    {
                        "text": "宿政发〔2010〕1号",
                        "box": box,
                        "conf": 0.7,
                        "chars": [["宿", 0.99, None], ["政", 0.5, None]],
                        "corrected": None,
                    },
                    {
                        "text": "关于加强管理的通知",
                        "box": box,
                        "conf": 0.99,
                        "chars": [],
                        "corrected": None,
                    },
                ],
            )
        )
        uow.commit()
    return ctx


def test_models_pass_the_model_tester(qtmodeltester, backlog) -> None:
    ctx = backlog
    with ctx.uow() as uow:
        rows = register.rows(uow)
        st = plan.status(uow)
    reg = RegisterModel()
    reg.set_rows(rows)
    qtmodeltester.check(reg)
    assert reg.index(0, RegisterModel.COL_ISSUE).data() == "2010年第1期"
    assert reg.index(0, RegisterModel.COL_STATE).data() == "待征集"
    steps = StepsModel()
    steps.set_steps(st.steps)
    qtmodeltester.check(steps)
    arts = ArticlesModel()
    arts.set_articles([Article("标题", "宿政发〔2010〕1号", page_start=2, page_end=3)])
    qtmodeltester.check(arts)
    assert not arts.setData(arts.index(0, ArticlesModel.COL_FROM), "二")
    assert arts.setData(arts.index(0, ArticlesModel.COL_TO), "4") and arts.articles[0].page_end == 4
    saved: list[tuple[int, str]] = []
    lines = LinesModel(lambda r, t: saved.append((r, t)))
    lines.set_lines(
        [
            {
                "text": "甲乙",
                "box": None,
                "conf": 0.5,
                "chars": [["甲", 0.99, None], ["乙", 0.4, None]],
                "corrected": None,
            }
        ]
    )
    qtmodeltester.check(lines)
    assert "background:#ffd54f" in lines.index(0, LinesModel.COL_TEXT).data(
        Qt.ItemDataRole.UserRole
    )
    assert lines.setData(lines.index(0, LinesModel.COL_TEXT), "甲丙")
    assert saved == [(0, "甲丙")] and lines.index(0, LinesModel.COL_TEXT).data() == "甲丙"


def test_screen_batch_actions_and_proofreading(qtbot, backlog, tmp_path, monkeypatch) -> None:
    from PySide6.QtWidgets import QInputDialog

    from archive import ocr
    from ui.archive.screen import Screen
    from ui.tasks import TaskRunner

    ctx = backlog
    runner = TaskRunner()
    screen = Screen(ctx, runner)
    qtbot.addWidget(screen)
    screen.resize(1200, 760)
    screen.show()
    tab = screen.register
    qtbot.waitUntil(lambda: screen.loads >= 1)
    assert tab.model.rowCount() == 24
    # select the first 12 issues and mark the box located
    sel = tab.table.selectionModel()
    for r in range(12):
        sel.select(tab.proxy.index(r, 0), sel.SelectionFlag.Select | sel.SelectionFlag.Rows)
    answers = iter([("市档案馆 1 号库", True), ("B-2010", True)])
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: next(answers))
    qtbot.mouseClick(tab.buttons["整盒征集…"], Qt.MouseButton.LeftButton)
    # the op commits on a worker; the register reloads from the tables it changed
    qtbot.waitUntil(lambda: screen.loads >= 2)
    with ctx.uow() as uow:
        states = [r.state for r in register.rows(uow)]
    assert states[:12] == ["located"] * 12 and states[12] == "to_locate"
    assert len(tab.selected_ids()) == 12  # the selection survives the reload
    tab.state_box.setCurrentIndex(tab.state_box.findData("located"))
    assert tab.proxy.rowCount() == 12
    # proofreading: the first issue's page, a low-confidence line, an edit saved at once
    proof = screen.proof
    screen.tabs.setCurrentWidget(proof)
    with ctx.uow() as uow:
        entry = register.find_entry(uow, 2010, 1)
    proof.choose_issue(entry)
    qtbot.waitUntil(lambda: "低置信度字 1 个" in proof.info.text())
    assert proof.model.rowCount() == 2
    proof.table.selectRow(1)
    assert proof.view.box is not None
    loads = screen.loads
    proof.model.setData(proof.model.index(0, 1), "宿政发〔2010〕2号")
    page_id = proof.page_id
    assert page_id is not None
    qtbot.waitUntil(lambda: not runner.active)
    with ctx.uow() as uow:
        assert ocr.page_lines(uow, page_id)[0]["corrected"] == "宿政发〔2010〕2号"
    assert screen.loads == loads  # a correction touches no register table: nothing reloads
    screen.tabs.setCurrentWidget(screen.plan)
    qtbot.waitUntil(lambda: screen.plan.model.rowCount() == 6)
    screen.grab().save(str(tmp_path / "archive.png"))
    assert runner.shutdown(5000)


def test_drop_a_folder_ingests_through_the_task_runner(qtbot, backlog, tmp_path) -> None:
    from archive.synth import render_page
    from ui.archive.screen import Screen
    from ui.tasks import TaskRunner

    ctx = backlog
    folder = tmp_path / "scans"
    folder.mkdir()
    render_page(3, heading="第1页", lines_per_column=1, size=(900, 500)).image.save(
        folder / "p1.png"
    )
    (folder / "p2.png").write_bytes(b"broken")
    runner = TaskRunner()
    screen = Screen(ctx, runner)
    qtbot.addWidget(screen)
    tab = screen.ingest
    with ctx.uow() as uow:
        entry = register.find_entry(uow, 2011, 5)
    qtbot.waitUntil(lambda: screen.loads >= 1)
    tab.choose_issue(entry)
    tab.ocr_after.setChecked(False)
    tab.drop.dropped.emit([folder])
    qtbot.waitUntil(lambda: tab.task is None, timeout=60000)
    log = tab.log.toPlainText()
    assert "文件 1 个，页面 1 页" in log and "错误：p2.png" in log
    with ctx.uow() as uow:
        (row,) = register.rows(uow, [entry])
    assert row.state == "scanned" and row.pages == 1
    assert runner.shutdown(5000)


def test_the_demo_scans_are_one_click_away(qtbot, ctx) -> None:
    """After the demo, 入库与识别 offers its waiting scans (2020年第11期) with a button."""
    from archive import demo
    from ui.archive.screen import Screen
    from ui.tasks import TaskRunner

    demo.load(ctx, dt.date(2026, 11, 27))
    runner = TaskRunner()
    screen = Screen(ctx, runner)
    qtbot.addWidget(screen)
    screen.show()
    tab = screen.ingest
    screen.tabs.setCurrentWidget(tab)
    qtbot.waitUntil(lambda: not runner.active and tab.issue_box.count() > 200, timeout=60000)
    tab.ocr_after.setChecked(False)
    assert tab.demo_button.isVisible() and tab.demo_button.isEnabled()
    qtbot.mouseClick(tab.demo_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: tab.task is None and "页面 3 页" in tab.log.toPlainText(), timeout=60000
    )
    with ctx.uow() as uow:
        (row,) = register.rows(uow, [register.find_entry(uow, 2020, 11)])
    assert row.state == "scanned" and row.pages == 3
    assert runner.shutdown(5000)


def test_opening_the_wing_warms_the_ocr_pool_and_closing_stops_it(qtbot, backlog) -> None:
    """Not about recognition: the app's pool runs the declared fake engine (tests/conftest.py)."""
    import multiprocessing as mp

    from archive import ocr_pool
    from ui.archive.screen import Screen
    from ui.tasks import TaskRunner

    ocr_pool.shutdown()
    before = {p.pid for p in mp.active_children()}
    runner = TaskRunner()
    screen = Screen(backlog, runner)
    qtbot.addWidget(screen)
    assert not {p.pid for p in mp.active_children()} - before  # nothing starts before it opens
    screen.show()
    qtbot.waitExposed(screen)
    assert screen.ocr_started
    qtbot.waitUntil(lambda: not runner.active, timeout=60000)  # started on a worker
    workers = {p.pid for p in mp.active_children()} - before  # started by the opening itself
    pool = ocr_pool.shared_pool()
    assert len(workers) == pool.workers and set(pool.pids()) == workers
    pool.wait_ready(timeout=120)
    screen.hide()
    screen.show()  # opening it again keeps the same processes
    qtbot.waitUntil(lambda: not runner.active, timeout=60000)
    assert ocr_pool.shared_pool() is pool and set(pool.pids()) == workers
    screen.shutdown()  # what the main window calls when the app closes
    assert pool.closed and not workers & {p.pid for p in mp.active_children()}
    assert runner.shutdown(5000)


def test_catalogue_checks_the_cover_saves_and_confirms_through_ops(qtbot, ctx) -> None:
    """编目 on a worker: the cover check, the draft saved against its version, the confirm
    (its notice clicked away) leaving the issue 已编目 and the register showing it."""
    from tests.archive.test_catalogue import _entry_with_text
    from tests.ui import modal_clicks
    from ui.archive.screen import Screen
    from ui.tasks import TaskRunner

    entry = _entry_with_text(ctx, 45)
    runner = TaskRunner()
    screen = Screen(ctx, runner)
    qtbot.addWidget(screen)
    screen.resize(1366, 768)
    screen.show()
    qtbot.waitUntil(lambda: screen.loads >= 1)
    tab = screen.catalogue
    screen.tabs.setCurrentWidget(tab)
    tab.choose_issue(entry)
    qtbot.waitUntil(lambda: tab.model.rowCount() > 1)
    click = Qt.MouseButton.LeftButton
    qtbot.mouseClick(tab.buttons["核对封面"], click)
    qtbot.waitUntil(lambda: "封面与登记簿一致" in tab.cover.text())
    tab.model.setData(tab.model.index(0, ArticlesModel.COL_TITLE), "改过的标题")
    qtbot.mouseClick(tab.buttons["保存草稿"], click)
    qtbot.waitUntil(lambda: "草稿已保存" in tab.cover.text())
    loads = screen.loads
    modal_clicks.answer(qtbot, "informOk")
    qtbot.mouseClick(tab.buttons["确认编目"], click)
    qtbot.waitUntil(lambda: screen.loads > loads and not runner.active, timeout=30000)
    assert "已编目" in modal_clicks.seen[-1]
    with ctx.uow() as uow:
        (row,) = register.rows(uow, [entry])
    assert row.state == "catalogued"
    shown = next(r for r in screen.register.model.rows() if r.entry_id == entry)
    assert shown.state == "catalogued"
    assert runner.shutdown(5000)
