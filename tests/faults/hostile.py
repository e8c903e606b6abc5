"""Hostile and broken files, made on the spot: what office PCs actually receive.

Each maker writes a file and returns its path; ``KINDS`` names them for the fault report.
"""

from __future__ import annotations

import collections
import io
import os
import random
import zipfile
from collections.abc import Callable
from pathlib import Path


def zero_bytes(folder: Path, suffix: str) -> Path:
    path = folder / f"空文件{suffix}"
    path.write_bytes(b"")
    return path


def random_bytes(folder: Path, suffix: str) -> Path:
    path = folder / f"乱码{suffix}"
    path.write_bytes(random.Random(7).randbytes(4096))
    return path


def truncated(folder: Path, suffix: str) -> Path:
    """A real file of the type, cut in half."""
    whole = _valid_bytes(suffix)
    path = folder / f"截断{suffix}"
    path.write_bytes(whole[: len(whole) // 2])
    return path


def wrong_extension(folder: Path, suffix: str) -> Path:
    """Something else entirely, named as the expected type."""
    other = ".png" if suffix != ".png" else ".pdf"
    path = folder / f"扩展名不符{suffix}"
    path.write_bytes(_valid_bytes(other))
    return path


def zip_bomb_names(folder: Path, suffix: str) -> Path:
    """A zip (xlsx/docx/ofd are zips) whose members try to escape the folder."""
    path = folder / f"路径穿越{suffix}"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("../../outside.txt", "escape")
        zf.writestr("/abs/evil.txt", "escape")
        zf.writestr("[Content_Types].xml", "<Types/>")
    return path


def encrypted_pdf(folder: Path, suffix: str = ".pdf") -> Path:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    writer.encrypt("secret-密码")
    path = folder / "加密.pdf"
    with open(path, "wb") as fh:
        writer.write(fh)
    return path


def huge_image(folder: Path, suffix: str = ".png") -> Path:
    """A tiny PNG file that claims 60000×60000 pixels (a decompression bomb)."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    ihdr = struct.pack(">IIBBBBB", 60000, 60000, 8, 0, 0, 0, 0)
    body = zlib.compress(b"\x00" * 1000)
    data = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", body) + chunk(b"IEND", b"")
    path = folder / f"超大尺寸{suffix}"
    path.write_bytes(data)
    return path


def _valid_bytes(suffix: str) -> bytes:
    if suffix == ".pdf":
        from reportlab.pdfgen import canvas

        buf = io.BytesIO()
        c = canvas.Canvas(buf)
        c.drawString(100, 700, "hello")
        c.save()
        return buf.getvalue()
    if suffix in (".xlsx", ".docx", ".ofd"):
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as zf:
            zf.writestr("[Content_Types].xml", "<Types/>" * 200)
            zf.writestr("word/document.xml", "<w:document/>" * 200)
        return buf.getvalue()
    if suffix == ".png":
        from PIL import Image

        buf = io.BytesIO()
        Image.new("L", (64, 64), 255).save(buf, "PNG")
        return buf.getvalue()
    if suffix == ".json":
        return b'{"year": 2027, "papers": [], "days": [{"name": "\\u5143\\u65e6", "date": "2027-01-01", "isOffDay": true}]}'
    return os.urandom(256)


# hostile inputs tried, by kind; fuzz tests add their examples here for bench/faults.py
TRIED: collections.Counter[str] = collections.Counter()

KINDS: dict[str, Callable[[Path, str], Path]] = {
    "零字节": zero_bytes,
    "随机字节": random_bytes,
    "截断": truncated,
    "扩展名不符": wrong_extension,
    "路径穿越压缩包": zip_bomb_names,
}
