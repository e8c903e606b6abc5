"""``gazette office init`` from the command line: the roles, the first administrator, a repeat
run, and a clear refusal on the embedded database. The password comes from the environment."""

from __future__ import annotations

import uuid
from pathlib import Path

import psycopg
import pytest
import sqlalchemy as sa
from sqlalchemy.engine import make_url

from commands import main
from gazette.office import pg_roles


def test_office_init_sets_up_roles_and_the_first_administrator(
    pg_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch
) -> None:
    admin = f"chief{uuid.uuid4().hex[:8]}"
    password = "首任管理员密码2026"
    monkeypatch.setenv("GAZETTE_ADMIN_PASSWORD", password)
    engine = sa.create_engine(pg_url)
    with engine.connect() as conn:
        _schema, names = pg_roles.current_names(conn)
    try:
        assert main(["--database", pg_url, "office", "init", "--admin", admin]) == 0
        first = capsys.readouterr().out
        assert names.group("reader") in first and "审计触发器" in first
        assert main(["--database", pg_url, "office", "init", "--admin", admin]) == 0  # again
        u = make_url(pg_url)
        with psycopg.connect(
            host=u.host,
            port=u.port or 5432,
            dbname=u.database,
            user=admin,
            password=password,
            options=str(u.query["options"]),
        ) as conn:
            row = conn.execute(
                "SELECT role, pg_has_role(session_user, %s, 'MEMBER') FROM users "
                "WHERE username = session_user",
                (names.group("admin"),),
            ).fetchone()
        assert row == ("admin", True)
    finally:
        with engine.begin() as conn:
            pg_roles.drop_office_roles(conn, names, [admin])
        engine.dispose()


def test_office_init_refuses_the_embedded_database(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch
) -> None:
    monkeypatch.setenv("GAZETTE_ADMIN_PASSWORD", "whatever-2026")
    code = main(["--data-dir", str(tmp_path), "office", "init", "--admin", "chief"])
    err = capsys.readouterr().err
    assert code != 0 and "内置数据库" in err and "Traceback" not in err
