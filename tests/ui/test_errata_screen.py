"""勘误 and 效力 from the screens: record an erratum, print it in a later issue (its text is in
that issue's PDF), re-release the e-edition (two versions, either can be opened); repeal a
document from the issue's items and see it in 查阅; readers see all of it but change nothing."""

from __future__ import annotations

import datetime as dt

from pypdf import PdfReader

from gazette.demo.issues import add_document
from gazette.issues import planning as issues
from gazette.issues.render import render_issue
from gazette.texts.model import Block, DocumentText
from tests.gazette import workflow_setup
from ui.app import register_fonts, ui_font_family
from ui.issues.errata_panel import ErrataPanel
from ui.issues.screen import Screen
from ui.lookup.models import HTML_ROLE
from ui.lookup.screen import Screen as LookupScreen
from ui.rows_model import ROW_ROLE
from ui.tasks import TaskRunner
from ui.validity_box import ValidityBox

KINDS = {"人事任免": "人事任免", "政策解读": "政策解读"}


def _issue(ctx, number: int, publish: bool) -> int:
    """An issue with a document in every section (so it passes the rules)."""
    with ctx.uow() as uow:
        issue_id = issues.create_issue(uow, 2026, number, 400 + number, dt.date(2026, number, 15))
        for k, sec in enumerate(issues.ensure_sections(uow)):
            kind = KINDS.get(sec.name, "公文")
            text = DocumentText(
                title=f"关于第{number}期{sec.name}工作的通知",
                doc_number=f"宿政发〔2026〕{number * 10 + k}号" if kind == "公文" else None,
                blocks=[Block("paragraph", "现将有关事项通知如下。")],
                signature=["宿迁市人民政府"],
                date="2026年11月2日",
                disclosure="（此件公开发布）" if kind == "公文" else None,
            )
            doc_id = add_document(uow.session, text, kind, "宿迁市人民政府", dt.date(2026, 11, 2))
            issues.add_item(uow, issue_id, doc_id, sec.id)
        uow.commit()
    if publish:
        workflow_setup.publish(ctx, issue_id, ctx.data_dir / f"workflow-{number}")
    return issue_id


def _choose_issue(screen: Screen, issue_id: int) -> None:
    for r in range(screen.issue_proxy.rowCount()):
        if screen.issue_proxy.index(r, 0).data(ROW_ROLE).id == issue_id:
            screen.issue_view.selectRow(r)


def _fonts_as_the_app_has_them(qapp) -> None:
    """The screenshots are looked at: use the bundled Chinese font as ui.app does."""
    family = ui_font_family(register_fonts())
    if family:
        font = qapp.font()
        font.setFamily(family)
        qapp.setFont(font)


def _text(path) -> str:
    return "".join("".join(p.extract_text() for p in PdfReader(path).pages).split())


