"""The helper the bench smoke tests read figures with can tell a wrong ratio from a rounded one."""

from __future__ import annotations

import pytest

from tests.bench_figures import figures, ratio_follows, sum_follows


def test_a_rounded_ratio_follows_and_a_wrong_one_does_not() -> None:
    assert ratio_follows(1.81, 3.36, 1.86, step=0.01, ratio_step=0.01)
    assert ratio_follows(42.5, 331.3, 7.8, step=0.1, ratio_step=0.1)
    assert not ratio_follows(2.5, 3.36, 1.86, step=0.01, ratio_step=0.01)
    assert not ratio_follows(0.5, 331.3, 7.8, step=0.1, ratio_step=0.1)
    # a total in whole tenths of a second over a time in tenths of a millisecond
    assert ratio_follows(135, 7100, 52.6, step=100, ratio_step=1, bottom_step=0.1)
    assert not ratio_follows(180, 7100, 52.6, step=100, ratio_step=1, bottom_step=0.1)


def test_a_total_follows_from_its_rounded_parts_even_at_the_exact_worst_case() -> None:
    assert sum_follows(19.0, [4.3, 11.6, 3.2], step=0.1)
    # three parts and the total each off by half a step: 0.2 apart is exactly the bound, which
    # float arithmetic alone refuses (0.2 + 0.2 + 0.2 - 0.4 comes out above 0.2)
    assert sum_follows(0.4, [0.2, 0.2, 0.2], step=0.1)
    assert not sum_follows(0.6, [0.1, 0.1, 0.1], step=0.1)
    assert not sum_follows(20.0, [4.3, 11.6, 3.2], step=0.1)


def test_a_missing_line_fails_naming_it() -> None:
    assert figures(r"took (\d+) ms", "x\ntook 12 ms\n") == ("12",)
    with pytest.raises(AssertionError, match="no line like"):
        figures(r"took (\d+) ms", "nothing here")
