"""Crash-safe file writing: write to a temporary name in the same folder, flush, fsync, rename.

The temporary file is made private (mode 0600) while it is written; before the rename it gets
the mode any other program of the user would give a new file (0666 less the umask), because the
results are meant for the printer, the website and colleagues. Only ``private=True`` files (a
password file) keep 0600.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO


def _read_umask() -> int:
    # os.umask can only be read by setting it; do that once, at import, before worker threads.
    current = os.umask(0o022)
    os.umask(current)
    return current


UMASK = _read_umask()
PRIVATE_MODE = 0o600


def default_mode() -> int:
    """The permissions a new ordinary file of this user gets."""
    return 0o666 & ~UMASK


def give_default_mode(path: str | os.PathLike[str]) -> None:
    """Undo ``mkstemp``'s private mode on a finished temporary file."""
    os.chmod(path, default_mode())


@contextlib.contextmanager
def atomic_writer(
    path: str | os.PathLike[str], mode: str = "wb", *, private: bool = False, sync: bool = True
) -> Iterator[IO]:
    """Yield a file object; the target appears complete or not at all. ``sync=False`` skips
    the fsync, for a cache whose reader checks every file and redoes the work of a torn one
    (a build's 70 cache files took 0.6 s of fsyncs on a loaded disk)."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    try:
        encoding = None if "b" in mode else "utf-8"
        with open(fd, mode, encoding=encoding) as fh:
            yield fh
            fh.flush()
            if sync:
                os.fsync(fh.fileno())
        os.chmod(tmp, PRIVATE_MODE if private else default_mode())
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def atomic_write_bytes(path: str | os.PathLike[str], data: bytes, *, sync: bool = True) -> None:
    with atomic_writer(path, "wb", sync=sync) as fh:
        fh.write(data)


def atomic_write_text(path: str | os.PathLike[str], text: str) -> None:
    with atomic_writer(path, "w") as fh:
        fh.write(text)
