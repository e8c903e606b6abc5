"""Unit of work: one transaction, one acting user; the caller decides the scope.

    with UnitOfWork(db, user="张编辑") as uow:
        uow.session.add(...)
        uow.commit()

Leaving the block without ``commit()`` rolls back, so an exception never half-writes.
"""

from __future__ import annotations

from types import TracebackType
from typing import TYPE_CHECKING

from sqlalchemy import event
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

SQLITE_BUSY_SNAPSHOT = 517


class ConcurrentChange(Exception):
    """Someone else committed while this unit of work was open; nothing of it was saved."""


if TYPE_CHECKING:
    from gazette.db.database import Database


class UnitOfWork:
    def __init__(self, db: Database, user: str = "system", role: str = "admin") -> None:
        self.db = db
        self.user = user
        self.role = role
        self._session: Session | None = None
        self.changed: set[str] = set()  # tables this unit of work wrote, for the screens

    @property
    def session(self) -> Session:
        if self._session is None:
            raise RuntimeError("UnitOfWork used outside its with-block")
        return self._session

    def __enter__(self) -> UnitOfWork:
        self._session = self.db.sessionmaker(bind=self.db.write_engine)
        self._session.info["user"] = self.user
        self._session.info["role"] = self.role
        self._session.info["db"] = self.db
        event.listen(self._session, "before_flush", self._note_changes)
        return self

    def _note_changes(self, session: Session, _ctx: object, _instances: object) -> None:
        for obj in (*session.new, *session.dirty, *session.deleted):
            table = getattr(obj, "__tablename__", None)
            if table:
                self.changed.add(table)

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        assert self._session is not None
        try:
            self._session.rollback()
        finally:
            self._session.close()
            self._session = None

    def commit(self) -> None:
        try:
            self.session.commit()
        except OperationalError as exc:
            # SQLite in WAL mode refuses a write based on a snapshot that another connection has
            # since changed: the same situation as a stale version, said in the user's words.
            if getattr(exc.orig, "sqlite_errorcode", None) == SQLITE_BUSY_SNAPSHOT:
                self.session.rollback()
                raise ConcurrentChange(
                    "保存时发现其他人（或另一个任务）刚刚修改了同一批数据，本次修改未保存。"
                    "请重新载入后再操作。"
                ) from exc
            raise

    def rollback(self) -> None:
        self.session.rollback()
