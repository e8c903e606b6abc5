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
from gazette.office.auth import mutating

DEFAULT_TTL = dt.timedelta(minutes=10)


class LeaseHeld(Exception):
    """Someone else is running this job; the message says who and until when."""


def holder_name(user: str) -> str:
    return f"{user}@{socket.gethostname()}:{os.getpid()}"


def _pid_alive(pid: int) -> bool:
    """Whether a process on this machine still runs (a crashed job's lease can be taken over)."""
    if os.name == "nt":
        import ctypes

        kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
        handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return False
        code = ctypes.c_ulong()
        kernel32.GetExitCodeProcess(handle, ctypes.byref(code))
        kernel32.CloseHandle(handle)
        return code.value == 259  # STILL_ACTIVE
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _abandoned(holder: str) -> bool:
    """A holder on this very machine whose process has died (killed, crashed, power cut)."""
    _user, _, where = holder.rpartition("@")
    host, _, pid = where.rpartition(":")
    return host == socket.gethostname() and pid.isdigit() and not _pid_alive(int(pid))


@mutating
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
        current = session.scalar(select(JobLease).where(JobLease.resource == resource))
        stale = current.holder if current is not None and _abandoned(current.holder) else holder
        taken = session.execute(
            update(JobLease)
            .where(
                JobLease.resource == resource,
                (JobLease.expires_at < now) | JobLease.holder.in_([holder, stale]),
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


@mutating
def renew(db: Database, resource: str, holder: str, ttl: dt.timedelta = DEFAULT_TTL) -> bool:
    with db.sessionmaker() as session:
        done = session.execute(
            update(JobLease)
            .where(JobLease.resource == resource, JobLease.holder == holder)
            .values(expires_at=utcnow() + ttl)
        )
        session.commit()
        return bool(done.rowcount)  # type: ignore[attr-defined]


@mutating
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
