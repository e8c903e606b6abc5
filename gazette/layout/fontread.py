"""A TrueType face read lazily from its file: the character map and widths looked up per
character, straight from the mapped file, instead of parsed whole.

ReportLab's parse walks every character of a CJK font's ``cmap``, ``hmtx`` and ``loca`` in
pure Python (about 0.1 s a font, half a second for the bundled five, and the millions of
objects it leaves slow the rest of the build). A build draws a few thousand characters, so
here the small tables (name, head, OS/2, post, hhea, maxp) are read by ReportLab itself, and
the big ones are kept as typed arrays over the file's bytes: a character's glyph is found by
bisecting the cmap's segments, its width by indexing ``hmtx``. Each lookup gives exactly what
ReportLab's parse would have (the tests compare every font's face, entry by entry, in order),
so the PDF is the same. A map that is iterated or counted is built whole, in ReportLab's order.

Only the cmap formats of ordinary fonts are read this way (4, and 12 with segments in order);
any other file gives ``None``, and the caller parses it (``fontcache``).
"""

from __future__ import annotations

import mmap
import struct
import sys
from array import array
from bisect import bisect_left
from collections.abc import Callable, Iterator, MutableMapping, Sequence
from pathlib import Path
from typing import Any

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFontFile, TTFontParser

from gazette.layout.fontcache import FontFace, HMetrics

MISS = object()
_U32 = next(code for code in "ILQ" if array(code).itemsize == 4)  # a 32-bit unsigned typecode


class Declined(ValueError):
    """A font file this reader leaves to ReportLab's parse."""


class LazyMap(MutableMapping[int, Any]):
    """A code point → value map computed per code; iterating or counting builds it whole."""

    def __init__(
        self,
        lookup: Callable[[int], Any],
        whole: Callable[[], dict[int, Any]],
        size: Callable[[], int] | None = None,
    ) -> None:
        self._lookup, self._whole, self._size = lookup, whole, size
        self.known: dict[int, Any] = {}  # looked up so far (or, once built, everything)
        self._set: dict[int, Any] = {}  # codes set (by ReportLab's shaping), in order
        self._built = False

    def __getitem__(self, code: int) -> Any:
        try:
            return self.known[code]
        except KeyError:
            if self._built or type(code) is not int:
                raise
        value = self._lookup(code)
        if value is MISS:
            raise KeyError(code)
        self.known[code] = value
        return value

    # get() and ``in`` are Mapping's own, which ask __getitem__ as above

    def __setitem__(self, code: int, value: Any) -> None:
        if not self._built:
            self._set[code] = value
        self.known[code] = value

    def __delitem__(self, code: int) -> None:
        raise TypeError("a font's character map is not shrunk")

    def _build(self) -> dict[int, Any]:
        if not self._built:
            whole = self._whole()
            whole.update(self._set)  # as a dict: a code set anew goes last
            self.known, self._built = whole, True
        return self.known

    def __len__(self) -> int:
        # counted without building: ReportLab asks (``if charToGlyph:``) for every document
        if self._size is not None and not self._built:
            return self._size() + sum(self._lookup(code) is MISS for code in self._set)
        return len(self._build())

    def __iter__(self) -> Iterator[int]:
        return iter(self._build())


class Loca(Sequence[int]):
    """The short ``loca`` table: offsets stored halved, given as ReportLab reads them."""

    def __init__(self, halves: array) -> None:
        self.halves = halves

    def __len__(self) -> int:
        return len(self.halves)

    def __getitem__(self, i: Any) -> Any:
        if isinstance(i, slice):
            return [v << 1 for v in self.halves[i]]
        return self.halves[i] << 1


def _words(data: Any, at: int, count: int, code: str = "H") -> array:
    """``count`` big-endian unsigned numbers at ``at``, as a typed array."""
    out = array(code)
    size = out.itemsize * count
    if at < 0 or at + size > len(data):
        raise Declined("table past the end of the file")
    out.frombytes(data[at : at + size])
    if sys.byteorder == "little":
        out.byteswap()
    return out


