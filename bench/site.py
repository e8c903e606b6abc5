"""Benchmark the site export on a synthetic thirty-year archive (~50,000 documents).

Prints: export time (full, unchanged, after one new issue), the rebuilds against the full export
of the same run and the full export against a plain copy of its folder (what writing those bytes
costs anyway); files written by each; whether the rebuilt folder equals a clean export
(``--check``); page weights (HTML plus the styles, scripts and images a first visit loads); site
and index size, and the bytes a browser downloads for typical two-character searches.
PDFs are two small files made once and reused, as a real archive would reuse its built files.

    python bench/site.py            # 30 years x 12 issues x 140 documents
    python bench/site.py --smoke    # a few seconds, for CI
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import site_synth as synth  # noqa: E402
from gazette.context import open_context  # noqa: E402
from gazette.site import paths, search_index  # noqa: E402
from gazette.site.build import MANIFEST, build  # noqa: E402
from gazette.site.collect import SiteData, collect  # noqa: E402

QUERIES = ("政府", "财政", "生态", "教育", "安全", "农村", "养老", "就业", "市场", "住房")
BUDGET = 300 * 1024


def tree_size(folder: Path, prefix: str = "") -> tuple[int, int]:
    files = [p for p in (folder / prefix).rglob("*") if p.is_file()] if prefix else None
    if files is None:
        files = [p for p in folder.rglob("*") if p.is_file()]
    return len(files), sum(p.stat().st_size for p in files)


def search_bytes(out: Path, query: str) -> tuple[int, int, int]:
    """(bytes of manifest + shards + first page of hit snippets, hits, shard files loaded)."""
    reader = search_index.IndexReader(out)
    hits = reader.search(query)
    total = (out / "search/manifest.js").stat().st_size + sum(reader.loaded.values())
    total += sum((out / paths.doc_data(seq)).stat().st_size for seq in hits[:20])
    return total, len(hits), len(reader.loaded)


LINKED = re.compile(r'(?:src|href)="([^"#?]+\.(?:css|js|png|jpg|webp))(?:\?[^"]*)?"')


def site_pages(data: SiteData) -> dict[str, str]:
    """The four page types a visit meets (bench/lighthouse.py measures the same pages)."""
    return {
        "home": "index.html",
        "issue": paths.issue_page(data.issues[-1]),
        "document": paths.doc_page(data.docs[-1].id),
        "search": "search.html",
    }


def page_weights(out: Path, data: SiteData) -> list[tuple[str, int, str]]:
    """(page, bytes a first visit downloads, its parts): the HTML and the styles, scripts and
    images it links to (a search page also loads the index manifest before any query)."""
    rows = []
    for name, rel in site_pages(data).items():
        html = (out / rel).read_text("utf-8")
        parts = {rel: len(html.encode())}
        for link in LINKED.findall(html):
            target = (out / rel).parent / link
            if target.is_file():
                parts[link.lstrip("./")] = target.stat().st_size
        if name == "search":
            parts["search/manifest.js"] = (out / "search/manifest.js").stat().st_size
        text = ", ".join(f"{k} {v / 1024:.1f}" for k, v in parts.items())
        rows.append((name, sum(parts.values()), text))
    return rows


def compare(a: Path, b: Path) -> list[str]:
    """Files that differ between two exports, or exist in one only (the manifests by content)."""
    names = {p.relative_to(a).as_posix() for p in a.rglob("*") if p.is_file()}
    names |= {p.relative_to(b).as_posix() for p in b.rglob("*") if p.is_file()}
    differ = []
    for rel in sorted(names):
        x, y = a / rel, b / rel
        if not (x.is_file() and y.is_file()):
            differ.append(rel)
        elif rel == MANIFEST:
            if json.loads(x.read_text("utf-8")) != json.loads(y.read_text("utf-8")):
                differ.append(rel)
        elif x.read_bytes() != y.read_bytes():
            differ.append(rel)
    return differ


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--smoke", action="store_true", help="tiny scale, for CI")
    ap.add_argument("--years", type=int, default=30)
    ap.add_argument("--issues", type=int, default=12, help="issues per year")
    ap.add_argument("--docs", type=int, default=140, help="documents per issue")
    ap.add_argument("--keep", metavar="DIR", help="build into DIR and keep it")
    ap.add_argument("--check", action="store_true", help="also export clean and compare every file")
    args = ap.parse_args(argv)
    if args.smoke:
        args.years, args.issues, args.docs = 2, 2, 6
        args.check = True
    work = Path(tempfile.mkdtemp(prefix="gazette-site-bench-"))
    os.environ["GAZETTE_CONFIG_DIR"] = str(work / "config")
    out = Path(args.keep) if args.keep else work / "site"
    try:
        ctx = open_context(None, work / "data")
        t = time.perf_counter()
        made = synth.fill(
            ctx,
            first_year=2026 - args.years,
            years=args.years,
            issues_per_year=args.issues,
            docs_per_issue=args.docs,
            historical_before=2026 - args.years + args.years // 3,
            varied=True,
        )
        print(
            f"synthetic archive: {made.issues} issues, {made.documents} documents "
            f"({time.perf_counter() - t:.1f} s to generate, not part of the export)"
        )

        cpu = time.process_time()
        full = build(ctx, out)
        full_cpu = time.process_time() - cpu
        files, size = tree_size(out)
        idx_files, idx_size = tree_size(out, "search/s")
        snip_files, snip_size = tree_size(out, "search/d")
        t = time.perf_counter()
        shutil.copytree(out, work / "copy")
        copy_s = time.perf_counter() - t
        shutil.rmtree(work / "copy")
        print(
            f"full export:       {full.seconds:8.3f} s  ({made.documents / full.seconds:.0f} docs/s; "
            f"{full_cpu:.2f} s CPU, {full_cpu / made.documents * 1000:.1f} ms CPU per document) "
            f"wrote {len(full.written)} files"
        )
        print(f"baseline copy:     {copy_s:8.3f} s  (copying the finished folder)")
        print(f"export / copy:     {full.seconds / copy_s:8.2f} x")
        for name, weight, parts in page_weights(out, collect(ctx)):
            print(f"page weight {name + ':':9s}{weight / 1024:7.1f} KiB ({parts})")
        cpu = time.process_time()
        same = build(ctx, out)
        same_cpu = time.process_time() - cpu
        detail = f" ({', '.join(same.written)})" if 0 < len(same.written) <= 5 else ""
        print(
            f"unchanged rebuild: {same.seconds:8.3f} s  wrote {len(same.written)} files{detail}  "
            f"ratio to full {same.seconds / full.seconds:.3f}; CPU {same_cpu:.2f} s, "
            f"{same_cpu / full_cpu:.3f} of the full export's (target: at most 2 s)"
        )
        synth.fill(
            ctx,
            first_year=2026,
            years=1,
            issues_per_year=1,
            docs_per_issue=args.docs,
            seed=99,
            varied=True,
        )
        cpu = time.process_time()
        one = build(ctx, out)
        one_cpu = time.process_time() - cpu
        shard_writes = sum(p.startswith("search/s/") for p in one.written)
        print(
            f"one new issue:     {one.seconds:8.3f} s  wrote {len(one.written)} files of "
            f"{one.files} ({shard_writes} of {len(list((out / 'search/s').iterdir()))} index "
            f"shards; {sum((out / p).stat().st_size for p in one.written) / 2**20:.1f} MiB to "
            f"upload)  ratio to full {one.seconds / full.seconds:.3f}; CPU {one_cpu:.2f} s, "
            f"{one_cpu / full_cpu:.3f} of the full export's (target: at most 0.100)"
        )
        if args.check:
            clean = build(ctx, work / "clean")
            differ = compare(out, work / "clean")
            print(
                f"same as a clean export: {'yes' if not differ else 'NO'} "
                f"({clean.files} files compared, {len(differ)} differ)"
            )
            shutil.rmtree(work / "clean")
        rows = [(q, *search_bytes(out, q)) for q in QUERIES]
        print(f"site:              {files} files, {size / 2**20:.1f} MiB (before the new issue)")
        print(
            f"search index:      {idx_files} shards, {idx_size / 2**20:.1f} MiB "
            f"(largest {max(p.stat().st_size for p in (out / 'search/s').iterdir()) / 1024:.0f} KiB); "
            f"snippets {snip_files} files, {snip_size / 2**20:.1f} MiB"
        )
        whole = idx_size + snip_size
        for q, b, hits, nshards in rows:
            print(f"  query {q}: {b / 1024:6.1f} KiB, {nshards} shard(s), {hits} hits")
        worst = max(b for _, b, _, _ in rows)
        typical = statistics.median(b for _, b, _, _ in rows)
        print(
            f"two-character query: typical {typical / 1024:.1f} KiB, worst {worst / 1024:.1f} KiB "
            f"(budget {BUDGET // 1024} KiB) = {typical / whole:.5f} of the whole index "
            f"({whole / 2**20:.1f} MiB)"
        )
        print(f"load average:      {' / '.join(f'{x:.2f}' for x in os.getloadavg())}")
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"peak memory:       {peak:.0f} MiB")
        ctx.close()
        return 0 if worst <= BUDGET and not same.written else 1
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
