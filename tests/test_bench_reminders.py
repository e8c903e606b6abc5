"""CI runs the contact-choice benchmark at tiny scale so it cannot rot."""

from __future__ import annotations

from bench import reminders


def test_bench_smoke(capsys) -> None:
    assert reminders.main(["--smoke"]) == 0
    out = capsys.readouterr().out
    assert "contacts of 40 departments" in out and "ratio" in out
