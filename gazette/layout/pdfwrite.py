"""Pages drawn by ReportLab, kept as page streams, and written to a PDF file by us.

ReportLab's own ``save`` formats every page and every font object through pure-Python helpers,
and pypdf then parsed that file and wrote it again: two thirds of a build, paid for every page
even when only the last document changed. Here a part (the body, the front, the colophon) is
its pages' compressed content streams plus the state of its fonts' subsets; a page run can be
kept from an earlier build and reused as it is, and writing the file is joining bytes.

The fonts are ReportLab's dynamic TrueType subsets: ``FontState`` is what a ReportLab document
knows about them (which characters each subset holds, in which order, under which names). It
can be taken after a document of the issue and put back into a fresh ReportLab document, so
the next document is drawn with exactly the codes a clean build gives it.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import zlib
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import reportlab
from reportlab.lib.rl_accel import fp_str
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import (
    FF_NONSYMBOLIC,
    FF_SYMBOLIC,
    SUBSETN,
    TTFont,
    makeToUnicodeCMap,
)
from reportlab.pdfgen.canvas import Canvas

from gazette.files.atomic import atomic_write_bytes

# zlib's fastest level for every stream: the font subsets and pages of a 200-page issue took
# 74 ms to compress at the default level 6 and take 36 ms at level 1, for a file 9 % larger
LEVEL = 1

# one font's subsets in a document: name, internal name, next code, subsets, assignments
FontEntry = tuple[str, str, int, tuple[tuple[int, ...], ...], tuple[tuple[int, int], ...]]


@dataclass(frozen=True)
class FontState:
    """The subsets a ReportLab document has assigned, per font, in the order first used."""

    fonts: tuple[FontEntry, ...] = ()

    def to_json(self) -> list[Any]:
        return [[n, i, c, [list(s) for s in subs], [list(a) for a in ass]]
                for n, i, c, subs, ass in self.fonts]  # fmt: skip

    @classmethod
    def from_json(cls, rows: Sequence[Any]) -> FontState:
        return cls(tuple(
            (str(n), str(i), int(c), tuple(tuple(int(x) for x in s) for s in subs),
             tuple((int(a), int(b)) for a, b in ass))
            for n, i, c, subs, ass in rows
        ))  # fmt: skip

    def digest(self) -> str:
        raw = json.dumps(self.to_json(), separators=(",", ":"))
        return hashlib.sha256(raw.encode()).hexdigest()


def take_state(doc: Any) -> FontState:
    """The font subsets of a ReportLab ``PDFDocument`` so far (TrueType fonts only)."""
    out: list[FontEntry] = []
    for name in doc.fontMapping:
        font = pdfmetrics.getFont(name)
        if not isinstance(font, TTFont):
            raise ValueError(f"字体“{name}”不是 TrueType 字体，无法缓存版面")
        st = font.state.get(doc)
        if st is None:
            continue
        out.append((
            name, str(st.internalName), int(st.nextCode),
            tuple(tuple(s) for s in st.subsets), tuple(sorted(st.assignments.items())),
        ))  # fmt: skip
    return FontState(tuple(out))


def put_state(doc: Any, state: FontState) -> None:
    """Make a fresh ReportLab document know the fonts' subsets as ``state`` records them."""
    doc.fontMapping.clear()
    del doc.delayedFonts[:]
    for name, internal, next_code, subsets, assignments in state.fonts:
        font = pdfmetrics.getFont(name)
        st = font._assignState(doc)
        st.internalName = internal
        st.nextCode = next_code
        st.subsets = [list(s) for s in subsets]
        st.assignments = dict(assignments)
        st.frozen = 0
        doc.fontMapping[name] = "/" + internal
        doc.delayedFonts.append(font)


