"""The issues screen: switch a 栏目 off for one issue, and correct a document's kind."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from gazette.db.models import Document
from gazette.issues import planning as issues
from gazette.texts.store import change_kind, import_document
from ui.issues.screen import Screen
from ui.tasks import TaskRunner

FIXTURES = Path(__file__).parent.parent / "gazette" / "texts_fixtures"


def _setup(ctx) -> int:  # type: ignore[no-untyped-def]
    doc = import_document(ctx, FIXTURES / "anquan.txt").document_id
    with ctx.uow() as uow:
        issue = issues.create_issue(uow, 2026, 12, None, None)
        issues.add_item(uow, issue, doc, issues.find_section(uow, "市政府办公室文件"))
        uow.commit()
    return doc


def _open(qtbot, ctx) -> tuple[Screen, TaskRunner]:  # type: ignore[no-untyped-def]
    runner = TaskRunner()
    screen = Screen(ctx, runner)
    qtbot.addWidget(screen)
    screen.resize(1366, 768)
    screen.show()
    qtbot.waitUntil(lambda: screen.snapshot is not None)
    return screen, runner


def _tab(qtbot, screen: Screen, title: str) -> None:  # type: ignore[no-untyped-def]
    bar = screen.tabs.tabBar()
    index = next(i for i in range(bar.count()) if bar.tabText(i) == title)
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(index).center())
    assert screen.tabs.currentIndex() == index


def test_a_section_is_switched_off_for_this_issue(qtbot, ctx, tmp_path) -> None:
    _setup(ctx)
    screen, runner = _open(qtbot, ctx)
    empty = {p.section for p in screen.snapshot.problems if p.code == "empty_section"}
    assert "政策解读" in empty
    _tab(qtbot, screen, "本期栏目")
    panel = screen.sections_panel
    rows = {panel.list.item(i).text(): panel.list.item(i) for i in range(panel.list.count())}
    filled = rows["市政府办公室文件（1篇）"]
    assert not filled.flags() & Qt.ItemFlag.ItemIsUserCheckable  # it holds a document
    item = rows["政策解读（空）"]
    rect = panel.list.visualItemRect(item)
    box = rect.topLeft() + (rect.bottomLeft() - rect.topLeft()) / 2
    box.setX(rect.left() + rect.height() // 2)  # the check indicator, at the row's start
    qtbot.mouseClick(panel.list.viewport(), Qt.MouseButton.LeftButton, pos=box)
    qtbot.waitUntil(
        lambda: any(s.off and s.name == "政策解读" for s in screen.snapshot.plan.sections),
    )
    empty = {p.section for p in screen.snapshot.problems if p.code == "empty_section"}
    assert "政策解读" not in empty and "部门文件" in empty
    top = screen.plan_model.index(len(screen.snapshot.plan.sections) - 1, 0)
    assert top.data() == "政策解读（本期停用）"
    with ctx.uow() as uow:
        assert issues.switched_off(uow, screen.issue_id) == {issues.find_section(uow, "政策解读")}
    qtbot.waitUntil(lambda: not runner.active)
    screen.grab().save(str(tmp_path / "sections.png"))
    runner.shutdown()


def _choose_document(qtbot, screen: Screen) -> None:  # type: ignore[no-untyped-def]
    section = next(
        r for r, s in enumerate(screen.snapshot.plan.sections) if s.name == "市政府办公室文件"
    )
    index = screen.plan_model.index(0, 0, screen.plan_model.index(section, 0))
    rect = screen.plan_view.visualRect(index)
    qtbot.mouseClick(screen.plan_view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    _tab(qtbot, screen, "效力与关联")
    qtbot.waitUntil(lambda: screen.kind_box.kind is not None)


def test_the_kind_is_changed_and_the_rules_follow(qtbot, ctx, tmp_path) -> None:
    doc = _setup(ctx)
    screen, runner = _open(qtbot, ctx)
    _choose_document(qtbot, screen)
    box = screen.kind_box
    assert box.kind == "公文" and not box.save_btn.isEnabled()
    box.choice.setCurrentIndex(box.choice.findData("人事任免"))
    assert "依其性质公开" in box.note.text()
    qtbot.mouseClick(box.save_btn, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "已改为“人事任免”" in box.note.text())
    with ctx.uow() as uow:
        assert uow.session.get(Document, doc).kind == "人事任免"
    qtbot.waitUntil(lambda: box.kind == "人事任免")
    screen.grab().save(str(tmp_path / "kind.png"))
    qtbot.waitUntil(lambda: not runner.active)
    runner.shutdown()


def test_a_stale_kind_change_opens_the_conflict_dialog(qtbot, ctx) -> None:
    doc = _setup(ctx)
    screen, runner = _open(qtbot, ctx)
    _choose_document(qtbot, screen)
    box = screen.kind_box
    with ctx.uow() as uow:
        change_kind(uow, doc, "其他")  # someone else, meanwhile
        uow.commit()
    box.choice.setCurrentIndex(box.choice.findData("令"))
    qtbot.mouseClick(box.save_btn, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: getattr(box, "conflict_dialog", None) is not None)
    assert box.conflict_dialog.isVisible()
    with ctx.uow() as uow:
        assert uow.session.get(Document, doc).kind == "其他"  # theirs is not overwritten
    box.conflict_dialog.close()
    qtbot.waitUntil(lambda: not runner.active)
    runner.shutdown()


def test_a_reader_sees_the_kind_but_cannot_change_it(qtbot, ctx) -> None:
    _setup(ctx)
    ctx.role = "reader"
    screen, runner = _open(qtbot, ctx)
    _choose_document(qtbot, screen)
    assert not screen.kind_box.choice.isEnabled() and not screen.kind_box.save_btn.isEnabled()
    qtbot.waitUntil(lambda: not runner.active)
    runner.shutdown()
