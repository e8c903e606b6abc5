"""CI runs the contact-choice benchmark at tiny scale so it cannot rot, and checks its figures."""

from __future__ import annotations

from bench import reminders
from tests.bench_figures import figures, ratio_follows

NUMBER = r"([\d.]+)"


def test_bench_smoke(capsys) -> None:
    assert reminders.main(["--smoke"]) == 0
    out = capsys.readouterr().out
    n, absences, routed, bulk, each, ratio = figures(
        rf"contacts of (\d+) departments on \S+ \((\d+) absences, (\d+) routed away from the "
        rf"officer\): all at once {NUMBER} ms; one department at a time {NUMBER} ms "
        rf"\(ratio {NUMBER}×\)",
        out,
    )
    # the smoke scale asks for 40 departments with 5 absences each; every third officer is
    # away on the day itself, so exactly those departments are routed to the alternate
    assert (int(n), int(absences), int(routed)) == (40, 200, 40 // 3)
    assert float(bulk) > 0 and float(each) > 0
    assert ratio_follows(float(ratio), float(each), float(bulk), step=0.1, ratio_step=0.1)
