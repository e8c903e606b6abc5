"""Two writers on the embedded database wait for each other instead of failing.

SQLite lets one writer at a time. A transaction begun with a plain ``BEGIN`` takes its read
snapshot first and asks for the write lock only at its first write; if another process
committed meanwhile, SQLite refuses at once ("database is locked"), and no timeout helps. So a
unit of work, which may write, begins with ``BEGIN IMMEDIATE``: it takes the write lock first,
waiting up to ``BUSY_TIMEOUT_MS`` inside SQLite, then retrying with backoff, because the BEGIN
is the first statement and repeating it is harmless. Reads outside a unit of work keep the plain
``BEGIN`` and never wait for a writer.

A second unit of work opened by the same thread while its first still holds the write lock
would wait for itself; it begins deferred instead, as before.
"""

from __future__ import annotations

import random
import sqlite3
import threading
import time
from typing import Any

WRITE_OPTION = "gazette_sqlite_write"
BUSY_TIMEOUT_MS = 30_000
RETRY_DELAYS_S = (0.05, 0.1, 0.2, 0.4, 0.8, 1.6, 3.2, 5.0, 5.0, 5.0)
SQLITE_BUSY = 5
SQLITE_LOCKED = 6

_held = threading.local()  # file -> how many write locks this thread holds on it


def _counts() -> dict[str, int]:
    if not hasattr(_held, "counts"):
        _held.counts = {}
    counts: dict[str, int] = _held.counts
    return counts


def is_busy(exc: BaseException) -> bool:
    """Whether an error is SQLite's "another connection holds the lock"."""
    code = getattr(exc, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in (SQLITE_BUSY, SQLITE_LOCKED)
    return isinstance(exc, sqlite3.OperationalError) and "locked" in str(exc)


def pragmas(cur: Any) -> None:
    cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")


def begin(conn: Any, key: str) -> None:
    """The ``begin`` listener: IMMEDIATE for units of work, plain BEGIN otherwise."""
    raw = conn.connection.driver_connection
    counts = _counts()
    if not conn.get_execution_options().get(WRITE_OPTION) or counts.get(key, 0) > 0:
        raw.execute("BEGIN")
        return
    for delay in (*RETRY_DELAYS_S, None):
        try:
            raw.execute("BEGIN IMMEDIATE")
            break
        except sqlite3.OperationalError as exc:
            if delay is None or not is_busy(exc):
                raise
            time.sleep(delay * (0.5 + random.random()))  # jitter: writers do not retry in step
    counts[key] = counts.get(key, 0) + 1
    conn.info[WRITE_OPTION] = key


def end(conn: Any) -> None:
    """The ``commit``/``rollback`` listener: this thread no longer holds the write lock."""
    key = conn.info.pop(WRITE_OPTION, None)
    if key is not None:
        counts = _counts()
        counts[key] = max(0, counts.get(key, 0) - 1)
