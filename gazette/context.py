"""The running app's context: where things are, the open database, the acting user, the store.

The CLI and the GUI both build one with ``open_context``, so they resolve and migrate alike.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from gazette import config
from gazette.db import Database, UnitOfWork
from gazette.db.migrate import upgrade
from gazette.filestore import FileStore, default_root


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

    def filestore(self) -> FileStore:
        """The shared store when the office configured one, else the data folder's."""
        from gazette import settings  # local: settings reads the database

        root = settings.get(self, "filestore_root")
        return FileStore(Path(root) if root else default_root(self.data_dir))

    def close(self) -> None:
        self.db.dispose()


def open_context(
    database: str | None = None,
    data_dir: str | os.PathLike[str] | None = None,
    *,
    user: str | None = None,
    migrate: bool = True,
) -> AppContext:
    """Resolve, open and (if allowed) upgrade the database."""
    loc = config.resolve(database, data_dir)
    loc.data_dir.mkdir(parents=True, exist_ok=True)
    db = Database(loc.database_url, loc.data_dir)
    backup = upgrade(db) if migrate else None
    acting = user or os.environ.get("GAZETTE_USER") or "admin"
    return AppContext(location=loc, db=db, user=acting, last_backup=backup)
