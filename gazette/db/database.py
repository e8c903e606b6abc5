"""Opening a database: SQLite in the data folder (WAL, foreign keys) or PostgreSQL by URL."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session
from sqlalchemy.orm import sessionmaker as _sessionmaker

from gazette.db import audit, sqlite_lock


class DatabaseError(Exception):
    """The database cannot be used as asked; the message says why and what to do."""


_UNC = re.compile(r"^(\\\\|//)[^\\/]+[\\/]")


def sqlite_path(url: str) -> Path | None:
    """The file of an SQLite URL, or None for other databases and in-memory SQLite."""
    parsed = make_url(url)
    if (
        parsed.get_backend_name() != "sqlite"
        or not parsed.database
        or parsed.database == ":memory:"
    ):
        return None
    return Path(parsed.database)


def refuse_network_sqlite(path: Path | str) -> None:
    """SQLite locking over SMB loses data, so a file on a network share is refused."""
    text = str(path)
    if _UNC.match(text):
        raise DatabaseError(
            f"内置数据库不能放在网络共享位置（{text}）：SQLite 在网络共享上加锁不可靠，会丢失数据。"
            "多人共用请在“设置”中连接办公室的 PostgreSQL 数据库。"
        )


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA foreign_keys=ON")
    sqlite_lock.pragmas(cur)
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()
    # pysqlite opens transactions itself, lazily, only before DML; a SAVEPOINT issued outside one
    # becomes the outermost transaction and its RELEASE commits for good. Take over: no implicit
    # BEGIN from the driver, and an explicit BEGIN whenever SQLAlchemy starts a transaction.
    dbapi_conn.isolation_level = None


def _pg_session(dbapi_conn: Any, _record: Any) -> None:
    """Settings a connection may choose for itself: the office's queries are short, so JIT
    compiling them only adds its start-up (tens of ms) on a large table's estimate."""
    dbapi_conn.execute("SET jit = off")
    dbapi_conn.commit()


# A step every unit of work of one database takes on flush: it registers its listeners on the
# database's own session factory. The audit trail is always one; the layer that opens the
# office's database adds the others (the search index, see ``gazette.context.open_database``).
Step = Callable[[_sessionmaker[Session]], None]


class Database:
    """An engine, a session factory and the folder for stored files."""

    def __init__(
        self, url: str, data_dir: Path | str, *, echo: bool = False, steps: Iterable[Step] = ()
    ) -> None:
        self.url = url
        self.data_dir = Path(data_dir)
        # whether the server writes the audit trail (gazette.db.audit finds out on first flush)
        self.server_audit: bool | None = None
        path = sqlite_path(url)
        if path is not None:
            refuse_network_sqlite(path)
            path.parent.mkdir(parents=True, exist_ok=True)
        self.engine: Engine = create_engine(url, echo=echo, future=True, pool_pre_ping=True)
        if self.engine.dialect.name == "sqlite":
            event.listen(self.engine, "connect", _sqlite_pragmas)
            key = str(path.resolve()) if path is not None else f"memory:{id(self)}"
            event.listen(self.engine, "begin", lambda conn: sqlite_lock.begin(conn, key))
            event.listen(self.engine, "commit", sqlite_lock.end)
            event.listen(self.engine, "rollback", sqlite_lock.end)
            # units of work begin with BEGIN IMMEDIATE: see sqlite_lock
            self.write_engine: Engine = self.engine.execution_options(
                **{sqlite_lock.WRITE_OPTION: True}
            )
        else:
            event.listen(self.engine, "connect", _pg_session)
            self.write_engine = self.engine
        self.sessionmaker = _sessionmaker(bind=self.engine, expire_on_commit=False)
        audit.install(self.sessionmaker)
        for step in steps:
            step(self.sessionmaker)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @property
    def is_embedded(self) -> bool:
        return self.dialect == "sqlite"

    @property
    def sqlite_file(self) -> Path | None:
        return sqlite_path(self.url)

    def display_name(self) -> str:
        """A short description for the status bar; never shows a password."""
        if self.is_embedded:
            return f"内置数据库 {self.sqlite_file}"
        return f"PostgreSQL {make_url(self.url).render_as_string(hide_password=True)}"

    def dispose(self) -> None:
        self.engine.dispose()