class CaptureCanvas(Canvas):  # type: ignore[misc]
    """A canvas that keeps each page's operators (compressed) instead of a PDF page object,
    and starts, when given one, from a font state taken after an earlier document."""

    _currentMatrix: tuple[float, float, float, float, float, float]  # ReportLab's, tracked

    def __init__(self, *args: Any, state: FontState | None = None, **kw: Any) -> None:
        self.pages: list[bytes] = []
        self.page_marks: list[int] = []  # len(pages) when each recorded mark was set
        super().__init__(*args, **kw)
        if state is not None:
            put_state(self._doc, state)

    def translate(self, dx: float, dy: float) -> None:
        """ReportLab's ``translate``, its two numbers formatted once per value: every
        flowable drawn moves the origin, and ReportLab's pure-Python formatting of the six
        numbers of each move was most of the number formatting of a build."""
        if self._code and self._code[-1][-3:] == " cm":  # ReportLab merges the two moves
            super().translate(dx, dy)
            return
        a, b, c, d, e, f = self._currentMatrix
        self._currentMatrix = (a, b, c, d, a * dx + c * dy + e, b * dx + d * dy + f)
        self._code.append(f"1 0 0 1 {_number(dx)} {_number(dy)} cm")

    def showPage(self) -> None:
        if (
            self._annotationrefs
            or self._formsinuse
            or self._colorsUsed
            or self._shadingUsed
            or self._extgstate.getState()
            or self._cropMarks
        ):
            raise ValueError("页面使用了缓存版面不支持的元素（注释、表单、透明度或裁切标记）")
        code = [*self._psCommandsBeforePage, self._preamble, *self._code, " "]
        code += self._psCommandsAfterPage
        self.pages.append(zlib.compress(("\n".join(code) + "\n").encode("utf-8"), LEVEL))
        if self._onPage:
            self._onPage(self._pageNumber)
        self._startPage()


@dataclass
class Part:
    """Pages of one ReportLab document: compressed content streams, size, font subsets;
    ``keep``: a folder where the subsets' font objects are kept for the next process."""

    width: float
    height: float
    pages: list[bytes] = field(default_factory=list)
    fonts: FontState = field(default_factory=FontState)
    keep: Path | None = None


# the objects of a font subset, by font and characters: a rebuild after one correction writes
# the same subsets again (only the last one of a font may have grown)
_SUBSETS: dict[tuple[str, int, tuple[int, ...]], tuple[bytes, bytes, bytes]] = {}
_SUBSETS_KEPT = 512
_ON_DISK: set[tuple[Path, tuple[str, int, tuple[int, ...]]]] = set()  # written or read here


def _stream(data: bytes, extra: str = "") -> bytes:
    return (
        f"<< /Filter /FlateDecode /Length {len(data)}{extra} >>\nstream\n".encode()
        + data
        + b"\nendstream"
    )


def _subset_objects(
    name: str, subset: Sequence[int], n: int, keep: Path | None = None
) -> tuple[bytes, bytes, bytes]:
    """A subset's font dict (refs as ``{tu}`` and ``{fd}``), ToUnicode stream and font file:
    from this process's memo, the ``keep`` folder, or made (the font file cut by ReportLab)."""
    key = (name, n, tuple(subset))
    got = _SUBSETS.get(key)
    if got is None and keep is not None:
        got = _load_subset(keep, key)
        if got is not None:
            _ON_DISK.add((keep, key))
    if got is None:
        got = _make_subset(name, subset, n)
    if keep is not None and (keep, key) not in _ON_DISK:
        _save_subset(keep, key, got)
        _ON_DISK.add((keep, key))
    _remember(key, got)
    return got


def _remember(key: tuple[str, int, tuple[int, ...]], got: tuple[bytes, bytes, bytes]) -> None:
    if key not in _SUBSETS and len(_SUBSETS) >= _SUBSETS_KEPT:
        _SUBSETS.pop(next(iter(_SUBSETS)))
    _SUBSETS[key] = got


SUBSET_MAGIC = b"gazette-font-subset 2\n"  # 2: compressed at ``LEVEL``


def _subset_path(folder: Path, key: tuple[str, int, tuple[int, ...]]) -> Path:
    """By the font's file (name, size, time), the subset and ReportLab's version."""
    font = pdfmetrics.getFont(key[0])
    try:
        st = os.stat(font.face.filename)
        stamp = [str(font.face.filename), st.st_size, st.st_mtime_ns]
    except (OSError, TypeError, AttributeError):
        stamp = [key[0]]
    raw = json.dumps([reportlab.Version, key[0], key[1], list(key[2]), stamp])
    return folder / f"{hashlib.sha256(raw.encode()).hexdigest()}.subset"


