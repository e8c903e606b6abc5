"""Empty panes say why they are empty, in a sentence: a document not yet in a published issue
(未刊登) and without text in 查阅, a search without hits (the previous document does not stay
on the right), and 编目 with nothing to catalogue."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from types import SimpleNamespace

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from gazette.submissions.register import SubmissionData, record
from tests.gazette.submissions_setup import make_departments
from tests.ui.person import click_row, click_tab, type_text
from ui.archive.catalogue_tab import empty_note, waiting_for_catalogue
from ui.archive.screen import Screen as ArchiveScreen
from ui.lookup.detail import NO_TEXT, UNPUBLISHED
from ui.lookup.screen import Screen as LookupScreen
from ui.tasks import TaskRunner

SHOTS = os.environ.get("GAZETTE_TEST_SHOTS")  # a folder for screenshots a person looks at


def _shot(widget, name: str) -> None:  # type: ignore[no-untyped-def]
    if SHOTS:  # for a person to look at; the assertions do not need it
        widget.grab().save(str(Path(SHOTS) / name))


def test_lookup_says_unpublished_no_text_and_no_hits(qtbot, ctx) -> None:
    depts = make_departments(ctx)
    with ctx.uow() as uow:
        record(
            uow.session,
            SubmissionData(
                department_id=depts["市教育局"],
                title="关于规范校外托管机构管理的通知",
                doc_number="宿教发〔2026〕31号",
                issued_on=dt.date(2026, 11, 2),
                received_on=dt.date(2026, 11, 4),
            ),
        )
        uow.commit()
    runner = TaskRunner()
    screen = LookupScreen(ctx, runner)
    qtbot.addWidget(screen)
    screen.resize(1366, 768)
    screen.show()
    qtbot.waitUntil(lambda: screen.searches_done >= 1 and screen.model.rowCount() == 1)
    pane = screen.doc_pane
    click_row(qtbot, screen.table, screen.model.index(0, 0))
    qtbot.waitUntil(lambda: pane.view is not None)
    assert pane.citation.text() == UNPUBLISHED and not pane.copy_button.isEnabled()
    assert NO_TEXT in pane.text.toPlainText()
    _shot(screen, "lookup-unpublished.png")

    done = screen.searches_done
    type_text(screen.search_edit, "量子引力波")
    QTest.keyClick(screen.search_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: screen.searches_done > done and screen.model.rowCount() == 0)
    qtbot.waitUntil(
        lambda: screen.results is not None and screen.results.query.text == "量子引力波"
    )
    assert pane.view is None and "托管" not in pane.title.text()  # the old document is gone
    assert pane.title.text().startswith("没有找到与“量子引力波”相关的文件。")
    qtbot.waitUntil(lambda: screen.count_label.text() == "没有找到")
    _shot(screen, "lookup-no-hits.png")
    qtbot.waitUntil(lambda: not runner.active and not screen.debounce.isActive())
    runner.shutdown()


def test_catalogue_says_there_is_nothing_to_catalogue_yet(qtbot, ctx) -> None:
    runner = TaskRunner()
    screen = ArchiveScreen(ctx, runner)
    qtbot.addWidget(screen)
    screen.resize(1366, 768)
    screen.show()
    click_tab(qtbot, screen.tabs, "编目")
    # the register is read on a worker; the note appears once it arrives empty
    qtbot.waitUntil(lambda: screen.catalogue.cover.text() == empty_note(None, 0))
    assert "扫描入库并识别文字" in screen.catalogue.cover.text()
    _shot(screen, "catalogue-empty.png")
    qtbot.waitUntil(lambda: not runner.active)
    screen.shutdown()
    runner.shutdown()


def test_catalogue_opens_on_the_first_issue_waiting_for_it() -> None:
    rows = [SimpleNamespace(entry_id=i, state=s) for i, s in
            enumerate(["published", "catalogued", "ocred", "proofread", "proofread"], 1)]  # fmt: skip
    assert waiting_for_catalogue(rows) == 4  # proofread first: its text is ready
    assert waiting_for_catalogue(rows[:3]) == 3
    assert waiting_for_catalogue(rows[:2]) is None
    assert "添加一篇" in empty_note(7, 0) and empty_note(7, 3) == ""
