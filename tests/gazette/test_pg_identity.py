"""Who the trail names on a shared database is who signed in, never a name the client claims.

On a database set up by ``gazette office init`` the app connects as the person's own login and
the server writes the trail; on one not yet set up, a name without a password is refused and,
before the first account exists, the setup acts under the database login.
"""

from __future__ import annotations

from pathlib import Path

import psycopg
import pytest
import sqlalchemy as sa
from sqlalchemy import select

from gazette.context import open_context
from gazette.db import DatabaseError
from gazette.db.models import AuditEntry, Department
from gazette.office import settings
from gazette.office.users import create_user, list_users
from tests.gazette.pg_office import PASSWORD, Office, office, roles_pg_url

__all__ = ["office", "roles_pg_url"]  # the fixtures, used by name


def _signed_in(office: Office, role: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("GAZETTE_USER", office.people[role])
    monkeypatch.setenv("GAZETTE_PASSWORD", PASSWORD)
    return open_context(office.url, tmp_path)


def test_the_app_signs_in_as_the_persons_own_login(office, tmp_path, monkeypatch) -> None:
    ctx = _signed_in(office, "clerk", tmp_path, monkeypatch)
    try:
        assert (ctx.user, ctx.role) == (office.people["clerk"], "clerk")
        ctx.user = "boss"  # a client that claims another name changes nothing on the server
        with ctx.uow() as uow:
            uow.session.add(Department(name="冒名测试局", short_name="冒名"))
            uow.commit()
        with ctx.uow() as uow:
            entries = [
                (e.actor, e.action, e.changes["name"])
                for e in uow.session.scalars(
                    select(AuditEntry).where(AuditEntry.table_name == "departments")
                )
            ]
        named = {"old": None, "new": "冒名测试局"}
        assert entries == [(office.people["clerk"], "create", named)]
    finally:
        ctx.close()


def test_the_server_refuses_a_reader_the_app_was_told_is_admin(
    office, tmp_path, monkeypatch
) -> None:
    ctx = _signed_in(office, "reader", tmp_path, monkeypatch)
    try:
        assert ctx.role == "reader"
        ctx.role = "admin"  # past the app's own check: the server is the guard
        with pytest.raises(sa.exc.ProgrammingError, match="permission denied"):
            settings.put(ctx, gazette_name="篡改公报")
    finally:
        ctx.close()


def test_the_administrator_adds_a_person_through_the_app(office, tmp_path, monkeypatch) -> None:
    ctx = _signed_in(office, "admin", tmp_path, monkeypatch)
    login = office.people["admin"] + "x"
    office.people["extra"] = login  # dropped with the others
    try:
        with ctx.uow() as uow:
            create_user(uow.session, login, "新同事", "editor", "新同事的密码2026")
            uow.commit()
        with ctx.uow() as uow:
            rows = {u.username: u.role for u in list_users(uow.session)}
        assert rows[login] == "editor"
    finally:
        ctx.close()
    monkeypatch.setenv("GAZETTE_USER", login)
    monkeypatch.setenv("GAZETTE_PASSWORD", "新同事的密码2026")
    newcomer = open_context(office.url, tmp_path)
    assert (newcomer.user, newcomer.role) == (login, "editor")
    newcomer.close()


def test_a_claimed_name_without_password_is_refused(pg_url, tmp_path, monkeypatch) -> None:
    first = open_context(pg_url, tmp_path)
    with first.uow() as uow:
        create_user(uow.session, "boss", "老板", "admin", "老板的密码2026")
        uow.commit()
    first.close()
    monkeypatch.setenv("GAZETTE_USER", "boss")
    monkeypatch.delenv("GAZETTE_PASSWORD", raising=False)
    with pytest.raises(DatabaseError, match="GAZETTE_PASSWORD"):
        open_context(pg_url, tmp_path)


def test_before_the_first_account_the_trail_names_the_database_login(
    pg_url, tmp_path, monkeypatch
) -> None:
    monkeypatch.setenv("GAZETTE_USER", "boss")
    monkeypatch.delenv("GAZETTE_PASSWORD", raising=False)
    ctx = open_context(pg_url, tmp_path)
    try:
        login = sa.engine.make_url(pg_url).username
        assert ctx.user == login
        settings.put(ctx, gazette_name="测试公报")
        with ctx.uow() as uow:
            actors = set(uow.session.scalars(select(AuditEntry.actor)))
        assert actors == {login}
    finally:
        ctx.close()


def test_signing_in_on_the_server_connects_as_that_person(office, tmp_path, monkeypatch) -> None:
    from gazette.context import sign_in

    monkeypatch.delenv("GAZETTE_USER", raising=False)
    monkeypatch.delenv("GAZETTE_PASSWORD", raising=False)
    ctx = open_context(office.url, tmp_path)
    try:
        sign_in(ctx, office.people["editor"], PASSWORD)  # the sign-in dialog's call
        assert (ctx.user, ctx.role) == (office.people["editor"], "editor")
        with ctx.db.engine.connect() as conn:
            assert conn.exec_driver_sql("SELECT session_user").scalar() == ctx.user
    finally:
        ctx.close()


def test_an_upgrade_needs_the_server_owner_and_keeps_the_roles(
    office, tmp_path, monkeypatch
) -> None:
    from alembic import command

    from gazette.db import Database
    from gazette.db.migrate import alembic_config, schema_state

    owner = Database(office.url, tmp_path)
    command.downgrade(alembic_config(owner), "0400")  # an older program's schema
    monkeypatch.setenv("GAZETTE_USER", office.people["admin"])
    monkeypatch.setenv("GAZETTE_PASSWORD", PASSWORD)
    with pytest.raises(DatabaseError, match="服务器所有者"):
        open_context(office.url, tmp_path)  # the app's administrator cannot change the schema
    monkeypatch.delenv("GAZETTE_USER")
    monkeypatch.delenv("GAZETTE_PASSWORD")
    ctx = open_context(office.url, tmp_path)  # the owner's credentials, given for the upgrade
    ctx.close()
    assert schema_state(owner).up_to_date
    owner.dispose()
    reader = office.as_role("reader")
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        reader.execute("UPDATE issues SET status = 'published'")
    triggers = reader.execute(
        "SELECT count(*) FROM pg_trigger WHERE tgname = 'gazette_audit' AND NOT tgisinternal"
    ).fetchone()
    assert triggers is not None and triggers[0] > 10


def test_accounts_from_before_get_a_login_after_a_one_time_password(roles_pg_url, tmp_path) -> None:
    """A scrypt hash cannot become a PostgreSQL password: such an account gets a login that
    cannot sign in until an administrator sets a one-time password."""
    import uuid

    from gazette.db.audit import audited_tables
    from gazette.office import pg_roles, pg_users
    from tests.gazette.pg_office import _as_login

    tag = uuid.uuid4().hex[:8]
    old, chief = f"old{tag}", f"chief{tag}"
    first = open_context(roles_pg_url, tmp_path)
    with first.uow() as uow:
        create_user(uow.session, old, "老同事", "clerk", "旧的应用密码2026")
        uow.commit()
    first.close()
    engine = sa.create_engine(roles_pg_url)
    with engine.connect() as conn:
        names = pg_roles.current_names(conn)[1]
    try:
        with engine.begin() as conn:
            report = pg_roles.init_office(conn, chief, PASSWORD, audited=audited_tables())
        assert report.needs_password == [old]
        with engine.connect() as conn:
            can_login = conn.exec_driver_sql(
                f"SELECT rolcanlogin FROM pg_roles WHERE rolname = '{old}'"
            ).scalar()
        assert can_login is False
        admin = sa.create_engine(_as_login(roles_pg_url, chief))
        with admin.begin() as conn:
            pg_users.reset_password(conn, old, PASSWORD)
        admin.dispose()
        person = sa.create_engine(_as_login(roles_pg_url, old))
        with person.connect() as conn:
            assert conn.exec_driver_sql("SELECT session_user").scalar() == old
        person.dispose()
    finally:
        with engine.begin() as conn:
            pg_roles.drop_office_roles(conn, names, [old, chief])
        engine.dispose()


def test_each_role_does_its_everyday_work_through_the_app(office, tmp_path, monkeypatch) -> None:
    """The grants are not only refusals: a 报送管理员 registers departments and a submission, an
    编辑 plans an issue, each under their own login, and the server records who."""
    import datetime as dt

    from gazette.issues import planning
    from gazette.submissions.register import SubmissionData, record
    from tests.gazette.submissions_setup import make_departments

    clerk = _signed_in(office, "clerk", tmp_path, monkeypatch)
    try:
        depts = make_departments(clerk)
        with clerk.uow() as uow:
            record(
                uow.session,
                SubmissionData(
                    department_id=next(iter(depts.values())),
                    title="关于印发某某管理办法的通知",
                    doc_number="宿教发〔2025〕7号",
                    issued_on=dt.date(2025, 3, 3),
                    received_on=dt.date(2025, 3, 5),
                    channel="电子邮件",
                ),
            )
            uow.commit()
    finally:
        clerk.close()
    editor = _signed_in(office, "editor", tmp_path, monkeypatch)
    try:
        with editor.uow() as uow:
            planning.create_issue(uow, 2026, 1, 1, dt.date(2026, 1, 15))
            uow.commit()
        with editor.uow() as uow:
            actors = dict(
                uow.session.execute(
                    select(AuditEntry.table_name, AuditEntry.actor).where(
                        AuditEntry.table_name.in_(["departments", "submissions", "issues"])
                    )
                ).all()
            )
    finally:
        editor.close()
    assert actors == {
        "departments": office.people["clerk"],
        "submissions": office.people["clerk"],
        "issues": office.people["editor"],
    }


def test_the_command_line_asks_for_the_password_at_the_terminal(office, tmp_path) -> None:
    """GAZETTE_USER without GAZETTE_PASSWORD: the CLI prompts (no echo), never takes a flag."""
    import os
    import subprocess
    import sys

    from tests.faults.killing import ROOT

    primary, secondary = os.openpty()
    env = {k: v for k, v in os.environ.items() if k not in ("GAZETTE_PASSWORD", "PGPASSFILE")}
    env.update(GAZETTE_USER=office.people["editor"], PYTHONPATH=str(ROOT))
    argv = ["--database", office.url, "--data-dir", str(tmp_path), "info"]
    proc = subprocess.Popen(
        [sys.executable, "-c", f"import commands; raise SystemExit(commands.main({argv!r}))"],
        stdin=secondary, stdout=secondary, stderr=secondary, env=env, cwd=ROOT,
        start_new_session=True,
    )  # fmt: skip
    os.close(secondary)
    seen = b""
    while "密码".encode() not in seen:
        chunk = os.read(primary, 1024)
        assert chunk, seen.decode(errors="replace")
        seen += chunk
    os.write(primary, PASSWORD.encode() + b"\n")
    while True:
        try:
            chunk = os.read(primary, 4096)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        seen += chunk
    assert proc.wait() == 0, seen.decode(errors="replace")
    os.close(primary)
    text = seen.decode(errors="replace")
    assert "数据库：" in text and PASSWORD not in text  # signed in; the password was not echoed
