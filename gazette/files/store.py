"""Content-addressed file store: every file kept once, by SHA-256, never modified.

Layout: ``<root>/ab/cd/abcdef…`` . A PostgreSQL office sets one shared root that every client
reaches (setting ``filestore_root``); the embedded database uses ``<data dir>/files``.
"""

from __future__ import annotations

import hashlib
import mimetypes
import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session

from gazette.db.models import StoredFile
from gazette.files.atomic import atomic_writer

CHUNK = 1 << 20
SHA256_HEX = re.compile("[0-9a-f]{64}")


class FileStoreError(Exception):
    """A file could not be stored or found; the message names it."""


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


@dataclass(frozen=True)
class Stored:
    sha256: str
    size: int
    name: str
    duplicate: bool


class FileStore:
    def __init__(self, root: Path | str) -> None:
        self.root = Path(root)

    def path_for(self, sha256: str) -> Path:
        if SHA256_HEX.fullmatch(sha256) is None:
            raise FileStoreError(f"不是有效的文件摘要：{sha256!r}")
        return self.root.joinpath(sha256[:2], sha256[2:4], sha256)

    def has(self, sha256: str) -> bool:
        return self.path_for(sha256).exists()

    def put_file(self, session: Session, source: Path | str, name: str | None = None) -> Stored:
        """Copy a file in (atomically) and record it; a file already stored is not copied again."""
        src = Path(source)
        if not src.is_file():
            raise FileStoreError(f"文件不存在或不是普通文件：{src}")
        try:
            digest = sha256_of(src)
        except OSError as exc:
            raise FileStoreError(f"无法读取文件 {src}：{exc}") from exc
        size = src.stat().st_size
        target = self.path_for(digest)
        duplicate = session.get(StoredFile, digest) is not None
        if not target.exists():
            with atomic_writer(target, "wb") as out, open(src, "rb") as inp:
                shutil.copyfileobj(inp, out, CHUNK)
        if not duplicate:
            media = mimetypes.guess_type(src.name)[0] or "application/octet-stream"
            session.add(
                StoredFile(
                    sha256=digest, size=size, original_name=name or src.name, media_type=media
                )
            )
        return Stored(digest, size, name or src.name, duplicate)

    def put_bytes(self, session: Session, data: bytes, name: str) -> Stored:
        digest = hashlib.sha256(data).hexdigest()
        target = self.path_for(digest)
        duplicate = session.get(StoredFile, digest) is not None
        if not target.exists():
            with atomic_writer(target, "wb") as out:
                out.write(data)
        if not duplicate:
            media = mimetypes.guess_type(name)[0] or "application/octet-stream"
            session.add(
                StoredFile(sha256=digest, size=len(data), original_name=name, media_type=media)
            )
        return Stored(digest, len(data), name, duplicate)

    def open(self, sha256: str) -> Path:
        path = self.path_for(sha256)
        if not path.exists():
            raise FileStoreError(f"文件库中缺少文件 {sha256}（应在 {path}）")
        return path

    def verify(self, sha256: str) -> bool:
        """True when the stored bytes still hash to their name."""
        path = self.path_for(sha256)
        return path.exists() and sha256_of(path) == sha256


def default_root(data_dir: Path) -> Path:
    return Path(os.fspath(data_dir)) / "files"
