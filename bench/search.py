"""Search benchmark: a synthetic thirty-year archive, index build, latency per query class,
agreement with a substring scan on every query, and a LIKE scan baseline in the same run.

    python bench/search.py                 # ~50,000 documents, ~100 M characters (slow to build)
    python bench/search.py --smoke         # a few hundred documents, seconds
    python bench/search.py --pg-url URL    # also PostgreSQL, at --pg-scale of the corpus

Latency is for the first page of 20 ranked results with highlighted snippets, through the same
``gazette.search.service`` the app uses.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from search_corpus import NO_HIT_CHARS, WORDS, Doc, Generator
from search_load import load_archive

from gazette.context import AppContext, open_context
from gazette.search import indexer, service
from gazette.search.model import Filters
from gazette.search.query import Query, parse
from gazette.search.snippets import matches
from gazette.search.tokenise import normalise

CLASSES = ("1字", "2字", "3字", "4字以上", "多词+筛选")
Case = tuple[str, Filters]


def make_queries(docs: list[Doc], n: int, seed: int = 7) -> dict[str, list[Case]]:
    import random

    rng = random.Random(seed)
    none = Filters()

    def substring(length: int) -> str:
        while True:
            d = rng.choice(docs)
            text = d.body
            i = rng.randrange(0, max(1, len(text) - length))
            s = text[i : i + length]
            if len(s) == length and not any(c.isspace() for c in s):
                return s

    def no_hit(s: str) -> str:
        i = rng.randrange(len(s))
        return s[:i] + rng.choice(NO_HIT_CHARS) + s[i + 1 :]

    distinct = sorted({c for d in docs[:2000] for c in d.body if not c.isspace()})
    out: dict[str, list[Case]] = {c: [] for c in CLASSES}
    for k in range(n):
        r = k % 10
        one = (
            rng.choice(NO_HIT_CHARS)
            if r == 0
            else (rng.choice(distinct) if r < 5 else substring(1))
        )
        out["1字"].append((one, none))
        for cls, lo, hi in (("2字", 2, 2), ("3字", 3, 3), ("4字以上", 4, 8)):
            s = substring(rng.randint(lo, hi))
            out[cls].append((no_hit(s) if r == 0 else s, none))
        terms = rng.sample(WORDS, rng.randint(2, 3))
        if r == 1:
            terms[-1] = "-" + terms[-1]
        if r == 0:
            terms.append(no_hit("政务公开"))
        d = rng.choice(docs)
        filt = rng.choice(
            [
                Filters(year_from=d.year - 3, year_to=d.year + 3),
                Filters(issuer=d.issuer),
                Filters(historical=d.historical),
                Filters(validity="有效", year_from=d.year),
                Filters(date_from=d.issued_on, date_to=d.issued_on.replace(month=12, day=31)),
            ]
        )
        out["多词+筛选"].append((" ".join(terms), filt))
    return out


def scan_ids(norm_docs: list[tuple[Doc, str]], q: Query, f: Filters) -> set[int]:
    """The plain rule, in Python, over every document: what the index must answer."""
    ids = set()
    for d, text in norm_docs:
        if f.year_from is not None and d.year < f.year_from:
            continue
        if f.year_to is not None and d.year > f.year_to:
            continue
        if f.issuer and f.issuer not in d.issuer:
            continue
        if f.historical is not None and d.historical != f.historical:
            continue
        if f.validity and d.validity != f.validity:
            continue
        if f.date_from and d.issued_on < f.date_from:
            continue
        if f.date_to and d.issued_on > f.date_to:
            continue
        if matches(text, q.include, q.exclude):
            ids.add(d.id)
    return ids


def raw_terms(text: str) -> tuple[list[str], list[str]]:
    """The bench's queries as typed (words, -words): LIKE sees the text un-normalised."""
    words = text.split()
    return [w for w in words if not w.startswith("-")], [w[1:] for w in words if w[:1] == "-"]


