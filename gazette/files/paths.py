"""One check for "this name stays inside this folder", used wherever a name comes from a file.

Manifests (the website's, a backup's), zip members and stored-file names are data that someone
may have edited. Before any read, write or delete, the name is joined to its root, resolved
(``..`` and symbolic links followed) and must still lie inside the resolved root.
"""

from __future__ import annotations

import os
import re
from pathlib import Path, PurePosixPath, PureWindowsPath

# letters, digits, ``_ - .`` and ``/`` between parts: a name ``check_name`` accepts whenever it
# does not start with ``/`` and has no ``..`` part (no drive, root, backslash or NUL can be in it)
_PLAIN = re.compile(r"[A-Za-z0-9_.\-/]+")


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


def plain_name(text: str) -> bool:
    """True for a name ``check_name`` is sure to accept, decided without building paths (a site
    manifest lists ten thousand names, read at every rebuild); False says only "ask it"."""
    return (
        _PLAIN.fullmatch(text) is not None
        and not text.startswith("/")
        and ".." not in text.split("/")
    )


class Folder:
    """``inside`` for the many names a build writes into one folder: the folder and each
    sub-folder are resolved once (a new issue rewrites hundreds of files in a few folders),
    and a name whose last part is a symbolic link is resolved in full by ``inside`` itself."""

    def __init__(self, root: Path | str) -> None:
        self.root = Path(root)
        self._base: Path | None = None
        self._dirs: dict[str, str] = {}

    def path(self, name: str) -> str:
        """The file system path of ``name``, or :class:`OutsideRoot` as ``inside`` says."""
        posix = check_name(name)
        parent, leaf = str(posix.parent), posix.name
        if leaf in ("", ".", ".."):
            return os.fspath(inside(self.root, name))
        folder = self._dirs.get(parent)
        if folder is None:
            if self._base is None:
                self._base = self.root.resolve()
            resolved = inside(self._base, parent) if parent != "." else self._base
            folder = self._dirs[parent] = os.fspath(resolved)
        target = os.path.join(folder, leaf)
        if os.path.islink(target):  # may lead anywhere: the full check decides
            return os.fspath(inside(self.root, name))
        return target
