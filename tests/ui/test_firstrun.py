"""The first-run wizard, page by page, on a real embedded database (and PostgreSQL when given)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gazette import config, settings
from ui.firstrun.pages import FontsPage, HolidayPage, years_to_check
from ui.firstrun.wizard import FirstRunWizard


def _wizard(qtbot, data_dir: Path, database: str | None = None) -> FirstRunWizard:
    wizard = FirstRunWizard(database=database, data_dir=None)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.data_page.path.setReadOnly(False)
    wizard.data_page.path.setText(str(data_dir))
    return wizard


def test_walk_through_and_finish(qtbot, tmp_path, monkeypatch) -> None:
    monkeypatch.delenv("GAZETTE_DATA_DIR")
    data = tmp_path / "公报 数据"
    wizard = _wizard(qtbot, data)
    wizard.name_page.name.setText("某市人民政府公报")
    wizard.name_page.publisher.setText("某市人民政府办公室")
    wizard.next()  # → data folder
    wizard.next()  # → database
    assert wizard.currentPage() is wizard.db_page
    assert wizard.db_page.embedded.isChecked()
    wizard.next()  # opens the database
    assert wizard.context is not None
    assert (data / "gazette.sqlite3").exists()
    assert isinstance(wizard.currentPage(), FontsPage)
    for role in ("title", "body", "heading1", "heading2"):
        assert role in wizard.fonts_page.specimens
    wizard.next()
    assert isinstance(wizard.currentPage(), HolidayPage)
    wizard.next()
    assert wizard.currentPage() is wizard.demo_page
    wizard.accept()
    ctx = wizard.context
    assert settings.get(ctx, "gazette_name") == "某市人民政府公报"
    assert settings.get(ctx, "publisher") == "某市人民政府办公室"
    saved = json.loads(config.settings_file().read_text(encoding="utf-8"))
    assert saved["first_run_done"] is True
    assert Path(saved["data_dir"]) == data
    assert "database_url" not in saved  # embedded: resolved from the data folder
    ctx.close()


def test_bad_data_folder_is_refused(qtbot, tmp_path, monkeypatch) -> None:
    monkeypatch.delenv("GAZETTE_DATA_DIR")
    blocker = tmp_path / "file"
    blocker.write_text("x")
    wizard = _wizard(qtbot, blocker / "sub")
    wizard.next()
    wizard.next()
    assert wizard.currentPage() is wizard.data_page
    assert "无法创建数据目录" in wizard.data_page.note.text()


def test_holiday_page_imports_missing_year(qtbot, tmp_path, monkeypatch) -> None:
    monkeypatch.delenv("GAZETTE_DATA_DIR")
    wizard = _wizard(qtbot, tmp_path / "d")
    for _ in range(4):
        wizard.next()
    page = wizard.holiday_page
    missing = page.uncovered()
    if not missing:
        pytest.skip("the calendar library already covers " + str(years_to_check()))
    year = missing[0]
    notice = tmp_path / f"{year}.json"
    notice.write_text(
        json.dumps({"year": year, "papers": ["https://www.gov.cn/"],
                    "days": [{"name": "元旦", "date": f"{year}-01-01", "isOffDay": True}]}),
        encoding="utf-8",
    )  # fmt: skip
    bad = tmp_path / "bad.json"
    bad.write_text("{", encoding="utf-8")
    page.import_file(bad)
    assert "bad.json" in page.message.text()
    page.import_file(notice)
    assert year not in page.uncovered()
    assert f"已导入 {year} 年" in page.message.text()
    wizard.discard()


def test_demo_loads_on_a_worker(qtbot, tmp_path, monkeypatch) -> None:
    monkeypatch.delenv("GAZETTE_DATA_DIR")
    wizard = _wizard(qtbot, tmp_path / "d")
    for _ in range(5):
        wizard.next()
    page = wizard.demo_page
    assert page.load_button.isEnabled()
    page.start_loading()
    # the whole office, history included; generous for a machine shared by many test runs
    qtbot.waitUntil(lambda: page.loaded or "失败" in page.state.text(), timeout=600_000)
    assert page.loaded, page.state.text()
    assert page.isComplete()
    wizard.discard()


def test_cancel_leaves_nothing_saved(qtbot, tmp_path, monkeypatch) -> None:
    monkeypatch.delenv("GAZETTE_DATA_DIR")
    wizard = _wizard(qtbot, tmp_path / "d")
    wizard.next()
    wizard.next()
    wizard.next()
    wizard.reject()
    wizard.discard()
    assert wizard.context is None
    assert not config.settings_file().exists()


@pytest.mark.postgres
def test_postgres_connection_test_and_open(qtbot, pg_url, tmp_path, monkeypatch) -> None:
    monkeypatch.delenv("GAZETTE_DATA_DIR")
    wizard = _wizard(qtbot, tmp_path / "d")
    wizard.next()
    wizard.next()
    page = wizard.db_page
    page.set_url(pg_url)
    assert page.url() is not None and "search_path" in page.url()
    page.run_test()
    qtbot.waitUntil(lambda: "连接" in page.result.text() and "正在" not in page.result.text(),
                    timeout=30_000)  # fmt: skip
    assert "连接成功" in page.result.text(), page.result.text()
    page.password.setText("wrong-password-for-sure")
    page.user.setText("no_such_user_here")
    page.run_test()
    qtbot.waitUntil(lambda: "连接失败" in page.result.text(), timeout=30_000)
    page.set_url(pg_url)
    wizard.next()
    assert wizard.context is not None and wizard.context.db.dialect == "postgresql"
    wizard.accept()
    saved = json.loads(config.settings_file().read_text(encoding="utf-8"))
    assert saved["database_url"].startswith("postgresql+psycopg://")
    wizard.context.close()