def _load_subset(
    folder: Path, key: tuple[str, int, tuple[int, ...]]
) -> tuple[bytes, bytes, bytes] | None:
    try:
        path = _subset_path(folder, key)
        data = path.read_bytes()
        if not data.startswith(SUBSET_MAGIC):
            return None
        at = len(SUBSET_MAGIC)
        end = data.index(b"\n", at)
        sizes = [int(x) for x in json.loads(data[at:end])]
        parts, pos = [], end + 1
        for size in sizes:
            parts.append(data[pos : pos + size])
            pos += size
        if len(parts) != 3 or pos != len(data):
            return None
        with contextlib.suppress(OSError):  # used now: the last to be pruned
            os.utime(path)
        return parts[0], parts[1], parts[2]
    except Exception:  # a damaged file only costs cutting the subset again
        return None


def _save_subset(
    folder: Path, key: tuple[str, int, tuple[int, ...]], objs: tuple[bytes, bytes, bytes]
) -> None:
    data = SUBSET_MAGIC + json.dumps([len(o) for o in objs]).encode() + b"\n" + b"".join(objs)
    with contextlib.suppress(OSError):  # nowhere to write: the next process cuts it again
        atomic_write_bytes(_subset_path(folder, key), data, sync=False)


@lru_cache(maxsize=4096, typed=True)
def _number(value: float) -> str:
    """``fp_str`` of one number, remembered (a page's flowables share a few positions)."""
    return str(fp_str(value))


@lru_cache(maxsize=4096, typed=True)
def _width_text(width: float) -> str:
    """``fp_str`` of a glyph width, remembered: a CJK subset's 256 widths are nearly all one
    value, and ReportLab's pure-Python formatting of each was a sixth of cutting a subset."""
    return str(fp_str(width))


def _make_subset(name: str, subset: Sequence[int], n: int) -> tuple[bytes, bytes, bytes]:
    objs, cmap, data = _cut_subset(name, subset, n)
    return objs, cmap, _font_file(zlib.compress(data, LEVEL), data)


def _font_file(packed: bytes, data: bytes) -> bytes:
    return _stream(packed, f" /Length1 {len(data)}")


def _cut_ahead(parts: Sequence[Part | None]) -> None:
    """Make the subsets the parts need that are neither in this process's memo nor kept,
    each font file compressed on a second thread while the next is cut (zlib lets go of the
    interpreter; ReportLab's cutting does not): compressing them one after the other was a
    tenth of a build. What is made goes to the memo, where ``_subset_objects`` finds it."""
    todo: dict[tuple[str, int, tuple[int, ...]], None] = {}
    for part in parts:
        keep = part.keep if part is not None else None
        for name, _internal, _next, subsets, _ass in part.fonts.fonts if part else ():
            for n, subset in enumerate(subsets):
                key = (name, n, tuple(subset))
                if key in _SUBSETS or key in todo:
                    continue
                got = _load_subset(keep, key) if keep is not None else None
                if got is not None and keep is not None:
                    _ON_DISK.add((keep, key))
                    _remember(key, got)
                else:
                    todo[key] = None
    if len(todo) < 2:
        return
    # the thread ends with the call: a process with one thread forks its layout workers
    with ThreadPoolExecutor(1, "pdf-subsets") as pool:
        cut = []
        for key in todo:
            objs, cmap, data = _cut_subset(key[0], key[2], key[1])
            cut.append((key, objs, cmap, data, pool.submit(zlib.compress, data, LEVEL)))
        for key, objs, cmap, data, packed in cut:
            _remember(key, (objs, cmap, _font_file(packed.result(), data)))


def _cut_subset(name: str, subset: Sequence[int], n: int) -> tuple[bytes, bytes, bytes]:
    """A subset's font dict and descriptor, its ToUnicode stream, and its font file as cut
    (not yet compressed)."""
    font = pdfmetrics.getFont(name)
    face = font.face
    base = b"".join((SUBSETN(n), b"+", face.name, face.subfontNameX)).decode("pdfdoc")
    widths = " ".join(_width_text(face.getCharWidth(c)) for c in subset)
    head = (
        f"<< /Type /Font /Subtype /TrueType /BaseFont /{base} /FirstChar 0 "
        f"/LastChar {len(subset) - 1} /Widths [ {widths} ] /ToUnicode {{tu}} 0 R "
        f"/FontDescriptor {{fd}} 0 R >>"
    ).encode()
    cmap = _stream(zlib.compress(makeToUnicodeCMap(base, list(subset)).encode("utf-8"), LEVEL))
    data = face.makeSubset(list(subset))
    flags = (face.flags & ~FF_NONSYMBOLIC) | FF_SYMBOLIC
    bbox = " ".join(fp_str(v) for v in face.bbox)
    descriptor = (
        f"<< /Type /FontDescriptor /Ascent {fp_str(face.ascent)} /CapHeight "
        f"{fp_str(face.capHeight)} /Descent {fp_str(face.descent)} /Flags {flags} /FontBBox "
        f"[ {bbox} ] /FontName /{base} /ItalicAngle {fp_str(face.italicAngle)} /StemV "
        f"{fp_str(face.stemV)} /MissingWidth {fp_str(face.defaultWidth)} /FontFile2 {{ff}} 0 R >>"
    ).encode()
    return head + b"\n" + descriptor, cmap, data


