"""Keep a cache folder bounded: the least recently written files beyond a count go."""

from __future__ import annotations

import contextlib
from pathlib import Path


def prune_oldest(folder: Path, patterns: tuple[str, ...], keep: int) -> int:
    """Delete the least recently written files matching ``patterns`` beyond ``keep``; returns
    how many went. A file another process removed first, or an unreadable folder, is no error:
    a cache that cannot be pruned is only larger."""
    try:
        found = [p for pattern in patterns for p in folder.glob(pattern)]
        files = sorted(found, key=lambda p: p.stat().st_mtime_ns)
    except OSError:
        return 0
    gone = 0
    for path in files[: max(len(files) - keep, 0)]:
        with contextlib.suppress(OSError):
            path.unlink()
            gone += 1
    return gone
