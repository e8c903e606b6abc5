"""SIGKILL in the middle of an issue build and of a submissions import, with real processes.

Afterwards the database passes its integrity check, no half-written file is taken as complete,
and the interrupted job runs again at once (its lease is recognised as abandoned).
"""

from __future__ import annotations

import sqlite3
import sys

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select

from gazette.db.models import BuiltFile, Document
from tests.faults.killing import kill_when

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")

BUILD = r"""
import sys, time, pathlib
import gazette.issues.render as render
from gazette.issues import planning as issues
from gazette.context import open_context
ctx = open_context(None, sys.argv[1])
marker = pathlib.Path(sys.argv[2])
real = render.atomic_write_bytes
written = [0]
def slow(path, data):
    real(path, data)
    written[0] += 1
    if written[0] == 3:
        marker.touch()
        time.sleep(60)
render.atomic_write_bytes = slow
with ctx.uow() as uow:
    rows = issues.list_issues(uow)
issue = next(r for r in rows if r.status != "published")
render.render_issue(ctx, issue.id, sys.argv[3])
"""


def _integrity(data_dir) -> None:
    with sqlite3.connect(data_dir / "gazette.sqlite3") as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_kill_during_issue_build(demo_ctx, tmp_path) -> None:
    from gazette.issues import planning as issues
    from gazette.issues.render import render_issue

    data = demo_ctx.data_dir
    out = tmp_path / "out"
    demo_ctx.close()
    code = kill_when(BUILD, tmp_path / "m", str(data), str(tmp_path / "m"), str(out))
    assert code == -9
    _integrity(data)
    finished = [p for p in out.rglob("*.pdf")]
    assert len(finished) == 3
    for pdf in finished:  # every file that exists under its real name is complete
        assert len(PdfReader(pdf).pages) >= 1
    assert not list(out.rglob("*.part")) or all(p.name.startswith(".") for p in out.rglob("*.part"))
    from gazette.context import open_context

    ctx = open_context(None, data)
    with ctx.uow() as uow:
        issue = next(r for r in issues.list_issues(uow) if r.status != "published")
        built = select(func.count()).select_from(BuiltFile).where(BuiltFile.issue_id == issue.id)
        assert uow.session.scalar(built) == 0  # the killed build recorded nothing
    result = render_issue(ctx, issue.id, out)  # runs again at once: the dead build's lease is free
    assert len(result.files) > 3
    ctx.close()


IMPORT = r"""
import sys, pathlib
import gazette.submissions.importer as importer
from gazette.context import open_context
from gazette.progress import Reporter
ctx = open_context(None, sys.argv[1])
marker = pathlib.Path(sys.argv[2])
def progress(done, total, message=""):
    if done >= 40:
        marker.touch()
        import time; time.sleep(60)
with ctx.uow() as uow:
    importer.import_file(uow.session, sys.argv[3], Reporter(progress))
    uow.commit()
"""


def test_kill_during_submissions_import(demo_ctx, tmp_path) -> None:
    from openpyxl import Workbook

    from gazette.context import open_context

    data = demo_ctx.data_dir
    with demo_ctx.uow() as uow:
        before = uow.session.scalar(select(func.count()).select_from(Document))
        dept = uow.session.execute(
            select(Document.department_id).where(Document.department_id.is_not(None)).limit(1)
        ).scalar()
        from gazette.db.models import Department

        name = uow.session.get(Department, dept).name
    demo_ctx.close()
    wb = Workbook()
    ws = wb.active
    ws.append(
        [
            "报送单位",
            "文件标题",
            "发文字号",
            "印发日期",
            "报送日期",
            "公开属性",
            "是否规范性文件",
            "备注",
        ]
    )
    for i in range(300):
        ws.append(
            [
                name,
                f"关于测试导入第{i}件的通知",
                f"宿测试发〔2026〕{i + 1}号",
                "2026-03-02",
                "2026-03-05",
                "此件公开发布",
                "是",
                "",
            ]
        )
    xlsx = tmp_path / "报送.xlsx"
    wb.save(xlsx)
    code = kill_when(IMPORT, tmp_path / "m", str(data), str(tmp_path / "m"), str(xlsx))
    assert code == -9
    _integrity(data)
    ctx = open_context(None, data)
    with ctx.uow() as uow:  # the whole import rolled back: nothing partial is stored
        assert uow.session.scalar(select(func.count()).select_from(Document)) == before
    from gazette.submissions import importer

    with ctx.uow() as uow:  # and it runs again cleanly
        result = importer.import_file(uow.session, xlsx)
        uow.commit()
    assert not result.problems
    with ctx.uow() as uow:
        assert uow.session.scalar(select(func.count()).select_from(Document)) == before + 300
    ctx.close()
