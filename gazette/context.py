"""The running app's context: where things are, the open database, the acting user, the store.

The CLI and the GUI both build one with ``open_context``, so they resolve and migrate alike.
On the embedded database the single user is an administrator without sign-in. On a shared
PostgreSQL database people sign in (``sign_in``), and only an administrator upgrades the schema.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from gazette import config
from gazette.db import Database, DatabaseError, UnitOfWork
from gazette.db.migrate import schema_state, upgrade
from gazette.files.store import FileStore, default_root
from gazette.search import hooks as search_index


@dataclass
class AppContext:
    location: config.Location
    db: Database
    user: str = "admin"
    role: str = "admin"
    last_backup: Path | None = None
    extras: dict[str, object] = field(default_factory=dict)

    def uow(self) -> UnitOfWork:
        return UnitOfWork(self.db, user=self.user, role=self.role)

    @property
    def data_dir(self) -> Path:
        return self.location.data_dir

    @property
    def requires_sign_in(self) -> bool:
        """Shared databases with at least one account require signing in."""
        if self.db.is_embedded:
            return False
        from gazette.office.users import needs_first_admin

        with self.uow() as uow:
            return not needs_first_admin(uow.session)

    def filestore(self) -> FileStore:
        """The shared store when the office configured one, else the data folder's."""
        from gazette.office import settings

        root = settings.get(self, "filestore_root")
        return FileStore(Path(root) if root else default_root(self.data_dir))

    def close(self) -> None:
        self.db.dispose()


def sign_in(ctx: AppContext, username: str, password: str) -> None:
    """Authenticate on the shared database; the role then travels with every unit of work."""
    from gazette.office.users import authenticate

    with ctx.uow() as uow:
        row = authenticate(uow.session, username, password)
    ctx.user, ctx.role = row.username, row.role


def migrate_shared(ctx: AppContext) -> Path | None:
    """Upgrade a shared database; only a signed-in administrator may."""
    if ctx.role != "admin":
        raise DatabaseError("共享数据库需要升级结构，只有管理员可以执行。请联系管理员。")
    return upgrade(ctx.db)


def open_database(url: str, data_dir: Path) -> Database:
    """The office's database with every step of its units of work: the audit trail (which
    ``Database`` always keeps) and the search index, so a catalogued page becomes searchable
    in the same transaction that saves it."""
    return Database(url, data_dir, steps=(search_index.install,))


def open_context(
    database: str | None = None,
    data_dir: str | os.PathLike[str] | None = None,
    *,
    user: str | None = None,
    password: str | None = None,
    migrate: bool = True,
) -> AppContext:
    """Resolve, open and upgrade the database (shared databases: see ``migrate_shared``)."""
    loc = config.resolve(database, data_dir)
    loc.data_dir.mkdir(parents=True, exist_ok=True)
    db = open_database(loc.database_url, loc.data_dir)
    acting = user or os.environ.get("GAZETTE_USER") or "admin"
    ctx = AppContext(location=loc, db=db, user=acting)
    if db.is_embedded:
        if migrate:
            ctx.last_backup = upgrade(db)
        return ctx
    state = schema_state(db)
    if state.empty and migrate:
        upgrade(db)  # a brand-new office database: its first user becomes the administrator
    if ctx.requires_sign_in:
        secret = password if password is not None else os.environ.get("GAZETTE_PASSWORD")
        if secret is None:
            ctx.role = "reader"  # until someone signs in, a shared database is read-only
        else:
            sign_in(ctx, acting, secret)
    if migrate and not schema_state(db).up_to_date:
        if ctx.role == "admin":
            ctx.last_backup = migrate_shared(ctx)
        else:  # the caller signs someone in first, or tells the user to ask an administrator
            ctx.extras["schema_pending"] = True
    return ctx


def finish_sign_in(ctx: AppContext) -> None:
    """After signing in on a shared database: upgrade a pending schema, or refuse to go on."""
    if ctx.extras.pop("schema_pending", False) and not schema_state(ctx.db).up_to_date:
        ctx.last_backup = migrate_shared(ctx)
