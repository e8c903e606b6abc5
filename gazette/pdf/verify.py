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
    """Remove each furniture string once (a running head, a folio) from a page's text."""
    flat = squash(page)
    for item in furniture:
        piece = squash(item)
        if piece:
            flat = flat.replace(piece, "", 1)
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
