"""Backup and restore of the database together with the file store.

A backup is a folder ``backup-<stamp>/`` holding the database copy (SQLite backup API, or a
``pg_dump`` custom-format archive), the stored files, and ``manifest.json`` with the SHA-256 of
every file. It is assembled under a temporary name and renamed when complete, so a crash never
leaves a half backup that looks whole. Restore verifies everything before replacing anything.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy.engine import URL, make_url

from gazette.db.migrate import backup_sqlite, known_revisions
from gazette.files.atomic import atomic_write_text
from gazette.files.paths import OutsideRoot, inside
from gazette.files.store import sha256_of
from gazette.office.auth import mutating, require
from gazette.progress import Reporter

if TYPE_CHECKING:
    from gazette.context import AppContext

MANIFEST = "manifest.json"
DB_FILE = "gazette.sqlite3"
PG_FILE = "database.pgdump"


class BackupError(Exception):
    """A backup that cannot be made or trusted; the message names the file at fault."""


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    created: dt.datetime
    files: int
    size: int


def backups_dir(ctx: AppContext) -> Path:
    return ctx.data_dir / "backups"


def _stamp() -> str:
    return dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")


@mutating
def make_backup(
    ctx: AppContext, target_root: Path | None = None, reporter: Reporter | None = None
) -> BackupInfo:
    """Back up the database and the file store into a new folder under ``target_root``."""
    require(ctx, "backup.run")
    reporter = reporter or Reporter()
    root = target_root or backups_dir(ctx)
    root.mkdir(parents=True, exist_ok=True)
    final = root / f"backup-{_stamp()}"
    work = root / (final.name + ".part")
    work.mkdir()
    try:
        reporter.step(0, 3, "备份数据库")
        if ctx.db.is_embedded:
            made = backup_sqlite(ctx.db, work, label="backup")
            made.rename(work / DB_FILE)
        else:
            _pg_dump(ctx.db.url, work / PG_FILE)
        reporter.step(1, 3, "复制文件库")
        store = ctx.filestore().root
        entries: dict[str, str] = {}
        sources = [p for p in store.rglob("*") if p.is_file() and not p.name.endswith(".part")]
        for i, src in enumerate(sources):
            rel = src.relative_to(store).as_posix()
            dst = work / "files" / rel
            dst.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dst)
            digest = sha256_of(dst)
            if digest != src.name:
                raise BackupError(f"文件库中的文件已损坏：{src}（摘要不符）")
            entries["files/" + rel] = digest
            if i % 50 == 0:
                reporter.step(1, 3, f"复制文件库 {i + 1}/{len(sources)}")
        db_name = DB_FILE if ctx.db.is_embedded else PG_FILE
        entries[db_name] = sha256_of(work / db_name)
        manifest = {
            "created": dt.datetime.now().isoformat(timespec="seconds"),
            "dialect": ctx.db.dialect,
            "schema": sorted(known_revisions(ctx.db)[0]),
            "files": entries,
        }
        atomic_write_text(work / MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1))
        reporter.step(2, 3, "完成备份")
        work.rename(final)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    size = sum(p.stat().st_size for p in final.rglob("*") if p.is_file())
    return BackupInfo(final, dt.datetime.now(), len(entries), size)


def _pg_cli(url: str, keep_query: bool = False) -> tuple[str, dict[str, str]]:
    """A libpq URL for pg_dump/pg_restore (no driver suffix, no query, no password) and the
    environment that carries the password: a command line is visible to every local user in
    ``ps``, a process's environment only to its owner. The schema option stays for a restore."""
    parsed = make_url(url)
    env = {**os.environ}
    if parsed.password:
        env["PGPASSWORD"] = str(parsed.password)
    bare = URL.create(  # URL.set cannot clear a password: build it without one
        "postgresql",
        parsed.username,
        None,
        parsed.host,
        parsed.port,
        parsed.database,
        parsed.query if keep_query else {},
    )
    return bare.render_as_string(hide_password=False), env


def _pg_schema(url: str) -> str | None:
    options = make_url(url).query.get("options", "")
    text = options if isinstance(options, str) else " ".join(options)
    for part in text.split():
        if part.startswith("-csearch_path="):
            return part.split("=", 1)[1].split(",")[0]
    return None


def _pg_dump(url: str, out: Path) -> None:
    tool = shutil.which("pg_dump")
    if tool is None:
        raise BackupError("找不到 pg_dump：请安装 PostgreSQL 客户端工具后再备份共享数据库")
    cmd = [tool, "-Fc", "-f", str(out), "--no-owner"]
    schema = _pg_schema(url)
    if schema:
        cmd += ["-n", schema]
    target, env = _pg_cli(url)
    cmd.append(target)
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env)
    if proc.returncode != 0:
        raise BackupError(f"pg_dump 失败：{proc.stderr.strip()}")


