"""The administration screen: users, the audit trail and backups, offscreen."""

from __future__ import annotations

from gazette.office import settings
from gazette.office.backup import make_backup
from ui.admin.models import AuditModel
from ui.admin.screen import Screen
from ui.tasks import TaskRunner


def test_audit_tab_shows_changes_and_backup_runs(qtbot, qtmodeltester, ctx, tmp_path) -> None:
    before = settings.get(ctx, "gazette_name")  # the test office is named already
    settings.put(ctx, gazette_name="宿迁市人民政府公报（测试）")
    runner = TaskRunner()
    screen = Screen(ctx, runner)
    qtbot.addWidget(screen)
    screen.resize(1100, 600)
    screen.show()
    model = screen.audit.model
    qtbot.waitUntil(lambda: model.rowCount() >= 1, timeout=10000)
    qtmodeltester.check(model)
    row = model.row_at(0)
    assert row.table_name == "settings"
    said = model.data(model.index(0, AuditModel.COL_CHANGES))
    assert said == f"{row.who} 将 公报名称 的值由 {before} 改为 宿迁市人民政府公报（测试）"
    with qtbot.waitSignal(runner.ended, timeout=20000):
        runner.submit("备份", lambda r: make_backup(ctx, reporter=r))
    screen.backups.reload()
    qtbot.waitUntil(lambda: screen.backups.model.rowCount() == 1, timeout=10000)
    screen.tabs.setCurrentIndex(1)
    screen.grab().save(str(tmp_path / "admin.png"))
    runner.shutdown()
