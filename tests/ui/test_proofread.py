"""The proofreading widget: edit kinds and text, save on a worker thread, corrections recorded."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from gazette.texts.store import corrections, import_document, load_text, save_corrections
from ui.tasks import TaskRunner
from ui.texts.models import StructureModel
from ui.texts.proofread import ProofreadWidget

FIXTURES = Path(__file__).parents[1] / "gazette" / "texts_fixtures"


@pytest.fixture
def widget(ctx, qtbot):
    runner = TaskRunner()
    w = ProofreadWidget(ctx, runner)
    qtbot.addWidget(w)
    yield w
    runner.shutdown()


def _row(model: StructureModel, text: str) -> int:
    return next(r for r in range(model.rowCount()) if model.index(r, model.COL_TEXT).data() == text)


def test_edit_and_save_records_corrections(ctx, qtbot, qtmodeltester, widget) -> None:
    doc_id = import_document(ctx, FIXTURES / "jiance.docx").document_id
    with qtbot.waitSignal(widget.loaded):
        widget.load_document(doc_id)
    model = widget.model
    qtmodeltester.check(model)
    qtmodeltester.check(widget.history)
    assert not widget.save_button.isEnabled()
    # the sections of the document are all there, 附件 included, tables summarised
    places = {model.index(r, model.COL_PLACE).data() for r in range(model.rowCount())}
    assert {"文头", "正文", "落款", "附件1", "附件2"} <= places
    texts = [model.index(r, model.COL_TEXT).data() for r in range(model.rowCount())]
    assert any(t.startswith("［表格 4 行 × 3 列］") for t in texts)

    row = _row(model, "一、检查对象")
    assert model.setData(model.index(row, model.COL_KIND), "heading2")
    assert not model.setData(model.index(row, model.COL_KIND), "table")  # not a free choice
    title = _row(model, "市生态环境局关于开展2026年度重点排污单位自行监测质量专项检查的通知")
    model.setData(
        model.index(title, model.COL_TEXT),
        "市生态环境局关于开展2026年度重点排污单位自行监测专项检查的通知",
    )
    assert widget.save_button.isEnabled()
    widget.note.setText("一校")

    with qtbot.waitSignal(widget.saved) as saved:
        qtbot.mouseClick(widget.save_button, Qt.MouseButton.LeftButton)
    assert saved.args == [2]
    qtbot.waitUntil(lambda: widget.history.rowCount() == 2)
    with ctx.uow() as uow:
        rows = corrections(uow, doc_id)
        stored = load_text(uow, doc_id).text
    assert [(r.path, r.note) for r in rows] == [("title", "一校"), ("blocks[1].kind", "一校")]
    assert rows[1].before == "heading1" and rows[1].after == "heading2"
    assert stored.blocks[1].kind == "heading2" and "自行监测专项检查" in stored.title


def test_stale_save_is_refused(ctx, qtbot, widget) -> None:
    doc_id = import_document(ctx, FIXTURES / "pifu.txt").document_id
    with qtbot.waitSignal(widget.loaded):
        widget.load_document(doc_id)
    # someone else saves first
    with ctx.uow() as uow:
        other = load_text(uow, doc_id)
        other.text.title += "（修订）"
        save_corrections(uow, doc_id, other.text, version=other.version)
        uow.commit()
    row = widget.model.insert_paragraph_after(_row(widget.model, "宿迁市人民政府") - 1)
    widget.model.setData(widget.model.index(row, StructureModel.COL_TEXT), "补充一段。")
    with qtbot.waitSignal(widget.failed) as failed:
        widget.save()
    assert "已修改了这条记录" in failed.args[0]
    with ctx.uow() as uow:
        assert len(corrections(uow, doc_id)) == 1
    assert widget.conflict_dialog.isVisible()  # reload or merge is offered
    widget.conflict_dialog.edit_button.click()
    # keep editing: nothing lost, the new paragraph is where it was typed
    texts = [
        widget.model.index(r, StructureModel.COL_TEXT).data()
        for r in range(widget.model.rowCount())
    ]
    assert texts[row] == "补充一段。" and texts.count("补充一段。") == 1


def test_table_cells_are_proofread_in_a_grid(ctx, qtbot, qtmodeltester, widget) -> None:
    doc_id = import_document(ctx, FIXTURES / "sample_000_f6147e09825cd43f.docx").document_id
    with qtbot.waitSignal(widget.loaded):
        widget.load_document(doc_id)
    model = widget.model
    row = next(r for r in range(model.rowCount()) if model.table_at(r) is not None)
    widget._open_table(model.index(row, model.COL_TEXT))
    dialog = widget.table_dialog
    assert dialog is not None
    cells = dialog.model
    qtmodeltester.check(cells)
    assert (1, 0, 2, 1) in cells.spans()  # 序号 1 spans two rows, drawn merged
    assert (
        cells.index(2, 0).data() == ""
        and not cells.flags(cells.index(2, 0)) & Qt.ItemFlag.ItemIsEditable
    )
    # the source's typo 食品药品监管局局 is fixed in the cell
    target = next(
        (r, c)
        for r in range(cells.rowCount())
        for c in range(cells.columnCount())
        if "食品药品监管局局" in (cells.index(r, c).data() or "")
    )
    fixed = cells.index(*target).data().replace("监管局局", "监管局")
    assert cells.setData(cells.index(*target), fixed)
    ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
    assert ok.isVisible() and ok.isEnabled()
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    assert widget.save_button.isEnabled()
    with qtbot.waitSignal(widget.saved):
        widget.save()
    with ctx.uow() as uow:
        rows = corrections(uow, doc_id)
        table = load_text(uow, doc_id).text.appendices[0].blocks[0]
    assert [r.path for r in rows] == ["appendices[0].blocks[0].rows"]
    assert "监管局局" in (rows[0].before or "") and "监管局局" not in (rows[0].after or "")
    assert table.rows and table.rows[1][0].rowspan == 2  # merges kept
