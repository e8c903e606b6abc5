"""CI runs the submissions benchmark at tiny scale so it cannot rot, and checks its figures."""

from __future__ import annotations

from bench import submissions
from tests.bench_figures import figures, ratio_follows

MS = r"([\d.]+) ms"


def test_bench_smoke(capsys) -> None:
    assert submissions.main(["--smoke"]) == 0
    out = capsys.readouterr().out
    n, fast, per_row, uncovered = figures(
        rf"^statuses of (\d+) documents as of \S+: {MS} \(([\d.]+) µs/row, (\d+) uncovered\)$", out
    )
    assert int(n) == 300 and float(fast) > 0 and 0 <= int(uncovered) <= 300
    # µs per row = total / rows, each known to half its printed step (0.05 µs, 0.05 ms)
    assert abs(float(per_row) - float(fast) * 1000 / 300) <= 0.05 + 0.05 * 1000 / 300 + 1e-9
    shared, ratio = figures(rf"^shared WorkCalendar, no row memo: {MS} \(ratio ([\d.]+)×\)$", out)
    assert ratio_follows(float(ratio), float(shared), float(fast), step=0.1, ratio_step=0.1)
    per_naive, sample, total, asked, naive_ratio = figures(
        r"^naive: fresh calendar per row: ([\d.]+) ms/row on (\d+) rows → "
        r"([\d.]+) s for (\d+) \(ratio ([\d,]+)×\)$",
        out,
    )
    assert (int(sample), int(asked)) == (20, 300) and float(per_naive) > 0
    # s = ms/row × 300 rows: half of 0.1 s, plus 300 halves of 0.01 ms (and float error)
    assert abs(float(total) - float(per_naive) * 300 / 1000) <= 0.05 + 300 * 0.005 / 1000 + 1e-9
    assert ratio_follows(
        float(naive_ratio.replace(",", "")), float(total) * 1000, float(fast),
        step=100, ratio_step=1, bottom_step=0.1,
    )  # fmt: skip
    rows, *times, shown = figures(
        rf"^desk model at (\d+) rows: reset\+filter {MS}, sort by 印发日期 {MS}, by 单位 {MS}, "
        rf"text filter {MS} \((\d+) rows shown\)$",
        out,
    )
    assert int(rows) == 300 and all(float(t) >= 0 for t in times)
    # the filter 第12 matches the titles of documents 12 and 120–129 only
    assert int(shown) == 11
    loaded, on_desk, inserted = figures(
        rf"^embedded database with 300 documents: desk query \+ statuses {MS} for (\d+) rows "
        rf"\(bulk insert {MS}\)$",
        out,
    )
    assert int(on_desk) == 300 and float(loaded) > 0 and float(inserted) > 0