class LazyFace(FontFace):
    """A face whose character information is read per character from the mapped file."""

    def __getattr__(self, attr: str) -> Any:
        if attr != "glyphToChar" or "_cmap" not in self.__dict__:
            raise AttributeError(attr)
        table: dict[int, list[int]] = {}
        for code, gid in self._cmap.whole().items():
            table.setdefault(gid, []).append(code)
        self.glyphToChar = table
        return table


class _Cmap:
    """The cmap subtable ReportLab would pick (formats 4 and 12), looked up by bisection."""

    def __init__(self, data: Any, table: int) -> None:
        self.data = data
        version, count = struct.unpack_from(">HH", data, table)
        if count == 0 and version != 0:  # as ReportLab: some fonts swap the two
            count = version
        found, kind = None, 0
        for n in range(count):
            platform, encoding, offset = struct.unpack_from(">HHL", data, table + 4 + 8 * n)
            if (
                platform == 3
                or (platform == 1 and encoding == 1)
                or (platform == 0 and encoding != 5)
            ):
                kind, found = 1, offset
            elif platform == 1 and encoding == 0 and kind != 1:
                kind, found = 2, offset
        if found is None:
            raise Declined("no cmap subtable")
        at = table + found
        (self.format,) = struct.unpack_from(">H", data, at)
        if self.format == 4:
            (length, seg2) = struct.unpack_from(">H2xH", data, at + 2)
            segs = seg2 // 2
            self.limit = at + length
            self.ends = _words(data, at + 14, segs)
            self.starts = _words(data, at + 16 + 2 * segs, segs)
            self.deltas = _words(data, at + 16 + 4 * segs, segs, "h")
            self.ranges_at = at + 16 + 6 * segs
            self.ranges = _words(data, self.ranges_at, segs)
        elif self.format == 12:
            (groups,) = struct.unpack_from(">L", data, at + 12)
            triples = _words(data, at + 16, 3 * groups, _U32)
            self.starts, self.ends, self.firsts = triples[0::3], triples[1::3], triples[2::3]
        else:
            raise Declined(f"cmap format {self.format}")
        last, self.count = -1, 0
        for start, end in zip(self.starts, self.ends, strict=True):
            if start > end or start <= last:  # overlapping or out of order: ReportLab's parse
                raise Declined("cmap segments out of order")
            last = end
            self.count += end - start + 1

    def glyph(self, code: int) -> Any:
        k = bisect_left(self.ends, code)
        if k == len(self.ends) or self.starts[k] > code:
            return MISS
        if self.format == 12:
            return code - self.starts[k] + self.firsts[k]
        if not self.ranges[k]:
            return (code + self.deltas[k]) & 0xFFFF
        at = self.ranges_at + 2 * k + self.ranges[k] + (code - self.starts[k]) * 2
        if at >= self.limit:  # as ReportLab: a broken font's pointer gives glyph 0
            return 0
        (gid,) = struct.unpack_from(">H", self.data, at)
        return (gid + self.deltas[k]) & 0xFFFF if gid else 0

    def whole(self) -> dict[int, int]:
        """Every code and its glyph, in the subtable's order (before the space rule)."""
        out: dict[int, int] = {}
        for start, end in zip(self.starts, self.ends, strict=True):
            for code in range(start, end + 1):
                out[code] = self.glyph(code)
        return out


def open_face(path: Path, face: int = 0) -> LazyFace | None:
    """The face of a font file read lazily, or None for a file this reader leaves to the
    full parse (an unusual cmap, a damaged table)."""
    try:
        return _open(path, face)
    except (Declined, struct.error, IndexError, ValueError, OSError):
        return None