def like_scan(ctx: AppContext, text_query: str, f: Filters) -> int:
    """Baseline: LIKE over title, number and body, filters on the documents table, top 20."""
    from sqlalchemy import text

    def like(i: int, term: str, neg: bool) -> str:
        esc = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        params[f"p{i}"] = f"%{esc}%"
        e = "ESCAPE '\\'"
        cond = (
            f"(title LIKE :p{i} {e} OR coalesce(doc_number, '') LIKE :p{i} {e} "
            f"OR body_text LIKE :p{i} {e})"
        )
        return f"NOT {cond}" if neg else cond

    params: dict[str, object] = {}
    include, exclude = raw_terms(text_query)
    where = [like(i, t, False) for i, t in enumerate(include)]
    where += [like(100 + i, t, True) for i, t in enumerate(exclude)]
    if f.year_from is not None:
        where.append("issued_on >= :yf")
        params["yf"] = f"{f.year_from}-01-01"
    if f.year_to is not None:
        where.append("issued_on <= :yt")
        params["yt"] = f"{f.year_to}-12-31"
    if f.issuer:
        where.append("issuer LIKE :iss")  # contains, as the index's issuer filter
        params["iss"] = f"%{f.issuer}%"
    if f.historical is not None:
        where.append("historical = :h")
        params["h"] = f.historical
    if f.validity:
        where.append("validity = :v")
        params["v"] = f.validity
    if f.date_from:
        where.append("issued_on >= :df")
        params["df"] = f.date_from
    if f.date_to:
        where.append("issued_on <= :dt")
        params["dt"] = f.date_to
    cond = " AND ".join(where) or "1=1"
    with ctx.db.engine.connect() as conn:
        n = conn.execute(text(f"SELECT count(*) FROM documents WHERE {cond}"), params).scalar()
        conn.execute(
            text(f"SELECT id FROM documents WHERE {cond} ORDER BY issued_on DESC LIMIT 20"), params
        ).all()
    return int(n or 0)


def pct(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, round(p / 100 * (len(values) - 1)))]


def run(
    ctx: AppContext,
    docs: list[Doc],
    n_queries: int,
    n_scan: int,
    label: str,
    say: Callable[[str], None],
) -> dict[str, object]:
    t0 = time.perf_counter()
    load_archive(ctx, docs)
    load_s = time.perf_counter() - t0
    size0 = _size(ctx)
    t0, c0 = time.perf_counter(), time.process_time()
    service.rebuild(ctx)
    build_s = time.perf_counter() - t0
    say(f"[{label}] 建索引 CPU {time.process_time() - c0:.1f} s")
    size = _size(ctx) - size0
    chars = sum(len(d.body) for d in docs)
    text_bytes = sum(len(d.body.encode("utf-8")) for d in docs)
    say(
        f"[{label}] {len(docs)} 件，{chars / 1e6:.1f} M 字；载入 {load_s:.1f} s；"
        f"建索引 {build_s:.1f} s，索引约 {size / 2**20:.0f} MiB"
    )
    base_s, base_size = trigram_baseline(ctx.db.data_dir, docs)
    queries = make_queries(docs, n_queries)
    norm_docs = [
        (d, normalise("\n".join(x for x in (d.title, d.doc_number or "", d.body) if x)))
        for d in docs
    ]
    index = indexer.index_for(ctx.db.dialect)
    table: dict[str, dict[str, float]] = {}
    disagreements = 0
    with ctx.db.engine.connect() as conn:
        for cls, cases in queries.items():
            times, cpu, counted, hits = [], [], [], 0
            for text, f in cases:
                t, c = time.perf_counter(), time.thread_time()
                res = service.search_conn(conn, text, f, count=False)  # what the screen shows
                times.append((time.perf_counter() - t) * 1000)
                cpu.append((time.thread_time() - c) * 1000)
                t = time.perf_counter()
                res = service.search_conn(conn, text, f)  # with the exact total
                counted.append((time.perf_counter() - t) * 1000)
                hits += res.total > 0
            # agreement on every query: the whole result set against the plain rule
            for text, f in cases:
                q = parse(text)
                want = scan_ids(norm_docs, q, f)
                got = index.search(conn, q, f, 0, 10**9)
                if {h.doc_id for h in got.hits} != want or got.total != len(want):
                    disagreements += 1
                    say(f"  不一致：{text!r} {f} 索引 {got.total} 扫描 {len(want)}")
            scan_times, scan_bad = [], 0
            for text, f in cases[:n_scan]:
                q = parse(text)
                t = time.perf_counter()
                n = like_scan(ctx, text, f)
                scan_times.append((time.perf_counter() - t) * 1000)
                scan_bad += n != service.search_conn(conn, q, f).total
            table[cls] = {
                "n": len(times),
                "with_hits": hits,
                "p50": pct(times, 50),
                "p95": pct(times, 95),
                "cpu50": pct(cpu, 50),
                "total95": pct(counted, 95),
                "cpu95": pct(cpu, 95),
                "scan_n": len(scan_times),
                "scan_p50": pct(scan_times, 50),
                "scan_p95": pct(scan_times, 95),
                "scan_disagree": scan_bad,
            }
    return {
        "build_s": build_s,
        "size": size,
        "base_s": base_s,
        "base_size": base_size,
        "table": table,
        "disagree": disagreements,
        "docs": len(docs),
        "chars": chars,
        "text_bytes": text_bytes,
    }


