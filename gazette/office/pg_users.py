"""People's own PostgreSQL logins, managed without superuser (shared database only).

Each person signs in with a login role of their own name (password stored by the server as
SCRAM-SHA-256), a member of exactly one group role. Creating, disabling, changing the role of and
resetting the password of a login go through SECURITY DEFINER functions owned by the office's
manager role; each function first checks that the caller is in the 管理员 group, and each change
lands in the audit trail under the caller's own login. The app and every person therefore work
without CREATEROLE, which in PostgreSQL 15 is nearly superuser.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from sqlalchemy import Connection, text
from sqlalchemy.exc import DBAPIError

from gazette.office.auth import ROLES, PermissionDenied

if TYPE_CHECKING:
    from gazette.office.pg_roles import RoleNames

MIN_PASSWORD = 8
NAME_PATTERN = r"^[A-Za-z][A-Za-z0-9_.-]{0,62}$"
FUNCTIONS = {
    "create": "gazette_user_create(text, text, text, text)",
    "set_role": "gazette_user_set_role(text, text)",
    "set_active": "gazette_user_set_active(text, boolean)",
    "reset_password": "gazette_user_reset_password(text, text)",
}


def _guards(names: RoleNames) -> str:
    """The checks every function starts with: the caller is an administrator, the name is a
    person's (never a group, the owner, a superuser), the role is one of the app's."""
    from gazette.office.pg_roles import literal

    admin = literal(names.group("admin"))
    prefix = literal(names.prefix + "_%")
    return f"""
  IF NOT pg_has_role(session_user, {admin}, 'MEMBER') THEN
    RAISE EXCEPTION '只有管理员可以管理用户' USING ERRCODE = '42501';
  END IF;
  IF p_username !~ {literal(NAME_PATTERN)} THEN
    RAISE EXCEPTION '用户名“%”不可用：以字母开头，只含字母、数字、点、横线和下划线', p_username
      USING ERRCODE = '22023';
  END IF;
  IF p_username LIKE {prefix} OR p_username LIKE 'pg\\_%' OR p_username LIKE 'gz\\_%'
     OR EXISTS (SELECT 1 FROM pg_roles WHERE rolname = p_username
                AND (rolsuper OR rolcreaterole OR rolbypassrls)) THEN
    RAISE EXCEPTION '“%”是服务器的管理账号，不能在这里管理', p_username USING ERRCODE = '42501';
  END IF;"""


def _group_of(names: RoleNames) -> str:
    from gazette.office.pg_roles import literal

    groups = literal(json.dumps(names.groups))
    return f"""
  grp := {groups}::jsonb ->> p_role;
  IF grp IS NULL THEN
    RAISE EXCEPTION '未知角色：%', p_role USING ERRCODE = '22023';
  END IF;"""


def _password_check() -> str:
    return f"""
  IF length(coalesce(p_password, '')) < {MIN_PASSWORD} THEN
    RAISE EXCEPTION '密码至少需要 {MIN_PASSWORD} 个字符' USING ERRCODE = '22023';
  END IF;"""


def _person_check() -> str:
    return """
  IF NOT EXISTS (SELECT 1 FROM users WHERE username = p_username) THEN
    RAISE EXCEPTION '没有用户“%”', p_username USING ERRCODE = '22023';
  END IF;"""


def _bodies(names: RoleNames) -> dict[str, str]:
    revoke_all = " ".join(
        f"EXECUTE format('REVOKE %I FROM %I', {_lit(g)}, p_username);"
        for g in names.groups.values()
    )
    return {
        "create": _guards(names)
        + _group_of(names)
        + _password_check()
        + """
  IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = p_username)
     OR EXISTS (SELECT 1 FROM users WHERE username = p_username) THEN
    RAISE EXCEPTION '用户名“%”已存在', p_username USING ERRCODE = '22023';
  END IF;
  EXECUTE format('CREATE ROLE %I LOGIN PASSWORD %L', p_username, p_password);
  EXECUTE format('GRANT %I TO %I', grp, p_username);
  INSERT INTO users (username, display_name, role, password_hash, active, version)
  VALUES (p_username, coalesce(nullif(btrim(p_display), ''), p_username), p_role, NULL, true, 1);""",
        "set_role": _guards(names)
        + _group_of(names)
        + _person_check()
        + f"""
  {revoke_all}
  EXECUTE format('GRANT %I TO %I', grp, p_username);
  UPDATE users SET role = p_role, version = version + 1, updated_at = timezone('utc', now())
  WHERE username = p_username;""",
        "set_active": _guards(names)
        + _person_check()
        + """
  EXECUTE format('ALTER ROLE %I ' || CASE WHEN p_active THEN 'LOGIN' ELSE 'NOLOGIN' END,
                 p_username);
  UPDATE users SET active = p_active, version = version + 1,
         updated_at = timezone('utc', now()) WHERE username = p_username;""",
        "reset_password": _guards(names)
        + _password_check()
        + _person_check()
        + """
  EXECUTE format('ALTER ROLE %I PASSWORD %L', p_username, p_password);
  IF (SELECT active FROM users WHERE username = p_username) THEN
    EXECUTE format('ALTER ROLE %I LOGIN', p_username);
  END IF;
  INSERT INTO audit_log (at, actor, action, table_name, record_id, changes)
  SELECT timezone('utc', now()), session_user, 'update', 'users', id::text,
         '{"password": {"old": null, "new": "已重设"}}'::json
  FROM users WHERE username = p_username;""",
    }


def _lit(value: str) -> str:
    from gazette.office.pg_roles import literal

    return literal(value)


_PARAMS = {
    "create": "p_username text, p_display text, p_role text, p_password text",
    "set_role": "p_username text, p_role text",
    "set_active": "p_username text, p_active boolean",
    "reset_password": "p_username text, p_password text",
}


def install(conn: Connection, schema: str, names: RoleNames) -> None:
    """Create the functions, owned by the manager, callable by the 管理员 group only."""
    from gazette.office.pg_roles import ddl, ident

    s, manager = ident(schema), ident(names.manager)
    ddl(conn, f"GRANT SELECT, INSERT, UPDATE ON {s}.users TO {manager}")
    ddl(conn, f"GRANT INSERT ON {s}.audit_log TO {manager}")
    for table in ("users", "audit_log"):
        sequence = conn.execute(
            text("SELECT pg_get_serial_sequence(quote_ident(:s) || '.' || :t, 'id')"),
            {"s": schema, "t": table},
        ).scalar()
        if sequence:
            ddl(conn, f"GRANT USAGE ON SEQUENCE {sequence} TO {manager}")
    for key, body in _bodies(names).items():
        name = FUNCTIONS[key].split("(")[0]
        ddl(
            conn,
            f"CREATE OR REPLACE FUNCTION {s}.{name}({_PARAMS[key]}) RETURNS void "
            f"LANGUAGE plpgsql SECURITY DEFINER SET search_path = {s}, pg_temp AS $fn$\n"
            f"DECLARE grp text;\nBEGIN{body}\nEND\n$fn$",
        )
        signature = f"{s}.{FUNCTIONS[key]}"
        ddl(conn, f"ALTER FUNCTION {signature} OWNER TO {manager}")
        ddl(conn, f"REVOKE ALL ON FUNCTION {signature} FROM PUBLIC")
        ddl(conn, f"GRANT EXECUTE ON FUNCTION {signature} TO {ident(names.group('admin'))}")


def has_login(conn: Connection, name: str) -> bool:
    found = conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :n"), {"n": name})
    return found.first() is not None


def adopt_existing(conn: Connection, names: RoleNames) -> list[str]:
    """Accounts made before the server guarded roles get a login that cannot sign in yet: a
    scrypt hash cannot become a PostgreSQL password, so an administrator sets a one-time one."""
    from gazette.office.pg_roles import ddl, ident

    waiting = []
    rows = conn.execute(text("SELECT username, role FROM users ORDER BY username")).all()
    for username, role in rows:
        if has_login(conn, str(username)) or role not in ROLES:
            continue
        ddl(conn, f"CREATE ROLE {ident(str(username))} NOLOGIN")
        ddl(conn, f"GRANT {ident(names.group(role))} TO {ident(str(username))}")
        waiting.append(str(username))
    return waiting


def _call(conn: Connection, key: str, params: dict[str, object]) -> None:
    name = FUNCTIONS[key].split("(")[0]
    placeholders = ", ".join(f":{p}" for p in params)
    try:
        with conn.begin_nested():
            conn.execute(text(f"SELECT {name}({placeholders})"), params)
    except DBAPIError as exc:
        diag = getattr(exc.orig, "diag", None)
        reason = str(getattr(diag, "message_primary", None) or exc.orig or exc)
        if getattr(exc.orig, "sqlstate", "") == "42501":
            raise PermissionDenied(reason) from exc
        raise ValueError(reason) from exc


def create(conn: Connection, username: str, display: str, role: str, password: str) -> None:
    _call(conn, "create", {"u": username.strip(), "d": display, "r": role, "p": password})


def set_role(conn: Connection, username: str, role: str) -> None:
    _call(conn, "set_role", {"u": username, "r": role})


def set_active(conn: Connection, username: str, active: bool) -> None:
    _call(conn, "set_active", {"u": username, "a": active})


def reset_password(conn: Connection, username: str, password: str) -> None:
    _call(conn, "reset_password", {"u": username, "p": password})
