"""Structure benchmark: field accuracy of structure detection on the real-document corpus.

Scores every file of tests/gazette/texts_fixtures/real (TXT, DOCX, PDF, OFD, whichever exist for
an id) against its hand-written label, per field and per format, and checks that no text was
lost. The baseline, measured in the same run on the same files, is the plainest reading a
newcomer would write: the first line is the title and nothing else is found. The native files
(real/native: OFD, PDF and DOCX as offices produce them, and forms and invoices that are not gazette
documents) are scored the same way in rows of their own, where a file the label calls
undecodable is right when the import refuses it; files whose label says they are not gazette
documents at all (``"gazette_document": false``: invoices, receipts, licences, forms) are
reported apart again, for information, with no floor. The project's own fixtures are reported
separately. ``--smoke`` scores a few documents, for CI.

    python bench/structure.py [--smoke] [--misses]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from gazette.texts import fidelity  # noqa: E402
from gazette.texts.importer import import_file, read_raw  # noqa: E402
from gazette.texts.labels import FORMATS, Result, load_corpus, score_label, scored_fields  # noqa: E402
from gazette.texts.model import DocumentText  # noqa: E402
from gazette.texts.raw import TextImportError  # noqa: E402

REAL = ROOT / "tests" / "gazette" / "texts_fixtures" / "real"
NATIVE = REAL / "native"
FIXTURES = ROOT / "tests" / "gazette" / "texts_fixtures"
FLOOR = 0.97  # per field, every format (issue 12)
SMOKE_DOCS = 6
FIELDS = scored_fields()


def first_line_baseline(path: Path) -> DocumentText:
    """The naive reading: the first line is the title, nothing else is recognised."""
    items = [x for x in read_raw(path).items if isinstance(x, str) and x.strip()]
    return DocumentText(title=items[0] if items else "")


def pct(right: int, total: int) -> str:
    return f"{100 * right / total:5.1f}%" if total else "    —"


def run(
    smoke: bool, folder: Path = REAL, forms: bool | None = None
) -> tuple[list[Result], list[Result], list[fidelity.Fidelity]]:
    """Score the files of ``folder``; ``forms`` True or False keeps only the files whose label
    says they are (or are not) gazette documents, None keeps all."""
    entries = load_corpus(folder)
    if forms is not None:
        entries = [e for e in entries if (e.label.get("gazette_document") is False) == forms]
    if smoke:
        entries = entries[:SMOKE_DOCS]
    found: list[Result] = []
    baseline: list[Result] = []
    lost: list[fidelity.Fidelity] = []
    for entry in entries:
        for fmt, path in entry.files.items():
            label = entry.label_for(fmt)
            refuse = bool(label.get("undecodable"))
            try:
                doc = import_file(path).text
            except TextImportError as exc:
                # refusing a text layer that decodes to garbage is the right answer, on every
                # field; refusing anything else is a miss on every field
                r = Result(entry.doc_id, fmt, dict.fromkeys(FIELDS, refuse), error=str(exc))
                found.append(r)
                baseline.append(Result(entry.doc_id, fmt, dict.fromkeys(FIELDS, False)))
                continue
            except Exception as exc:  # a crash is a miss on every field, and is listed
                r = Result(entry.doc_id, fmt, dict.fromkeys(FIELDS, False), error=str(exc))
                found.append(r)
                baseline.append(r)
                continue
            if refuse:  # garbage stored as text: wrong on every field
                r = Result(entry.doc_id, fmt, dict.fromkeys(FIELDS, False))
                r.error = "文字层无法解码，却被导入"
                found.append(r)
                baseline.append(r)
                continue
            found.append(score_label(entry.doc_id, fmt, doc, label, FIELDS))
            base = first_line_baseline(path)
            baseline.append(score_label(entry.doc_id, fmt, base, label, FIELDS))
            lost.append(fidelity.check_file(path, doc))
    return found, baseline, lost


def table(found: list[Result], baseline: list[Result]) -> list[str]:
    """Rows: field; columns: each format, then all, then the baseline over all."""
    formats = [f for f in FORMATS if any(r.fmt == f for r in found)]
    head = f"{'field':<12}" + "".join(f"{f:>14}" for f in [*formats, "all", "baseline"])
    lines = [head]
    for name in FIELDS:
        cells = []
        for f in formats:
            rs = [r for r in found if r.fmt == f]
            cells.append(f"{pct(sum(r.fields[name] for r in rs), len(rs))} ({len(rs):>3})")
        ok = sum(r.fields[name] for r in found)
        cells.append(f"{pct(ok, len(found))} ({len(found):>3})")
        ok = sum(r.fields[name] for r in baseline)
        cells.append(f"{pct(ok, len(baseline))} ({len(baseline):>3})")
        lines.append(f"{name:<12}" + "".join(f"{c:>14}" for c in cells))
    return lines


def old_fixtures() -> str:
    sys.path.insert(0, str(FIXTURES))
    import score as fixture_score  # the fixtures' own scorer (tests/gazette/texts_fixtures)

    from gazette.texts.scoring import table as fixture_table

    return fixture_table(fixture_score.run())


def report(
    found: list[Result],
    baseline: list[Result],
    lost: list[fidelity.Fidelity],
    details: bool,
    floor: bool = True,
) -> list[str]:
    """The accuracy table of one set of files, the totals, the floor, lost text and misses."""
    out = table(found, baseline)
    right = sum(sum(r.fields.values()) for r in found)
    base = sum(sum(r.fields.values()) for r in baseline)
    total = len(found) * len(FIELDS)
    out.append(f"fields right: {right}/{total} = {pct(right, total).strip()}")
    out.append(f"baseline fields right: {base}/{total} = {pct(base, total).strip()}")
    out.append(f"ratio detector / baseline: {right / max(base, 1):.2f} × baseline")
    titles = sum(r.fields["title"] for r in found)
    out.append(f"titles right: {titles}/{len(found)}")
    below = [
        (name, f)
        for name in FIELDS
        for f in FORMATS
        if (rs := [r for r in found if r.fmt == f])
        and sum(r.fields[name] for r in rs) / len(rs) < FLOOR
    ]
    out.append(
        f"floor {FLOOR:.0%} per field met: "
        + ("yes" if not below else "no (" + ", ".join(f"{n}/{f}" for n, f in below) + ")")
        if floor
        else "floor: does not apply"
    )
    bad = [x for x in lost if not x.ok]
    out.append(f"text lost: {len(bad)} of {len(lost)} files")
    for x in bad:
        out.append(f"  {x.name}: {len(x.lost)} lines, first: {x.lost[0][:40]}")
    moved = [x for x in lost if x.moved]
    if moved:
        out.append(
            "text kept out of reading order (a form's cells, a side column, a table cell "
            f"printed among the rows it spans): {sum(len(x.moved) for x in moved)} lines in {len(moved)} files"
        )
    out.append("misses:")
    for r in found:
        if r.error and all(r.fields.values()):
            out.append(f"  {r.doc_id}.{r.fmt}: refused as undecodable, as labelled")
        elif r.error:
            out.append(f"  {r.doc_id}.{r.fmt}: 导入失败 {r.error}")
        elif r.misses:
            out.append(f"  {r.doc_id}.{r.fmt}: {', '.join(r.misses)}")
            if details:
                for name in r.misses:
                    out.append(f"      {name}: found {r.found[name]!r}")
                    out.append(f"      {' ' * len(name)}  label {r.wanted[name]!r}")
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--smoke", action="store_true", help=f"first {SMOKE_DOCS} documents, for CI")
    ap.add_argument("--misses", action="store_true", help="print found and wanted for each miss")
    ap.add_argument("--corpus", type=Path, default=REAL, help="another corpus folder")
    ap.add_argument("--native", type=Path, default=NATIVE, help="another native-files folder")
    args = ap.parse_args(argv)
    found, baseline, lost = run(args.smoke, args.corpus)
    docs = len({r.doc_id for r in found})
    print(f"real corpus: {docs} documents, {len(found)} files")
    if "kind" not in FIELDS:
        print("kind: not scored (this build does not find a document's kind from its text)")
    print("\n".join(report(found, baseline, lost, args.misses)))
    if args.native.is_dir():
        found, baseline, lost = run(False, args.native, forms=False)  # few: score all, always
        print(
            f"\nnative files: {len(found)} documents as offices export them (WPS, Word, OFD), "
            "scored apart from the real corpus (a refusal is right where the label says "
            "undecodable)"
        )
        print("\n".join(report(found, baseline, lost, args.misses)))
        found, baseline, lost = run(False, args.native, forms=True)
        print(
            f"\nnative forms: {len(found)} files that are not gazette documents (invoices, a "
            "bank receipt, a licence, case and filing forms; their labels say so), scored for "
            "information: no floor applies, text must still not be lost"
        )
        print("\n".join(report(found, baseline, lost, args.misses, floor=False)))
    print("\nold fixtures (the project's own, scored against their markup):")
    print(old_fixtures())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