def trigram_baseline(folder: Path, docs: list[Doc]) -> tuple[float, int]:
    """(seconds, bytes) of SQLite's stock substring index over the same texts, in a file of
    its own: an FTS5 ``trigram`` table (text stored), filled in steps of 1,000 documents as the
    rebuild commits. It cannot answer 1- and 2-character queries; it is the yardstick."""
    import sqlite3

    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"trigram-{uuid.uuid4().hex[:8]}.sqlite3"
    db = sqlite3.connect(path)
    try:
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        db.execute("CREATE VIRTUAL TABLE t USING fts5(text, tokenize='trigram')")
        t0 = time.perf_counter()
        for start in range(0, len(docs), 1000):
            with db:
                db.executemany(
                    "INSERT INTO t (rowid, text) VALUES (?, ?)",
                    [
                        (d.id, "\n".join(x for x in (d.title, d.doc_number or "", d.body) if x))
                        for d in docs[start : start + 1000]
                    ],
                )
        with db:
            db.execute("INSERT INTO t (t) VALUES ('optimize')")
        seconds = time.perf_counter() - t0
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        page, count = (db.execute(f"PRAGMA {p}").fetchone()[0] for p in ("page_size", "page_count"))
    finally:
        db.close()
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    return seconds, int(page * count)


def _size(ctx: AppContext) -> int:
    from sqlalchemy import text

    with ctx.db.engine.connect() as conn:
        if ctx.db.dialect == "sqlite":
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
            page = conn.exec_driver_sql("PRAGMA page_size").scalar() or 0
            count = conn.exec_driver_sql("PRAGMA page_count").scalar() or 0
            free = conn.exec_driver_sql("PRAGMA freelist_count").scalar() or 0
            return int(page * (count - free))
        # the search tables of this schema only: the database is shared with other work
        sql = (
            "SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0) FROM pg_class c "
            "JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE c.relkind = 'r' AND n.nspname = current_schema() "
            "AND c.relname LIKE 'search%'"
        )
        return int(conn.execute(text(sql)).scalar() or 0)


