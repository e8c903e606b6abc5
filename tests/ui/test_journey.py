"""A new office from install to a published e-gazette, as a person does it: the first-run wizard
accepted with Enter and the demo office loaded, a department's document recorded at the desk
with the file it came with, 选登, placed in the planned issue, a proof signed off, finalised,
built, published, the website exported (the issue is on its home page and its search finds the
new document, in a real browser) and 查阅 finds it. Only visible, enabled buttons are clicked.
"""

from __future__ import annotations

import datetime as dt
import os
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialogButtonBox, QWidget, QWizard

from gazette.db.models import Document
from gazette.site.collect import collect
from gazette.site.search_index import IndexReader
from tests.conftest import ON_CI, need_tool
from tests.ui import modal_clicks
from tests.ui.person import (
    Modal,
    answer_file_dialog,
    choose,
    click,
    click_menu,
    click_row,
    click_tab,
    find_row,
    open_wing,
    type_text,
)
from ui.firstrun.wizard import FirstRunWizard
from ui.issues.models import IssueTableModel
from ui.main_window import MainWindow
from ui.submissions.models import ROW_ROLE

TITLE = "关于加强城市古树名木保护管理的通知"
SHOTS = os.environ.get("GAZETTE_TEST_SHOTS")  # a folder for screenshots a person looks at


def shot(widget: QWidget, name: str) -> None:
    """Keep what the screen shows at this step (with the app's fonts), when asked to."""
    if SHOTS:
        widget.grab().save(str(Path(SHOTS) / f"journey-{name}.png"))


def _app_fonts() -> None:
    if SHOTS:  # the screenshots are read by a person: the app's own CJK fonts, as it starts
        from PySide6.QtWidgets import QApplication

        from ui.app import register_fonts, ui_font_family

        family = ui_font_family(register_fonts())
        app = QApplication.instance()
        if family and isinstance(app, QApplication):
            font = app.font()
            font.setFamily(family)
            app.setFont(font)


WORDS = "古树名木"


def _docx(path: Path, number: str, issuer: str, day: dt.date) -> Path:
    """The file a department sends: a 公文 with its number, title, body and signature."""
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    doc = docx.Document()
    center, right = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.RIGHT
    for text, align in (
        (number, center),
        (TITLE, center),
        ("各县、区人民政府，市各有关部门：", None),
        ("为切实保护城市古树名木资源，现就有关事项通知如下：", None),
        ("一、全面开展普查建档", None),
        ("各地要对辖区内古树名木逐株调查、挂牌保护，建立一树一档。", None),
        ("二、落实日常养护责任", None),
        ("古树名木的养护责任单位应当定期巡查，发现长势衰弱的及时报告。", None),
        (issuer, right),
        (f"{day.year}年{day.month}月{day.day}日", right),
        ("（此件公开发布）", None),
    ):
        paragraph = doc.add_paragraph(text)
        if align is not None:
            paragraph.alignment = align
    doc.save(str(path))
    return path


def _wizard_with_the_demo(qtbot) -> tuple[FirstRunWizard, float]:  # type: ignore[no-untyped-def]
    wizard = FirstRunWizard()
    qtbot.addWidget(wizard, before_close_func=lambda w: w.discard())
    wizard.show()
    qtbot.waitExposed(wizard)
    while wizard.currentPage() is not wizard.demo_page:  # Enter accepts each step's defaults
        assert wizard.button(QWizard.WizardButton.NextButton).isEnabled()
        shown = wizard.currentPage()
        QTest.keyClick(wizard.focusWidget() or wizard, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda s=shown: wizard.currentPage() is not s)
    page = wizard.demo_page
    started, cpu = time.monotonic(), time.process_time()
    click(qtbot, page.load_button)
    qtbot.waitUntil(lambda: page.loaded or "失败" in page.state.text(), timeout=300_000)
    seconds = time.monotonic() - started
    print(f"演示数据载入：{seconds:.1f} 秒（本进程 CPU {time.process_time() - cpu:.1f} 秒）")
    assert page.loaded, page.state.text()
    shot(wizard, "1-demo-loaded")
    finish = wizard.button(QWizard.WizardButton.FinishButton)
    assert finish.isVisible() and finish.isEnabled()
    QTest.keyClick(wizard.focusWidget() or wizard, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not wizard.isVisible())
    assert wizard.result() == QWizard.DialogCode.Accepted
    return wizard, seconds


