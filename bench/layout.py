"""Layout benchmark: a ~200-page issue of realistic text, our typesetter against Typst.

Prints, for each engine: pages, seconds, pages/s, peak memory (RSS of a fresh process), and what
reading the PDF back finds: lines, 禁则 violations (a line starting with closing or ending with
opening punctuation) and unjustified lines (a body line short of the measure that is not a
paragraph's last). Each build runs in a fresh process. Ours runs three times: with an empty font-metrics cache (an
editor's very first build), with the cache that build filled (every build after it), and with
an empty cache but the metrics the packaged app ships (``fonts.ship_metrics``). Fonts whose
character map ``fontread`` can read in place (every bundled font) are read lazily from the
file in all three, so the cache is left empty and the three differ only by noise; the
ratio against Typst is printed for both, from wall and from CPU time, as the median over
``--runs`` rounds. Then, in one more fresh process with the fonts warm, the times of the same
input (time, not pages per second: our pages hold less text than Typst's): a clean build (no
layout cache), a cached rebuild after a correction in the last document and one after a
correction in the middle document (each with how many documents were broken into lines again,
how many documents and body pages were drawn again, the rest being reused as drawn, and
whether its bytes equal a clean build's), and the documents laid out by two worker processes
against the serial path; each with its ratio against the clean build of the same run, and
against Typst's time when Typst is installed.

Profile of a cached rebuild before page runs were kept (``--docs 12``): pagination, drawing,
ReportLab's save and pypdf's re-parse and write of the whole issue took about 66 % of it and
ran for every page, so a correction cost 0.96–1.00× a clean build. Now the pages before the
changed document are reused as drawn and the print edition is written from kept pages: what
is left is reading the kept runs, the changed document's pagination and drawing, and joining
the file.
``--smoke`` runs at tiny scale.

    python bench/layout.py [--docs 34] [--runs 3] [--smoke]

Typst (PyPI ``typst``) is a benchmark-only tool, not a runtime dependency.
"""

from __future__ import annotations

import argparse
import ctypes
import json
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import replace
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.layout_typst import run_typst  # noqa: E402
from gazette.demo import issue_docs as gen  # noqa: E402
from gazette.layout.furniture import IssueFacts  # noqa: E402
from gazette.layout.linebreak import CLOSING, OPENING  # noqa: E402
from gazette.layout.typeset import DocInput, IssueInput  # noqa: E402


def realistic_input(docs: int, seed: int = 2026) -> IssueInput:
    rng = random.Random(seed)
    items: list[DocInput] = []
    for k in range(docs):
        kind = k % 5
        if kind in (0, 1):
            text = gen.government_notice(rng, 10 + k, 2026, office=kind == 1, long=k % 3 == 0)
            section = "市政府文件" if kind == 0 else "市政府办公室文件"
        elif kind == 2:
            text = gen.department_rule(rng, k, 2026)[1]
            section = "部门文件"
        elif kind == 3:
            text = gen.appointments(rng, 2026)
            section = "人事任免"
        else:
            text = gen.interpretation(rng, 2026)
            section = "政策解读"
        items.append(DocInput(k + 1, section, text.doc_number or text.title, text))
    items.sort(
        key=lambda d: ["市政府文件", "市政府办公室文件", "部门文件", "人事任免", "政策解读"].index(
            d.section
        )
    )
    facts = IssueFacts("宿迁市人民政府公报", 2026, 11, 179, None, "宿迁市人民政府办公室")
    return IssueInput(facts, items)


