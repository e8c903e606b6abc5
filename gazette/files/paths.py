"""One check for "this name stays inside this folder", used wherever a name comes from a file.

Manifests (the website's, a backup's), zip members and stored-file names are data that someone
may have edited. Before any read, write or delete, the name is joined to its root, resolved
(``..`` and symbolic links followed) and must still lie inside the resolved root.
"""

from __future__ import annotations

import os
from pathlib import Path, PurePosixPath, PureWindowsPath


class OutsideRoot(ValueError):
    """A name that points outside its folder; the message names both, in Chinese."""


def inside(root: Path | str, name: str | os.PathLike[str]) -> Path:
    """``root / name``, resolved, or :class:`OutsideRoot` when it would leave ``root``.

    Absolute names, drive letters, ``..`` parts (with either slash) and NUL bytes are refused
    before the file system is touched, so the answer is the same on Windows and elsewhere.
    """
    base = Path(root).resolve()
    try:
        posix = check_name(name)
    except OutsideRoot as exc:
        raise OutsideRoot(f"{exc}（文件夹 {base}）") from None
    target = (base / posix).resolve()
    if target != base and not target.is_relative_to(base):
        raise OutsideRoot(f"“{os.fspath(name)}”指向文件夹 {base} 之外")
    return target


def check_name(name: str | os.PathLike[str]) -> PurePosixPath:
    """The same check without a folder (zip members): a relative name with no ``..`` part."""
    text = os.fspath(name)
    if not text or "\x00" in text:
        raise OutsideRoot(f"名称“{text!s}”无效")
    windows = PureWindowsPath(text)
    posix = PurePosixPath(text.replace("\\", "/"))
    if posix.is_absolute() or windows.drive or windows.root or ".." in posix.parts:
        raise OutsideRoot(f"“{text}”指向所在文件夹之外")
    return posix
