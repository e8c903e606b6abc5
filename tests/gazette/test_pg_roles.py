"""The shared database's roles hold against a person who connects straight to PostgreSQL.

Each test sets up an office in a schema of its own with ``gazette office init``'s core, creates
people through the administrator's own login (no superuser), then connects as those people with
plain psycopg (no app code) and is refused every write the role may not make. Roles are
cluster-wide: their names carry the test schema, and teardown drops them all.
"""

from __future__ import annotations

import psycopg
import pytest
import sqlalchemy as sa

from gazette.office import pg_roles
from tests.gazette.pg_office import Office, office, roles_pg_url

__all__ = ["office", "roles_pg_url"]  # the fixtures, used by name


def _refused(conn: psycopg.Connection, statement: str) -> None:
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        conn.execute(statement)


def _tables(office: Office) -> list[str]:
    engine = sa.create_engine(office.url)
    with engine.connect() as conn:
        found = pg_roles.tables(conn, office.schema)
    engine.dispose()
    return found


def test_people_connect_without_superuser_or_createrole(office: Office) -> None:
    for role in office.people:
        conn = office.as_role(role)
        row = conn.execute(
            "SELECT rolsuper, rolcreaterole, session_user FROM pg_roles WHERE rolname = session_user"
        ).fetchone()
        assert row == (False, False, office.people[role])


def test_reader_cannot_insert_update_or_delete_any_table(office: Office) -> None:
    conn = office.as_role("reader")
    tables = [t for t in _tables(office) if t not in pg_roles.PERSONAL]
    assert {"users", "audit_log", "issues", "documents"} <= set(tables)
    for table in tables:
        assert conn.execute(f'SELECT count(*) FROM "{table}"').fetchone() is not None
        _refused(conn, f'INSERT INTO "{table}" DEFAULT VALUES')
        _refused(conn, f'UPDATE "{table}" SET {_first_column(conn, table)} = NULL')
        _refused(conn, f'DELETE FROM "{table}"')


def _first_column(conn: psycopg.Connection, table: str) -> str:
    row = conn.execute(
        "SELECT attname FROM pg_attribute WHERE attrelid = %s::regclass AND attnum = 1", (table,)
    ).fetchone()
    assert row is not None
    return f'"{row[0]}"'


def test_reader_cannot_make_themselves_administrator(office: Office) -> None:
    conn = office.as_role("reader")
    _refused(conn, "UPDATE users SET role = 'admin'")
    _refused(conn, f"SELECT gazette_user_set_role('{office.people['reader']}', 'admin')")
    _refused(conn, f'GRANT "{office.names.group("admin")}" TO "{office.people["reader"]}"')
    role = conn.execute("SELECT role FROM users WHERE username = session_user").fetchone()
    assert role == ("reader",)


def test_reader_cannot_truncate_the_audit_trail(office: Office) -> None:
    conn = office.as_role("reader")
    _refused(conn, "TRUNCATE audit_log")


def test_reader_cannot_disable_the_audit_trigger(office: Office) -> None:
    conn = office.as_role("reader")
    with pytest.raises(psycopg.errors.InsufficientPrivilege, match="owner"):
        conn.execute("ALTER TABLE departments DISABLE TRIGGER gazette_audit")
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        conn.execute("ALTER TABLE audit_log DISABLE TRIGGER ALL")


def test_editor_cannot_update_or_delete_audit_rows(office: Office) -> None:
    editor = office.as_role("editor")
    editor.execute(
        "INSERT INTO sections (name, position, active, version) VALUES ('本期专栏', 1, true, 1)"
    )
    assert editor.execute("SELECT count(*) FROM audit_log").fetchone() != (0,)
    _refused(editor, "UPDATE audit_log SET actor = 'someone'")
    _refused(editor, "DELETE FROM audit_log")
    _refused(editor, "TRUNCATE audit_log")
    _refused(
        editor,
        "INSERT INTO audit_log (at, actor, action, table_name, record_id, changes) "
        "VALUES (now(), 'boss', 'create', 'x', '1', '{}')",
    )


