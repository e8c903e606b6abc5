"""The layout benchmark runs at smoke scale and finds no 禁则 violation or short line of ours,
with the font metrics cache empty or filled; its rates follow from the pages and times printed,
every ratio from the two times it divides, and the cached rebuild after one correction re-lays
out exactly one document, draws only the corrected last document's pages (a correction in the
first draws every document) and gives a clean build's bytes. Typst is optional: without it the
bench says so and still prints our figures. No time is asserted, only how the figures agree."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.bench_figures import figures, ratio_follows

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def proc() -> subprocess.CompletedProcess[str]:
    """One smoke run of the bench, read by both tests."""
    return subprocess.run(
        [sys.executable, str(ROOT / "bench" / "layout.py"), "--smoke"],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )


def test_layout_bench_smoke(proc: subprocess.CompletedProcess[str]) -> None:
    rows = {line.split()[0]: line.split() for line in proc.stdout.splitlines() if line.strip()}
    cold, warm = rows["ours-cold"], rows["ours-warm"]
    assert int(cold[1]) > 4  # pages
    assert cold[-2:] == ["0", "0"]  # violations, unjustified lines
    # the font metrics cache changes nothing on the page: pages, body pages, lines, findings
    assert (warm[1], warm[2], *warm[-3:]) == (cold[1], cold[2], *cold[-3:])
    typst = rows.get("typst", [])  # a table row, or the line saying Typst is not installed
    for row in [cold, warm, *([typst] if len(typst) == len(cold) else [])]:
        pages, body, wall, cpu, rate, cpu_rate, peak, lines = row[1:9]
        assert 0 < int(body) <= int(pages) and int(lines) > 0 and float(peak) > 0, row
        assert float(wall) > 0 and float(cpu) > 0, row
        # pages per second are the body pages over the seconds printed beside them
        assert ratio_follows(float(rate), int(body), float(wall), step=0, ratio_step=0.1,
                             bottom_step=0.01), row  # fmt: skip
        assert ratio_follows(float(cpu_rate), int(body), float(cpu), step=0, ratio_step=0.1,
                             bottom_step=0.01), row  # fmt: skip
    second = re.search(r"second build in the same process.*: ([\d.]+) pages/s wall, ([\d.]+) cpu",
                       proc.stdout)  # fmt: skip
    assert second and float(second[1]) > 0 and float(second[2]) > 0, proc.stdout
    for ratio in re.findall(r"^ratio ours-\w+/typst .*: ([\d.]+)$", proc.stdout, re.M):
        assert float(ratio) > 0


def test_layout_bench_times_and_ratios(proc: subprocess.CompletedProcess[str]) -> None:
    out = proc.stdout
    (clean,) = figures(r"^clean build: ([\d.]+) s", out)
    cached, relaid, docs, ratio = figures(
        r"^cached rebuild after one correction: ([\d.]+) s, (\d+) of (\d+) documents "
        r"re-laid out, ratio to clean build ([\d.]+)$",
        out,
    )
    assert int(relaid) == 1 and int(docs) == 2  # only the corrected document
    assert ratio_follows(float(ratio), float(cached), float(clean), step=0.001, ratio_step=0.01)
    drawn, of, pages, body = figures(
        r"^  drawn again: (\d+) of (\d+) documents, (\d+) of (\d+) body pages", out
    )
    assert (int(drawn), int(of)) == (1, 2)  # the corrected last document alone
    assert 0 < int(pages) < int(body)  # its pages; the first document's are reused
    middle, mid, mid_relaid, mid_docs, mid_drawn, mid_pages, mid_body, mid_ratio = figures(
        r"^cached rebuild after a correction in document (\d+): ([\d.]+) s, (\d+) of (\d+) "
        r"documents re-laid out, (\d+) drawn, (\d+) of (\d+) body pages drawn, "
        r"ratio to clean build ([\d.]+)$",
        out,
    )
    # at smoke scale the middle document is the first of two: both are drawn again
    assert int(mid_relaid) == 1 and int(mid_docs) == 2 and mid_body == body
    assert int(middle) == 1 and int(mid_drawn) == 2 and int(mid_pages) == int(body)
    assert ratio_follows(float(mid_ratio), float(mid), float(clean), step=0.001, ratio_step=0.01)
    parallel, serial, ratio = figures(
        r"^parallel 2 workers: ([\d.]+) s, serial: ([\d.]+) s, ratio ([\d.]+)$", out
    )
    assert ratio_follows(float(ratio), float(parallel), float(serial), step=0.001, ratio_step=0.01)
    cold, warm, ratio = figures(r"^fonts cold: ([\d.]+) s, warm: ([\d.]+) s, ratio ([\d.]+)", out)
    assert ratio_follows(float(ratio), float(cold), float(warm), step=0.001, ratio_step=0.01)
    # the cold and warm times are the seconds of the table's rows above
    rows = {line.split()[0]: line.split() for line in out.splitlines() if line.strip()}
    assert abs(float(rows["ours-cold"][3]) - float(cold)) <= 0.0051
    assert abs(float(rows["ours-warm"][3]) - float(warm)) <= 0.0051
    ship, ratio = figures(
        r"^fonts shipped \(empty user cache\): ([\d.]+) s, ratio to warm ([\d.]+)$", out
    )
    assert ratio_follows(float(ratio), float(ship), float(warm), step=0.001, ratio_step=0.01)
    assert abs(float(rows["ours-ship"][3]) - float(ship)) <= 0.0051
    assert rows["ours-ship"][-3:] == rows["ours-cold"][-3:]  # the same lines and findings
    # and it says why an empty metrics cache costs a first build nothing
    assert re.search(r"^  note: fonts are read lazily from their files", out, re.M), out
    for t in (clean, cached, mid, parallel, serial, cold, warm, ship):
        assert float(t) > 0
    assert figures(r"^bytes identical to a clean build .*: (\w+)$", out) == ("yes",)
    if re.search(r"^typst: not installed", out, re.M):
        assert "ratio fonts cold/typst" not in out
        return
    (typst,) = figures(r"^typst: ([\d.]+) s", out)
    found = re.findall(r"^ratio ([\w ]+)/typst: ([\d.]+) \(([\d.]+) s / ([\d.]+) s\)$", out, re.M)
    assert {label for label, *_ in found} == {
        "fonts cold", "fonts shipped", "fonts warm", "clean build", "cached rebuild",
        "cached middle rebuild",
    }  # fmt: skip
    for _label, ratio, top, bottom in found:
        assert bottom == typst
        assert ratio_follows(float(ratio), float(top), float(bottom), step=0.001, ratio_step=0.01)
