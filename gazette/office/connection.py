"""Trying a database URL before saving it, so a typo is caught in the settings screen."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

# fragments of the driver's reason (all must appear, lower case) → what it means for the office
_REASONS: tuple[tuple[tuple[str, ...], str], ...] = (
    (("password authentication failed",), "用户名或密码不正确"),
    (("no password supplied",), "需要填写密码"),
    (("role", "does not exist"), "用户名不存在"),
    (("database", "does not exist"), "服务器上没有这个数据库，请核对数据库名"),
    (("could not translate host name",), "找不到这台服务器，请核对服务器地址"),
    (("name or service not known",), "找不到这台服务器，请核对服务器地址"),
    (("timeout expired",), "连接超时：服务器没有响应，请检查网络或防火墙"),
    (("timed out",), "连接超时：服务器没有响应，请检查网络或防火墙"),
    (("connection refused",), "服务器未启动或地址有误"),
    (("no pg_hba.conf entry",), "服务器不允许本机连接，请管理员在服务器上放行"),
)


def explain(reason: str, host: str | None, port: int | None) -> str:
    """The driver's English reason as a sentence an office worker can act on."""
    where = f"{host or '本机'}:{port or 5432}"
    lowered = reason.lower()
    for fragments, meaning in _REASONS:
        if all(f in lowered for f in fragments):
            return f"无法连接到 {where}：{meaning}"
    first = reason.strip().splitlines()[0] if reason.strip() else ""
    return f"无法连接到 {where}：服务器拒绝了连接，请把以下原因告诉管理员：{first}"


@dataclass(frozen=True)
class ConnectionReport:
    url: str  # with the password hidden
    server: str
    schema_version: str | None  # None: an empty database the app will set up


def try_connection(url: str, timeout: int = 5) -> ConnectionReport:
    """Connect, read the server version and the schema revision; raise ValueError in Chinese."""
    try:
        parsed = make_url(url.strip())
    except ArgumentError as exc:
        raise ValueError(f"数据库地址格式不正确：{exc}") from exc
    shown = parsed.render_as_string(hide_password=True)
    args = {"connect_timeout": timeout} if parsed.get_backend_name() == "postgresql" else {}
    try:
        engine = create_engine(parsed, connect_args=args)
    except (ArgumentError, ImportError) as exc:
        raise ValueError(f"无法使用数据库地址 {shown}：{exc}") from exc
    try:
        with engine.connect() as conn:
            if engine.dialect.name == "postgresql":
                server = str(conn.execute(text("SHOW server_version")).scalar())
                server = f"PostgreSQL {server}"
            else:
                server = f"{engine.dialect.name} {engine.dialect.server_version_info or ''}"
            revision = None
            if inspect(conn).has_table("alembic_version"):
                revs = conn.execute(text("SELECT version_num FROM alembic_version")).scalars()
                revision = ", ".join(sorted(revs)) or None
    except SQLAlchemyError as exc:
        reason = str(getattr(exc, "orig", exc) or exc).strip()
        raise ValueError(explain(reason, parsed.host, parsed.port)) from exc
    finally:
        engine.dispose()
    return ConnectionReport(shown, server.strip(), revision)


@dataclass(frozen=True)
class ServerFields:
    """An office PostgreSQL server as the first-run form asks for it; ``query`` keeps options
    a saved URL carried (search_path…) that the form does not show."""

    host: str = ""
    port: int = 5432
    database: str = "gazette"
    user: str = ""
    password: str = ""
    query: tuple[tuple[str, str | tuple[str, ...]], ...] = ()


def server_url(fields: ServerFields) -> str:
    """The PostgreSQL URL the form's fields describe (the password kept: it is what connects)."""
    return URL.create(
        "postgresql+psycopg",
        username=fields.user.strip() or None,
        password=fields.password or None,
        host=fields.host.strip() or None,
        port=fields.port,
        database=fields.database.strip() or None,
        query=dict(fields.query),
    ).render_as_string(hide_password=False)


def server_fields(url: str) -> ServerFields:
    """A saved URL back into the form's fields."""
    parsed = make_url(url)
    query = tuple((k, v if isinstance(v, str) else tuple(v)) for k, v in parsed.query.items())
    return ServerFields(
        parsed.host or "",
        parsed.port or 5432,
        parsed.database or "",
        parsed.username or "",
        parsed.password or "",
        query,
    )


def explain_open_error(exc: Exception, host: str, port: int) -> str:
    """A failed open of a server database in words; other failures keep their own message."""
    reason = str(getattr(exc, "orig", None) or exc)
    if "connection" in reason.lower() or "host" in reason.lower():
        return explain(reason, host.strip() or None, port)
    return reason
