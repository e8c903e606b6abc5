"""Reading a benchmark's printed figures back, for the bench smoke tests.

A smoke test checks the figures, not just their labels: counts equal what was asked, times
are positive, and a printed ratio follows from the printed times it divides, allowing for
the rounding of all three (``step`` and ``ratio_step`` are the printed precisions).
Every bound is the exact worst case of the printed roundings, plus ``EPS`` for the float
arithmetic that checks it (a figure can sit exactly on its half-step).
"""

from __future__ import annotations

import re

EPS = 1e-9  # float error of the check itself, far below any printed step


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
    eps = EPS * max(1.0, abs(ratio))
    return low - rhalf - eps <= ratio <= high + rhalf + eps


def sum_follows(total: float, parts: list[float], *, step: float) -> bool:
    """Whether ``total`` is the sum of ``parts`` once each, and the total, is known only to
    ``step``: the errors add up to half a step for each figure."""
    return abs(sum(parts) - total) <= step / 2 * (len(parts) + 1) + EPS * max(1.0, abs(total))
