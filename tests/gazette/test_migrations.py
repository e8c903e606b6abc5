"""Schema by migrations only: an empty database upgrades to head, and models match migrations."""

from __future__ import annotations

import importlib
import pkgutil

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import text

import archive
import gazette
from gazette.db import Database, DatabaseError
from gazette.db.base import Base
from gazette.db.migrate import backup_sqlite, schema_state, upgrade


def _import_all_models() -> None:
    """Every model module registers on Base.metadata, the archive's included."""
    for pkg in (gazette, archive):
        for mod in pkgutil.walk_packages(pkg.__path__, pkg.__name__ + "."):
            if "models" in mod.name:
                importlib.import_module(mod.name)


def _assert_no_diff(db: Database) -> None:
    _import_all_models()
    with db.engine.connect() as conn:
        mc = MigrationContext.configure(
            conn,
            opts={
                "compare_type": True,
                "include_object": lambda o, n, t, r, c: (
                    not (
                        t == "table"
                        and (
                            n.startswith("fts_")
                            or n.startswith("search_")
                            or n == "alembic_version"
                        )
                    )
                ),
            },
        )
        diff = compare_metadata(mc, Base.metadata)
    assert diff == [], f"models and migrations differ: {diff}"


def test_sqlite_upgrade_to_head_and_no_diff(tmp_path) -> None:
    db = Database(f"sqlite:///{tmp_path}/g.sqlite3", tmp_path)
    assert schema_state(db).empty
    assert upgrade(db) is None  # an empty database needs no backup
    assert schema_state(db).up_to_date
    with db.engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
    _assert_no_diff(db)
    db.dispose()


@pytest.mark.postgres
def test_postgres_upgrade_to_head_and_no_diff(pg_url, tmp_path) -> None:
    db = Database(pg_url, tmp_path)
    upgrade(db)
    assert schema_state(db).up_to_date
    _assert_no_diff(db)
    db.dispose()


def test_newer_schema_is_refused(tmp_path) -> None:
    db = Database(f"sqlite:///{tmp_path}/g.sqlite3", tmp_path)
    upgrade(db)
    with db.engine.begin() as conn:
        conn.execute(text("DELETE FROM alembic_version"))
        conn.execute(text("INSERT INTO alembic_version VALUES ('ffff_future')"))
    with pytest.raises(DatabaseError, match="比本程序新"):
        upgrade(db)
    db.dispose()


def test_pending_migration_backs_up_first(tmp_path) -> None:
    from alembic import command

    from gazette.db.migrate import alembic_config

    db = Database(f"sqlite:///{tmp_path}/g.sqlite3", tmp_path)
    upgrade(db)
    command.downgrade(alembic_config(db), "0001")  # every later branch is now pending
    with db.engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO sections (name, position, active, version) VALUES ('测试栏目', 1, 1, 1)"
            )
        )
    assert not schema_state(db).up_to_date
    backup = upgrade(db)
    assert backup is not None and backup.exists()
    assert schema_state(db).up_to_date
    import sqlite3

    with sqlite3.connect(backup) as copy:
        assert copy.execute("SELECT name FROM sections").fetchall() == [("测试栏目",)]
        assert copy.execute("SELECT version_num FROM alembic_version").fetchall() == [("0001",)]
    db.dispose()


def test_backup_api_copy_is_consistent_under_wal(tmp_path) -> None:
    db = Database(f"sqlite:///{tmp_path}/g.sqlite3", tmp_path)
    upgrade(db)
    with db.engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO sections (name, position, active, version) "
                "VALUES ('市政府文件', 1, 1, 1)"
            )
        )
    path = backup_sqlite(db, tmp_path / "b")
    import sqlite3

    with sqlite3.connect(path) as copy:
        assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert copy.execute("SELECT count(*) FROM sections").fetchone() == (1,)
    db.dispose()


def test_network_share_sqlite_refused(tmp_path) -> None:
    with pytest.raises(DatabaseError, match="网络共享"):
        Database("sqlite:////" + "/server/share/gazette.sqlite3", tmp_path)


def test_audit_trail_refuses_direct_update(ctx) -> None:
    from gazette.office import settings

    settings.put(ctx, gazette_name="测试公报")
    with ctx.db.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM audit_log")).scalar() >= 1
    with pytest.raises(Exception, match="审计记录不可修改"), ctx.db.engine.begin() as conn:
        conn.execute(text("UPDATE audit_log SET actor = 'x'"))
    with pytest.raises(Exception, match="审计记录不可修改"), ctx.db.engine.begin() as conn:
        conn.execute(text("DELETE FROM audit_log"))


def test_heads_constant_matches_the_migrations(tmp_path) -> None:
    from gazette.db.migrate import HEADS, known_revisions

    db = Database(f"sqlite:///{tmp_path}/g.sqlite3", tmp_path)
    heads, _known = known_revisions(db)
    assert heads == set(HEADS), "add the new revision to gazette.db.migrate.HEADS"
    db.dispose()


UP_TO_DATE_OPEN = r"""
import sys
from gazette.db import Database
from gazette.db.migrate import schema_state, upgrade

db = Database(sys.argv[1], sys.argv[2])
assert upgrade(db) is None and schema_state(db).up_to_date
print("ALEMBIC:" + ",".join(sorted(m for m in sys.modules if m.split(".")[0] == "alembic")))
"""


def test_opening_an_up_to_date_database_leaves_alembic_unloaded(tmp_path) -> None:
    import subprocess
    import sys

    url = f"sqlite:///{tmp_path}/g.sqlite3"
    db = Database(url, tmp_path)
    upgrade(db)
    db.dispose()
    out = subprocess.run(
        [sys.executable, "-c", UP_TO_DATE_OPEN, url, str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr
    assert "ALEMBIC:\n" in out.stdout  # nothing from alembic was imported
