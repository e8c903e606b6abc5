"""Per-document font subsets for the PDFs a document's pages are cut into.

The body of an issue is typeset once, so ReportLab's font subsets hold every character of the
whole issue (仿宋 alone runs to four subsets of 256 glyphs, ~400 KiB). A document's PDF is cut
from those pages and would carry them all: a one-page 任免 weighed 300–520 KiB.

Here, after the cut, every embedded TrueType subset keeps the outlines of only the glyphs its
pages show; the other glyphs stay in place with empty outlines, so character codes, glyph ids,
widths and ``/ToUnicode`` are untouched and the pages render and copy exactly as before.
"""

from __future__ import annotations

import struct
from typing import Any

from pypdf import PdfWriter
from pypdf.generic import (
    ContentStream,
    DictionaryObject,
    IndirectObject,
    NameObject,
    NumberObject,
    StreamObject,
)

_COMPOSITE_MORE, _WORDS, _SCALE, _XY_SCALE, _TWO_BY_TWO = 0x20, 0x01, 0x08, 0x40, 0x80


def _raw(value: Any) -> bytes:
    original = getattr(value, "original_bytes", None)
    return bytes(original) if original is not None else bytes(value)


def used_codes(writer: PdfWriter) -> dict[int, set[int]] | None:
    """Character codes shown per font object (by object number); None when a page draws text
    some other way (form XObjects), so nothing is stripped."""
    used: dict[int, set[int]] = {}
    for page in writer.pages:
        resources = page["/Resources"].get_object()
        if not isinstance(resources, DictionaryObject) or "/XObject" in resources:
            return None
        fonts = resources.get("/Font", {})
        for ref in fonts.values():  # a subset this document never shows keeps only .notdef
            if isinstance(ref, IndirectObject):
                used.setdefault(ref.idnum, set())
        content = page.get_contents()
        if content is None:
            continue
        current: set[int] | None = None
        for operands, op in ContentStream(content, writer).operations:
            if op == b"Tf":
                ref = fonts.get(operands[0])
                if not isinstance(ref, IndirectObject):
                    return None
                current = used.setdefault(ref.idnum, set())
            elif op in (b"Tj", b"'", b'"', b"TJ") and current is not None:
                items = operands[0] if op == b"TJ" else operands[-1:]
                for item in items:
                    if not isinstance(item, (int, float)):
                        current.update(_raw(item))
    return used


def _tables(font: bytes) -> dict[bytes, bytes]:
    count = struct.unpack(">H", font[4:6])[0]
    out = {}
    for n in range(count):
        tag, _sum, offset, length = struct.unpack(">4sIII", font[12 + 16 * n : 28 + 16 * n])
        out[tag] = font[offset : offset + length]
    return out


def _checksum(data: bytes) -> int:
    data += b"\0" * (-len(data) % 4)
    return sum(struct.unpack(f">{len(data) // 4}I", data)) & 0xFFFFFFFF


def _pack(version: bytes, tables: dict[bytes, bytes]) -> bytes:
    tags = sorted(tables)
    n = len(tags)
    power = 1 << (n.bit_length() - 1)
    head = version + struct.pack(
        ">HHHH", n, power * 16, power.bit_length() - 1, n * 16 - power * 16
    )
    offset = 12 + 16 * n
    directory, body = [], []
    for tag in tags:
        data = tables[tag]
        directory.append(struct.pack(">4sIII", tag, _checksum(data), offset, len(data)))
        padded = data + b"\0" * (-len(data) % 4)
        body.append(padded)
        offset += len(padded)
    font = head + b"".join(directory) + b"".join(body)
    adjust = (0xB1B0AFBA - _checksum(font)) & 0xFFFFFFFF
    at = 12 + 16 * n + sum(len(b) for b in body[: tags.index(b"head")]) + 8
    return font[:at] + struct.pack(">I", adjust) + font[at + 4 :]


