"""Schema upgrades with Alembic, made safe for the office.

- SQLite: a timestamped backup through SQLite's backup API before any pending migration
  (a plain file copy is wrong under WAL).
- A database whose schema is newer than this program knows is never opened.
- On a shared PostgreSQL database only an administrator upgrades the schema.

Alembic costs about a fifth of a second to import, so the everyday case, a database already at
``HEADS``, is recognised with one plain query and Alembic is loaded only when there is work to do.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import inspect

from gazette.db.database import Database, DatabaseError

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).with_name("migrations")

# The head of every branch in migrations/versions; tests/gazette/test_migrations.py checks it
# against Alembic, so a new revision cannot be forgotten here.
HEADS = frozenset({"0200", "0525", "0700", "0800", "0900", "1100"})


def alembic_config(db: Database) -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.set_main_option("path_separator", "os")
    cfg.attributes["engine"] = db.engine
    return cfg


def known_revisions(db: Database) -> tuple[set[str], set[str]]:
    """(heads, every revision) that this program's migrations know."""
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config(db))
    return set(script.get_heads()), {r.revision for r in script.walk_revisions()}


def current_revisions(db: Database) -> set[str]:
    """The revisions stamped in the database (empty for a new one), read without Alembic."""
    with db.engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return set()
        rows = conn.exec_driver_sql("SELECT version_num FROM alembic_version").all()
        return {str(r[0]) for r in rows}


@dataclass(frozen=True)
class SchemaState:
    current: frozenset[str]
    heads: frozenset[str]

    @property
    def empty(self) -> bool:
        return not self.current

    @property
    def up_to_date(self) -> bool:
        return self.current == self.heads


def schema_state(db: Database) -> SchemaState:
    """Compare the database with this program; refuse a schema from a newer program."""
    current = current_revisions(db)
    if current == HEADS:
        return SchemaState(frozenset(current), HEADS)
    heads, known = known_revisions(db)
    unknown = current - known
    if unknown:
        raise DatabaseError(
            "数据库的结构版本（" + "、".join(sorted(unknown)) + "）比本程序新。"
            "请升级本程序后再打开，以免损坏数据。"
        )
    return SchemaState(frozenset(current), frozenset(heads))


def backup_sqlite(db: Database, folder: Path | None = None, label: str = "pre-upgrade") -> Path:
    """Copy the embedded database with SQLite's online backup API; return the backup's path."""
    src_path = db.sqlite_file
    if src_path is None:
        raise DatabaseError("只有内置数据库可以用此方式备份")
    folder = folder or db.data_dir / "backups"
    folder.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    target = folder / f"{src_path.stem}-{label}-{stamp}.sqlite3"
    part = target.with_suffix(".part")
    src = sqlite3.connect(src_path)
    try:
        dst = sqlite3.connect(part)
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()
    part.replace(target)
    return target


def upgrade(db: Database, *, may_upgrade_shared: bool = True) -> Path | None:
    """Bring the schema to head. Returns the backup made before migrating, if any."""
    state = schema_state(db)
    if state.up_to_date:
        return None
    backup = None
    if db.is_embedded:
        if not state.empty and db.sqlite_file and db.sqlite_file.exists():
            backup = backup_sqlite(db)
    elif not state.empty and not may_upgrade_shared:
        raise DatabaseError(
            "共享数据库需要升级结构，只有管理员可以执行。请联系管理员运行升级后再登录。"
        )
    from alembic import command

    command.upgrade(alembic_config(db), "heads")
    return backup
