"""CI runs the submissions benchmark at tiny scale so it cannot rot."""

from __future__ import annotations

from bench import submissions


def test_bench_smoke(capsys) -> None:
    assert submissions.main(["--smoke"]) == 0
    out = capsys.readouterr().out
    assert "statuses of 300 documents" in out and "ratio" in out and "desk model at 300 rows" in out
