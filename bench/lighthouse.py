"""Lighthouse on the exported site: the four page types (home, issue, document, search with a
query), on a phone and on a desktop, served over HTTP from 127.0.0.1.

Prints per page and form factor the four category scores, CLS, LCP, FCP, TBT and the bytes
Lighthouse saw transferred, and LCP against a baseline measured in the same run: a one-paragraph
page served by the same server to the same browser (what any page costs here, whatever its
content). Page weights as ``bench/site.py`` prints them come first.

Chromium is given the project's bundled fonts (resources/fonts) through a private fontconfig
file: a reader's machine has Chinese fonts and a bare CI image does not, and without them every
character is a failed font lookup that costs more layout time than the page itself.

    python bench/lighthouse.py                # the demo office's site and the 3-year archive
    python bench/lighthouse.py --demo         # the demo office's site only
    python bench/lighthouse.py --years 3      # the archive bench/site.py --years 3 builds
    python bench/lighthouse.py --smoke        # the demo office's site, for CI

Needs npm's ``lighthouse`` (``.ci/run`` installs the pinned version into .cache/lighthouse, or
set LIGHTHOUSE) and Chromium (``chromium`` on PATH, or CHROME_PATH).
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import http.server
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import site_synth as synth  # noqa: E402
from bench.site import QUERIES, page_weights, site_pages  # noqa: E402
from gazette.context import open_context  # noqa: E402
from gazette.site.build import build  # noqa: E402
from gazette.site.collect import collect  # noqa: E402

CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
FORMS = ("mobile", "desktop")
LOCAL_LIGHTHOUSE = ROOT / ".cache" / "lighthouse" / "node_modules" / ".bin" / "lighthouse"
QUERY = QUERIES[1]  # 财政: a two-character word, the commonest kind of query
BASELINE = "__baseline.html"
KEEP: Path | None = None  # --keep: where each run's JSON report is saved
BASELINE_HTML = (
    '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">'
    '<meta name="viewport" content="width=device-width, initial-scale=1">'
    '<meta name="description" content="基线页面"><title>基线</title></head>'
    "<body><main><h1>基线</h1><p>一段文字。</p></main></body></html>"
).encode()


def tools() -> tuple[str, str] | str:
    """(lighthouse, chromium), or why they cannot be used."""
    lighthouse = os.environ.get("LIGHTHOUSE") or (
        str(LOCAL_LIGHTHOUSE) if LOCAL_LIGHTHOUSE.is_file() else shutil.which("lighthouse")
    )
    chrome = os.environ.get("CHROME_PATH") or shutil.which("chromium")
    if not lighthouse:
        return (
            "lighthouse not found (.ci/run installs it into .cache/lighthouse; or set LIGHTHOUSE)"
        )
    if not chrome:
        return "chromium not found (install Debian's chromium, or set CHROME_PATH)"
    return lighthouse, chrome


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Static files over HTTP/1.1 keep-alive, as any web server serves them; plus the baseline."""

    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        if self.path.lstrip("/") == BASELINE:
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(BASELINE_HTML)))
            self.end_headers()
            self.wfile.write(BASELINE_HTML)
            return
        super().do_GET()

    def log_message(self, *args: Any) -> None:
        pass


