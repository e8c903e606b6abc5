"""OCR benchmark: pages per minute and character error rate on clean and degraded pages.

Pages are rendered from known text (archive.synth, A4 at 300 dpi, every other page in two
columns); degraded pages use the fixed damage in ``archive.synth.DEGRADED``. Compared in the
same run: the stock single-process ``RapidOCR()`` call (the baseline, ratio 1.00), the app's
tuned worker processes, and Tesseract chi_sim when installed. CER ignores white space; every
engine's lines are put in reading order the same way, so CER measures recognition, not layout.

    python bench/ocr.py [--pages N] [--smoke] [--no-tesseract]
"""

from __future__ import annotations

import argparse
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def cer(ref: str, hyp: str) -> float:
    """Levenshtein distance over the reference length, white space removed."""
    a = "".join(ref.split())
    b = "".join(hyp.split())
    if not a:
        return 0.0 if not b else 1.0
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1] / len(a)


def make_pages(folder: Path, count: int, small: bool) -> list[tuple[Path, str, str]]:
    """(image path, reference text, kind) for ``count`` clean and ``count`` degraded pages."""
    from archive import synth

    out = []
    for i in range(count):
        size = (1240, 900) if small else synth.A4_PX
        page = synth.render_page(
            1000 + i,
            columns=2 if i % 2 else 1,
            heading="关于加强政府信息公开工作的通知" if i % 2 == 0 else None,
            lines_per_column=4 if small else 30,
            size=size,
        )
        clean = folder / f"clean-{i}.png"
        page.image.save(clean)
        bad = folder / f"degraded-{i}.jpg"
        synth.degrade(page.image, synth.DEGRADED, seed=i).save(bad, quality=95)
        out += [(clean, page.text, "clean"), (bad, page.text, "degraded")]
    return out


def _score(results: list[tuple[str, str, str]]) -> dict[str, float]:
    by: dict[str, list[float]] = {}
    for kind, ref, hyp in results:
        by.setdefault(kind, []).append(cer(ref, hyp))
    return {k: sum(v) / len(v) for k, v in by.items()}


def run_stock(pages: list[tuple[Path, str, str]]) -> tuple[float, float, dict[str, float]]:
    from rapidocr import RapidOCR

    from archive import ocr

    eng = RapidOCR(params={"Global.log_level": "warning"})
    eng(ocr.load_rgb(pages[0][0]))  # warm-up, as the tuned pool is warm
    results = []
    t0, c0 = time.perf_counter(), time.process_time()
    for path, ref, kind in pages:
        res = eng(ocr.load_rgb(path))
        lines = [
            {"text": t, "box": b.tolist(), "conf": s, "chars": [], "corrected": None}
            for t, b, s in zip(
                res.txts or (),
                res.boxes if res.boxes is not None else (),
                res.scores or (),
                strict=False,
            )
        ]
        results.append((kind, ref, "".join(ln["text"] for ln in ocr.reading_order(lines))))
    return time.perf_counter() - t0, time.process_time() - c0, _score(results)


def run_tuned(
    pages: list[tuple[Path, str, str]], workers: int
) -> tuple[float, float, dict[str, float]]:
    from archive import ocr

    pool = ocr.OcrPool(workers=workers)
    t0 = time.perf_counter()
    warm = pool.pool().map(ocr._work, [(-i, str(pages[0][0])) for i in range(workers)])
    startup = time.perf_counter() - t0
    assert all(w[1] is not None for w in warm)
    t0 = time.perf_counter()
    jobs = [(i, str(p)) for i, (p, _, _) in enumerate(pages)]
    done: dict[int, list] = {}
    cpu = 0.0
    for pid, lines, _s, _e, _err, used in pool.pool().imap_unordered(ocr._work, jobs):
        done[pid] = lines or []
        cpu += used
    wall = time.perf_counter() - t0
    pool.close()
    results = [
        (kind, ref, "".join(ln["text"] for ln in done[i] or []))
        for i, (_, ref, kind) in enumerate(pages)
    ]
    return wall, startup, cpu, _score(results)


def run_tesseract(
    pages: list[tuple[Path, str, str]],
) -> tuple[float, float, dict[str, float]] | None:
    exe = shutil.which("tesseract")
    if not exe:
        return None
    langs = subprocess.run([exe, "--list-langs"], capture_output=True, text=True).stdout
    if "chi_sim" not in langs:
        return None
    results = []
    t0 = time.perf_counter()
    c0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    for path, ref, kind in pages:
        proc = subprocess.run(
            [exe, str(path), "stdout", "-l", "chi_sim", "--psm", "3"],
            capture_output=True,
            text=True,
            timeout=900,
        )
        results.append((kind, ref, proc.stdout))
    c1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (c1.ru_utime + c1.ru_stime) - (c0.ru_utime + c0.ru_stime)
    return time.perf_counter() - t0, cpu, _score(results)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=int, default=3, help="clean pages (as many degraded)")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--smoke", action="store_true", help="one small page of each kind")
    ap.add_argument("--no-tesseract", action="store_true")
    args = ap.parse_args(argv)
    count = 1 if args.smoke else args.pages
    if args.smoke:
        args.workers = 1  # the same code path with one model load less
    with tempfile.TemporaryDirectory() as tmp:
        pages = make_pages(Path(tmp), count, small=args.smoke)
        n = len(pages)
        print(
            f"页面：{count} 清晰 + {count} 退化（{'小样' if args.smoke else 'A4 300 dpi'}，单双栏交替）"
        )
        from archive.synth import DEGRADED

        print(f"退化参数：{DEGRADED}")
        stock_s, stock_cpu, stock_cer = run_stock(pages)
        tuned_s, startup, tuned_cpu, tuned_cer = run_tuned(pages, args.workers)
        rows = [
            ("RapidOCR 原始调用（单进程）", stock_s, stock_cpu, stock_cer),
            (f"本程序（{args.workers} 进程 × 1 线程，调优）", tuned_s, tuned_cpu, tuned_cer),
        ]
        tess = None if args.no_tesseract or args.smoke else run_tesseract(pages)
        if tess:
            rows.append(("Tesseract chi_sim", *tess))
        print(
            f"{'引擎':<26}{'清晰CER':>9}{'退化CER':>9}{'秒/页':>8}{'CPU秒/页':>10}{'页/分钟':>9}{'倍数':>7}"
        )
        base_ppm = 60 * n / stock_s
        for name, secs, cpu, scores in rows:
            ppm = 60 * n / secs
            print(
                f"{name:<24}{scores.get('clean', 0) * 100:>8.2f}%{scores.get('degraded', 0) * 100:>8.2f}%"
                f"{secs / n:>8.2f}{cpu / n:>10.2f}{ppm:>9.1f}{ppm / base_ppm:>7.2f}"
            )
        print(f"工作进程启动（载入模型）：{startup:.1f} 秒，每次识别任务一次")
        if not tess and not args.smoke and not args.no_tesseract:
            print("Tesseract chi_sim 未安装（apt-get install tesseract-ocr tesseract-ocr-chi-sim）")
        ok = tuned_cer.get("clean", 1) <= 0.01 and tuned_cer.get("degraded", 1) <= 0.03
        print(
            f"目标：清晰 ≤1%、退化 ≤3%：{'达到' if ok else '未达到'}；速度倍数 {60 * n / tuned_s / base_ppm:.2f}（目标 ≥2）"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
