"""Roles the PostgreSQL server enforces on a shared database (``gazette office init``).

The app's own permission checks give clear messages; this module makes the server the guard,
so a person who connects with psql and their own login can do no more than the app lets them:

- ``<prefix>_owner`` (no login) owns the schema, every table, the audit trail and its triggers.
  Only the owner may ALTER, TRUNCATE or DISABLE TRIGGER; nobody signs in as it.
- ``<prefix>_reader`` … ``<prefix>_admin`` are group roles, one per app role. Every group reads
  every table; each writes only the tables its app permissions cover (``TABLE_PERMISSIONS``).
  Saved searches and search history are per person: row-level security ties them to the login.
- The audit trail is written by row triggers (``gazette.office.pg_audit``) that record
  ``session_user``, so neither a client nor psql can forge the name or go around it.
- ``<prefix>_manager`` (no login, CREATEROLE) owns the SECURITY DEFINER functions that create
  and change people's logins (``gazette.office.pg_users``); each checks the caller is in the
  管理员 group. The app itself never holds superuser or CREATEROLE.

Roles are cluster-wide, so their names carry a prefix made from the database and the schema:
two offices (or two test schemas) on one server never share a role.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import Connection, text

from gazette.office.auth import PERMISSIONS, ROLES

WRITERS = frozenset({"admin", "editor", "clerk", "archivist"})
EVERYONE = frozenset(ROLES)

# table → the app permission whose holders may INSERT/UPDATE/DELETE it; tables not listed are
# written by administrators only. users and audit_log are written by nobody directly.
TABLE_PERMISSIONS: dict[str, str] = {
    "departments": "departments.write",
    "liaisons": "departments.write",
    "liaison_absences": "departments.write",
    "submissions": "submissions.write",
    "submission_events": "submissions.write",
    "reminders": "submissions.write",
    "reminder_items": "submissions.write",
    "documents": "documents.write",
    "document_files": "documents.write",
    "document_links": "documents.write",
    "text_corrections": "documents.write",
    "issues": "issues.write",
    "issue_items": "issues.write",
    "issue_sections_off": "issues.write",
    "sections": "issues.write",
    "proof_rounds": "issues.write",
    "ad_overrides": "issues.write",
    "errata": "issues.write",
    "built_files": "issues.write",
    "calendar_years": "calendar.write",
    "holiday_overrides": "calendar.write",
    "settings": "settings.write",
    "search_rebuild": "search.rebuild",
}
# tables every writing group needs whatever it writes: file store rows, the search index kept in
# step with documents, and the leases that keep two jobs apart
SHARED_WRITE = frozenset(
    {"stored_files", "search_docs", "search_postings", "search_stamp", "job_leases"}
)
# the backlog's register creates the historical issues and their documents
ARCHIVE_ALSO = frozenset({"issues", "documents", "document_files", "issue_items"})
# one row per person, row-level security keeps each to their own
PERSONAL = frozenset({"saved_queries", "query_history"})
NOBODY = frozenset({"users", "audit_log", "alembic_version"})


class OfficeSetupError(Exception):
    """The shared database cannot be set up as asked; the message says why."""


@dataclass(frozen=True)
class RoleNames:
    """The server roles of one office (one database and schema)."""

    prefix: str

    @property
    def owner(self) -> str:
        return f"{self.prefix}_owner"

    @property
    def manager(self) -> str:
        return f"{self.prefix}_manager"

    def group(self, app_role: str) -> str:
        if app_role not in ROLES:
            raise ValueError(f"未知角色：{app_role}")
        return f"{self.prefix}_{app_role}"

    @property
    def groups(self) -> dict[str, str]:
        return {role: self.group(role) for role in ROLES}

    def all(self) -> list[str]:
        return [*self.groups.values(), self.manager, self.owner]


def names_for(database: str, schema: str) -> RoleNames:
    """``gz_<database>[_<schema>]``, lower-case letters, digits and underscores only."""
    raw = database if schema == "public" else f"{database}_{schema}"
    clean = re.sub(r"[^a-z0-9_]", "_", raw.lower())
    if len(clean) > 40 or clean != raw.lower():
        clean = f"{clean[:28]}_{hashlib.sha1(raw.encode()).hexdigest()[:8]}"
    return RoleNames(f"gz_{clean}")


def ident(name: str) -> str:
    """A quoted SQL identifier (names here come from the catalogue or ``names_for``)."""
    return '"' + name.replace('"', '""') + '"'


def ddl(conn: Connection, statement: str) -> None:
    """Run a statement with no parameters, so the driver reads no placeholders in its text
    (function bodies contain ``%I`` and ``%L`` for PostgreSQL's own ``format``)."""
    cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    try:
        cursor.execute(statement)
    finally:
        cursor.close()


def literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def current_names(conn: Connection) -> tuple[str, RoleNames]:
    """The connection's schema and its office's role names."""
    row = conn.execute(text("SELECT current_database(), current_schema()")).one()
    if row[1] is None:
        raise OfficeSetupError("数据库连接没有可用的 schema，请检查 search_path")
    return str(row[1]), names_for(str(row[0]), str(row[1]))


def writers_of(table: str) -> frozenset[str]:
    """The app roles whose group may change ``table``."""
    if table in NOBODY:
        return frozenset()
    if table in PERSONAL:
        return EVERYONE
    if table in SHARED_WRITE:
        return WRITERS
    permission = TABLE_PERMISSIONS.get(table)
    roles = PERMISSIONS[permission] if permission else frozenset({"admin"})
    if table.startswith("archive_"):
        roles = PERMISSIONS["archive.write"]
    if table in ARCHIVE_ALSO:
        roles = roles | {"archivist"}
    return frozenset(roles)


def tables(conn: Connection, schema: str) -> list[str]:
    rows = conn.execute(
        text(
            "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = :s AND c.relkind IN ('r', 'p') ORDER BY 1"
        ),
        {"s": schema},
    )
    return [str(r[0]) for r in rows]


def _role_exists(conn: Connection, name: str) -> bool:
    found = conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :n"), {"n": name})
    return found.first() is not None


def _ensure_roles(conn: Connection, names: RoleNames) -> None:
    for name in names.all():
        if not _role_exists(conn, name):
            ddl(conn, f"CREATE ROLE {ident(name)} NOLOGIN")
    ddl(conn, f"ALTER ROLE {ident(names.manager)} NOLOGIN CREATEROLE")
    reader = names.group("reader")
    for role, group in names.groups.items():
        if role != "reader":
            ddl(conn, f"GRANT {ident(reader)} TO {ident(group)}")
        # the manager hands group membership to people, so it holds each group with ADMIN
        ddl(conn, f"GRANT {ident(group)} TO {ident(names.manager)} WITH ADMIN OPTION")


def _give_to_owner(conn: Connection, schema: str, owner: str) -> None:
    """Schema, tables, sequences and functions all belong to the owner role."""
    ddl(conn, f"ALTER SCHEMA {ident(schema)} OWNER TO {ident(owner)}")
    objects = conn.execute(
        text(
            "SELECT c.relname, c.relkind FROM pg_class c "
            "JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = :s AND c.relkind IN ('r', 'p', 'v', 'm', 'S') "
            "AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid "
            "AND d.deptype = 'a' AND d.classid = 'pg_class'::regclass "
            "AND c.relkind = 'S')"
        ),
        {"s": schema},
    ).all()
    kinds = {"r": "TABLE", "p": "TABLE", "v": "VIEW", "m": "MATERIALIZED VIEW", "S": "SEQUENCE"}
    for name, kind in objects:
        qualified = f"{ident(schema)}.{ident(str(name))}"
        ddl(conn, f"ALTER {kinds[str(kind)]} {qualified} OWNER TO {ident(owner)}")
    functions = conn.execute(
        text(
            "SELECT p.oid::regprocedure::text FROM pg_proc p "
            "JOIN pg_namespace n ON n.oid = p.pronamespace "
            "WHERE n.nspname = :s AND p.proname NOT LIKE 'gazette_user_%'"
        ),
        {"s": schema},
    ).scalars()
    for signature in functions:
        ddl(conn, f"ALTER FUNCTION {signature} OWNER TO {ident(owner)}")


def _sequences_of(conn: Connection, schema: str, table: str) -> list[str]:
    rows = conn.execute(
        text(
            "SELECT pg_get_serial_sequence(quote_ident(:s) || '.' || quote_ident(:t), a.attname) "
            "FROM pg_attribute a WHERE a.attrelid = (quote_ident(:s) || '.' || quote_ident(:t))"
            "::regclass AND a.attnum > 0 AND NOT a.attisdropped"
        ),
        {"s": schema, "t": table},
    )
    return [str(r[0]) for r in rows if r[0]]


def _grant(conn: Connection, schema: str, names: RoleNames) -> None:
    """Read for every group, write per table, nothing else for anyone but the owner."""
    everyone = ", ".join(ident(g) for g in names.groups.values())
    s = ident(schema)
    ddl(conn, f"REVOKE ALL ON SCHEMA {s} FROM PUBLIC")
    ddl(conn, f"REVOKE ALL ON ALL TABLES IN SCHEMA {s} FROM PUBLIC, {everyone}")
    ddl(conn, f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA {s} FROM PUBLIC, {everyone}")
    ddl(conn, f"REVOKE ALL ON ALL FUNCTIONS IN SCHEMA {s} FROM PUBLIC")
    ddl(conn, f"GRANT USAGE ON SCHEMA {s} TO {everyone}, {ident(names.manager)}")
    ddl(conn, f"GRANT SELECT ON ALL TABLES IN SCHEMA {s} TO {ident(names.group('reader'))}")
    owner = ident(names.owner)
    ddl(
        conn,
        f"ALTER DEFAULT PRIVILEGES FOR ROLE {owner} IN SCHEMA {s} "
        f"GRANT SELECT ON TABLES TO {ident(names.group('reader'))}",
    )
    for table in tables(conn, schema):
        roles = writers_of(table)
        if not roles:
            continue
        groups = ", ".join(ident(names.group(r)) for r in sorted(roles))
        qualified = f"{s}.{ident(table)}"
        ddl(conn, f"GRANT INSERT, UPDATE, DELETE ON {qualified} TO {groups}")
        for sequence in _sequences_of(conn, schema, table):
            ddl(conn, f"GRANT USAGE, SELECT ON SEQUENCE {sequence} TO {groups}")
    _personal_rows(conn, schema)


def _personal_rows(conn: Connection, schema: str) -> None:
    """Each person sees and changes only their own saved searches and history."""
    for table in sorted(PERSONAL & set(tables(conn, schema))):
        qualified = f"{ident(schema)}.{ident(table)}"
        ddl(conn, f"ALTER TABLE {qualified} ENABLE ROW LEVEL SECURITY")
        ddl(conn, f"DROP POLICY IF EXISTS own_rows ON {qualified}")
        ddl(
            conn,
            f"CREATE POLICY own_rows ON {qualified} "
            "USING (owner = session_user) WITH CHECK (owner = session_user)",
        )


@dataclass(frozen=True)
class InitReport:
    schema: str
    names: RoleNames
    audited: list[str]
    needs_password: list[str]  # existing accounts whose scrypt hash cannot become a login


def init_office(
    conn: Connection,
    admin: str,
    admin_password: str,
    *,
    audited: Iterable[str],
    display_name: str = "",
) -> InitReport:
    """Set up (or bring up to date) the server roles of the connection's schema.

    Run with the server owner's credentials, in one transaction; safe to run again after an
    upgrade. ``audited`` are the tables whose changes the server records.
    """
    from gazette.office import pg_audit, pg_users

    is_super = conn.execute(
        text("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
    ).scalar()
    if not is_super:
        raise OfficeSetupError("设置办公室数据库需要服务器所有者（超级用户）的账号")
    schema, names = current_names(conn)
    if "users" not in tables(conn, schema):
        raise OfficeSetupError(f"schema {schema} 中还没有公报编辑部的表，请先运行 gazette upgrade")
    _ensure_roles(conn, names)
    _give_to_owner(conn, schema, names.owner)
    present = set(tables(conn, schema))
    audited_here = sorted(set(audited) & present)
    pg_audit.install(conn, schema, names, audited_here)
    _grant(conn, schema, names)
    pg_users.install(conn, schema, names)
    waiting = pg_users.adopt_existing(conn, names)
    if admin and not pg_users.has_login(conn, admin):
        pg_users.create(conn, admin, display_name or admin, "admin", admin_password)
    return InitReport(schema, names, audited_here, waiting)


def drop_office_roles(conn: Connection, names: RoleNames, people: Iterable[str] = ()) -> None:
    """Remove an office's roles and the given people's logins (tests and a discarded office)."""
    for name in [*people, *names.all()]:
        if _role_exists(conn, name):
            ddl(conn, f"REASSIGN OWNED BY {ident(name)} TO CURRENT_USER")
            ddl(conn, f"DROP OWNED BY {ident(name)}")
            ddl(conn, f"DROP ROLE {ident(name)}")
