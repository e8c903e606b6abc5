"""Each document's broken lines, kept on disk, so a proof round re-lays out only what changed.

Line breaking (禁则, justification, a table cell's even lines) is the part of a build that
depends on a document alone: every ``Typesetter.lines`` call is a pure function of the text,
the paragraph style, the measure and the fonts' widths. A build records, per document, every
call it made and its lines; the next build of the same document (same text, style sheet, fonts
and line-breaking code: the file's key) reads them back and only paginates and draws. Lines
come back exactly as computed (JSON keeps a float's every bit), so the PDF is byte-identical to
a clean build's.

Documents that must be laid out afresh can be broken into lines in worker processes first
(``workers.lay_out_parallel``): a document's lines do not depend on the page it starts on, only on its
text, so the workers run a dry pagination of each document alone (nothing drawn, nothing saved)
and hand back its lines. The file is JSON (no pickle: a planted file cannot run code); a file
that is unreadable or malformed is ignored and rewritten. Safe to delete.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import reportlab

from gazette.files.atomic import atomic_write_bytes
from gazette.files.prune import prune_oldest
from gazette.layout import linebreak, para
from gazette.layout.fonts import FontSet
from gazette.layout.linebreak import Line
from gazette.layout.styles import StyleSheet

FORMAT = 1
KEEP = 4000  # files kept: a year's issues and their proof rounds; the least recently used go
Key = tuple[str, str, float, str, float, float]  # text, role, size, align, first indent, measure
Entries = dict[Key, list[Line]]


def layout_cache_of(data_dir: Path) -> Path:
    """Where a data folder keeps documents' broken lines (safe to delete: rebuilt on demand)."""
    return data_dir / "cache" / "layout"


def _code_digest(*modules: Any) -> str:
    """The line-breaking code's own bytes (or ``modules``'): a changed algorithm never reads
    old lines."""
    h = hashlib.sha256(f"{FORMAT}|{reportlab.Version}".encode())
    for module in modules or (linebreak, para):
        with contextlib.suppress(OSError, TypeError):  # a frozen build without sources
            h.update(Path(str(module.__file__)).read_bytes())
    return h.hexdigest()


def fonts_digest(fonts: FontSet) -> str:
    """Which font files draw each role (a width comes from them), by name, size and time."""
    parts: list[Any] = []
    for role in sorted(fonts.chains or fonts.faces):
        for face in fonts.chains.get(role) or [fonts.faces[role]]:
            path = face.file.path
            try:
                st = path.stat()
                stamp: list[Any] = [st.st_size, st.st_mtime_ns]
            except OSError:
                stamp = []
            parts.append([role, face.name, str(path), face.file.face, *stamp])
    return hashlib.sha256(json.dumps(parts, ensure_ascii=False).encode("utf-8")).hexdigest()


def style_digest(ss: StyleSheet) -> str:
    raw = json.dumps(ss.raw, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


class LineCache:
    """The per-document line files under one folder, for one style sheet and font set."""

    def __init__(self, folder: Path, ss: StyleSheet, fonts: FontSet) -> None:
        self.folder = folder
        self.base = f"{_code_digest()}|{style_digest(ss)}|{fonts_digest(fonts)}"

    def key_of(self, text_json: dict[str, Any]) -> str:
        doc = json.dumps(text_json, ensure_ascii=False, sort_keys=True, default=str)
        return hashlib.sha256(f"{self.base}|{doc}".encode()).hexdigest()

    def path(self, key: str) -> Path:
        return self.folder / f"{key}.lines.json"

    def load(self, key: str) -> Entries | None:
        """The document's lines, or None when absent, unreadable or malformed."""
        try:
            path = self.path(key)
            data = json.loads(path.read_text("utf-8"))
            with contextlib.suppress(OSError):  # used now: the last to be pruned
                os.utime(path)
            if data["format"] != FORMAT or data["key"] != key:
                return None
            return decode(data["entries"])
        except Exception:  # a damaged cache only costs a fresh layout
            return None

    def save(self, key: str, entries: Entries) -> None:
        data = {"format": FORMAT, "key": key, "entries": encode(entries)}
        with contextlib.suppress(OSError):  # nowhere to write: the next build lays out again
            atomic_write_bytes(
                self.path(key), json.dumps(data, ensure_ascii=False).encode("utf-8"), sync=False
            )

    def prune(self, keep: int = KEEP) -> int:
        """Delete the least recently used files beyond ``keep`` (old versions of corrected
        documents are never read again); returns how many went."""
        return prune_oldest(self.folder, ("*.lines.json",), keep)


def encode(entries: Entries) -> list[Any]:
    return [
        [list(key), [[ln.text, ln.natural, ln.spacing, ln.indent, ln.last] for ln in lines]]
        for key, lines in entries.items()
    ]


def decode(rows: Iterable[Any]) -> Entries:
    out: Entries = {}
    for key, lines in rows:
        text, role, size, align, first, measure = key
        k: Key = (str(text), str(role), float(size), str(align), float(first), float(measure))
        out[k] = [_line(*row) for row in lines]
    return out


def _line(text: Any, natural: Any, spacing: Any, indent: Any, last: Any) -> Line:
    if not (isinstance(text, str) and isinstance(last, bool)):
        raise ValueError("malformed line")
    return Line(text, float(natural), float(spacing), float(indent), last)
