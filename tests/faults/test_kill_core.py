"""SIGKILL in the middle of core writes: the database stays sound and nothing half-written counts.

Scenarios are counted by bench/faults.py through the ``fault_scenario`` marker name.
"""

from __future__ import annotations

import sqlite3
import sys

import pytest

from gazette.context import open_context
from gazette.db.models import Department
from gazette.office.backup import BackupError, list_backups, verify
from tests.faults.killing import kill_when

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")

BIG_TRANSACTION = r"""
import sys, pathlib
from gazette.context import open_context
from gazette.db.models import Department
ctx = open_context(None, sys.argv[1])
marker = pathlib.Path(sys.argv[2])
with ctx.uow() as uow:
    for i in range(200000):
        uow.session.add(Department(name=f"部门{i}", short_name="", issuer_codes=[]))
        if i == 3000:
            uow.session.flush()
            marker.touch()
    uow.commit()
"""


def test_kill_during_transaction_leaves_no_partial_rows(tmp_path) -> None:
    data = tmp_path / "data"
    ctx = open_context(None, data)
    with ctx.uow() as uow:
        uow.session.add(Department(name="市教育局", short_name="教育局", issuer_codes=[]))
        uow.commit()
    ctx.close()
    code = kill_when(BIG_TRANSACTION, tmp_path / "flushed", str(data), str(tmp_path / "flushed"))
    assert code == -9
    with sqlite3.connect(data / "gazette.sqlite3") as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert conn.execute("SELECT count(*) FROM departments").fetchone() == (1,)
    again = open_context(None, data)  # the app opens it normally afterwards
    with again.uow() as uow:
        assert uow.session.query(Department).count() == 1
    again.close()


BACKUP_OF_MANY_FILES = r"""
import sys, pathlib, shutil
import gazette.office.backup as b
from gazette.context import open_context
ctx = open_context(None, sys.argv[1])
marker = pathlib.Path(sys.argv[2])
real_copy = shutil.copy2
count = [0]
def slow_copy(src, dst, **kw):
    count[0] += 1
    if count[0] == 20:
        marker.touch()
        import time; time.sleep(60)
    return real_copy(src, dst, **kw)
b.shutil.copy2 = slow_copy
b.make_backup(ctx, pathlib.Path(sys.argv[3]))
"""


def test_kill_during_backup_leaves_no_backup_that_looks_whole(tmp_path) -> None:
    data = tmp_path / "data"
    ctx = open_context(None, data)
    with ctx.uow() as uow:
        for i in range(40):
            src = tmp_path / f"f{i}.txt"
            src.write_text(f"附件 {i}", encoding="utf-8")
            ctx.filestore().put_file(uow.session, src)
        uow.commit()
    ctx.close()
    root = tmp_path / "backups"
    code = kill_when(
        BACKUP_OF_MANY_FILES, tmp_path / "m", str(data), str(tmp_path / "m"), str(root)
    )
    assert code == -9
    assert list_backups(root) == []  # the .part folder is never listed
    partial = next(root.glob("*.part"))
    with pytest.raises(BackupError):
        verify(partial)


ATOMIC_WRITE = r"""
import sys, pathlib
from gazette.files.atomic import atomic_writer
marker = pathlib.Path(sys.argv[2])
with atomic_writer(sys.argv[1], "wb") as fh:
    fh.write(b"x" * 1_000_000)
    fh.flush()
    marker.touch()
    import time; time.sleep(60)
"""


def test_kill_during_atomic_write_keeps_the_old_file(tmp_path) -> None:
    target = tmp_path / "报告.pdf"
    target.write_bytes(b"old complete file")
    code = kill_when(ATOMIC_WRITE, tmp_path / "m", str(target), str(tmp_path / "m"))
    assert code == -9
    assert target.read_bytes() == b"old complete file"