# our engine ------------------------------------------------------------------------------------
def build_ours(
    inp: IssueInput, fonts: Any, font_cache: Path | None, **kw: Any
) -> tuple[float, bytes, Any]:
    """Seconds of one whole build (typeset and print edition) with fonts already loaded, the
    PDF and the typeset issue (documents broken into lines afresh, documents and pages drawn)."""
    from gazette.layout import styles
    from gazette.layout.typeset import typeset_issue
    from gazette.pdf import assemble

    start = time.perf_counter()
    ss = styles.load()
    ts = typeset_issue(inp, ss, fonts, font_cache=font_cache, **kw)
    meta = assemble.Meta("bench", "bench", "", "", None)
    pdf = assemble.print_edition(ts, meta, ss.page.pad_multiple, False, ss.page.bleed)
    return time.perf_counter() - start, pdf, ts


def corrected(inp: IssueInput, which: int = -1) -> IssueInput:
    """The same issue after a proofreader's correction: two characters added to the first
    paragraph of one document (the last, unless ``which`` says otherwise)."""
    from gazette.texts.model import Block

    docs = list(inp.documents)
    doc = docs[which]
    blocks = list(doc.text.blocks)
    at = next(k for k, b in enumerate(blocks) if b.kind == "paragraph")
    blocks[at] = Block("paragraph", blocks[at].text[:4] + "依法" + blocks[at].text[4:])
    docs[which] = replace(doc, text=replace(doc.text, blocks=blocks))
    return replace(inp, documents=docs)


def incremental(docs: int, font_cache: Path) -> dict[str, object]:
    """Clean, cached-after-a-correction (in the last document, then in the middle one), serial
    and parallel builds in one process, fonts warm."""
    from gazette.layout import styles
    from gazette.layout.fonts import font_set

    inp = realistic_input(docs)
    fonts = font_set(styles.load().fonts, cache_dir=font_cache)
    build_ours(inp, fonts, font_cache)  # warm up: fonts and modules loaded, as in the app
    clean, clean_pdf, clean_ts = build_ours(inp, fonts, font_cache)
    fixed = corrected(inp)
    middle = (len(inp.documents) - 1) // 2
    fixed_mid = corrected(inp, middle)
    _t, fixed_pdf, _ = build_ours(fixed, fonts, font_cache)
    _t, fixed_mid_pdf, _ = build_ours(fixed_mid, fonts, font_cache)
    with tempfile.TemporaryDirectory() as tmp:
        layout = Path(tmp) / "layout"
        first, first_pdf, _ = build_ours(inp, fonts, font_cache, cache_dir=layout)
        cached, cached_pdf, ts = build_ours(fixed, fonts, font_cache, cache_dir=layout)
        mid, mid_pdf, mid_ts = build_ours(fixed_mid, fonts, font_cache, cache_dir=layout)
    serial, serial_pdf, _ = build_ours(inp, fonts, font_cache)
    parallel, parallel_pdf, _ = build_ours(inp, fonts, font_cache, workers=2)
    return {
        "docs": docs,
        "body_pages": clean_ts.body_pages,
        "clean": clean,
        "first_cached": first,
        "cached": cached,
        "relaid": len(ts.relaid),
        "drawn": len(ts.drawn),
        "pages_drawn": ts.pages_drawn,
        "middle": middle + 1,
        "mid": mid,
        "mid_relaid": len(mid_ts.relaid),
        "mid_drawn": len(mid_ts.drawn),
        "mid_pages_drawn": mid_ts.pages_drawn,
        "serial": serial,
        "parallel": parallel,
        "identical": first_pdf == clean_pdf
        and cached_pdf == fixed_pdf
        and mid_pdf == fixed_mid_pdf,
        "parallel_identical": parallel_pdf == serial_pdf == clean_pdf,
        "fixed_differs": fixed_pdf != clean_pdf and fixed_mid_pdf != clean_pdf,
    }


def run_ours(inp: IssueInput, out: Path, cache: Path | None = None) -> tuple[float, float, int]:
    from gazette.layout import styles
    from gazette.layout.fonts import font_set
    from gazette.layout.typeset import typeset_issue
    from gazette.pdf import assemble

    start, cpu = time.perf_counter(), time.process_time()
    ss = styles.load()
    ts = typeset_issue(inp, ss, font_set(ss.fonts, cache_dir=cache))
    meta = assemble.Meta("bench", "bench", "", "", None)
    out.write_bytes(assemble.print_edition(ts, meta, ss.page.pad_multiple, False, ss.page.bleed))
    return time.perf_counter() - start, time.process_time() - cpu, ts.body_pages


