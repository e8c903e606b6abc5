"""Alembic environment: runs on the engine handed in by gazette.db.migrate, never at import."""

from __future__ import annotations

from alembic import context

from gazette.db import models  # noqa: F401  (registers the core tables)
from gazette.db.base import Base

config = context.config
engine = config.attributes["engine"]
target_metadata = config.attributes.get("metadata", Base.metadata)


def include_object(obj, name, type_, reflected, compare_to):  # type: ignore[no-untyped-def]
    """Search index tables are made by raw SQL per database and are not ORM models."""
    return not (type_ == "table" and (name.startswith("fts_") or name.startswith("search_")))


with engine.connect() as connection:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,
        compare_type=True,
        include_object=include_object,
    )
    with context.begin_transaction():
        context.run_migrations()
    connection.commit()
