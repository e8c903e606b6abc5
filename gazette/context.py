"""The running app's context: where things are, the open database, the acting user, the store.

The CLI and the GUI both build one with ``open_context``, so they resolve and migrate alike.
On the embedded database the single user is an administrator without sign-in. On a shared
PostgreSQL database people sign in (``sign_in``), and only an administrator upgrades the schema.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import make_url

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
    from sqlalchemy.exc import OperationalError

    from gazette.office.users import SignInError, authenticate

    if _server_guarded(ctx.db):  # the server checks the password: connect as the person
        candidate = _as_login(ctx.db, ctx.location, username.strip(), password)
        try:
            ctx.user, ctx.role = _server_identity(candidate)
        except OperationalError as exc:
            candidate.dispose()
            raise SignInError("用户名或密码不正确，或账号已停用") from exc
        ctx.db = candidate
        return
    with ctx.uow() as uow:
        row = authenticate(uow.session, username, password)
    ctx.user, ctx.role = row.username, row.role


def migrate_shared(ctx: AppContext) -> Path | None:
    """Upgrade a shared database; only a signed-in administrator may."""
    if ctx.role != "admin":
        raise DatabaseError("共享数据库需要升级结构，只有管理员可以执行。请联系管理员。")
    if not _server_guarded(ctx.db):
        return upgrade(ctx.db)
    if not _is_superuser(ctx.db):
        raise DatabaseError(
            "共享数据库需要升级结构：请用服务器所有者的账号运行 gazette upgrade"
            "（--database 或 PGPASSWORD 给出，用后不保存）"
        )
    backup = upgrade(ctx.db)
    _reapply_roles(ctx.db)
    return backup


def _is_superuser(db: Database) -> bool:
    with db.engine.connect() as conn:
        found = conn.execute(text("SELECT rolsuper FROM pg_roles WHERE rolname = current_user"))
        return bool(found.scalar())


def _reapply_roles(db: Database) -> None:
    """After an upgrade by the server owner: new tables go to the owner role, get their grants
    and their audit triggers, as ``gazette office init`` set them up."""
    from gazette.db.audit import audited_tables
    from gazette.office.pg_roles import init_office

    with db.engine.begin() as conn:
        init_office(conn, "", "", audited=audited_tables())


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
    ctx = AppContext(location=loc, db=db, user=user or os.environ.get("GAZETTE_USER") or "admin")
    if db.is_embedded:
        if migrate:
            ctx.last_backup = upgrade(db)
            _apply_limits(ctx)
        return ctx
    state = schema_state(db)
    if state.empty and migrate:
        upgrade(db)  # a brand-new office database: its first user becomes the administrator
    secret = password if password is not None else os.environ.get("GAZETTE_PASSWORD")
    claimed = user or os.environ.get("GAZETTE_USER")
    if _server_guarded(db):
        ctx.db = db = _as_login(db, loc, claimed, secret)
        ctx.user, ctx.role = _server_identity(db)
    elif ctx.requires_sign_in:
        if secret is None:
            if user is None and claimed:
                raise DatabaseError(
                    f"共享数据库上不能只凭 GAZETTE_USER（{claimed}）确认身份："
                    "请同时设置 GAZETTE_PASSWORD，或在程序中登录"
                )
            # until someone signs in a shared database is read-only; a name the program itself
            # passes stands, a name from the environment does not
            ctx.user, ctx.role = user or _login_name(db), "reader"
        else:
            sign_in(ctx, claimed or "", secret)
    else:  # no account yet: the setup runs under the database login, not GAZETTE_USER's claim
        ctx.user = user or _login_name(db)
    if migrate and not schema_state(db).up_to_date:
        if ctx.role == "admin":
            ctx.last_backup = migrate_shared(ctx)
        else:  # the caller signs someone in first, or tells the user to ask an administrator
            ctx.extras["schema_pending"] = True
    if not ctx.extras.get("schema_pending") and not schema_state(db).empty:
        _apply_limits(ctx)
    return ctx


def _apply_limits(ctx: AppContext) -> None:
    """The office's input limits (Settings) replace the program's defaults for this run."""
    from gazette.office.settings import apply_limits

    apply_limits(ctx)


def _login_name(db: Database) -> str:
    with db.engine.connect() as conn:
        return str(conn.execute(text("SELECT session_user")).scalar())


def _server_guarded(db: Database) -> bool:
    """Whether ``gazette office init`` set this database up (the server then knows who is who)."""
    from gazette.office.pg_audit import is_installed

    with db.engine.connect() as conn:
        return is_installed(conn)


def _as_login(
    db: Database, loc: config.Location, login: str | None, secret: str | None
) -> Database:
    """Reconnect as the person's own login when one is named; the server checks the password
    (GAZETTE_PASSWORD, else libpq's PGPASSFILE)."""
    url = make_url(db.url)
    if not login or login == url.username:
        return db
    db.dispose()
    url = url.set(username=login, password=secret)
    return Database(url.render_as_string(hide_password=False), loc.data_dir)


def _server_identity(db: Database) -> tuple[str, str]:
    """(login, app role): the role is the person's group as the users table records it."""
    with db.engine.connect() as conn:
        row = conn.execute(
            text(
                "SELECT session_user, (SELECT role FROM users "
                "WHERE username = session_user AND active), "
                "(SELECT rolsuper FROM pg_roles WHERE rolname = session_user)"
            )
        ).one()
    if row[2]:  # the server owner's credentials, given for an upgrade or the set-up
        return str(row[0]), "admin"
    return str(row[0]), str(row[1] or "reader")


def finish_sign_in(ctx: AppContext) -> None:
    """After signing in on a shared database: upgrade a pending schema, or refuse to go on."""
    if ctx.extras.pop("schema_pending", False) and not schema_state(ctx.db).up_to_date:
        ctx.last_backup = migrate_shared(ctx)