def _record(qtbot, desk, tmp_path: Path) -> tuple[str, str]:  # type: ignore[no-untyped-def]
    """登记报送: the form filled as a person fills it, with the file dropped in by 添加附件."""
    qtbot.waitUntil(lambda: desk.loads >= 1)
    click_tab(qtbot, desk.tabs, "登记报送")
    form = desk.form
    dept_id, dept = next(
        (form.department.itemData(i), form.department.itemText(i))
        for i in range(form.department.count())
        if form.codes.get(form.department.itemData(i))
    )
    choose(qtbot, form.department, dept)
    code = form.codes[dept_id][0]
    today = dt.date.today()
    number = f"{code}〔{today.year}〕88号"
    type_text(form.title, TITLE)
    type_text(form.number, number)
    assert "规范写法" in form.number_hint.text(), form.number_hint.text()
    attachment = _docx(tmp_path / f"{TITLE}.docx", number, dept, today)
    add = next(b for b in form.findChildren(QWidget) if getattr(b, "text", None)
               and callable(b.text) and b.text() == "添加附件…")  # fmt: skip
    picker = Modal(qtbot, answer_file_dialog(qtbot, attachment))
    click(qtbot, add)
    picker.check()
    assert form.file_paths() == [attachment]
    loads = desk.loads
    click(qtbot, form.save)
    qtbot.waitUntil(lambda: desk.loads > loads and "报送截止日期" in form.message.text())
    said = form.message.text()
    assert "已新登记" in said and f"已从 {attachment.name} 读取正文" in said, said
    shot(desk.window(), "2-recorded")
    return number, dept


def _select(qtbot, desk, number: str) -> None:  # type: ignore[no-untyped-def]
    """选登 on the desk: find the record by its number, click its row, click 选登."""
    click_tab(qtbot, desk.tabs, "台账")
    type_text(desk.text_filter, number)
    qtbot.waitUntil(lambda: desk.proxy.rowCount() == 1)
    click_row(qtbot, desk.view, desk.proxy.index(0, 0))
    loads = desk.loads
    click(qtbot, desk.select_button)
    qtbot.waitUntil(lambda: desk.loads > loads)
    qtbot.waitUntil(lambda: desk.proxy.index(0, 0).data(ROW_ROLE).decision == "选登")
    shot(desk.window(), "3-selected")


def _place(qtbot, issues, number: str) -> str:  # type: ignore[no-untyped-def]
    """The planned issue chosen in the list; 添加文件 puts the document in 部门文件."""
    qtbot.waitUntil(lambda: issues.snapshot is not None and not issues.runner.active)
    view = issues.issue_view
    row = find_row(view, lambda text: text == "编排中", column=IssueTableModel.COL_STATUS)
    assert row >= 0, "no planned issue in the list"
    click_row(qtbot, view, view.model().index(row, 0))
    qtbot.waitUntil(lambda: issues.snapshot.plan.issue.status == "planning")
    label = issues.snapshot.plan.issue.label

    def add(box: QWidget) -> None:
        type_text(box.filter, number)
        qtbot.waitUntil(lambda: box.proxy.rowCount() == 1)
        click_row(qtbot, box.view, box.proxy.index(0, 1))
        choose(qtbot, box.section, "部门文件")  # a department's document, in its section
        buttons = box.findChild(QDialogButtonBox)
        click(qtbot, buttons.button(QDialogButtonBox.StandardButton.Ok))

    adding = Modal(qtbot, add)
    click(qtbot, issues.add_btn)
    adding.check()
    qtbot.waitUntil(lambda: any(TITLE in (d.title or "") for d in _documents(issues.snapshot.plan)))
    sections = issues.snapshot.plan.sections
    placed = [s.name for s in sections if any(i.title == TITLE for i in s.items)]
    assert placed == ["部门文件"], placed
    shot(issues.window(), "4-placed")
    return label


def _documents(plan) -> list:  # type: ignore[no-untyped-def]
    return [item for section in plan.sections for item in section.items]


def _publish(qtbot, window, issues) -> None:  # type: ignore[no-untyped-def]
    """出校样 → 审签 (a one-person office allows its own, in 设置) → 定稿 → 排版 → 发布."""
    settings_screen = open_wing(qtbot, window, "settings")
    qtbot.waitUntil(lambda: settings_screen.sign_own.isEnabled())
    assert not settings_screen.sign_own.isChecked()
    click(qtbot, settings_screen.sign_own)
    assert settings_screen.sign_own.isChecked()
    click(qtbot, settings_screen.save_gazette)
    qtbot.waitUntil(
        lambda: bool(settings_screen.gazette_status.text() or settings_screen.last_error)
    )
    assert settings_screen.gazette_status.text() == "已保存", settings_screen.last_error
    shot(window, "5-settings")
    open_wing(qtbot, window, "issues")

    def status() -> str:
        return issues.snapshot.plan.issue.status if issues.snapshot else ""

    def confirmed(button) -> None:  # type: ignore[no-untyped-def]
        qtbot.waitUntil(lambda: not issues.runner.active and button.isEnabled(), timeout=300_000)
        modal_clicks.answer(qtbot, "confirmAction")
        click(qtbot, button)

    confirmed(issues.proof_btn)
    qtbot.waitUntil(lambda: issues.round_model.rowCount() == 1, timeout=300_000)
    assert status() == "proof"
    click_tab(qtbot, issues.tabs, "校样与审签")
    click_row(qtbot, issues.round_view, issues.round_model.index(0, 0))
    confirmed(issues.sign_btn)
    qtbot.waitUntil(lambda: issues.snapshot.rounds[0].signed_by != "")
    assert issues.status_btn.text() == "定稿"
    confirmed(issues.status_btn)
    qtbot.waitUntil(lambda: status() == "final")
    assert issues.edition.currentData() == "both"  # the print and the e-edition
    qtbot.waitUntil(lambda: not issues.runner.active)
    click(qtbot, issues.build_btn)
    qtbot.waitUntil(lambda: issues.last_build is not None, timeout=300_000)
    qtbot.waitUntil(lambda: issues.status_btn.text() == "发布")
    confirmed(issues.status_btn)
    qtbot.waitUntil(lambda: status() == "published")
    assert "勘误" in modal_clicks.seen[-1]
    shot(window, "6-published")


