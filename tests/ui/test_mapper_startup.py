"""The GUI configures every ORM mapper, archive's included, before any worker thread can start.

A worker thread that configured the mappers while the GUI thread was still importing
archive.models left ``Plan`` without ``PlanTarget`` and broke every query in the process (the
packaged self-test caught it). A fresh interpreter shows that start-up leaves nothing to configure.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PROBE = r"""
import sys
import ui.app
from gazette.db.base import Base

ui.app.configure_mappers()
mappers = list(Base.registry.mappers)
print("NAMES:" + ",".join(sorted(m.class_.__name__ for m in mappers)))
print("UNCONFIGURED:" + ",".join(sorted(m.class_.__name__ for m in mappers if not m.configured)))
"""


def test_start_up_configures_gazette_and_archive_mappers() -> None:
    out = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert out.returncode == 0, out.stderr
    lines = dict(line.split(":", 1) for line in out.stdout.splitlines() if ":" in line)
    names = set(lines["NAMES"].split(","))
    assert {"Department", "Issue", "ArchiveEntry", "Plan", "PlanTarget", "OcrPage"} <= names
    assert lines["UNCONFIGURED"] == ""
