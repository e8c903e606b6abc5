"""Finds shipped resources (fonts, styles, icons) both in the source tree and in a bundle."""

from __future__ import annotations

import sys
from pathlib import Path


def resources_root() -> Path:
    """``resources/`` beside the packages, or inside a PyInstaller bundle (``sys._MEIPASS``)."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def resource_path(*parts: str) -> Path:
    return resources_root().joinpath(*parts)
