"""Database access: engine, ORM models, unit of work and migrations."""

from gazette.db.database import Database, DatabaseError
from gazette.db.uow import UnitOfWork

__all__ = ["Database", "DatabaseError", "UnitOfWork"]
