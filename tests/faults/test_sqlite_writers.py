"""Several processes writing to one embedded database at once: each waits its turn, none fails.

Counted by bench/faults.py under 并发写入.
"""

from __future__ import annotations

import os
import subprocess
import sys

from sqlalchemy import func, select

from gazette.context import open_context
from gazette.db.models import AuditEntry, Department
from tests.faults.killing import ROOT

SMOKE = os.environ.get("GAZETTE_FAULTS_SMOKE") == "1"  # bench/faults.py --smoke, on CI
PROCESSES = 2 if SMOKE else 4
WRITES = 12 if SMOKE else 50

WRITER = r"""
import pathlib, sys, time
from sqlalchemy import select
from gazette.context import open_context
from gazette.db.models import Department
data, me, start, writes = sys.argv[1], int(sys.argv[2]), pathlib.Path(sys.argv[3]), int(sys.argv[4])
ctx = open_context(None, data, user=f"写入者{me}")
while not start.exists():  # every writer starts on the same signal
    time.sleep(0.005)
mine = []
for i in range(writes):
    with ctx.uow() as uow:
        s = uow.session
        kind = i % 3
        if kind == 0 or not mine:  # read, then insert
            taken = s.scalar(select(Department.id).where(Department.name == f"单位{me}-{i}"))
            assert taken is None
            dept = Department(name=f"单位{me}-{i}", short_name="", issuer_codes=[f"宿{me}发"])
            s.add(dept)
            uow.commit()
            mine.append(dept.id)
        elif kind == 1:  # read, then update
            dept = s.get(Department, mine[-1])
            dept.short_name = f"简称{i}"
            uow.commit()
        else:  # read everything, then insert
            s.scalars(select(Department)).all()
            s.add(Department(name=f"单位{me}-{i}", short_name="批量", issuer_codes=[]))
            uow.commit()
print("done", me)
"""


def test_four_processes_writing_at_once_all_succeed(tmp_path) -> None:
    data = tmp_path / "data"
    open_context(None, data).close()
    start = tmp_path / "start"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(data), str(n), str(start), str(WRITES)],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n in range(PROCESSES)
    ]
    start.touch()
    results = [(p.wait(timeout=600), *p.communicate()) for p in procs]
    failures = [err[-1500:] for code, _out, err in results if code != 0]
    assert failures == []
    inserts = sum(1 for i in range(WRITES) if i % 3 != 1)
    ctx = open_context(None, data)
    with ctx.uow() as uow:
        s = uow.session
        assert s.scalar(select(func.count()).select_from(Department)) == PROCESSES * inserts
        for n in range(PROCESSES):
            names = set(
                s.scalars(select(Department.name).where(Department.name.like(f"单位{n}-%")))
            )
            assert names == {f"单位{n}-{i}" for i in range(WRITES) if i % 3 != 1}
        writes = s.scalar(
            select(func.count()).select_from(AuditEntry).where(AuditEntry.actor.like("写入者%"))
        )
        assert writes == PROCESSES * WRITES  # every update recorded too: none was lost
    ctx.close()
