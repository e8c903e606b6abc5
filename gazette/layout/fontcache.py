"""Parsed TrueType metrics kept on disk, so a build does not re-parse 40 MB of CJK fonts.

ReportLab parses a font's cmap, hmtx and loca tables in pure Python: about 0.1 s per bundled CJK
font, most of the time of a small issue's first build. What the parse yields (the attributes of
``TTFontFace``) is stored once per font file, keyed by the file's SHA-256 and the ReportLab
version, and read back as typed arrays in a few milliseconds. The cache file is written to a
temporary name and renamed; one that is unreadable, truncated or altered (its payload has its
own SHA-256) is ignored and rebuilt. The cache only ever saves time: every failure falls back
to ReportLab's own parse, so a font's metrics are the same with or without it.

A font whose character map ``fontread`` can read in place (formats 4 and 12, every bundled
font and the usual Windows ones) is read lazily from its file instead, which costs less than
reading this cache; the cache and the shipped metrics serve the fonts it declines.

No pickle: the file holds JSON and raw arrays, so a damaged or planted file cannot run code.

The installed app ships the metrics of its bundled fonts (``ship``, run when packaging), so the
very first build on a PC reads them instead of parsing: a shipped folder holds the same files
and an ``index.json`` of each font file's name, size and SHA-256 (the bundled files are the
app's own, so their 42 MB are not hashed again at start).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import mmap
import struct
import sys
import zlib
from array import array
from bisect import bisect_left
from collections.abc import Callable, Iterator, MutableMapping, Sequence
from fnmatch import fnmatch
from pathlib import Path
from typing import Any, overload

import reportlab
from reportlab import rl_config
from reportlab.pdfbase.ttfonts import TTEncoding, TTFNameBytes, TTFont, TTFontFace

from gazette.files.atomic import atomic_write_bytes

# 2: the payload checked by CRC-32 rather than SHA-256, glyph offsets kept as an array, and the
# character maps stored sorted as well, to be looked up in place (``CodeMap``)
FORMAT = 2
MAGIC = b"GZFONTMETRICS\n"
# attributes rebuilt on load rather than stored: the file's bytes, a read cursor, a closure
# and the reverse character map (built only if ReportLab's shaping asks for it)
SKIPPED = frozenset({"_ttf_data", "_pos", "_pdfScale", "glyphToChar"})
BULK = ("charToGlyph", "charWidths", "hmetrics", "glyphPos")


class _Uncacheable(TypeError):
    """An attribute of a type this format does not store (a newer ReportLab, say)."""


def cache_name(sha256: str, face: int) -> str:
    return f"{sha256}-{face}-rl{reportlab.Version}-f{FORMAT}-{sys.byteorder}.metrics"


def load_font(
    name: str,
    path: Path,
    face: int,
    cache_dir: Path | None,
    shipped: Path | None = None,
    lazily: bool = True,
) -> TTFont:
    """A ReportLab ``TTFont`` for a file: read lazily from the file itself (``fontread``)
    when it can be, else its metrics from the shipped folder or the cache when either holds
    them, else parsed by ReportLab (``lazily=False``: never read lazily)."""
    if lazily:
        from gazette.layout.fontread import open_face  # it builds on this module's faces

        lazy = open_face(path, face)
        if lazy is not None:
            return _font(name, lazy)
    if shipped is not None:
        with contextlib.suppress(Exception):  # nothing shipped, or not this file: parse
            return _font(name, _shipped(path, face, shipped))
    if cache_dir is None:
        return TTFont(name, str(path), subfontIndex=face)
    data = _map(path)
    target = cache_dir / cache_name(file_sha256(path, data, cache_dir), face)
    cached: TTFontFace | None = None
    with contextlib.suppress(Exception):  # a cache that cannot be read is rebuilt, never fatal
        cached = _read(target.read_bytes(), str(path), data)
    if cached is not None:
        return _font(name, cached)
    parsed = FontFace(str(path), subfontIndex=face)
    # a font this format cannot hold, or nowhere to write: the next build parses again
    with contextlib.suppress(Exception):
        atomic_write_bytes(target, _encode(parsed))
    return _font(name, parsed)


INDEX = "index.json"


def _shipped(path: Path, face: int, folder: Path) -> CachedFace:
    """The shipped metrics of a bundled font file, found by its name and size."""
    known = json.loads((folder / INDEX).read_text("utf-8"))[path.name]
    if known["size"] != path.stat().st_size:
        raise ValueError("not the shipped file")
    blob = (folder / cache_name(known["sha256"], face)).read_bytes()
    return _read(blob, str(path), _map(path))


def ship(files: Sequence[tuple[Path, int]], folder: Path) -> list[Path]:
    """Write the metrics of ``(font file, face)`` pairs and their index to ``folder``."""
    index: dict[str, dict[str, Any]] = {}
    written: list[Path] = []
    for path, face in files:
        data = _map(path)
        digest = hashlib.sha256(data).hexdigest()
        index[path.name] = {"size": path.stat().st_size, "sha256": digest}
        target = folder / cache_name(digest, face)
        atomic_write_bytes(target, _encode(FontFace(str(path), subfontIndex=face)))
        written.append(target)
    atomic_write_bytes(folder / INDEX, json.dumps(index, indent=1, sort_keys=True).encode())
    return [*written, folder / INDEX]


def _map(path: Path) -> bytes | mmap.mmap:
    """The font file's bytes, mapped: subsetting reads only the tables and glyphs it needs,
    where reading 40 MB of fonts into memory took longer than the rest of loading them."""
    with path.open("rb") as fh:
        try:
            return mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
        except (ValueError, OSError):  # an empty file, or a file system without mapping
            return fh.read()


def file_sha256(path: Path, data: bytes | mmap.mmap, cache_dir: Path) -> str:
    """The SHA-256 of a font file's bytes, remembered against its size and modification time.

    Hashing the five bundled fonts (42 MB) took a third of the time of reading their cached
    metrics; a font file whose size or time changed is hashed again."""
    st = path.stat()
    seen = {"path": str(path), "size": st.st_size, "mtime_ns": st.st_mtime_ns}
    key = hashlib.sha256(str(path.resolve()).encode("utf-8")).hexdigest()[:32]
    note = cache_dir / f"{key}.source"
    with contextlib.suppress(Exception):  # unreadable or stale: hash the bytes
        known = json.loads(note.read_text("utf-8"))
        digest = known.pop("sha256")
        if known == seen and len(data) == st.st_size and len(digest) == 64:
            return str(digest)
    digest = hashlib.sha256(data).hexdigest()
    with contextlib.suppress(OSError):
        atomic_write_bytes(note, json.dumps({**seen, "sha256": digest}).encode("utf-8"))
    return digest


def _font(name: str, face: TTFontFace) -> TTFont:
    """``TTFont.__init__`` without the parse: the same attributes, around a prepared face."""
    from weakref import WeakKeyDictionary

    font = TTFont.__new__(TTFont)
    font.fontName = name
    font.face = face
    font.encoding = TTEncoding()
    font.state = WeakKeyDictionary()
    font._asciiReadable = rl_config.ttfAsciiReadable
    unshaped = rl_config.unShapedFontGlob or ()
    font.shapable = not any(fnmatch(name, glob) for glob in unshaped)  # (and uharfbuzz)
    return font


class FontFace(TTFontFace):  # type: ignore[misc]
    """ReportLab's face, whose glyph table is read in place rather than copied per subset.

    ``makeSubset`` asks for the whole ``glyf`` table (10 MB for a CJK font) once for each
    256-character subset and only slices it; a view that slices the file's bytes gives the
    same glyphs without the copies."""

    def get_table(self, tag: str) -> Any:
        if tag != "glyf":
            return super().get_table(tag)
        pos, length = self.get_table_pos(tag)
        return TableView(memoryview(self._ttf_data)[pos : pos + length])


class TableView:
    """A read-only window on a font table: indexing gives ints, slicing gives bytes."""

    def __init__(self, view: memoryview) -> None:
        self.view = view

    def __len__(self) -> int:
        return len(self.view)

    def __getitem__(self, i: int | slice) -> Any:
        return self.view[i].tobytes() if isinstance(i, slice) else self.view[i]

    def __bytes__(self) -> bytes:
        return self.view.tobytes()


class CachedFace(FontFace):
    """A face restored from the cache; its glyph-to-character map is built on first use."""

    _g2c: tuple[array, array, array]

    def __getattr__(self, attr: str) -> Any:
        if attr != "glyphToChar" or "_g2c" not in self.__dict__:
            raise AttributeError(attr)
        gids, counts, chars = self.__dict__.pop("_g2c")
        table: dict[int, list[int]] = {}
        k = 0
        for gid, n in zip(gids, counts, strict=True):
            table[gid] = list(chars[k : k + n])
            k += n
        self.glyphToChar = table
        return table


class CodeMap(MutableMapping[int, Any]):
    """A character map (code point → glyph, or → width) looked up in the cached arrays.

    A build asks for a few thousand characters of a font's 20,000–35,000; building the two
    dictionaries of every font was half the time of reading the cache. Each code found is
    remembered; iteration gives the codes in ReportLab's order; a code set (by ReportLab's
    shaping) is kept beside the arrays."""

    def __init__(self, order: array, codes: array, values: array) -> None:
        if not (len(order) == len(codes) == len(values)):
            raise ValueError("character map of the wrong length")
        self.order, self.codes, self.targets = order, codes, values
        self.known: dict[int, Any] = {}  # looked up so far, or set
        self.added: list[int] = []  # codes set that the arrays do not hold, in order

    def _find(self, code: int) -> int:
        at = bisect_left(self.codes, code)
        return at if at < len(self.codes) and self.codes[at] == code else -1

    def __getitem__(self, code: int) -> Any:
        try:
            return self.known[code]
        except KeyError:
            pass
        at = self._find(code) if type(code) is int else -1
        if at < 0:
            raise KeyError(code)
        value = self.known[code] = self.targets[at]
        return value

    def __contains__(self, code: object) -> bool:
        try:
            self[code]  # type: ignore[index]
        except KeyError:
            return False
        return True

    def get(self, code: int, default: Any = None) -> Any:  # type: ignore[override]
        try:
            return self[code]
        except KeyError:
            return default

    def __setitem__(self, code: int, value: Any) -> None:
        if code not in self:
            self.added.append(code)
        self.known[code] = value

    def __delitem__(self, code: int) -> None:
        raise TypeError("cached character maps are not shrunk")

    def __len__(self) -> int:
        return len(self.order) + len(self.added)

    def __iter__(self) -> Iterator[int]:
        yield from self.order
        yield from self.added


class HMetrics(Sequence[tuple[Any, int]]):
    """The (advance, left side bearing) pairs of every glyph, read from typed arrays.

    Subsetting looks up only the glyphs of the subset; a list of 50,000 tuples per font was a
    fifth of the time of reading the cache."""

    def __init__(self, ints: array, floats: array, lsb: array) -> None:
        self.ints, self.floats, self.lsb = ints, floats, lsb
        self.split = len(ints)

    def __len__(self) -> int:
        return len(self.lsb)

    @overload
    def __getitem__(self, i: int) -> tuple[Any, int]: ...
    @overload
    def __getitem__(self, i: slice) -> list[tuple[Any, int]]: ...
    def __getitem__(self, i: int | slice) -> Any:
        if isinstance(i, slice):
            return [self[k] for k in range(*i.indices(len(self)))]
        if i < 0:
            i += len(self)
        advance = self.ints[i] if i < self.split else self.floats[i - self.split]
        return advance, self.lsb[i]


# the file: MAGIC, a 4-byte header length, the JSON header, then the arrays back to back ----------
def _encode(face: TTFontFace) -> bytes:
    attrs = {k: _value(v) for k, v in vars(face).items() if k not in SKIPPED and k not in BULK}
    c2g: dict[int, int] = face.charToGlyph
    widths: dict[int, float] = face.charWidths
    g2c: dict[int, list[int]] = face.glyphToChar
    # ReportLab keeps the hmtx advances as read (int) for the first numberOfHMetrics glyphs
    # and scaled (float, unless the em is 1000 units) for the rest: two runs, each one type
    advances = [a for a, _ in face.hmetrics]
    ints = next((k for k, a in enumerate(advances) if type(a) is not int), len(advances))
    arrays = {
        "c2g_codes": _array(c2g.keys()),
        "c2g_sorted": _array(sorted(c2g)),
        "c2g_gids": _array(c2g[c] for c in sorted(c2g)),
        "cw_codes": _array(widths.keys()),
        "cw_sorted": _array(sorted(widths)),
        "cw_values": _array(widths[c] for c in sorted(widths)),
        "hm_int_advance": _array(advances[:ints]),
        "hm_float_advance": _array(advances[ints:]),
        "hm_lsb": _array((b for _, b in face.hmetrics)),
        "glyph_pos": _array(face.glyphPos),
        "g2c_gids": _array(g2c.keys()),
        "g2c_counts": _array(len(v) for v in g2c.values()),
        "g2c_chars": _array(c for v in g2c.values() for c in v),
    }
    payload = b"".join(a.tobytes() for a in arrays.values())
    header = json.dumps(
        {
            "format": FORMAT,
            "attrs": attrs,
            "arrays": [[k, a.typecode, len(a)] for k, a in arrays.items()],
            "payload": zlib.crc32(payload),
        },
        ensure_ascii=False,
        sort_keys=True,
    ).encode("utf-8")
    return MAGIC + struct.pack(">I", len(header)) + header + payload


def _array(values: Any) -> array:
    """Numbers of one exact type as a typed array ("q" for int, "d" for float), so each
    comes back as the type ReportLab made it (a width of 500 and of 500.0 print alike but
    are not the same attribute)."""
    values = list(values)
    kinds = {type(v) for v in values}
    if kinds <= {int}:
        try:
            return array("q", values)
        except OverflowError as exc:
            raise _Uncacheable(str(exc)) from exc
    if kinds == {float}:
        return array("d", values)
    raise _Uncacheable("字体度量中混有整数与小数")


def _value(v: Any) -> Any:
    """An attribute as JSON; objects are tags, so a list, tuple, dict and bytes stay apart."""
    if v is None or type(v) in (bool, int, float, str):
        return v
    if isinstance(v, TTFNameBytes):
        return {"n": v.ustr}
    if isinstance(v, bytes) and type(v) is bytes:
        return {"b": v.decode("latin-1")}
    if type(v) is list:
        return [_value(x) for x in v]
    if type(v) is tuple:
        return {"t": [_value(x) for x in v]}
    if type(v) is dict:
        return {"d": [[_value(k), _value(x)] for k, x in v.items()]}
    raise _Uncacheable(f"{type(v).__name__} 类型的字体属性不能缓存")


def _unvalue(v: Any) -> Any:
    if isinstance(v, list):
        return [_unvalue(x) for x in v]
    if not isinstance(v, dict):
        return v
    ((tag, inner),) = v.items()
    if tag == "n":
        return TTFNameBytes(inner.encode("utf-8"))
    if tag == "b":
        return inner.encode("latin-1")
    if tag == "t":
        return tuple(_unvalue(x) for x in inner)
    if tag == "d":
        return {_unvalue(k): _unvalue(x) for k, x in inner}
    raise ValueError(f"unknown tag {tag!r}")


def _read(blob: bytes, filename: str, data: bytes | mmap.mmap) -> CachedFace:
    if not blob.startswith(MAGIC):
        raise ValueError("not a metrics file")
    at = len(MAGIC)
    (size,) = struct.unpack_from(">I", blob, at)
    at += 4
    header = json.loads(blob[at : at + size].decode("utf-8"))
    payload = memoryview(blob)[at + size :]
    # CRC-32 catches a damaged or truncated file at a fraction of SHA-256's cost (7 MB of
    # metrics hashed took a quarter of reading them); the font file itself is still identified
    # by its SHA-256, and nothing read here can run code
    if header["format"] != FORMAT or zlib.crc32(payload) != header["payload"]:
        raise ValueError("stale or damaged metrics file")
    arrays: dict[str, array] = {}
    k = 0
    for name, code, count in header["arrays"]:
        a = array(code)
        end = k + count * a.itemsize
        a.frombytes(payload[k:end])
        arrays[name] = a
        k = end
    if k != len(payload):
        raise ValueError("metrics file of the wrong length")
    face = CachedFace.__new__(CachedFace)
    state = {name: _unvalue(v) for name, v in header["attrs"].items()}
    state["filename"] = filename
    state["_ttf_data"] = data
    state["_pos"] = 0
    state["_pdfScale"] = _scale(state["unitsPerEm"])
    state["charToGlyph"] = CodeMap(arrays["c2g_codes"], arrays["c2g_sorted"], arrays["c2g_gids"])
    state["charWidths"] = CodeMap(arrays["cw_codes"], arrays["cw_sorted"], arrays["cw_values"])
    state["hmetrics"] = HMetrics(
        arrays["hm_int_advance"], arrays["hm_float_advance"], arrays["hm_lsb"]
    )
    if len(state["hmetrics"]) != len(arrays["hm_int_advance"]) + len(arrays["hm_float_advance"]):
        raise ValueError("metrics of the wrong length")
    # only ``makeSubset`` reads it, glyph by glyph: indexing the array gives the same ints
    # as ReportLab's list, without making 50,000 of them per font at start
    state["glyphPos"] = arrays["glyph_pos"]
    state["_g2c"] = (arrays["g2c_gids"], arrays["g2c_counts"], arrays["g2c_chars"])
    face.__dict__.update(state)
    return face


def _scale(units_per_em: int) -> Callable[[float], float]:
    """ReportLab's font-unit → 1/1000 em conversion, as its parser builds it."""
    if units_per_em == 1000:
        return lambda x: x
    factor = 1000 / units_per_em
    return lambda x: x * factor
