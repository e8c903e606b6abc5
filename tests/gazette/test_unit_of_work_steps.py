"""Every database opened keeps its steps (the audit trail, the search index), however many
were opened and closed before it in the same process.

Once a closed database is collected, a new database's session factory may be allocated at the
address the old one had. SQLAlchemy's listener registry keys by that address and never forgets
it, so asking it whether the new factory "already has" the trail said yes for a factory that
had nothing: a stale save then named 其他用户 instead of the person whose change was missing
from the trail.
"""

from __future__ import annotations

import gc
from pathlib import Path

from sqlalchemy import func, select

from gazette.db import audit
from gazette.db.database import Database
from gazette.db.models import AuditEntry, Department
from gazette.search import hooks as search_hooks

COMEBACKS = 2  # factories allocated at a dead one's address that must still get the trail
OPENINGS = 500  # the most tried for them (a dead address comes back within a handful)


def _trail_rows(db: Database) -> int:
    """Add a department in a session of ``db`` and count the trail rows its flush wrote."""
    session = db.sessionmaker()
    try:
        session.add(Department(name="市教育局", short_name="教育局", issuer_codes=[]))
        session.flush()
        return session.scalar(select(func.count()).select_from(AuditEntry)) or 0
    finally:
        session.rollback()
        session.close()


def test_a_database_opened_where_a_closed_one_lived_keeps_its_audit_trail(
    tmp_path: Path,
) -> None:
    url = f"sqlite:///{tmp_path}/steps.sqlite3"
    first = Database(url, tmp_path)
    tables = [Department.__table__, AuditEntry.__table__]
    Department.metadata.create_all(first.engine, tables=tables)
    first.dispose()
    addresses: set[int] = set()
    came_back = 0
    for opening in range(OPENINGS):
        db = Database(url, tmp_path, steps=(search_hooks.install,))
        address = id(db.sessionmaker)
        came_back += address in addresses
        addresses.add(address)
        assert _trail_rows(db) == 1, (opening, came_back)
        db.dispose()
        del db
        gc.collect()  # the closed database's factory goes, and its address is free again
        if came_back >= COMEBACKS:
            break
    assert came_back >= COMEBACKS, f"a dead factory's address came back {came_back} times"


def test_installing_a_step_twice_runs_it_once(tmp_path: Path) -> None:
    db = Database(f"sqlite:///{tmp_path}/twice.sqlite3", tmp_path)
    Department.metadata.create_all(db.engine, tables=[Department.__table__, AuditEntry.__table__])
    audit.install(db.sessionmaker)
    assert _trail_rows(db) == 1
    db.dispose()
