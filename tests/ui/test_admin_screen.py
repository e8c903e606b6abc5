"""The administration screen: users, the audit trail and backups, offscreen."""

from __future__ import annotations

import os
from pathlib import Path

from gazette.office import settings
from gazette.office.backup import make_backup
from ui.admin.models import AuditModel
from ui.admin.screen import NO_BACKUPS, NO_USERS_EMBEDDED, Screen
from ui.tasks import TaskRunner

SHOTS = os.environ.get("GAZETTE_TEST_SHOTS")  # a folder for screenshots a person looks at


def test_audit_tab_shows_changes_and_backup_runs(qtbot, qtmodeltester, ctx, tmp_path) -> None:
    before = settings.get(ctx, "gazette_name")  # the test office is named already
    settings.put(ctx, gazette_name="宿迁市人民政府公报（测试）")
    runner = TaskRunner()
    screen = Screen(ctx, runner)
    qtbot.addWidget(screen)
    screen.resize(1366, 768)
    screen.show()
    users = screen.users
    qtbot.waitUntil(lambda: not runner.active)
    assert ctx.db.is_embedded  # no accounts here: the list says where accounts live
    assert users.model.rowCount() == 0 and users.empty_note.isVisible()
    assert users.empty_note.text() == NO_USERS_EMBEDDED
    if SHOTS:
        screen.grab().save(str(Path(SHOTS) / "admin-users-empty.png"))
    assert screen.backups.model.rowCount() == 0 and not screen.backups.empty_note.isHidden()
    assert screen.backups.empty_note.text() == NO_BACKUPS
    model = screen.audit.model
    qtbot.waitUntil(lambda: model.rowCount() >= 1)
    qtmodeltester.check(model)
    row = model.row_at(0)
    assert row.table_name == "settings"
    said = model.data(model.index(0, AuditModel.COL_CHANGES))
    assert said == f"{row.who} 将 公报名称 的值由 {before} 改为 宿迁市人民政府公报（测试）"
    with qtbot.waitSignal(runner.ended):
        runner.submit("备份", lambda r: make_backup(ctx, reporter=r))
    screen.backups.reload()
    qtbot.waitUntil(lambda: screen.backups.model.rowCount() == 1)
    assert screen.backups.empty_note.isHidden()  # gone once the first backup is listed
    screen.tabs.setCurrentIndex(1)
    screen.grab().save(str(tmp_path / "admin.png"))
    runner.shutdown()
