"""A demo load killed mid-way leaves something the next ``gazette demo`` finishes.

The child is killed with SIGKILL after the departments are committed and while later parts load,
as the report found it (41 departments and nothing else, refused for ever after). The database
then says it holds an unfinished demo, and loading again discards it and loads the whole office.
"""

from __future__ import annotations

import sys

import pytest
from sqlalchemy import func, select

from gazette import demo
from gazette.context import open_context
from gazette.db.models import Department, Issue
from tests.faults.killing import kill_when

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")

LOAD = r"""
import sys, time, pathlib
from gazette import demo
from gazette.context import open_context
from gazette.progress import Reporter
ctx = open_context(None, sys.argv[1])
marker = pathlib.Path(sys.argv[2])
def progress(done, total, message=""):
    if done == 3:  # departments and sections are committed; submissions are next
        marker.touch()
        time.sleep(60)
demo.load(ctx, Reporter(progress))
"""


def _counts(ctx) -> tuple[int, int, int]:  # type: ignore[no-untyped-def]
    with ctx.uow() as uow:
        s = uow.session
        departments = s.scalar(select(func.count()).select_from(Department)) or 0
        names = s.scalar(select(func.count(func.distinct(Department.name)))) or 0
        issues = s.scalar(select(func.count()).select_from(Issue)) or 0
    return departments, names, issues


def test_kill_during_demo_load_then_demo_finishes(tmp_path) -> None:
    data = tmp_path / "data"
    code = kill_when(LOAD, tmp_path / "marker", str(data), str(tmp_path / "marker"))
    assert code < 0  # killed, not finished
    ctx = open_context(None, data)
    try:
        departments, _names, issues = _counts(ctx)
        assert departments > 0 and issues == 0  # the half-filled database of the report
        assert demo.unfinished(ctx) and not demo.is_empty(ctx)
        messages: list[str] = []
        from gazette.progress import Reporter

        demo.load(ctx, Reporter(lambda _d, _t, m="": messages.append(m)))
        assert "中断" in messages[0]
        after, names, issues = _counts(ctx)
        assert after == names == departments and issues > 0  # whole, nothing doubled
        assert not demo.unfinished(ctx)
        with pytest.raises(ValueError, match="空数据库"):  # a finished demo is not loaded twice
            demo.load(ctx)
    finally:
        ctx.close()
