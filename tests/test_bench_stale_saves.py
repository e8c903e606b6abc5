"""CI runs the stale-save benchmark at tiny scale so it cannot rot, and checks its figures."""

from __future__ import annotations

from bench import stale_saves
from tests.bench_figures import figures, ratio_follows


def test_bench_smoke(capsys) -> None:
    assert stale_saves.main(["--smoke"]) == 0
    out = capsys.readouterr().out
    (n,) = figures(r"^decisions saved: (\d+)$", out)
    (unguarded,) = figures(r"^unguarded save\s+([\d.]+) ms$", out)
    (guarded,) = figures(r"^guarded save\s+([\d.]+) ms$", out)
    (ratio,) = figures(r"^ratio guarded/unguarded ([\d.]+)$", out)
    refusing, refused, asked = figures(
        r"^stale save refused \(naming who\)\s+([\d.]+) ms; (\d+)/(\d+) named$", out
    )
    assert int(n) == int(asked) == int(refused) == 30  # every stale save refused, by name
    assert float(unguarded) > 0 and float(guarded) > 0 and float(refusing) > 0
    assert ratio_follows(float(ratio), float(guarded), float(unguarded), step=0.01, ratio_step=0.01)
