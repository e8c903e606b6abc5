"""The house rules: the core never imports Qt or ui, and gazette/ never imports archive/."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PROBE = r"""
import importlib, pkgutil, sys
pkg = importlib.import_module(sys.argv[1])
names = [m.name for m in pkgutil.walk_packages(pkg.__path__, pkg.__name__ + ".")]
for name in names:
    if ".migrations" in name:
        continue
    importlib.import_module(name)
bad = sorted(m for m in sys.modules if m.split(".")[0] in ("PySide6", "shiboken6", "ui"))
print("QT:" + ",".join(bad))
print("ARCHIVE:" + ",".join(sorted(m for m in sys.modules if m.split(".")[0] == "archive")))
print("COUNT:%d" % len(names))
"""


def _probe(package: str) -> dict[str, str]:
    proc = subprocess.run(
        [sys.executable, "-c", PROBE, package],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    return dict(line.split(":", 1) for line in proc.stdout.splitlines() if ":" in line)


def test_gazette_imports_no_qt_and_no_archive() -> None:
    found = _probe("gazette")
    assert int(found["COUNT"]) > 5
    assert found["QT"] == ""
    assert found["ARCHIVE"] == ""


def test_archive_imports_no_qt() -> None:
    found = _probe("archive")
    assert found["QT"] == ""