def verify(folder: Path) -> dict:
    """Check a backup completely; return its manifest, or raise naming the first fault."""
    manifest_path = folder / MANIFEST
    if folder.name.endswith(".part"):
        raise BackupError(f"{folder} 是未完成的备份")
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise BackupError(f"{folder} 中没有 {MANIFEST}，不是完整的备份") from exc
    except (OSError, ValueError) as exc:
        raise BackupError(f"{manifest_path} 无法读取：{exc}") from exc
    files = manifest.get("files", {}) if isinstance(manifest, dict) else None
    if not isinstance(files, dict):
        raise BackupError(f"{manifest_path} 已损坏：文件列表格式不对")
    for rel, digest in files.items():
        path = _member(folder, rel, manifest_path)
        if not path.is_file():
            raise BackupError(f"备份缺少文件：{path}")
        if sha256_of(path) != digest:
            raise BackupError(f"备份文件已损坏（摘要不符）：{path}")
    if manifest.get("dialect") == "sqlite":
        try:
            with sqlite3.connect(f"file:{folder / DB_FILE}?mode=ro", uri=True) as conn:
                result = conn.execute("PRAGMA integrity_check").fetchone()
        except sqlite3.DatabaseError as exc:  # "file is not a database", "disk image is malformed"
            raise BackupError(f"备份数据库 {folder / DB_FILE} 已损坏，无法打开：{exc}") from exc
        if result != ("ok",):
            raise BackupError(f"备份数据库完整性检查失败：{result}")
    return manifest


def _member(folder: Path, rel: object, manifest_path: Path) -> Path:
    """A manifest entry as a path inside the backup; a name leading elsewhere is refused."""
    if not isinstance(rel, str):
        raise BackupError(f"{manifest_path} 已损坏：文件名 {rel!r} 无效")
    try:
        path = inside(folder, rel)
        if rel.startswith("files/"):
            inside(folder / "files", rel.removeprefix("files/"))
    except OutsideRoot as exc:
        raise BackupError(f"备份清单 {manifest_path} 被改动过，拒绝恢复：{exc}") from exc
    return path


@mutating
def restore_sqlite(ctx: AppContext, folder: Path, reporter: Reporter | None = None) -> Path:
    """Replace the embedded database and re-supply the file store from a verified backup.

    The current database is itself backed up first; returns that safety copy's path.
    """
    require(ctx, "backup.run")
    reporter = reporter or Reporter()
    reporter.step(0, 3, "校验备份")
    manifest = verify(folder)
    if manifest.get("dialect") != "sqlite":
        raise BackupError(
            f"{folder} 是 {manifest.get('dialect')} 数据库的备份，不能恢复到内置数据库"
        )
    known = set(known_revisions(ctx.db)[1])
    unknown = set(manifest.get("schema", [])) - known
    if unknown:
        raise BackupError(
            f"{folder} 来自更新版本的程序（结构 {'、'.join(sorted(unknown))}），请先升级程序"
        )
    live = ctx.db.sqlite_file
    if live is None:
        raise BackupError("当前不是内置数据库")
    safety = backup_sqlite(ctx.db, backups_dir(ctx), label="before-restore")
    reporter.step(1, 3, "恢复文件库")
    store = ctx.filestore().root
    for rel in manifest["files"]:
        if rel.startswith("files/"):
            try:
                dst = inside(store, rel.removeprefix("files/"))
            except OutsideRoot as exc:
                raise BackupError(f"备份清单被改动过，拒绝恢复：{exc}") from exc
            if not dst.exists():
                dst.parent.mkdir(parents=True, exist_ok=True)
                tmp = dst.with_name(dst.name + ".part")
                shutil.copy2(folder / rel, tmp)
                os.replace(tmp, dst)
    reporter.step(2, 3, "替换数据库")
    ctx.db.dispose()
    staged = live.with_name(live.name + ".restore.part")
    shutil.copy2(folder / DB_FILE, staged)
    for suffix in ("-wal", "-shm"):
        Path(str(live) + suffix).unlink(missing_ok=True)
    os.replace(staged, live)
    return safety


def list_backups(root: Path) -> list[BackupInfo]:
    found = []
    for folder in sorted(root.glob("backup-*")):
        if folder.is_dir() and not folder.name.endswith(".part") and (folder / MANIFEST).exists():
            created = dt.datetime.fromtimestamp((folder / MANIFEST).stat().st_mtime)
            size = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())
            files = sum(1 for p in folder.rglob("*") if p.is_file()) - 1
            found.append(BackupInfo(folder, created, files, size))
    return found


@mutating
def auto_backup(
    ctx: AppContext,
    every: dt.timedelta = dt.timedelta(days=1),
    keep: int = 7,
    now: dt.datetime | None = None,
) -> BackupInfo | None:
    """Make a scheduled backup when the last one is older than ``every``; keep the newest N."""
    require(ctx, "backup.run")  # it also deletes the oldest backups
    root = backups_dir(ctx)
    existing = list_backups(root) if root.exists() else []
    now = now or dt.datetime.now()
    made = None
    if not existing or now - existing[-1].created >= every:
        made = make_backup(ctx, root)
        existing = list_backups(root)
    for old in existing[: max(0, len(existing) - keep)]:
        shutil.rmtree(old.path, ignore_errors=True)
    return made


def pg_restore(url: str, folder: Path) -> None:
    """Restore a verified PostgreSQL backup into the (empty) database at ``url``."""
    manifest = verify(folder)
    if manifest.get("dialect") != "postgresql":
        raise BackupError(f"{folder} 不是 PostgreSQL 备份")
    tool = shutil.which("pg_restore")
    if tool is None:
        raise BackupError("找不到 pg_restore：请安装 PostgreSQL 客户端工具")
    target, env = _pg_cli(url, keep_query=True)
    proc = subprocess.run(
        [tool, "--no-owner", "-d", target, str(folder / PG_FILE)],
        capture_output=True,
        text=True,
        env=env,
    )
    if proc.returncode != 0:
        raise BackupError(f"pg_restore 失败：{proc.stderr.strip()}")
