"""查阅 shows a document as it was printed: headings, its 附件 table as a table, the signature."""

from __future__ import annotations

from PySide6.QtGui import QTextTable
from sqlalchemy import select

from gazette.db.models import Document
from gazette.search import lookup
from ui.lookup.detail import DocPane
from ui.tasks import TaskRunner


def _tables(pane: DocPane) -> list[QTextTable]:
    return [f for f in pane.text.document().rootFrame().childFrames() if isinstance(f, QTextTable)]


def test_a_document_with_a_table_shows_the_table_and_its_hits(qtbot, demo_ctx, tmp_path) -> None:
    with demo_ctx.uow() as uow:
        doc_id = uow.session.scalar(
            select(Document.id).where(Document.title.contains("政务公开工作领导小组"))
        )
    view = lookup.document(demo_ctx, doc_id)
    assert view is not None and view.structure is not None
    runner = TaskRunner()
    pane = DocPane(runner, "宿迁市人民政府公报", ctx=demo_ctx)
    qtbot.addWidget(pane)
    pane.resize(900, 700)
    pane.show()
    pane.show_document(view, ("组长",))
    tables = _tables(pane)
    assert len(tables) == 1
    table = tables[0]
    assert table.rows() >= 5 and table.columns() == 3
    assert table.cellAt(0, 0).firstCursorPosition().block().text() == "职务"
    html = pane.text.toHtml()
    assert html.count('name="hit') >= 2  # 组长 and 副组长, each anchored for scrolling
    plain = pane.text.toPlainText()
    assert "宿迁市人民政府办公室" in plain and "（此件公开发布）" in plain
    pane.grab().save(str(tmp_path / "structure.png"))
    qtbot.waitUntil(lambda: not runner.active)
    runner.shutdown()