def test_nobody_but_the_owner_changes_the_schema(office: Office) -> None:
    for role in ("editor", "admin"):
        conn = office.as_role(role)
        _refused(conn, "ALTER TABLE issues DISABLE TRIGGER gazette_audit")
        _refused(conn, "DROP TABLE audit_log")
        _refused(conn, "CREATE TABLE shadow (id int)")
        _refused(conn, "TRUNCATE departments")


def test_the_server_records_the_login_not_a_claimed_name(office: Office) -> None:
    editor = office.as_role("editor")
    editor.execute("SET application_name = 'boss'")
    editor.execute(
        "INSERT INTO sections (name, position, active, version) VALUES ('署名', 2, true, 1)"
    )
    row = editor.execute(
        "SELECT actor, action, changes::jsonb -> 'name' ->> 'new' FROM audit_log "
        "WHERE table_name = 'sections' ORDER BY id DESC LIMIT 1"
    ).fetchone()
    assert row == (office.people["editor"], "create", "署名")


def test_each_group_writes_only_its_own_tables(office: Office) -> None:
    clerk = office.as_role("clerk")
    clerk.execute(
        "INSERT INTO departments (name, short_name, issuer_codes, active, version) "
        "VALUES ('示范局', '示范', '[]', true, 1)"
    )
    _refused(clerk, "UPDATE issues SET status = 'published'")
    archivist = office.as_role("archivist")
    _refused(archivist, "UPDATE departments SET name = 'x'")
    _refused(archivist, "UPDATE settings SET value = '1'")


def test_saved_searches_are_each_persons_own(office: Office) -> None:
    reader = office.as_role("reader")
    editor = office.as_role("editor")
    editor.execute(
        "INSERT INTO saved_queries (owner, name, query, filters, version, created_at, "
        "updated_at) VALUES (session_user, '我的', '公报', '{}', 1, now(), now())"
    )
    assert reader.execute("SELECT count(*) FROM saved_queries").fetchone() == (0,)
    assert reader.execute("UPDATE saved_queries SET name = 'x'").rowcount == 0
    with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
        reader.execute(
            "INSERT INTO saved_queries (owner, name, query, filters, version, "
            f"created_at, updated_at) VALUES ('{office.people['editor']}', '冒名', "
            "'', '{}', 1, now(), now())"
        )


def test_administrator_manages_people_without_superuser(office: Office) -> None:
    admin = office.as_role("admin")
    reader = office.people["reader"]
    admin.execute("SELECT gazette_user_set_role(%s, 'editor')", (reader,))
    member = admin.execute(
        "SELECT pg_has_role(%s, %s, 'MEMBER'), pg_has_role(%s, %s, 'MEMBER')",
        (reader, office.names.group("editor"), reader, office.names.group("clerk")),
    ).fetchone()
    assert member == (True, False)
    admin.execute("SELECT gazette_user_set_active(%s, false)", (reader,))
    can_login = admin.execute(
        "SELECT rolcanlogin FROM pg_roles WHERE rolname = %s", (reader,)
    ).fetchone()
    assert can_login == (False,)
    actors = admin.execute(
        "SELECT DISTINCT actor FROM audit_log WHERE table_name = 'users' AND action = 'update'"
    ).fetchall()
    assert actors == [(office.admin,)]
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        admin.execute("SELECT gazette_user_set_role(%s, 'admin')", (office.names.owner,))


def test_a_wrong_password_is_refused_by_the_server(office: Office) -> None:
    """Only where pg_hba asks for SCRAM-SHA-256 (.ci/run's role database) can this be shown."""
    from tests.conftest import ON_CI
    from tests.gazette.pg_office import ROLES_URL

    if not ROLES_URL:
        message = "需要与测试数据库同服务器的 <库名>_roles 口令校验数据库（.ci/run 建立）"
        if ON_CI:
            pytest.fail(message)
        pytest.skip(message)
    u = sa.engine.make_url(office.url)
    with pytest.raises(psycopg.OperationalError, match="password authentication failed"):
        psycopg.connect(
            host=u.host, port=u.port or 5432, dbname=u.database,
            user=office.people["reader"], password="猜的密码",
        )  # fmt: skip
