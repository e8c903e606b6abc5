"""Demo part: index whatever documents the earlier parts created (runs last in PARTS)."""

from __future__ import annotations

import random

from gazette.context import AppContext
from gazette.search import service


def load(ctx: AppContext, rng: random.Random) -> None:
    service.rebuild(ctx)
