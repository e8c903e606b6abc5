"""Each document's drawn pages, kept on disk, so a rebuild draws only from the changed
document on.

A document always starts on a fresh page, so its pages are a function of its text, the style
sheet, the fonts, the issue's facts in the running head, the page it starts on and the font
subsets the documents before it have filled (a character's code in a page's operators is the
order it was first drawn in the issue). Those are the key of a page run; the run keeps its
pages' compressed operators, the text they print and the font subsets after it. A rebuild
walks the issue from the front: every document whose key is found is reused as it is; from
the first one that is not, the documents are paginated (from their cached lines) and drawn,
starting from the font subsets the last reused run left. The pages are the clean build's,
byte for byte, because every input of them is in the key.

A file is a small JSON head, the subsets' JSON, then the pages' bytes; one that is unreadable
or does not match its key is ignored and rewritten. Safe to delete.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from gazette.files.atomic import atomic_write_bytes
from gazette.files.prune import prune_oldest
from gazette.layout import (
    document,
    fonts,
    furniture,
    linebreak,
    para,
    pdfwrite,
    styles,
    table,
    table_columns,
)
from gazette.layout.furniture import IssueFacts
from gazette.layout.linecache import KEEP, _code_digest
from gazette.layout.pdfwrite import FontState, Part

MAGIC = b"gazette-page-run 1\n"
START = hashlib.sha256(b"no document drawn yet").hexdigest()  # the state before the first


@dataclass
class Run:
    """One document's pages as drawn at a given place in the issue."""

    pages: list[bytes]
    printed: str
    state_digest: str  # of the font subsets after it
    _state: bytes = b""

    def state(self) -> FontState:
        return FontState.from_json(json.loads(self._state))


class RunCache:
    """The page runs of one issue's documents under one folder."""

    def __init__(self, folder: Path, facts: IssueFacts, first_folio: int, base: str) -> None:
        from gazette.layout import typeset  # it builds with this cache: imported when used

        self.folder = folder
        code = _code_digest(
            document, fonts, furniture, linebreak, para, pdfwrite, styles, table,
            table_columns, typeset,
        )  # fmt: skip
        what = json.dumps(
            [facts.values(), list(facts.reading_points), first_folio],
            ensure_ascii=False, sort_keys=True, default=str,
        )  # fmt: skip
        self.base = hashlib.sha256(f"{code}|{base}|{what}".encode()).hexdigest()

    def key(self, text_key: str, doc_id: int, section: str, start: int, before: str) -> str:
        """``text_key``: the document's line-cache key (its text, the style sheet, the fonts);
        ``start`` its first page in the body; ``before`` the digest of the subsets before it."""
        raw = json.dumps([self.base, text_key, doc_id, section, start, before], ensure_ascii=False)
        return hashlib.sha256(raw.encode("utf-8")).hexdigest()

    def path(self, key: str) -> Path:
        return self.folder / f"{key}.run"

    def load(self, key: str) -> Run | None:
        got = _read(self.path(key), key)
        if got is None:
            return None
        head, state, pages = got
        return Run(pages, str(head["printed"]), str(head["state"]), state)

    def save(self, key: str, pages: list[bytes], printed: str, state: FontState) -> str:
        """Keep a document's run; returns the digest of the subsets after it."""
        digest = state.digest()
        _write(self.path(key), {"key": key, "printed": printed, "state": digest}, state, pages)
        return digest

    def part_key(self, name: str, inputs: Any) -> str:
        """The key of a part drawn from the issue's facts and ``inputs`` (the front: every
        document's section, title, number and pages)."""
        raw = json.dumps([self.base, name, inputs], ensure_ascii=False, default=str)
        return hashlib.sha256(raw.encode("utf-8")).hexdigest()

    def load_part(self, key: str, width: float, height: float) -> tuple[Part, Any] | None:
        """A part kept whole (the front, the colophon) and what was kept with it."""
        got = _read(self.folder / f"{key}.pages", key)
        if got is None:
            return None
        head, state, pages = got
        try:
            return Part(width, height, pages, FontState.from_json(json.loads(state))), head["extra"]
        except Exception:
            return None

    def save_part(self, key: str, part: Part, extra: Any) -> None:
        _write(self.folder / f"{key}.pages", {"key": key, "extra": extra}, part.fonts, part.pages)

    def prune(self, keep: int = KEEP) -> int:
        """Delete the least recently used runs, parts and font subsets beyond ``keep``;
        returns how many went."""
        return prune_oldest(self.folder, ("*.run", "*.pages", "*.subset"), keep)


def _write(path: Path, head: dict[str, Any], state: FontState, pages: list[bytes]) -> None:
    head = {**head, "pages": [len(p) for p in pages]}
    data = b"".join([
        MAGIC, json.dumps(head, ensure_ascii=False).encode("utf-8"), b"\n",
        json.dumps(state.to_json(), separators=(",", ":")).encode(), b"\n", *pages,
    ])  # fmt: skip
    with contextlib.suppress(OSError):  # nowhere to write: the next build draws again
        atomic_write_bytes(path, data, sync=False)


def _read(path: Path, key: str) -> tuple[dict[str, Any], bytes, list[bytes]] | None:
    """The head, the subsets' JSON and the pages of a kept file; None when it is absent,
    damaged or not the key's."""
    try:
        data = path.read_bytes()
        if not data.startswith(MAGIC):
            return None
        at = len(MAGIC)
        end = data.index(b"\n", at)
        head = json.loads(data[at:end])
        cut = data.index(b"\n", end + 1)
        if head["key"] != key:
            return None
        pages, pos = [], cut + 1
        for size in head["pages"]:
            pages.append(data[pos : pos + int(size)])
            pos += int(size)
        if pos != len(data) or not all(pages):
            return None
        with contextlib.suppress(OSError):  # used now: the last to be pruned
            os.utime(path)
        return head, data[end + 1 : cut], pages
    except Exception:  # a damaged file only costs drawing it again
        return None