def report(result: dict[str, object], label: str, say: Callable[[str], None]) -> None:
    table = result["table"]
    assert isinstance(table, dict)
    say(
        f"\n{label}: {result['docs']} 件 / {int(result['chars']) / 1e6:.1f} M 字, "  # type: ignore[call-overload]
        f"建索引 {result['build_s']:.2f} s, 索引 {int(result['size']) / 2**20:.0f} MiB, "  # type: ignore[call-overload]
        f"与扫描不一致 {result['disagree']} 条"
    )
    size, text_bytes = int(result["size"]), max(int(result["text_bytes"]), 1)  # type: ignore[call-overload]
    build_s, base_s = float(result["build_s"]), float(result["base_s"])  # type: ignore[arg-type]
    base_size = int(result["base_size"])  # type: ignore[call-overload]
    say(f"索引/正文 {size / text_bytes:.2f}×")
    say(
        f"基线 FTS5 trigram：建索引 {base_s:.2f} s，索引/正文 {base_size / text_bytes:.2f}×；"
        f"本索引对基线：时间 {build_s / max(base_s, 1e-3):.2f}×，大小 {size / max(base_size, 1):.2f}×"
    )
    bad = sum(int(r["scan_disagree"]) for r in table.values())
    say(f"LIKE 扫描与索引总数不一致：{bad} 条")
    say(
        "| 类别 | 查询数 | 有结果 | p50 ms | p95 ms | CPU p50 | CPU p95 | 含总数 p95 | LIKE 扫描数 | 扫描 p50 ms | 扫描 p95 ms | 倍数(p50) | 倍数(p95) |"
    )
    say("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for cls, row in table.items():
        say(
            f"| {cls} | {row['n']} | {row['with_hits']} | {row['p50']:.2f} | {row['p95']:.2f} | "
            f"{row['cpu50']:.2f} | {row['cpu95']:.2f} | {row['total95']:.2f} | "
            f"{row['scan_n']} | {row['scan_p50']:.2f} | {row['scan_p95']:.2f} | "
            f"{row['scan_p50'] / max(row['p50'], 1e-3):.1f}× | "
            f"{row['scan_p95'] / max(row['p95'], 1e-3):.1f}× |"
        )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--docs", type=int, default=50_000)
    ap.add_argument("--chars", type=int, default=2000, help="mean characters per document")
    ap.add_argument("--queries", type=int, default=200, help="queries per class")
    ap.add_argument("--scan", type=int, default=30, help="LIKE scans per class")
    ap.add_argument(
        "--samples",
        type=Path,
        action="append",
        default=[],
        help="text files or folders whose character frequencies to use",
    )
    ap.add_argument("--pg-url", default=os.environ.get("GAZETTE_TEST_PG_URL", ""))
    ap.add_argument("--pg-scale", type=float, default=0.1)
    ap.add_argument("--no-pg", action="store_true")
    ap.add_argument("--no-sqlite", action="store_true", help="only the PostgreSQL part")
    ap.add_argument("--smoke", action="store_true", help="tiny scale, for CI")
    ap.add_argument(
        "--keep-pg", action="store_true", help="keep the PostgreSQL schema (to EXPLAIN queries)"
    )
    ap.add_argument("--data-dir", type=Path)
    args = ap.parse_args(argv)
    if args.smoke:
        args.docs, args.queries, args.scan, args.chars = 300, 20, 3, 600
    samples: list[Path] = []
    for s in args.samples:
        samples += sorted(s.glob("*.txt")) if s.is_dir() else [s]

    def say(line: str) -> None:
        print(line, flush=True)

    t0 = time.perf_counter()
    docs = Generator(1, samples).archive(args.docs, args.chars)
    say(f"生成语料 {time.perf_counter() - t0:.1f} s")
    failures = 0
    results: dict[str, dict[str, object]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.data_dir or Path(tmp)
        if not args.no_sqlite:
            ctx = open_context(f"sqlite:///{folder / 'bench.sqlite3'}", folder)
            try:
                result = run(ctx, docs, args.queries, args.scan, "SQLite", say)
            finally:
                ctx.close()
            report(result, "SQLite", say)
            results["SQLite"] = result
            failures += int(result["disagree"])  # type: ignore[call-overload]
            failures += sum(int(r["scan_disagree"]) for r in result["table"].values())  # type: ignore[attr-defined]
        if args.pg_url and not args.no_pg:
            pg_docs = docs[: max(50, int(len(docs) * args.pg_scale))]
            url, drop = _pg_schema(args.pg_url, args.keep_pg)
            ctx = open_context(url, folder / "pg")
            try:
                result = run(ctx, pg_docs, args.queries, args.scan, "PostgreSQL", say)
            finally:
                ctx.close()
                drop()
            report(result, "PostgreSQL", say)
            results["PostgreSQL"] = result
            failures += int(result["disagree"])  # type: ignore[call-overload]
    if len(results) == 2:
        compare(results["SQLite"], results["PostgreSQL"], say)
    say(f"负载 {' / '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return 1 if failures else 0


def compare(lite: dict[str, object], pg: dict[str, object], say: Callable[[str], None]) -> None:
    """PostgreSQL against SQLite, measured in this run (same corpus when --pg-scale is 1)."""
    lt, pt = lite["table"], pg["table"]
    assert isinstance(lt, dict) and isinstance(pt, dict)
    same = "同一语料" if lite["docs"] == pg["docs"] else f"PostgreSQL 仅 {pg['docs']} 件"
    say(f"\nPostgreSQL 对 SQLite（{same}）")
    say("| 类别 | SQLite p95 ms | PostgreSQL p95 ms | 倍数 |")
    say("|---|---|---|---|")
    for cls in CLASSES:
        a, b = lt[cls]["p95"], pt[cls]["p95"]
        say(f"| {cls} | {a:.2f} | {b:.2f} | {b / max(a, 1e-3):.2f}× |")
    say(
        f"| 建索引 s | {lite['build_s']:.2f} | {pg['build_s']:.2f} | "  # type: ignore[str-format]
        f"{float(pg['build_s']) / max(float(lite['build_s']), 1e-3):.2f}× |"  # type: ignore[arg-type]
    )
    ls, ps = int(lite["size"]), int(pg["size"])  # type: ignore[call-overload]
    say(f"| 索引 MiB | {ls / 2**20:.1f} | {ps / 2**20:.1f} | {ps / max(ls, 1):.2f}× |")


def _pg_schema(base: str, keep: bool = False) -> tuple[str, Callable[[], None]]:
    import sqlalchemy as sa
    from sqlalchemy.engine import make_url

    schema = f"bench_{uuid.uuid4().hex[:10]}"
    engine = sa.create_engine(base)
    with engine.begin() as conn:
        conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    url = make_url(base).update_query_dict({"options": f"-csearch_path={schema}"})

    def drop() -> None:
        if keep:
            print(f"保留 PostgreSQL 模式 {schema}", flush=True)
            engine.dispose()
            return
        with engine.begin() as conn:
            conn.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
        engine.dispose()

    return url.render_as_string(hide_password=False), drop


if __name__ == "__main__":
    sys.exit(main())
