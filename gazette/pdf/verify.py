"""Reading a built PDF back: its text (pdftotext and pypdf), compared with the stored text.

White space is normalised away on both sides (line breaks and justification move it); every
other character must match. Page furniture (running heads, folios) is removed first.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Iterable
from pathlib import Path

from pypdf import PdfReader

WS = re.compile(r"\s+")


def squash(text: str) -> str:
    return WS.sub("", text)


def pages_pypdf(path: Path) -> list[str]:
    return [p.extract_text() or "" for p in PdfReader(path).pages]


def pages_pdftotext(path: Path) -> list[str]:
    tool = shutil.which("pdftotext")
    if tool is None:
        raise FileNotFoundError("需要 pdftotext（poppler-utils）")
    out = subprocess.run(
        [tool, "-raw", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True
    ).stdout.decode("utf-8")
    pages = out.split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages


def strip_furniture(page: str, furniture: Iterable[str]) -> str:
    """Remove the running head and folio, drawn last on each page, from the end of its text."""
    flat = squash(page)
    pieces = [squash(p) for p in furniture if squash(p)]
    changed = True
    while changed and pieces:
        changed = False
        for piece in list(pieces):
            if flat.endswith(piece):
                flat = flat[: -len(piece)]
                pieces.remove(piece)
                changed = True
    return flat


def text_of(pages: list[str], furniture_per_page: list[list[str]]) -> str:
    return "".join(strip_furniture(p, f) for p, f in zip(pages, furniture_per_page, strict=True))


def first_difference(a: str, b: str) -> str:
    """Where two texts part, shown with a little context (for a readable failure)."""
    for i, (x, y) in enumerate(zip(a, b, strict=False)):
        if x != y:
            return (
                f"第{i}字：期望“{a[max(0, i - 10) : i + 10]}”，实为“{b[max(0, i - 10) : i + 10]}”"
            )
    if len(a) != len(b):
        return f"长度不同：期望{len(a)}字，实为{len(b)}字"
    return ""


def document_furniture(
    section: str, head: str, folios: range, fmt: str = "— {page} —"
) -> list[list[str]]:
    """The furniture strings of each page of a document: section, running head, folio."""
    return [[section, head, fmt.format(page=n)] for n in folios]


def check_pdf_text(
    path: Path, expected: str, furniture: list[list[str]], tool: str = "both"
) -> list[str]:
    """Differences between the text extracted from ``path`` and ``expected`` (empty: equal)."""
    want = squash(expected)
    problems = []
    extractors = {"pypdf": pages_pypdf, "pdftotext": pages_pdftotext}
    for name, fn in extractors.items():
        if tool not in (name, "both"):
            continue
        got = text_of(fn(path), furniture)
        if got != want:
            problems.append(f"{path.name}（{name}）：{first_difference(want, got)}")
    return problems


def _found(flat: str, want: str, pos: int, pieces: int) -> int:
    """The end of ``want`` in ``flat`` after ``pos``, whole or in at most ``pieces`` runs in
    order (a table cell split across pages, with other cells' text between); -1 if not."""
    at = flat.find(want, pos)
    if at >= 0:
        return at + len(want)
    end, rest = pos, want
    for _ in range(pieces):
        lo, hi = 0, len(rest)  # the longest prefix of the rest found after ``end``
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if flat.find(rest[:mid], end) >= 0:
                lo = mid
            else:
                hi = mid - 1
        if lo == 0:
            return -1
        end = flat.find(rest[:lo], end) + lo
        rest = rest[lo:]
        if not rest:
            return end
    return -1


def missing_units(groups: list[list[str]], printed: str, pieces: int = 4) -> list[str]:
    """The units of a document's text not found in ``printed`` (white space aside).

    ``groups`` are in reading order; the units within one group (the cells of a table, the
    title with its 发文字号) may come in any order, since a table continued over a page repeats
    its header, and a cell split across pages may come in up to ``pieces`` runs. Each group
    is looked for after the end of the group before it.
    """
    flat = squash(printed)
    pos, lost = 0, []
    for group in groups:
        end = pos
        for unit in group:
            want = squash(unit)
            if not want:
                continue
            at = _found(flat, want, pos, pieces if len(group) > 1 else 1)
            if at < 0:
                lost.append(unit)
            else:
                end = max(end, at)
        pos = end
    return lost