def test_errata_from_the_issues_screen(qtbot, qapp, ctx, tmp_path) -> None:
    _fonts_as_the_app_has_them(qapp)
    first = _issue(ctx, 1, publish=True)
    second = _issue(ctx, 2, publish=False)
    render_issue(ctx, first, tmp_path / "v1", edition="web", check_rules=False)

    runner = TaskRunner()
    screen = Screen(ctx, runner)
    qtbot.addWidget(screen)
    screen.resize(1600, 940)
    screen.show()
    qtbot.waitUntil(lambda: screen.snapshot is not None)
    panel = screen.errata
    _choose_issue(screen, first)
    qtbot.waitUntil(lambda: panel.snapshot is not None and panel.snapshot.issue_id == first)
    screen.tabs.setCurrentWidget(panel)
    assert panel.record_btn.isEnabled() and not panel.rerelease_btn.isEnabled()
    assert [panel.target.itemText(i) for i in range(panel.target.count())] == ["2026年第2期"]
    assert len(panel.snapshot.versions) == 1

    # bad input is named on the form and nothing is recorded
    panel.wrong.setText("有关事项")
    panel.right.setText("有关事宜")
    panel.record_btn.click()
    assert "出错位置" in panel.message.text()
    panel.location.setText("第1页第2段")
    panel.right.setText("有关事项")
    panel.record_btn.click()
    assert "相同" in panel.message.text()
    panel.right.setText("有关事宜")
    panel.reason.setText("录入时错字")
    panel.record_btn.click()
    qtbot.waitUntil(lambda: len(panel.snapshot.rows) == 1)
    row = panel.snapshot.rows[0]
    assert (row.location, row.reason, row.notice_label) == ("第1页第2段", "录入时错字", "")
    assert panel.model.index(0, 5).data() == "未安排"

    # print the notice in issue 2
    panel.print_btn.click()
    assert "选择要刊登的勘误" in panel.message.text()
    panel.view.selectRow(0)
    panel.print_btn.click()
    qtbot.waitUntil(lambda: panel.snapshot.rows[0].notice_label == "2026年第2期")

    screen.grab().save(str(tmp_path / "errata.png"))

    # re-release: a second version that carries the correction; the first is still there
    with qtbot.waitSignal(runner.ended, timeout=120000):
        panel.rerelease_btn.click()
    qtbot.waitUntil(lambda: len(panel.snapshot.versions) == 2, timeout=60000)
    assert [v.version for v in panel.snapshot.versions] == [1, 2]
    assert panel.model.index(0, 6).data() == "第2版"
    assert screen.preview.path is not None and "勘误版" in str(screen.preview.path)
    assert "“有关事项”应为“有关事宜”" in _text(screen.preview.path)
    screen.tabs.setCurrentWidget(panel)
    screen.grab().save(str(tmp_path / "errata-versions.png"))
    screen.tabs.setCurrentWidget(screen.preview)
    panel.versions_view.selectRow(0)
    panel.open_btn.click()
    qtbot.waitUntil(lambda: screen.preview.path.name.endswith("第1版.pdf"))
    assert "有关事宜" not in _text(screen.preview.path)

    # issue 2, built from the screen, prints the notice
    _choose_issue(screen, second)
    qtbot.waitUntil(lambda: screen.snapshot.plan.issue.id == second)
    qtbot.waitUntil(lambda: not runner.active)
    screen.edition.setCurrentIndex(screen.edition.findData("print"))
    screen.build_btn.click()
    qtbot.waitUntil(lambda: screen.last_build is not None, timeout=120000)
    text = _text(screen.last_build.of("print")[0].path)
    assert "勘误" in text and "“有关事项”应为“有关事宜”。特此更正。" in text
    qtbot.waitUntil(lambda: not runner.active, timeout=60000)
    screen.preview.close_pdf()
    runner.shutdown()


