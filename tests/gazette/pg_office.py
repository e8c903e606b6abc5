"""A shared office set up by ``gazette office init``'s core in a test schema, with one person per
app role created by the administrator's own login; roles are dropped afterwards (they are
cluster-wide, so their names carry the schema and a tag unique to the test)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import psycopg
import pytest
import sqlalchemy as sa
from sqlalchemy.engine import make_url

from gazette.db import Database
from gazette.db.audit import audited_tables
from gazette.db.migrate import upgrade
from gazette.office import pg_roles, pg_users

PASSWORD = "pw-" + uuid.uuid4().hex[:12]


@dataclass
class Office:
    url: str
    schema: str
    names: pg_roles.RoleNames
    admin: str
    people: dict[str, str] = field(default_factory=dict)  # app role → login name
    open: list[psycopg.Connection] = field(default_factory=list)

    def connect(self, login: str) -> psycopg.Connection:
        """A plain psycopg connection as ``login``, with the password checked if pg_hba asks."""
        u = make_url(self.url)
        conn = psycopg.connect(
            host=u.host or "127.0.0.1",
            port=u.port or 5432,
            dbname=u.database,
            user=login,
            password=PASSWORD,
            options=f"-csearch_path={self.schema}",
            autocommit=True,
        )
        self.open.append(conn)
        return conn

    def as_role(self, role: str) -> psycopg.Connection:
        return self.connect(self.people[role])


def roles_url() -> str:
    """The password-checking database beside the test database: the same server as
    ``GAZETTE_TEST_PG_URL``, its name with ``_roles`` added. .ci/run creates it with pg_hba lines
    that ask for SCRAM-SHA-256, so passwords are really checked there; "" when it is not there
    (the role tests then use the ordinary test database, where trust means no passwords)."""
    base = os.environ.get("GAZETTE_TEST_PG_URL", "")
    if not base:
        return ""
    u = make_url(base)
    url = u.set(database=f"{u.database}_roles").render_as_string(hide_password=False)
    engine = sa.create_engine(url)
    try:
        with engine.connect():
            return url
    except sa.exc.OperationalError:
        return ""
    finally:
        engine.dispose()


ROLES_URL = roles_url()


@pytest.fixture
def roles_pg_url(pg_url: str) -> Iterator[str]:
    """A fresh schema in the password-checking database when there is one, else ``pg_url``'s."""
    if not ROLES_URL:
        yield pg_url
        return
    schema = f"t_{uuid.uuid4().hex[:12]}"
    engine = sa.create_engine(ROLES_URL)
    with engine.begin() as conn:
        conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    url = make_url(ROLES_URL).update_query_dict({"options": f"-csearch_path={schema}"})
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with engine.begin() as conn:
            conn.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
        engine.dispose()


@pytest.fixture
def office(roles_pg_url: str, tmp_path: Path) -> Iterator[Office]:
    pg_url = roles_pg_url
    db = Database(pg_url, tmp_path)
    upgrade(db)
    tag = uuid.uuid4().hex[:8]
    admin = f"adm{tag}"
    with db.engine.begin() as conn:
        report = pg_roles.init_office(conn, admin, PASSWORD, audited=audited_tables())
    schema = report.schema
    made = Office(pg_url, schema, report.names, admin)
    made.people["admin"] = admin
    engine = sa.create_engine(_as_login(pg_url, admin))
    try:
        with engine.begin() as conn:  # the administrator, not the superuser, adds people
            for role in ("reader", "editor", "clerk", "archivist"):
                login = f"{role[:3]}{tag}"
                pg_users.create(conn, login, f"{role} person", role, PASSWORD)
                made.people[role] = login
        yield made
    finally:
        engine.dispose()
        for conn in made.open:
            conn.close()
        db.dispose()
        owner = sa.create_engine(pg_url)
        with owner.begin() as conn:
            pg_roles.drop_office_roles(conn, report.names, made.people.values())
        owner.dispose()


def _as_login(url: str, login: str) -> str:
    return make_url(url).set(username=login, password=PASSWORD).render_as_string(False)
