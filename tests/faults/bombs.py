"""Zip bombs made on the spot, in seconds, without compressing gigabytes.

One deflate block of a repeated chunk, ended with a full flush, is byte-aligned and starts with
an empty dictionary, so the same compressed bytes can be repeated to make a stream that unpacks
to ``repeats`` times the chunk. The zip around it is written by hand.
"""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

CHUNK = 1 << 20


def _deflate_repeated(chunk: bytes, repeats: int) -> tuple[bytes, int]:
    comp = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = comp.compress(chunk) + comp.flush(zlib.Z_FULL_FLUSH)
    tail = zlib.compressobj(9, zlib.DEFLATED, -15).flush(zlib.Z_FINISH)  # an empty final block
    crc = 0
    for _ in range(repeats):
        crc = zlib.crc32(chunk, crc)
    return block * repeats + tail, crc


def write_zip(path: Path, members: list[tuple[str, bytes, int, int, int]]) -> Path:
    """members: (name, raw deflate data, crc, unpacked size as declared, method)."""
    local, central = bytearray(), bytearray()
    for name, data, crc, size, method in members:
        encoded = name.encode("utf-8")
        offset = len(local)
        local += struct.pack(
            "<IHHHHHIIIHH",
            0x04034B50,
            20,
            0x800,
            method,
            0,
            0x21,
            crc,
            len(data),
            size,
            len(encoded),
            0,
        )
        local += encoded + data
        central += struct.pack(
            "<IHHHHHHIIIHHHHHII",
            0x02014B50,
            20,
            20,
            0x800,
            method,
            0,
            0x21,
            crc,
            len(data),
            size,
            len(encoded),
            0,
            0,
            0,
            0,
            0,
            offset,
        )
        central += encoded
    end = struct.pack(
        "<IHHHHIIH", 0x06054B50, 0, 0, len(members), len(members), len(central), len(local), 0
    )
    path.write_bytes(bytes(local + central + end))
    return path


def stored(name: str, text: str) -> tuple[str, bytes, int, int, int]:
    data = text.encode("utf-8")
    return name, data, zlib.crc32(data), len(data), 0


def bomb(name: str, unpacked: int, pattern: bytes, declared: int | None = None):
    """A member unpacking to ``unpacked`` bytes of ``pattern``; ``declared`` may lie."""
    chunk = pattern * (CHUNK // len(pattern))
    repeats = unpacked // len(chunk)
    data, crc = _deflate_repeated(chunk, repeats)
    return name, data, crc, declared if declared is not None else len(chunk) * repeats, 8


def docx_bomb(path: Path, unpacked: int, pattern: bytes = b"<w:p/>", lie: bool = False) -> Path:
    body = bomb("word/document.xml", unpacked, pattern, declared=4096 if lie else None)
    return write_zip(
        path,
        [
            stored("[Content_Types].xml", "<Types/>"),
            stored("_rels/.rels", "<Relationships/>"),
            body,
        ],
    )


def ofd_bomb(path: Path, unpacked: int) -> Path:
    return write_zip(path, [bomb("OFD.xml", unpacked, b"<ofd:OFD>")])
