"""The export dialog builds the site on a worker thread and shows what it wrote."""

from __future__ import annotations

from pathlib import Path

from bench import site_synth as synth
from ui.site.dialog import SiteDialog
from ui.tasks import TaskRunner


def test_dialog_builds_and_reports(qtbot, ctx, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    synth.fill(ctx, first_year=2018, years=1, issues_per_year=2, docs_per_issue=3, paragraphs=2)
    runner = TaskRunner()
    dialog = SiteDialog(ctx, runner)
    qtbot.addWidget(dialog)
    dialog.show()
    out = tmp_path / "site"
    dialog.folder.setText(str(out))
    dialog.start()
    assert not dialog.build_button.isEnabled()
    qtbot.waitUntil(lambda: dialog.task is None, timeout=60000)
    assert (out / "index.html").exists()
    assert "已导出 2 期、6 篇文件" in dialog.log.toPlainText()
    assert "写入 index.html" in dialog.log.toPlainText()
    dialog.grab().save(str(tmp_path / "dialog.png"))
    dialog.start()  # again: nothing changed
    qtbot.waitUntil(lambda: dialog.task is None, timeout=60000)
    assert "没有变化" in dialog.log.toPlainText()
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "notes.txt").write_text("x")
    dialog.folder.setText(str(tmp_path / "other"))
    errors: list[str] = []
    monkeypatch.setattr(
        "ui.site.dialog.show_error",
        lambda parent, title, message, details="": errors.append(str(message)),
    )
    dialog.start()
    qtbot.waitUntil(lambda: dialog.task is None, timeout=60000)
    assert errors and "不是空的" in errors[0]
    assert dialog.status.text() == "导出失败"
    runner.shutdown()