def _export_site(qtbot, window) -> Path:  # type: ignore[no-untyped-def]
    """工具 → 导出电子版公报网站 → 导出, then 关闭 once it says 导出完成."""
    where: list[Path] = []

    def export(box: QWidget) -> None:
        where.append(Path(box.folder.text()))
        click(qtbot, box.build_button)
        # the last progress message already says 导出完成: done is when 导出 is offered again
        qtbot.waitUntil(lambda: box.build_button.isEnabled(), timeout=300_000)
        assert box.status.text() == "导出完成" and box.log.toPlainText(), box.status.text()
        shot(box, "7-site")
        click(qtbot, box.close_button)

    exporting = Modal(qtbot, export)
    click_menu(qtbot, window, "工具", "导出电子版公报网站")
    exporting.check()
    return where[0]


def _search_in_browser(site: Path, query: str) -> tuple[str, list[str]]:
    chromium = need_tool("chromium")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        import pytest

        if ON_CI:
            pytest.fail("需要 Python 包 playwright")
        pytest.skip("需要 Python 包 playwright")

    def run() -> tuple[str, list[str]]:
        with sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path=chromium, args=["--no-sandbox", "--headless"]
            )
            try:
                page = browser.new_page()
                page.goto((site / "search.html").as_uri())
                page.fill("#q", query)
                page.press("#q", "Enter")
                page.evaluate("() => window.GZ.last")
                status = page.locator("#status").inner_text()
                return status, page.locator("#results a").all_inner_texts()
            finally:
                browser.close()

    # a thread of its own: playwright's sync API refuses one with an asyncio loop running
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(run).result(timeout=300)


def test_a_new_office_goes_from_install_to_a_published_e_gazette(
    qtbot, tmp_path, monkeypatch
) -> None:
    monkeypatch.setenv("GAZETTE_DATA_DIR", str(tmp_path / "公报数据"))
    _app_fonts()
    wizard, _seconds = _wizard_with_the_demo(qtbot)
    ctx = wizard.context
    assert ctx is not None
    window = MainWindow(ctx)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)

    desk = open_wing(qtbot, window, "submissions")
    number, _dept = _record(qtbot, desk, tmp_path)
    _select(qtbot, desk, number)

    issues = open_wing(qtbot, window, "issues")
    label = _place(qtbot, issues, number)
    _publish(qtbot, window, issues)

    site = _export_site(qtbot, window)
    home = (site / "index.html").read_text(encoding="utf-8")
    assert label in home, "the published issue is not on the site's home page"
    with ctx.uow() as uow:
        doc_id = uow.session.query(Document.id).filter(Document.doc_number == number).scalar()
    docs = collect(ctx).docs
    assert doc_id in [docs[seq].id for seq in IndexReader(site).search(WORDS)]
    status, titles = _search_in_browser(site, WORDS)
    assert status.startswith("找到") and any(TITLE in t for t in titles), (status, titles)

    lookup = open_wing(qtbot, window, "lookup")
    done = lookup.searches_done
    type_text(lookup.search_edit, WORDS)
    QTest.keyClick(lookup.search_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: lookup.searches_done > done and lookup.results is not None
                    and lookup.results.query.text == WORDS)  # fmt: skip
    hits = [lookup.model.hit(r) for r in range(lookup.model.rowCount())]
    assert any(h is not None and h.doc_id == doc_id for h in hits), hits
    row = next(r for r, h in enumerate(hits) if h is not None and h.doc_id == doc_id)
    click_row(qtbot, lookup.table, lookup.model.index(row, 0))
    qtbot.waitUntil(lambda: lookup.doc_pane.view is not None)
    assert f"{label}第" in lookup.doc_pane.citation.text()  # cited by issue and page
    shot(window, "8-lookup")
    qtbot.waitUntil(lambda: not window.runner.active)
    issues.preview.close_pdf()
    window.close()