def test_validity_from_the_items_and_in_lookup(qtbot, qapp, ctx, tmp_path) -> None:
    _fonts_as_the_app_has_them(qapp)
    first = _issue(ctx, 1, publish=True)
    _issue(ctx, 2, publish=False)
    runner = TaskRunner()
    screen = Screen(ctx, runner)
    qtbot.addWidget(screen)
    screen.resize(1600, 940)
    screen.show()
    qtbot.waitUntil(lambda: screen.snapshot is not None)
    box = screen.validity
    plan = screen.plan_model
    item = plan.index(0, 0, plan.index(0, 0))  # issue 2, first section, first document
    screen.plan_view.setCurrentIndex(item)
    repealing = plan.item_at(item).document_id
    qtbot.waitUntil(lambda: box.validity is not None)
    assert box.validity.status == "有效" and box.link_btn.isEnabled() is False
    screen.tabs.setCurrentIndex(screen.tabs.count() - 1)

    box.find_btn.click()
    assert "请输入" in box.message.text()
    box.find_edit.setText("宿政发〔2026〕10号")  # issue 1's first document
    box.find_btn.click()
    qtbot.waitUntil(lambda: box.found_box.count() == 1)
    assert "关于第1期市政府文件工作的通知" in box.found_box.currentText()
    box.relation.setCurrentIndex(box.relation.findText("本文件废止所选文件"))
    box.link_btn.click()
    qtbot.waitUntil(lambda: box.links.rowCount() == 1)
    assert box.links.index(0, 0).data() == "被本文件废止"
    repealed = box.found[0].id
    box.link_btn.click()  # the same link twice: refused with a clear message
    qtbot.waitUntil(lambda: "已登记过" in box.message.text())
    screen.grab().save(str(tmp_path / "validity.png"))

    # the repealed document shows it in issue 1's items
    screen.plan_view.setCurrentIndex(plan.index(0, 0))  # a section: the box keeps its document
    for r in range(screen.issue_proxy.rowCount()):
        if screen.issue_proxy.index(r, 1).data() == "第1期":
            screen.issue_view.selectRow(r)
    qtbot.waitUntil(lambda: screen.snapshot.plan.issue.id == first)
    assert plan.index(0, 2, plan.index(0, 0)).data() == "废止"
    qtbot.waitUntil(lambda: not runner.active)

    # 查阅: the result is marked and the detail shows the status with its link
    lookup = LookupScreen(ctx, runner)
    qtbot.addWidget(lookup)
    lookup.resize(1400, 860)
    lookup.show()
    qtbot.waitUntil(lambda: lookup.searches_done >= 1)
    lookup.search_edit.setText("宿政发〔2026〕10号")
    qtbot.waitUntil(
        lambda: lookup.results is not None and lookup.results.query.text == "宿政发〔2026〕10号",
    )
    row = next(i for i in range(lookup.model.rowCount()) if lookup.model.hit(i).doc_id == repealed)
    assert lookup.model.hit(row).validity == "废止"
    lookup.table.selectRow(row)
    pane = lookup.doc_pane
    qtbot.waitUntil(
        lambda: pane.validity.validity is not None and pane.validity.document_id == repealed,
    )
    assert "效力：废止" in pane.validity.summary.text()
    assert "被《关于第2期市政府文件工作的通知》（宿政发〔2026〕20号）废止" in (
        pane.validity.summary.text()
    )
    assert [r.id for r in pane.validity.validity.changed_by] == [repealing]
    assert not pane.validity.editor.isVisible()  # folded away until asked for
    pane.validity.toggle.click()
    assert pane.validity.editor.isVisible()
    pane.validity.status.setCurrentText("失效")
    pane.validity.set_btn.click()
    qtbot.waitUntil(lambda: lookup.model.hit(row).validity == "失效")
    assert "效力：失效" in pane.validity.summary.text()
    assert "已失效" in lookup.model.index(row, 0).data(HTML_ROLE)
    lookup.grab().save(str(tmp_path / "lookup-validity.png"))
    qtbot.waitUntil(lambda: not runner.active)
    runner.shutdown()


def test_readers_see_errata_and_validity_but_cannot_change_them(qtbot, ctx) -> None:
    first = _issue(ctx, 1, publish=True)
    ctx.role = "reader"
    runner = TaskRunner()
    panel = ErrataPanel(ctx, runner, lambda _p: None)
    box = ValidityBox(ctx, runner, compact=True)
    qtbot.addWidget(panel)
    qtbot.addWidget(box)
    with ctx.uow() as uow:
        panel.set_plan(issues.plan(uow, first))
        doc_id = issues.plan(uow, first).documents()[0]
    box.show_document(doc_id)
    qtbot.waitUntil(lambda: panel.snapshot is not None and box.validity is not None)
    assert "只读" in panel.hint.text()
    for w in (panel.record_btn, panel.print_btn, panel.rerelease_btn, panel.location):
        assert not w.isEnabled()
    assert panel.open_btn.isEnabled()  # a published issue has its e-edition: opening is allowed
    for w in (box.set_btn, box.link_btn, box.remove_btn, box.find_btn, box.status):
        assert not w.isEnabled()
    assert "效力：有效" in box.summary.text()
    runner.shutdown()