@contextlib.contextmanager
def serve(folder: Path) -> Iterator[str]:
    """The folder at http://127.0.0.1:<a free port>/ for the length of the block."""
    handler = functools.partial(_Handler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def fontconfig(work: Path) -> Path:
    """A fontconfig file that adds the bundled faces to the system's (see the module doc)."""
    conf = work / "fonts.conf"
    conf.write_text(
        "<?xml version='1.0'?><!DOCTYPE fontconfig SYSTEM 'fonts.dtd'><fontconfig>"
        "<include ignore_missing='yes'>/etc/fonts/fonts.conf</include>"
        f"<dir>{ROOT / 'resources' / 'fonts'}</dir><cachedir>{work / 'fc-cache'}</cachedir>"
        "</fontconfig>",
        encoding="utf-8",
    )
    return conf


@dataclass(frozen=True)
class Result:
    """One Lighthouse run's figures (scores 0-100, times in ms)."""

    scores: dict[str, int]
    cls: float
    lcp: float
    fcp: float
    tbt: float
    bytes: int
    failing: list[str]


def lighthouse(url: str, form: str, tool: tuple[str, str], env: dict[str, str]) -> Result:
    flags = "--headless=new --disable-gpu --disable-dev-shm-usage"
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        flags += " --no-sandbox"  # Chromium refuses to start its sandbox as root (CI containers)
    cmd = [
        tool[0],
        url,
        "--quiet",
        "--output=json",
        "--output-path=stdout",
        f"--only-categories={','.join(CATEGORIES)}",
        f"--chrome-flags={flags}",
    ]
    if form == "desktop":
        cmd.append("--preset=desktop")
    proc = subprocess.run(
        cmd, capture_output=True, text=True, timeout=300, env={**env, "CHROME_PATH": tool[1]}
    )
    if proc.returncode != 0 or not proc.stdout.strip():
        raise RuntimeError(f"lighthouse {url} ({form}) failed: {proc.stderr[-2000:]}")
    report = json.loads(proc.stdout)
    if KEEP:
        KEEP.mkdir(parents=True, exist_ok=True)
        name = re.sub(r"[^\w.-]+", "_", url.split("/", 3)[-1]) or "index"
        (KEEP / f"{name}.{form}.json").write_text(proc.stdout, encoding="utf-8")
    if report.get("runtimeError"):
        raise RuntimeError(f"lighthouse {url} ({form}): {report['runtimeError']}")
    cats, audits = report["categories"], report["audits"]
    failing = [
        ref["id"]
        for cat in cats.values()
        for ref in cat["auditRefs"]
        if ref["weight"] > 0 and (audits[ref["id"]].get("score") or 1) < 1
    ]
    return Result(
        scores={c: round((cats[c]["score"] or 0) * 100) for c in CATEGORIES},
        cls=audits["cumulative-layout-shift"]["numericValue"],
        lcp=audits["largest-contentful-paint"]["numericValue"],
        fcp=audits["first-contentful-paint"]["numericValue"],
        tbt=audits["total-blocking-time"]["numericValue"],
        bytes=int(audits["total-byte-weight"]["numericValue"]),
        failing=failing,
    )


def measure(label: str, out: Path, pages: dict[str, str], tool: tuple[str, str]) -> bool:
    """Lighthouse on each page, phone and desktop; prints a line per run. True when every
    score is 100, CLS < 0.05 and LCP < 2.5 s."""
    ok = True
    with tempfile.TemporaryDirectory(prefix="gazette-lighthouse-") as tmp:
        env = {**os.environ, "FONTCONFIG_FILE": str(fontconfig(Path(tmp)))}
        with serve(out) as base:
            for form in FORMS:
                t = time.perf_counter()
                ref = lighthouse(base + BASELINE, form, tool, env)
                print(
                    f"lighthouse {label} baseline {form}: LCP {ref.lcp / 1000:.2f} s "
                    f"({time.perf_counter() - t:.0f} s to run)"
                )
                for name, rel in pages.items():
                    t = time.perf_counter()
                    r = lighthouse(base + rel, form, tool, env)
                    scores = " ".join(f"{c} {r.scores[c]}" for c in CATEGORIES)
                    print(
                        f"lighthouse {label} {name} {form}: {scores}; CLS {r.cls:.3f}; "
                        f"LCP {r.lcp / 1000:.2f} s, {r.lcp / ref.lcp:.2f} x baseline; "
                        f"FCP {r.fcp / 1000:.2f} s; TBT {r.tbt:.0f} ms; "
                        f"{r.bytes / 1024:.1f} KiB transferred "
                        f"({time.perf_counter() - t:.0f} s to run)"
                    )
                    if r.failing:
                        print(f"  below 1: {', '.join(r.failing)}")
                    # judged on the figures as printed, so a reader can check the verdict
                    good = (
                        min(r.scores.values()) == 100
                        and round(r.cls, 3) < 0.05
                        and round(r.lcp / 1000, 2) < 2.5
                    )
                    ok = ok and good
    return ok


def pages_of(data: Any) -> dict[str, str]:
    """The four page types' addresses, the search page with a two-character query."""
    pages = site_pages(data)
    pages["search"] += "?q=" + quote(QUERY)
    return pages


def demo_site(work: Path) -> tuple[Path, dict[str, str], list[tuple[str, int, str]]]:
    """The demo office, as ``gazette demo`` loads it, exported."""
    from archive import demo  # the whole office: the core's parts and the historical backlog

    ctx = open_context(None, work / "demo-data")
    try:
        demo.load_office(ctx)
        out = work / "demo-site"
        build(ctx, out)
        data = collect(ctx)
        return out, pages_of(data), page_weights(out, data)
    finally:
        ctx.close()


def synthetic_site(
    work: Path, years: int, issues: int, docs: int
) -> tuple[Path, dict[str, str], list[tuple[str, int, str]]]:
    """The synthetic archive exactly as ``bench/site.py --years N`` makes it, exported."""
    ctx = open_context(None, work / f"synth{years}-data")
    try:
        synth.fill(
            ctx,
            first_year=2026 - years,
            years=years,
            issues_per_year=issues,
            docs_per_issue=docs,
            historical_before=2026 - years + years // 3,
            varied=True,
        )
        out = work / f"synth{years}-site"
        build(ctx, out)
        data = collect(ctx)
        return out, pages_of(data), page_weights(out, data)
    finally:
        ctx.close()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--smoke", action="store_true", help="the demo site only, for CI")
    ap.add_argument("--demo", action="store_true", help="the demo office's site")
    ap.add_argument("--years", type=int, help="the synthetic archive of N years")
    ap.add_argument("--issues", type=int, default=12, help="issues per year")
    ap.add_argument("--docs", type=int, default=140, help="documents per issue")
    ap.add_argument("--keep", metavar="DIR", help="save each run's JSON report into DIR")
    args = ap.parse_args(argv)
    global KEEP
    KEEP = Path(args.keep) if args.keep else None
    tool = tools()
    if isinstance(tool, str):
        print(f"cannot run: {tool}", file=sys.stderr)
        return 2
    version = subprocess.run([tool[0], "--version"], capture_output=True, text=True).stdout
    print(f"lighthouse {version.strip()}, {tool[1]}")
    if args.smoke:
        args.demo, args.years = True, None
    elif not args.demo and args.years is None:
        args.demo, args.years = True, 3
    started = time.perf_counter()
    work = Path(tempfile.mkdtemp(prefix="gazette-lighthouse-bench-"))
    os.environ["GAZETTE_CONFIG_DIR"] = str(work / "config")
    ok = True
    try:
        sites = []
        if args.demo:
            sites.append(("demo", demo_site(work)))
        if args.years:
            sites.append(
                (f"years{args.years}", synthetic_site(work, args.years, args.issues, args.docs))
            )
        for label, (out, pages, weights) in sites:
            for name, weight, parts in weights:
                print(f"page weight {label} {name + ':':9s}{weight / 1024:7.1f} KiB ({parts})")
            ok = measure(label, out, pages, tool) and ok
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"targets met (every score 100, CLS < 0.05, LCP < 2.5 s): {'yes' if ok else 'NO'}")
    print(f"load average:      {' / '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"wall time:         {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