def _open(path: Path, index: int) -> LazyFace:
    with path.open("rb") as fh:
        data: Any = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
    face = LazyFace.__new__(LazyFace)
    pdfmetrics.TypeFace.__init__(face, None)
    face.filename, face._ttf_data = str(path), data  # ReportLab's reader then reads nothing
    TTFontParser.__init__(face, str(path), validate=0, subfontIndex=index)
    try:
        TTFontFile.extractInfo(face, charInfo=0)  # the small tables, by ReportLab itself
    except Exception as exc:  # ReportLab's own parse will say what is wrong with the file
        raise Declined(str(exc)) from exc
    head = face.table["head"]["offset"]
    loca_format, glyph_format = struct.unpack_from(">hh", data, head + 50)
    if glyph_format != 0 or loca_format not in (0, 1) or "loca" not in face.table:
        raise Declined("glyph data")
    (hmetrics_count,) = struct.unpack_from(">H", data, face.table["hhea"]["offset"] + 34)
    glyphs = face.numGlyphs
    cmap = _Cmap(data, face.table["cmap"]["offset"])
    scale = face._pdfScale

    # hmtx as ReportLab reads it: advance and side bearing pairs, then side bearings alone,
    # the advance of the last pair standing for the rest (scaled, as ReportLab keeps it)
    rest = max(glyphs - hmetrics_count, 0)
    words = _words(data, face.table["hmtx"]["offset"], 2 * hmetrics_count + rest)
    advances = words[0 : 2 * hmetrics_count : 2]
    bearings = words[1 : 2 * hmetrics_count : 2] + words[2 * hmetrics_count :]
    last = scale(advances[-1])
    if type(last) is int:
        hmetrics = HMetrics(advances + array("H", [last]) * rest, array("d"), bearings)
    else:
        hmetrics = HMetrics(advances, array("d", [last]) * rest, bearings)

    def glyph(code: int) -> Any:
        if code in (0x20, 0xA0):  # ReportLab maps a space and a no-break space alike
            got = cmap.glyph(0x20)
            return cmap.glyph(0xA0) if got is MISS else got
        return cmap.glyph(code)

    def width(code: int) -> Any:
        gid = glyph(code)
        if gid is MISS or gid >= glyphs:
            return MISS
        return scale(advances[min(gid, hmetrics_count - 1)])

    def whole_glyphs() -> dict[int, int]:
        out = cmap.whole()
        space = glyph(0x20)
        if space is not MISS:
            out[0x20 if 0x20 not in out else 0xA0] = space
            out[0xA0] = space
        return out

    def whole_widths() -> dict[int, Any]:
        # ReportLab fills the widths glyph by glyph, each glyph's codes in cmap order
        base = cmap.whole()
        out = {code: 0 for code, _gid in sorted(base.items(), key=lambda cg: cg[1])
               if _gid < glyphs}  # fmt: skip
        for code in out:
            out[code] = width(code) if code not in (0x20, 0xA0) else _plain_width(base[code])
        space = width(0x20)
        if space is not MISS:
            out[0xA0 if 0x20 in base else 0x20] = space
        return out

    def _plain_width(gid: int) -> Any:
        return scale(advances[min(gid, hmetrics_count - 1)])

    def size() -> int:  # the codes of the subtable, and the space rule's one more
        only = (cmap.glyph(0x20) is MISS) != (cmap.glyph(0xA0) is MISS)
        return cmap.count + only

    # a space mapped to a glyph the font lacks: ReportLab's parse fails, and so must this
    space = glyph(0x20)
    if space is not MISS and space >= glyphs:
        raise Declined("space glyph out of range")
    loca = face.table["loca"]["offset"]
    glyph_pos: Sequence[int] = (
        Loca(_words(data, loca, glyphs + 1)) if loca_format == 0
        else _words(data, loca, glyphs + 1, _U32)
    )  # fmt: skip
    face.__dict__.update(
        charToGlyph=LazyMap(glyph, whole_glyphs, size),
        charWidths=LazyMap(width, whole_widths),
        defaultWidth=scale(advances[0]),
        hmetrics=hmetrics,
        glyphPos=glyph_pos,
        _cmap=cmap,
    )
    face._pos = 0
    return face
