"""The 查阅 screen: search as you type, open a result beside its page, cite, export, browse."""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication

from gazette.search.model import Filters
from tests.gazette.test_search_service import SAMPLE
from tests.search_support import add_docs, attach_file, issue_pdf
from ui.lookup.models import ResultsModel
from ui.lookup.screen import Screen
from ui.tasks import TaskRunner


def test_search_open_cite_export_browse(qtbot, qtmodeltester, ctx, tmp_path) -> None:
    ids = add_docs(ctx, SAMPLE)
    pdf = tmp_path / "2018-05.pdf"
    issue_pdf(pdf, {12: [SAMPLE[0].title, SAMPLE[0].doc_number or "", SAMPLE[0].body]}, 14)
    attach_file(ctx, ids[0], pdf, "issue_pdf")

    runner = TaskRunner()
    screen = Screen(ctx, runner)
    qtbot.addWidget(screen)
    screen.resize(1280, 760)
    screen.show()
    qtbot.waitUntil(lambda: screen.searches_done >= 1)  # the newest documents

    screen.search_edit.setText("公")
    screen.search_edit.setText("公开")  # typing on: only the settled text is searched
    qtbot.waitUntil(lambda: screen.results is not None and screen.results.query.text == "公开")
    assert screen.model.rowCount() == 5
    qtbot.waitUntil(lambda: "共 5 条" in screen.count_label.text())
    qtmodeltester.check(screen.model)

    row = next(i for i in range(5) if screen.model.hit(i).doc_id == ids[0])
    screen.table.selectRow(row)
    qtbot.waitUntil(lambda: screen.doc_pane.view is not None)
    pane = screen.doc_pane
    assert pane.view.doc_id == ids[0]
    assert "background:#ffe58a" in pane.text.toHtml() or "ffe58a" in pane.text.toHtml()
    qtbot.waitUntil(lambda: pane.page_total == 14, timeout=30000)
    assert pane.page_index == 11  # page 12 of the issue, where the document is printed
    assert not pane.page_label.pixmap().isNull()

    assert pane.copy_citation() == "《宿迁市人民政府公报》2018年第5期第12页"
    assert QGuiApplication.clipboard().text() == "《宿迁市人民政府公报》2018年第5期第12页"
    screen.grab().save(str(tmp_path / "lookup.png"))

    out = tmp_path / "结果.xlsx"
    screen.export_to(out)
    qtbot.waitUntil(out.exists)
    from openpyxl import load_workbook

    ws = load_workbook(out).active
    assert ws.max_row == 2 + 5
    assert "《宿迁市人民政府公报》" in "".join(str(c.value) for c in ws[3] if c.value)

    # saved searches and history
    screen.filter_bar.set_filters(Filters(year_from=2019))
    screen.save_current("近年公开")
    screen._record_history()
    from gazette.search import lookup

    qtbot.waitUntil(lambda: bool(screen.history_rows) and bool(screen.saved_rows))
    with ctx.uow() as uow:
        assert [s.name for s in lookup.saved(uow)] == ["近年公开"]
        assert lookup.saved(uow)[0].filters.year_from == 2019
        assert screen.history_rows == lookup.history(uow)  # the menus follow the change

    # browse: year → issue → contents → document
    screen.tabs.setCurrentWidget(screen.browse)
    model = screen.browse.model
    qtbot.waitUntil(lambda: model.rowCount() == 5)
    year_2018 = next(
        model.index(r, 0) for r in range(5) if model.index(r, 0).data().startswith("2018")
    )
    screen.browse.tree.expand(year_2018)
    qtbot.waitUntil(
        lambda: model.rowCount(year_2018) == 1 and "第5期" in model.index(0, 0, year_2018).data(),
    )
    issue = model.index(0, 0, year_2018)
    screen.browse.tree.expand(issue)
    qtbot.waitUntil(lambda: model.rowCount(issue) == 2)  # section heading + document
    pane.view = None
    screen.browse._activated(model.index(1, 0, issue))
    qtbot.waitUntil(lambda: pane.view is not None and pane.view.doc_id == ids[0])
    # a search the filters started may still be pending: let it land before the screen goes
    qtbot.waitUntil(
        lambda: (
            not screen.debounce.isActive()
            and not runner.active
            and "正在检索" not in screen.count_label.text()
        ),  # its results have been shown
    )
    runner.shutdown()


def test_results_model_empty(qtmodeltester) -> None:
    qtmodeltester.check(ResultsModel())


def test_the_validity_box_says_loading_until_the_documents_validity_arrives(
    qtbot, ctx, tmp_path
) -> None:
    from PySide6.QtCore import Qt

    from ui.validity_box import LOADING

    ids = add_docs(ctx, SAMPLE)
    runner = TaskRunner()
    screen = Screen(ctx, runner)
    qtbot.addWidget(screen)
    screen.resize(1366, 768)
    screen.show()
    qtbot.waitUntil(lambda: screen.model.rowCount() > 0)
    box = screen.doc_pane.validity
    assert box is not None
    seen: list[str] = []  # what the box said the moment the document appeared
    editable: list[bool] = []  # and whether it offered editing then
    shown = screen.doc_pane.show_document

    def spy(view, terms):  # type: ignore[no-untyped-def]
        shown(view, terms)
        seen.append(box.summary.text())
        editable.append(box.set_btn.isEnabled())

    screen.doc_pane.show_document = spy  # type: ignore[method-assign]
    rect = screen.table.visualRect(screen.model.index(0, 1))
    qtbot.mouseClick(screen.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: bool(seen))
    assert seen[0] == LOADING and box.isVisible()
    assert editable[0] is False  # nothing to edit until the validity is known
    qtbot.waitUntil(lambda: box.validity is not None)
    assert box.summary.text() not in (LOADING, "未选择文件")
    assert screen.doc_pane.view is not None and screen.doc_pane.view.doc_id in ids
    runner.shutdown()
