"""Leases: a long job (issue build, OCR batch) claims its resource so nobody starts it twice.

A lease expires by itself (a crashed client cannot block the office forever) and is renewed by
the job while it runs. Acquiring is one INSERT that the primary key makes atomic on both SQLite
and PostgreSQL; an expired lease is taken over by a conditional UPDATE.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import socket
from collections.abc import Iterator

from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError

from gazette.db import Database
from gazette.db.base import utcnow
from gazette.db.models import JobLease

DEFAULT_TTL = dt.timedelta(minutes=10)


class LeaseHeld(Exception):
    """Someone else is running this job; the message says who and until when."""


def holder_name(user: str) -> str:
    return f"{user}@{socket.gethostname()}:{os.getpid()}"


def acquire(db: Database, resource: str, holder: str, ttl: dt.timedelta = DEFAULT_TTL) -> None:
    now = utcnow()
    with db.sessionmaker() as session:
        session.add(
            JobLease(resource=resource, holder=holder, acquired_at=now, expires_at=now + ttl)
        )
        try:
            session.commit()
            return
        except IntegrityError:
            session.rollback()
        taken = session.execute(
            update(JobLease)
            .where(
                JobLease.resource == resource,
                (JobLease.expires_at < now) | (JobLease.holder == holder),
            )
            .values(holder=holder, acquired_at=now, expires_at=now + ttl)
        )
        session.commit()
        if taken.rowcount == 1:  # type: ignore[attr-defined]
            return
        current = session.scalar(select(JobLease).where(JobLease.resource == resource))
    who = current.holder.split("@")[0] if current else "他人"
    until = current.expires_at.strftime("%H:%M") if current else ""
    raise LeaseHeld(f"{who} 正在执行此任务（{resource}），请稍后再试（租约至 {until} UTC）")


def renew(db: Database, resource: str, holder: str, ttl: dt.timedelta = DEFAULT_TTL) -> bool:
    with db.sessionmaker() as session:
        done = session.execute(
            update(JobLease)
            .where(JobLease.resource == resource, JobLease.holder == holder)
            .values(expires_at=utcnow() + ttl)
        )
        session.commit()
        return bool(done.rowcount)  # type: ignore[attr-defined]


def release(db: Database, resource: str, holder: str) -> None:
    with db.sessionmaker() as session:
        session.execute(
            delete(JobLease).where(JobLease.resource == resource, JobLease.holder == holder)
        )
        session.commit()


@contextlib.contextmanager
def lease(db: Database, resource: str, user: str, ttl: dt.timedelta = DEFAULT_TTL) -> Iterator[str]:
    """Hold a lease for the duration of a with-block."""
    holder = holder_name(user)
    acquire(db, resource, holder, ttl)
    try:
        yield holder
    finally:
        release(db, resource, holder)