def _text(value: str) -> str:
    """A PDF text string: UTF-16BE with its byte order mark, in hex."""
    return "<FEFF" + value.encode("utf-16-be").hex().upper() + ">"


# a blank page in the sequence of pages to write
BLANK = None


def write_pdf(parts: Sequence[Part | None], info: dict[str, str], ident: bytes) -> bytes:
    """The PDF of the parts' pages in order (``None``: one blank page of the previous part's
    size); ``info`` the document information, ``ident`` the 16 bytes of the file's /ID."""
    _cut_ahead(parts)
    objects: list[bytes] = []

    def add(body: bytes = b"") -> int:
        objects.append(body)
        return len(objects)

    add()  # 1 catalog
    add()  # 2 page tree
    info_no = add(("<< " + " ".join(f"/{k} {_text(v)}" for k, v in info.items()) + " >>").encode())
    kids: list[int] = []
    size = (595.0, 842.0)
    for part in parts:
        if part is None:
            w, h = size
            kids.append(add(
                f"<< /Type /Page /Parent 2 0 R /MediaBox [ 0 0 {fp_str(w)} {fp_str(h)} ] "
                "/Resources << >> >>".encode()
            ))  # fmt: skip
            continue
        size = (part.width, part.height)
        fonts: list[str] = []
        for name, internal, _next, subsets, _ass in part.fonts.fonts:
            for n, subset in enumerate(subsets):
                head, cmap, file_obj = _subset_objects(name, subset, n, part.keep)
                font_no = add()
                tu, fd, ff = add(cmap), add(), add(file_obj)
                font_dict, descriptor = head.split(b"\n", 1)
                objects[font_no - 1] = font_dict.replace(b"{tu}", b"%d" % tu).replace(
                    b"{fd}", b"%d" % fd
                )
                objects[fd - 1] = descriptor.replace(b"{ff}", b"%d" % ff)
                fonts.append(f"/{internal}+{n} {font_no} 0 R")
        resources = f"/Resources << /Font << {' '.join(fonts)} >> /ProcSet [ /PDF /Text ] >>"
        box = f"/MediaBox [ 0 0 {fp_str(part.width)} {fp_str(part.height)} ]"
        for stream in part.pages:
            contents = add(_stream(stream))
            kids.append(add(
                f"<< /Type /Page /Parent 2 0 R {box} {resources} /Contents {contents} 0 R >>"
                .encode()
            ))  # fmt: skip
    objects[0] = b"<< /Type /Catalog /Pages 2 0 R >>"
    objects[1] = (
        f"<< /Type /Pages /Kids [ {' '.join(f'{k} 0 R' for k in kids)} ] /Count {len(kids)} >>"
    ).encode()
    out = [b"%PDF-1.4\n%\x93\x8c\x8b\x9e\n"]
    at = len(out[0])
    offsets = []
    for no, body in enumerate(objects, 1):
        chunk = b"%d 0 obj\n" % no + body + b"\nendobj\n"
        offsets.append(at)
        out.append(chunk)
        at += len(chunk)
    xref = [b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)]
    xref += [b"%010d 00000 n \n" % o for o in offsets]
    ident_hex = ident.hex().upper()
    trailer = (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R /Info {info_no} 0 R "
        f"/ID [ <{ident_hex}> <{ident_hex}> ] >>\nstartxref\n{at}\n%%EOF\n"
    ).encode()
    return b"".join(out) + b"".join(xref) + trailer
