"""Zip containers (DOCX, OFD, XLSX) are checked before a reader unpacks them.

A 1.6 MB DOCX can hold 1.5 GiB of XML. Python's ``zipfile`` never yields more bytes than a
member's declared size, so the declared sizes in the central directory bound what any reader
(python-docx, openpyxl, our OFD reader) can unpack; they are checked here against absolute
limits and a packed-to-unpacked ratio, before anything is decompressed. A header that lies
about a member's size only makes that member end early, which its reader reports as damage.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from gazette.files import limits
from gazette.files.paths import OutsideRoot, check_name


class ZipRefused(ValueError):
    """A container too large, too compressed or with names leaving it; message in Chinese."""


def check_archive(path: Path | str) -> None:
    """Refuse ``path`` when a member would unpack past the limits or names a place outside."""
    name = Path(path).name
    try:
        with zipfile.ZipFile(path) as zf:
            members = zf.infolist()
    except (zipfile.BadZipFile, OSError):
        return  # not a zip the readers can open either; they report it in their own words
    if len(members) > limits.ZIP_MAX_MEMBERS:
        raise ZipRefused(
            f"{name}：压缩包内有 {len(members)} 个部件，超过上限 {limits.ZIP_MAX_MEMBERS}"
        )
    total = 0
    for info in members:
        _check_member(name, info)
        total += info.file_size
        if total > limits.ZIP_MAX_TOTAL_BYTES:
            raise ZipRefused(
                f"{name}：解压后超过 {limits.ZIP_MAX_TOTAL_BYTES // limits.MIB} MB，"
                "不像正常文件，已拒绝"
            )


def _check_member(name: str, info: zipfile.ZipInfo) -> None:
    try:
        check_name(info.filename)
    except OutsideRoot as exc:
        raise ZipRefused(f"{name}：压缩包中的部件名{exc}，已拒绝") from exc
    cap = (
        limits.ZIP_MAX_XML_BYTES
        if info.filename.lower().endswith((".xml", ".rels"))
        else limits.ZIP_MAX_MEMBER_BYTES
    )
    if info.file_size > cap:
        raise ZipRefused(
            f"{name}：部件 {info.filename} 解压后有 {info.file_size // limits.MIB} MB，"
            f"超过上限 {cap // limits.MIB} MB，已拒绝"
        )
    packed = max(info.compress_size, 1)
    if info.file_size > limits.ZIP_RATIO_FLOOR and info.file_size / packed > limits.ZIP_MAX_RATIO:
        raise ZipRefused(
            f"{name}：部件 {info.filename} 压缩比 {info.file_size // packed}:1，"
            f"超过上限 {limits.ZIP_MAX_RATIO}:1（疑似“压缩炸弹”），已拒绝"
        )
