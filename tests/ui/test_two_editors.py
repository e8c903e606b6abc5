"""Two people at once on the shared database: the second save shows who changed what."""

from __future__ import annotations

import pytest

from gazette.context import open_context, sign_in
from gazette.departments import roster as deps
from gazette.office.users import create_user
from ui.departments.dialogs import DepartmentDialog
from ui.departments.screen import Screen
from ui.tasks import TaskRunner


@pytest.mark.postgres
def test_second_editor_sees_the_conflict(qtbot, pg_url, tmp_path) -> None:
    setup = open_context(pg_url, tmp_path / "a")
    with setup.uow() as uow:
        create_user(uow.session, "zhang", "张编辑", "admin", "张编辑密码2026")
        create_user(uow.session, "li", "李编辑", "clerk", "李编辑密码2026")
        dep_id = deps.save(
            uow, deps.DepartmentInput("宿迁市水利局", "市水利局", ("宿水发",), None)
        ).id
        uow.commit()
    setup.close()
    zhang = open_context(pg_url, tmp_path / "a", user="zhang")
    li = open_context(pg_url, tmp_path / "b", user="li")
    sign_in(zhang, "zhang", "张编辑密码2026")
    sign_in(li, "li", "李编辑密码2026")

    runner = TaskRunner()
    screen = Screen(li, runner)  # 李编辑 opens the department …
    qtbot.addWidget(screen)
    with li.uow() as uow:
        detail = deps.get_detail(uow, dep_id)
    dialog = DepartmentDialog(detail, screen)
    qtbot.addWidget(dialog)
    with zhang.uow() as uow:  # … while 张编辑 saves a change to it
        inp = detail.as_input()
        deps.save(
            uow,
            deps.DepartmentInput(inp.name, "水利局", inp.issuer_codes, inp.liaison),
            dep_id=dep_id,
            expected_version=detail.version,
        )
        uow.commit()
    dialog.short_name.setText("市水务局")
    screen._save(dialog)
    qtbot.waitUntil(lambda: "张编辑" in dialog.error.text())
    assert "简称" in dialog.error.text()
    assert dialog.short_name.text() == "市水务局"  # what 李编辑 typed is kept for merging
    dialog.grab().save(str(tmp_path / "conflict.png"))
    with li.uow() as uow:
        assert deps.get_detail(uow, dep_id).short_name == "水利局"  # nothing overwritten
    runner.shutdown()
    zhang.close()
    li.close()
