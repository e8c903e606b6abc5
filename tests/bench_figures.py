"""Reading a benchmark's printed figures back, for the bench smoke tests.

A smoke test checks the figures, not just their labels: counts equal what was asked, times
are positive, and a printed ratio follows from the printed times it divides, allowing for
the rounding of all three (``step`` and ``ratio_step`` are the printed precisions).
"""

from __future__ import annotations

import re


def figures(pattern: str, out: str) -> tuple[str, ...]:
    """The groups of ``pattern`` in ``out``; fails naming the line that was expected."""
    found = re.search(pattern, out, re.M)
    assert found is not None, f"no line like {pattern!r} in:\n{out}"
    return found.groups()


def ratio_follows(
    ratio: float,
    top: float,
    bottom: float,
    *,
    step: float,
    ratio_step: float,
    bottom_step: float | None = None,
) -> bool:
    """Whether ``ratio`` is ``top / bottom`` once each is known only to its printed step
    (``bottom_step`` where the divisor is printed to another precision)."""
    half, rhalf = step / 2, ratio_step / 2
    bhalf = half if bottom_step is None else bottom_step / 2
    low = (top - half) / (bottom + bhalf)
    high = (top + half) / (bottom - bhalf) if bottom > bhalf else float("inf")
    return low - rhalf <= ratio <= high + rhalf