def _cmap6(cmap: bytes) -> list[int] | None:
    """ReportLab's subsets map codes with one (1, 0) format 6 table: code -> glyph id."""
    count = struct.unpack(">H", cmap[2:4])[0]
    for n in range(count):
        _platform, _encoding, offset = struct.unpack(">HHI", cmap[4 + 8 * n : 12 + 8 * n])
        if struct.unpack(">H", cmap[offset : offset + 2])[0] == 6:
            first, entries = struct.unpack(">HH", cmap[offset + 6 : offset + 10])
            ids = struct.unpack(f">{entries}H", cmap[offset + 10 : offset + 10 + 2 * entries])
            return [0] * first + list(ids)
    return None


def strip_glyphs(font: bytes, codes: set[int]) -> bytes | None:
    """The font with empty outlines for every glyph the codes do not show (None: leave it)."""
    tables = _tables(font)
    if not {b"glyf", b"loca", b"head", b"maxp", b"cmap"} <= set(tables):
        return None
    by_code = _cmap6(tables[b"cmap"])
    if by_code is None:
        return None
    long_loca = struct.unpack(">h", tables[b"head"][50:52])[0] == 1
    glyphs = struct.unpack(">H", tables[b"maxp"][4:6])[0]
    if long_loca:
        loca = list(struct.unpack(f">{glyphs + 1}I", tables[b"loca"][: 4 * (glyphs + 1)]))
    else:
        loca = [
            2 * v for v in struct.unpack(f">{glyphs + 1}H", tables[b"loca"][: 2 * (glyphs + 1)])
        ]
    glyf = tables[b"glyf"]
    keep = {0} | {by_code[c] for c in codes if c < len(by_code)}
    todo = list(keep)
    while todo:  # composite glyphs need their parts
        gid = todo.pop()
        data = glyf[loca[gid] : loca[gid + 1]] if gid < glyphs else b""
        if len(data) < 10 or struct.unpack(">h", data[:2])[0] >= 0:
            continue
        pos, flags = 10, _COMPOSITE_MORE
        while flags & _COMPOSITE_MORE:
            flags, part = struct.unpack(">HH", data[pos : pos + 4])
            pos += 4 + (4 if flags & _WORDS else 2)
            pos += (
                2 if flags & _SCALE else 4 if flags & _XY_SCALE else 8 if flags & _TWO_BY_TWO else 0
            )
            if part not in keep:
                keep.add(part)
                todo.append(part)
    out, offsets = [], [0]
    for gid in range(glyphs):
        data = glyf[loca[gid] : loca[gid + 1]] if gid in keep else b""
        data += b"\0" * (-len(data) % 4)
        out.append(data)
        offsets.append(offsets[-1] + len(data))
    tables[b"glyf"] = b"".join(out)
    if long_loca:
        tables[b"loca"] = struct.pack(f">{glyphs + 1}I", *offsets)
    else:
        tables[b"loca"] = struct.pack(f">{glyphs + 1}H", *(o // 2 for o in offsets))
    tables[b"head"] = tables[b"head"][:8] + b"\0\0\0\0" + tables[b"head"][12:]
    return _pack(font[:4], tables)


def subset_fonts(writer: PdfWriter) -> None:
    """Strip every embedded TrueType subset down to the glyphs the writer's pages show."""
    used = used_codes(writer)
    if used is None:
        return
    for idnum, codes in sorted(used.items()):
        font = writer.get_object(idnum)
        if not isinstance(font, DictionaryObject) or font.get("/Subtype") != "/TrueType":
            continue
        if "/FontDescriptor" not in font:
            continue
        descriptor = font["/FontDescriptor"].get_object()
        if not isinstance(descriptor, DictionaryObject) or "/FontFile2" not in descriptor:
            continue
        stream = descriptor["/FontFile2"].get_object()
        if not isinstance(stream, StreamObject):
            continue
        smaller = strip_glyphs(stream.get_data(), codes)
        if smaller is not None:
            stream.set_data(smaller)
            stream[NameObject("/Length1")] = NumberObject(len(smaller))
