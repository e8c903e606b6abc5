"""Backup and restore of the database with the file store, verified before replacing anything."""

from __future__ import annotations

import datetime as dt
import sqlite3

import pytest
from sqlalchemy import text

from gazette.context import open_context
from gazette.db.models import Department
from gazette.office.backup import (
    BackupError,
    auto_backup,
    list_backups,
    make_backup,
    pg_restore,
    restore_sqlite,
    verify,
)


def _add(ctx, name: str) -> None:
    with ctx.uow() as uow:
        uow.session.add(Department(name=name, short_name=name, issuer_codes=[]))
        uow.commit()


def test_backup_and_restore_sqlite(ctx, tmp_path) -> None:
    _add(ctx, "市教育局")
    src = tmp_path / "附件.pdf"
    src.write_bytes(b"%PDF-1.4 demo")
    with ctx.uow() as uow:
        stored = ctx.filestore().put_file(uow.session, src)
        uow.commit()
    info = make_backup(ctx, tmp_path / "bk")
    assert (info.path / "files").exists() and not info.path.name.endswith(".part")
    manifest = verify(info.path)
    assert any(v == stored.sha256 for v in manifest["files"].values())

    _add(ctx, "市公安局")  # a change after the backup …
    ctx.filestore().path_for(stored.sha256).unlink()  # … and a lost file
    safety = restore_sqlite(ctx, info.path)
    assert safety.exists()
    reopened = open_context(None, ctx.data_dir)
    with reopened.uow() as uow:
        assert [d.name for d in uow.session.query(Department)] == ["市教育局"]
    assert reopened.filestore().verify(stored.sha256)
    reopened.close()


def test_corrupt_backup_is_refused_before_anything_changes(ctx, tmp_path) -> None:
    _add(ctx, "市教育局")
    info = make_backup(ctx, tmp_path / "bk")
    db_copy = info.path / "gazette.sqlite3"
    data = bytearray(db_copy.read_bytes())
    data[len(data) // 2] ^= 0xFF
    db_copy.write_bytes(bytes(data))
    _add(ctx, "市公安局")
    with pytest.raises(BackupError, match="摘要不符"):
        restore_sqlite(ctx, info.path)
    with ctx.uow() as uow:  # nothing was replaced
        assert uow.session.query(Department).count() == 2
    (info.path / "manifest.json").unlink()
    with pytest.raises(BackupError, match="不是完整的备份"):
        verify(info.path)


def test_auto_backup_keeps_last_n(ctx) -> None:
    now = dt.datetime.now()
    assert auto_backup(ctx, keep=2, now=now) is not None
    assert auto_backup(ctx, keep=2, now=now) is None  # not due yet
    for _ in range(3):
        auto_backup(ctx, every=dt.timedelta(0), keep=2)
    assert len(list_backups(ctx.data_dir / "backups")) == 2


@pytest.mark.postgres
def test_pg_dump_and_restore_with_file_store(pg_url, tmp_path) -> None:
    import uuid

    import sqlalchemy as sa
    from sqlalchemy.engine import make_url

    from tests.conftest import need_tool

    need_tool("pg_dump")
    ctx = open_context(pg_url, tmp_path / "d1")
    _add(ctx, "市财政局")
    info = make_backup(ctx, tmp_path / "bk")
    ctx.close()
    name = f"restore_{uuid.uuid4().hex[:8]}"
    base = make_url(pg_url).set(query={})
    admin = sa.create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        target = (
            base.set(database=name)
            .update_query_dict(dict(make_url(pg_url).query))
            .render_as_string(hide_password=False)
        )
        pg_restore(target, info.path)
        restored = sa.create_engine(target)
        with restored.connect() as conn:
            assert conn.execute(text("SELECT name FROM departments")).scalars().all() == [
                "市财政局"
            ]
        restored.dispose()
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        admin.dispose()


def test_backup_integrity_check_on_sqlite_copy(ctx, tmp_path) -> None:
    info = make_backup(ctx, tmp_path / "bk")
    with sqlite3.connect(info.path / "gazette.sqlite3") as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
