"""The database password never appears on a command line, and files the office hands on (PDFs,
exports, the website) get the user's ordinary permissions, not a private 0600.

Counted by bench/faults.py under 口令与权限.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from bench import site_synth as synth
from gazette.context import open_context
from gazette.departments.xlsx import export_departments
from gazette.files.atomic import default_mode
from gazette.office.backup import make_backup, verify
from gazette.site.build import build
from tests.faults.killing import ROOT

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")

WRITE_WITH_UMASK = r"""
import os, stat, sys
os.umask(int(sys.argv[1], 8))
from gazette.files.atomic import atomic_write_bytes, atomic_writer
atomic_write_bytes(sys.argv[2], b"%PDF-1.7")
with atomic_writer(sys.argv[3], "w", private=True) as fh:
    fh.write("secret")
print(oct(stat.S_IMODE(os.stat(sys.argv[2]).st_mode)), oct(stat.S_IMODE(os.stat(sys.argv[3]).st_mode)))
"""


@pytest.mark.parametrize(
    ("umask", "public"), [("022", "0o644"), ("027", "0o640"), ("002", "0o664")]
)
def test_atomic_writes_follow_the_umask(tmp_path: Path, umask: str, public: str) -> None:
    proc = subprocess.run(
        [
            sys.executable,
            "-c",
            WRITE_WITH_UMASK,
            umask,
            str(tmp_path / "期刊.pdf"),
            str(tmp_path / ".pgpass"),
        ],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        check=True,
    )
    assert proc.stdout.split() == [public, "0o600"]


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_exports_and_site_pages_are_not_private(ctx, tmp_path: Path) -> None:
    synth.fill(ctx, first_year=2020, years=1, issues_per_year=1, docs_per_issue=1, paragraphs=1)
    with ctx.uow() as uow:
        export_departments(uow, tmp_path / "部门.xlsx")
    assert _mode(tmp_path / "部门.xlsx") == default_mode()
    build(ctx, tmp_path / "site")
    pages = [p for p in (tmp_path / "site").rglob("*") if p.is_file()]
    assert pages and {_mode(p) for p in pages} == {default_mode()}
    assert default_mode() != 0o600


SPY = """#!/bin/sh
printf '%s\\n' "$@" > "{argv}"
printf '%s' "$PGPASSWORD" > "{env}"
exec "{real}" "$@"
"""


@pytest.mark.postgres
def test_pg_dump_gets_the_password_from_the_environment(pg_url: str, tmp_path: Path) -> None:
    real = shutil.which("pg_dump")
    if real is None:
        pytest.skip("需要 pg_dump")
    password = "s3cret-口令"
    url = make_url(pg_url).set(password=password).render_as_string(hide_password=False)
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    spy = bin_dir / "pg_dump"
    spy.write_text(SPY.format(argv=tmp_path / "argv", env=tmp_path / "env", real=real))
    spy.chmod(0o755)
    ctx = open_context(url, tmp_path / "data")
    old_path = os.environ["PATH"]
    os.environ["PATH"] = f"{bin_dir}{os.pathsep}{old_path}"
    try:
        info = make_backup(ctx, tmp_path / "bk")
    finally:
        os.environ["PATH"] = old_path
        ctx.close()
    argv = (tmp_path / "argv").read_text("utf-8")
    assert password not in argv and "s3cret" not in argv
    assert (tmp_path / "env").read_text("utf-8") == password
    assert verify(info.path)["dialect"] == "postgresql"
    assert password not in json.dumps(verify(info.path), ensure_ascii=False)
