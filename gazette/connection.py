"""Trying a database URL before saving it, so a typo is caught in the settings screen."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError


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
        reason = str(getattr(exc, "orig", exc) or exc).strip().splitlines()[0]
        raise ValueError(f"无法连接 {shown}：{reason}") from exc
    finally:
        engine.dispose()
    return ConnectionReport(shown, server.strip(), revision)