# reading the PDF back --------------------------------------------------------------------------
def analyse(path: Path) -> dict[str, int]:
    """Lines, 禁则 violations and unjustified body lines, from the characters' boxes."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    pdf = pdfium.PdfDocument(str(path))
    lines_total = violations = unjustified = 0
    for page in pdf:
        tp = page.get_textpage()
        rows: dict[int, list[tuple[float, float, str, float]]] = {}
        for i in range(tp.count_chars()):
            ch = chr(raw.FPDFText_GetUnicode(tp, i))
            if ch.isspace() or ch in "\r\n\x00\ufffe":
                continue
            rect = raw.FS_RECTF()
            raw.FPDFText_GetLooseCharBox(tp, i, ctypes.byref(rect))
            x0, x1 = rect.left, rect.right  # the advance box: where the next glyph would start
            ox, oy = ctypes.c_double(), ctypes.c_double()
            raw.FPDFText_GetCharOrigin(tp, i, ctypes.byref(ox), ctypes.byref(oy))
            size = raw.FPDFText_GetFontSize(tp, i)
            rows.setdefault(round(oy.value), []).append((x0, x1, ch, size))
        tp.close()
        page.close()
        lines = [sorted(v) for _k, v in sorted(rows.items(), reverse=True)]
        body = [ln for ln in lines if abs(max(c[3] for c in ln) - 16) < 0.5 and len(ln) > 1]
        if not body:
            continue
        left = min(ln[0][0] for ln in body)
        # the measure's right edge: the commonest line end (a compressed or hanging mark at a
        # line end may reach past it; that is not a short line)
        ends = Counter(round(ln[-1][1] * 2) / 2 for ln in body)
        right = ends.most_common(1)[0][0]
        em = 16.0
        for k, ln in enumerate(lines):
            text = "".join(c[2] for c in ln)
            if text.startswith("—") and text.endswith("—"):
                continue  # folio
            lines_total += 1
            if text[0] in CLOSING and k:
                violations += 1
            if text[-1] in OPENING:
                violations += 1
        for k, ln in enumerate(body[:-1]):
            nxt = body[k + 1]
            continuation = abs(nxt[0][0] - left) < 2  # next line flush left: same paragraph
            starts_flush = abs(ln[0][0] - left) < 2 or abs(ln[0][0] - left - 2 * em) < 2
            if continuation and starts_flush and right - ln[-1][1] > 1.0:
                unjustified += 1
    pages = len(pdf)
    pdf.close()
    return {
        "pages": pages,
        "lines": lines_total,
        "violations": violations,
        "unjustified": unjustified,
    }


def one(
    engine: str, docs: int, cache: Path | None, shipped: Path | None = None
) -> dict[str, object]:
    if shipped is not None:  # the packaged app's metrics of the bundled fonts
        from gazette.layout import fonts

        fonts.SHIPPED = shipped
    inp = realistic_input(docs)
    run = run_ours if engine == "ours" else run_typst
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / f"{engine}.pdf"
        seconds, cpu, body_pages = run(inp, out, cache)
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        figures = analyse(out)
        warm, warm_cpu, _pages = run(inp, out, cache)  # again, with the fonts already loaded
    return {
        "engine": engine,
        "seconds": seconds,
        "cpu": cpu,
        "warm": warm,
        "warm_cpu": warm_cpu,
        "body_pages": body_pages,
        "peak_mb": peak,
        **figures,
    }


def child(
    engine: str, docs: int, cache: Path | None = None, shipped: Path | None = None
) -> dict[str, object]:
    """One engine's figures from a fresh process: nothing loaded, nothing parsed yet."""
    cmd = [sys.executable, __file__, "--engine", engine, "--docs", str(docs)]
    if cache is not None:
        cmd += ["--cache", str(cache)]
    if shipped is not None:
        cmd += ["--shipped", str(shipped)]
    proc = subprocess.run(cmd, capture_output=True, text=True, check=True)
    return dict(json.loads(proc.stdout.strip().splitlines()[-1]))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=34, help="documents in the issue (34 ≈ 200 pages)")
    ap.add_argument("--runs", type=int, default=1, help="rounds of all three builds (medians)")
    ap.add_argument("--smoke", action="store_true", help="tiny scale, for CI")
    ap.add_argument("--engine", choices=("ours", "typst", "incremental"), help=argparse.SUPPRESS)
    ap.add_argument("--cache", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--shipped", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    docs = 2 if args.smoke else args.docs
    if args.engine == "incremental":
        print(json.dumps(incremental(docs, args.cache)))
        return 0
    if args.engine:
        print(json.dumps(one(args.engine, docs, args.cache, args.shipped)))
        return 0
    try:
        import typst  # noqa: F401

        has_typst = True
    except ImportError:
        print("typst: not installed (pip install typst; a benchmark-only tool): no baseline")
        has_typst = False
    rounds: list[dict[str, dict[str, object]]] = []
    steps: list[dict[str, object]] = []
    for _ in range(max(args.runs, 1)):
        results: dict[str, dict[str, object]] = {}
        with tempfile.TemporaryDirectory() as tmp:
            cache = Path(tmp) / "fonts"
            # an editor's first build ever (no metrics cached), then any later one (cached)
            results["cold"] = child("ours", docs, cache)
            results["warm"] = child("ours", docs, cache)
            steps.append(child("incremental", docs, cache))
            # a first build of the packaged app: its user cache empty, its metrics shipped
            from gazette.layout.fonts import ship_metrics

            shipped = Path(tmp) / "shipped"
            ship_metrics(shipped)
            results["shipped"] = child("ours", docs, Path(tmp) / "empty", shipped)
        if has_typst:
            results["typst"] = child("typst", docs)
        rounds.append(results)
    print(
        "each build in a fresh process; ours-cold: empty font-metrics cache (first build on a "
        "machine; see the note on fonts cold below), ours-warm: after the cold run (every later "
        "build), ours-ship: empty cache, the metrics the packaged app ships"
    )
    # pages/s counts the documents' pages (Typst sets no cover, contents or colophon); the
    # CPU figure (all threads of the process) is steadier than wall time on a shared machine
    print(
        f"{'engine':10} {'pages':>6} {'body':>6} {'wall s':>7} {'cpu s':>7} {'pages/s':>8} {'cpu p/s':>8} {'peak MB':>8} {'lines':>7} {'violations':>10} {'unjustified':>11}"
    )
    names = {"cold": "ours-cold", "warm": "ours-warm", "shipped": "ours-ship", "typst": "typst"}
    for results in rounds:
        for key, r in results.items():
            print(
                f"{names[key]:10} {r['pages']:>6} {r['body_pages']:>6} {r['seconds']:>7.2f} {r['cpu']:>7.2f} "
                f"{r['body_pages'] / r['seconds']:>8.1f} {r['body_pages'] / r['cpu']:>8.1f} {r['peak_mb']:>8.0f} "
                f"{r['lines']:>7} {r['violations']:>10} {r['unjustified']:>11}"
            )

    def rate(key: str, field: str) -> float:
        """The median pages per second over the rounds."""
        return statistics.median(float(r[key]["body_pages"]) / float(r[key][field]) for r in rounds)

    print(
        "ours, second build in the same process (fonts loaded, as in the app): "
        f"{rate('warm', 'warm'):.1f} pages/s wall, {rate('warm', 'warm_cpu'):.1f} cpu"
    )
    if has_typst:  # (Typst's second compile of the same input is memoised: not compared)
        for key in ("cold", "warm"):
            for field, label in (("seconds", "wall"), ("cpu", "cpu")):
                ratio = rate(key, field) / rate("typst", field)
                print(
                    f"ratio {names[key]}/typst pages per second ({label}, median of {len(rounds)}): {ratio:.2f}"
                )
    report_times(rounds, steps, has_typst)
    return 0


def report_times(
    rounds: list[dict[str, dict[str, object]]], steps: list[dict[str, object]], has_typst: bool
) -> None:
    """Times of the same input, medians over the rounds, each with its ratio to its baseline
    measured in the same run (a ratio below 1 is faster than the baseline)."""

    def med(values: list[object]) -> float:
        return round(statistics.median(float(str(v)) for v in values), 3)

    clean = med([s["clean"] for s in steps])
    cached = med([s["cached"] for s in steps])
    mid = med([s["mid"] for s in steps])
    serial, parallel = med([s["serial"] for s in steps]), med([s["parallel"] for s in steps])
    cold, warm = (
        med([r["cold"]["seconds"] for r in rounds]),
        med([r["warm"]["seconds"] for r in rounds]),
    )
    ship = med([r["shipped"]["seconds"] for r in rounds])
    relaid, docs = steps[-1]["relaid"], steps[-1]["docs"]
    same = all(s["identical"] and s["parallel_identical"] and s["fixed_differs"] for s in steps)
    print(f"time, same input, median of {len(steps)} (wall seconds; ratio = time / baseline):")
    print(f"clean build: {clean:.3f} s (fonts warm, no layout cache)")
    last = steps[-1]
    print(
        f"cached rebuild after one correction: {cached:.3f} s, {relaid} of {docs} documents "
        f"re-laid out, ratio to clean build {cached / clean:.2f}"
    )
    print(
        f"  drawn again: {last['drawn']} of {docs} documents, {last['pages_drawn']} of "
        f"{last['body_pages']} body pages (the others reused as drawn)"
    )
    print(
        f"cached rebuild after a correction in document {last['middle']}: {mid:.3f} s, "
        f"{last['mid_relaid']} of {docs} documents re-laid out, {last['mid_drawn']} drawn, "
        f"{last['mid_pages_drawn']} of {last['body_pages']} body pages drawn, "
        f"ratio to clean build {mid / clean:.2f}"
    )
    print(
        f"parallel 2 workers: {parallel:.3f} s, serial: {serial:.3f} s, ratio {parallel / serial:.2f}"
    )
    print(
        f"fonts cold: {cold:.3f} s, warm: {warm:.3f} s, ratio {cold / warm:.2f} (fresh processes)"
    )
    print(f"fonts shipped (empty user cache): {ship:.3f} s, ratio to warm {ship / warm:.2f}")
    print(
        "  note: fonts are read lazily from their files (gazette.layout.fontread: a character's "
        "glyph and width looked up in the file's cmap and hmtx when first drawn), so an empty "
        "metrics cache costs nothing; only a font the lazy reader declines (an unusual cmap) "
        "is parsed by ReportLab and kept in the cache"
    )
    print(
        "bytes identical to a clean build (cached, corrected last and middle, parallel): "
        f"{'yes' if same else 'NO'}"
    )
    if has_typst:
        typst = med([r["typst"]["seconds"] for r in rounds])
        print(f"typst: {typst:.3f} s (fresh process)")
        for label, value in (("fonts cold", cold), ("fonts shipped", ship), ("fonts warm", warm),
                             ("clean build", clean), ("cached rebuild", cached),
                             ("cached middle rebuild", mid)):  # fmt: skip
            print(f"ratio {label}/typst: {value / typst:.2f} ({value:.3f} s / {typst:.3f} s)")


if __name__ == "__main__":
    raise SystemExit(main())
