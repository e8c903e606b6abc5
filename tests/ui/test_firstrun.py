"""The first-run wizard as a person uses it: Enter or a click on the visible, enabled button, on a
real embedded database (and PostgreSQL when given)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLabel, QWizard

from gazette import config
from gazette.calendar.admin import years_to_check
from gazette.office import settings
from ui.firstrun.pages import FontsPage, HolidayPage
from ui.firstrun.wizard import CANCEL_NOTE, FirstRunWizard


def _wizard(qtbot, data_dir: str | Path | None = None, database: str | None = None):
    wizard = FirstRunWizard(database=database, data_dir=data_dir)
    qtbot.addWidget(wizard, before_close_func=lambda w: w.discard())  # never asks at teardown
    wizard.show()
    qtbot.waitExposed(wizard)
    return wizard


def _visible_button(wizard: FirstRunWizard, which: QWizard.WizardButton):
    button = wizard.button(which)
    assert button.isVisible(), f"{button.text()} is not shown"
    assert button.isEnabled(), f"{button.text()} is disabled on {wizard.currentPage().title()}"
    return button


def click_next(qtbot, wizard: FirstRunWizard) -> None:
    """Click 下一步 (or 完成 on the last step), after checking a person could."""
    last = wizard.currentId() == wizard.pageIds()[-1]
    which = QWizard.WizardButton.FinishButton if last else QWizard.WizardButton.NextButton
    qtbot.mouseClick(_visible_button(wizard, which), Qt.MouseButton.LeftButton)


def press_enter(qtbot, wizard: FirstRunWizard) -> None:
    """Press Enter where the focus is, as a person accepting the step would."""
    last = wizard.currentId() == wizard.pageIds()[-1]
    which = QWizard.WizardButton.FinishButton if last else QWizard.WizardButton.NextButton
    _visible_button(wizard, which)
    QTest.keyClick(wizard.focusWidget() or wizard, Qt.Key.Key_Return)


def type_text(widget, text: str) -> None:
    """Type text as key events (QTest.keyClicks handles ASCII only)."""
    for char in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            event = QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, char)
            QApplication.sendEvent(widget, event)


def _enter_to_the_end(qtbot, wizard: FirstRunWizard) -> list[str]:
    titles = []
    for _ in range(len(wizard.pageIds())):
        titles.append(wizard.currentPage().title())
        page = wizard.currentId()
        press_enter(qtbot, wizard)
        # Enter moves to the next page, or finishes the wizard on the last one
        qtbot.waitUntil(lambda page=page: not wizard.isVisible() or wizard.currentId() != page)
        if not wizard.isVisible():
            break
    return titles


def _finished_with_defaults(wizard: FirstRunWizard, data: Path) -> None:
    assert not wizard.isVisible()
    assert wizard.result() == QWizard.DialogCode.Accepted
    ctx = wizard.context
    assert ctx is not None
    assert (data / config.SQLITE_FILE_NAME).exists()
    assert settings.get(ctx, "gazette_name") == settings.SUGGESTED["gazette_name"]
    assert settings.get(ctx, "publisher") == settings.SUGGESTED["publisher"]
    saved = json.loads(config.settings_file().read_text(encoding="utf-8"))
    assert saved["first_run_done"] is True
    ctx.close()


def test_enter_accepts_the_defaults_on_every_step(qtbot, tmp_path, monkeypatch) -> None:
    monkeypatch.delenv("GAZETTE_DATA_DIR")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "home"))  # the offered default folder
    wizard = _wizard(qtbot)
    offered = Path(wizard.data_page.path.text())
    assert offered.is_relative_to(tmp_path / "home")
    titles = _enter_to_the_end(qtbot, wizard)
    assert titles == ["公报名称与主办单位", "数据目录", "数据库", "字体", "节假日安排", "演示数据"]
    _finished_with_defaults(wizard, offered)
    saved = json.loads(config.settings_file().read_text(encoding="utf-8"))
    assert Path(saved["data_dir"]) == offered
    assert "database_url" not in saved  # embedded: resolved from the data folder


@pytest.mark.parametrize("given_by", ["flag", "environment"])
def test_a_given_data_folder_is_shown_explained_and_accepted(
    qtbot, tmp_path, monkeypatch, given_by
) -> None:
    data = tmp_path / "给定 数据"
    if given_by == "flag":
        monkeypatch.delenv("GAZETTE_DATA_DIR")
        wizard = _wizard(qtbot, data_dir=data)
    else:
        monkeypatch.setenv("GAZETTE_DATA_DIR", str(data))
        wizard = _wizard(qtbot)
    click_next(qtbot, wizard)
    page = wizard.data_page
    assert wizard.currentPage() is page
    assert page.path.text() == str(data) and page.path.isReadOnly()
    said = "由启动参数指定" if given_by == "flag" else "由系统环境变量指定"
    assert said in page.note.text()
    assert "--" not in page.note.text() and "GAZETTE" not in page.note.text()
    _enter_to_the_end(qtbot, wizard)
    _finished_with_defaults(wizard, data)
    saved = json.loads(config.settings_file().read_text(encoding="utf-8"))
    assert "data_dir" not in saved  # the flag or variable decides, not a saved copy of it


def test_own_names_are_saved_and_an_empty_name_blocks_the_step(qtbot, tmp_path) -> None:
    wizard = _wizard(qtbot)
    wizard.name_page.name.clear()
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()
    type_text(wizard.name_page.name, "某市人民政府公报")
    wizard.name_page.publisher.selectAll()
    type_text(wizard.name_page.publisher, "某市人民政府办公室")
    for _ in wizard.pageIds():
        click_next(qtbot, wizard)
    assert wizard.result() == QWizard.DialogCode.Accepted
    ctx = wizard.context
    assert settings.get(ctx, "gazette_name") == "某市人民政府公报"
    assert settings.get(ctx, "publisher") == "某市人民政府办公室"
    ctx.close()


def test_bad_data_folder_is_refused(qtbot, tmp_path, monkeypatch) -> None:
    monkeypatch.delenv("GAZETTE_DATA_DIR")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "home"))
    blocker = tmp_path / "file"
    blocker.write_text("x")
    wizard = _wizard(qtbot)
    click_next(qtbot, wizard)
    wizard.data_page.path.setText(str(blocker / "sub"))
    click_next(qtbot, wizard)
    assert wizard.currentPage() is wizard.data_page
    assert "无法创建数据目录" in wizard.data_page.note.text()
    wizard.discard()


def test_fonts_page_shows_a_specimen_per_role(qtbot) -> None:
    wizard = _wizard(qtbot)
    for _ in range(3):
        click_next(qtbot, wizard)
    assert isinstance(wizard.currentPage(), FontsPage)
    page = wizard.fonts_page
    for role in ("title", "body", "heading1", "heading2"):
        assert role in page.specimens
    # the bundled 仿宋 lacks the rare given names' characters; the page says so, as the guide does
    if "fandol" in " ".join(label.text() for label in page.findChildren(QLabel)):
        assert page.lacking["body"] == "".join(sorted("堃喆珺"))
    assert page.lacking["latin"] == "" and page.lacking["fallback"] == ""
    shown = " ".join(label.text() for label in page.findChildren(QLabel))
    assert "缺字：" in shown
    wizard.discard()


def test_holiday_page_imports_missing_year(qtbot, tmp_path) -> None:
    wizard = _wizard(qtbot)
    for _ in range(4):
        click_next(qtbot, wizard)
    page = wizard.holiday_page
    assert isinstance(wizard.currentPage(), HolidayPage)
    qtbot.waitUntil(lambda: page.missing is not None)  # read on a worker
    missing = page.missing
    if not missing:
        pytest.skip("the calendar library already covers " + str(years_to_check()))
    year = missing[0]
    assert f"{year}年" in page.state.text() and page.import_button.isVisible()
    notice = tmp_path / f"{year}.json"
    notice.write_text(
        json.dumps({"year": year, "papers": ["https://www.gov.cn/"],
                    "days": [{"name": "元旦", "date": f"{year}-01-01", "isOffDay": True}]}),
        encoding="utf-8",
    )  # fmt: skip
    bad = tmp_path / "bad.json"
    bad.write_text("{", encoding="utf-8")
    page.import_file(bad)  # what the file dialog or a drop hands over
    qtbot.waitUntil(lambda: "bad.json" in page.message.text())
    page.import_file(notice)
    qtbot.waitUntil(lambda: page.missing is not None and year not in page.missing)
    assert not page.import_button.isVisible()
    assert f"已导入 {year} 年" in page.message.text()
    wizard.discard()


def test_demo_loads_on_a_worker(qtbot) -> None:
    wizard = _wizard(qtbot)
    for _ in range(5):
        click_next(qtbot, wizard)
    page = wizard.demo_page
    assert wizard.currentPage() is page
    qtbot.waitUntil(page.load_button.isEnabled)  # emptiness read on a worker
    assert page.load_button.isVisible()
    qtbot.mouseClick(page.load_button, Qt.MouseButton.LeftButton)
    assert not wizard.button(QWizard.WizardButton.FinishButton).isEnabled()
    # the whole office, history included; generous for a machine shared by many test runs
    qtbot.waitUntil(lambda: page.loaded or "失败" in page.state.text(), timeout=600_000)
    assert page.loaded, page.state.text()
    click_next(qtbot, wizard)
    assert wizard.result() == QWizard.DialogCode.Accepted
    wizard.context.close()


def _answer_cancel(qtbot, wizard: FirstRunWizard, button_text: str, seen: list[str]) -> None:
    """Click 取消, and in the question that opens, the button a person would choose."""

    def answer() -> None:
        box = wizard.cancel_box
        if box is None or not box.isVisible():
            QTimer.singleShot(20, answer)
            return
        seen.append(box.text() + box.informativeText())
        choice = next(b for b in box.buttons() if b.text().startswith(button_text))
        qtbot.mouseClick(choice, Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, answer)
    qtbot.mouseClick(
        _visible_button(wizard, QWizard.WizardButton.CancelButton), Qt.MouseButton.LeftButton
    )


def test_cancel_asks_then_leaves_the_app_unconfigured(qtbot) -> None:
    wizard = _wizard(qtbot)
    for _ in range(3):
        click_next(qtbot, wizard)
    assert wizard.context is not None
    seen: list[str] = []
    _answer_cancel(qtbot, wizard, "继续设置", seen)
    assert wizard.isVisible() and wizard.currentPage() is wizard.fonts_page
    _answer_cancel(qtbot, wizard, "不再设置", seen)
    assert not wizard.isVisible()
    assert wizard.result() == QWizard.DialogCode.Rejected
    assert all(CANCEL_NOTE in text for text in seen) and len(seen) == 2
    wizard.discard()
    assert wizard.context is None
    assert not config.settings_file().exists()


def test_rerun_from_the_tools_menu_finishes_with_enter(qtbot, ctx) -> None:
    settings.put(ctx, gazette_name="某市人民政府公报", publisher="某市人民政府办公室")
    wizard = FirstRunWizard(context=ctx)
    qtbot.addWidget(wizard, before_close_func=lambda w: w.discard())
    wizard.show()
    qtbot.waitExposed(wizard)
    assert wizard.name_page.name.text() == "某市人民政府公报"
    titles = _enter_to_the_end(qtbot, wizard)
    assert titles == ["公报名称与主办单位", "字体", "节假日安排", "演示数据"]
    assert wizard.result() == QWizard.DialogCode.Accepted
    assert settings.get(ctx, "publisher") == "某市人民政府办公室"


@pytest.mark.postgres
def test_postgres_connection_test_and_open(qtbot, pg_url, tmp_path) -> None:
    wizard = _wizard(qtbot)
    click_next(qtbot, wizard)
    click_next(qtbot, wizard)
    page = wizard.db_page
    page.set_url(pg_url)
    assert page.url() is not None and "search_path" in page.url()
    qtbot.mouseClick(page.test_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "连接" in page.result.text() and "正在" not in page.result.text(),
                    timeout=30_000)  # fmt: skip
    assert "连接成功" in page.result.text(), page.result.text()
    page.password.setText("wrong-password-for-sure")
    page.user.setText("no_such_user_here")
    qtbot.mouseClick(page.test_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "✘" in page.result.text(), timeout=30_000)
    assert page.result.text() == "✘ 无法连接到 127.0.0.1:5432：用户名不存在"
    page.set_url(pg_url)
    click_next(qtbot, wizard)
    assert wizard.context is not None and wizard.context.db.dialect == "postgresql"
    for _ in range(3):
        click_next(qtbot, wizard)
    assert wizard.result() == QWizard.DialogCode.Accepted
    saved = json.loads(config.settings_file().read_text(encoding="utf-8"))
    assert saved["database_url"].startswith("postgresql+psycopg://")
    wizard.context.close()
