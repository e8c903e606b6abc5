"""CI runs the stale-save benchmark at tiny scale so it cannot rot."""

from __future__ import annotations

from bench import stale_saves


def test_bench_smoke(capsys) -> None:
    assert stale_saves.main(["--smoke"]) == 0
    out = capsys.readouterr().out
    assert "ratio guarded/unguarded" in out and "30/30 named" in out
