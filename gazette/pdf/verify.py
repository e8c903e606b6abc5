"""Reading a built PDF back: its text (pdftotext and pypdf), compared with the stored text.

White space is normalised away on both sides (line breaks and justification move it); every
other character must match. Page furniture (running heads, folios) is removed first.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterable
from pathlib import Path

from pypdf import PdfReader

from gazette.layout.textcheck import squash


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
