"""Export the public site into a folder, incrementally.

The folder keeps a manifest (``.gazette-site.json``: path -> SHA-256 of the bytes written). A
rebuild renders everything in memory, writes a file only when its hash changed or it is missing,
removes files that an earlier build wrote and this one did not (an issue withdrawn, a document no
longer public), and reports what it wrote and removed, by kind. Each file appears by rename from
a temporary name, so a reader or an interrupted build never sees half a page; the manifest is
written last (fsync'd), so a rebuild after a crash rewrites whatever it cannot vouch for.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import json
import os
import shutil
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from gazette.distribution.recipients import reading_points
from gazette.files.atomic import atomic_write_text, give_default_mode
from gazette.files.paths import Folder, OutsideRoot, check_name, inside, plain_name
from gazette.files.store import FileStore
from gazette.office import settings
from gazette.office.auth import mutating, require
from gazette.progress import Reporter
from gazette.resources import resource_path
from gazette.site import feeds, inputs, paths, views
from gazette.site.collect import SiteData, collect
from gazette.site.covers import render_cover
from gazette.site.documents import documents as _documents
from gazette.site.inputs import FORMAT
from gazette.site.pages import Site

if TYPE_CHECKING:
    from gazette.context import AppContext

MANIFEST = ".gazette-site.json"
ASSETS = ("site.css", "search.js")
KINDS = {
    "assets": "样式与脚本",
    "search": "检索索引",
    "files": "PDF 文件",
    "covers": "封面图",
    "d": "文件页",
}


class SiteBuildError(Exception):
    """The output folder cannot be used; the message names it."""


def kind_of(path: str) -> str:
    head = path.split("/", 1)[0]
    if head in KINDS:
        return KINDS[head]
    if path.endswith(".html"):
        return "目录页"
    return "订阅与站点地图"


@dataclass
class BuildReport:
    out: Path
    written: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: int = 0
    issues: int = 0
    docs: int = 0
    files: int = 0
    bytes_total: int = 0
    seconds: float = 0.0
    warnings: list[str] = field(default_factory=list)

    def summary(self) -> str:
        """What was rewritten, in Chinese, by kind of file."""
        lines = [
            f"已导出 {self.issues} 期、{self.docs} 篇文件到 {self.out}"
            f"（{self.files} 个文件，{self.bytes_total / 1048576:.1f} MB，用时 {self.seconds:.1f} 秒）"
        ]
        if not self.written and not self.removed:
            lines.append("没有变化：所有文件都是最新的。")
        if self.written:
            counts = Counter(kind_of(p) for p in self.written)
            lines.append(
                f"重写 {len(self.written)} 个文件："
                + "，".join(f"{k} {n}" for k, n in counts.most_common())
            )
        if self.removed:
            lines.append(f"删除 {len(self.removed)} 个不再发布的文件")
        lines.append(f"未改变 {self.unchanged} 个文件")
        lines += [f"注意：{w}" for w in self.warnings]
        return "\n".join(lines)


class Writer:
    """Writes only what changed, by content hash, and remembers what it wrote."""

    def __init__(self, out: Path, report: BuildReport) -> None:
        self.out = out
        self.folder = Folder(out)  # where files are written: each name checked, folders once
        self._root = os.fspath(out)
        self.report = report
        self.old: dict[str, str] = {}
        self.new: dict[str, str] = {}
        self.old_inputs: dict[str, Any] = {}  # what the earlier export was made from
        self.inputs: dict[str, Any] = {}
        self.trusted = True  # False after a build was killed: files are checked against disk
        manifest = out / MANIFEST
        if manifest.exists():
            try:
                loaded = json.loads(manifest.read_text("utf-8"))
                self.old = loaded["files"]
                self.trusted = loaded.get("complete", True) is not False
                inputs = loaded.get("inputs")
                if isinstance(inputs, dict) and inputs.get("format") == FORMAT:
                    self.old_inputs = inputs
            except (ValueError, KeyError, TypeError, OSError) as exc:
                raise SiteBuildError(
                    f"网站清单 {manifest} 已损坏：{exc}；请删除该文件夹后重建"
                ) from exc
            self._check_manifest(manifest)
        elif out.exists() and any(out.iterdir()):
            raise SiteBuildError(
                f"文件夹 {out} 不是空的，也不是以前导出的网站（缺少 {MANIFEST}）；请选择空文件夹"
            )

    def _check_manifest(self, manifest: Path) -> None:
        """A manifest someone edited must not steer a delete or a write outside the folder."""
        if not isinstance(self.old, dict):
            raise SiteBuildError(
                f"网站清单 {manifest} 已损坏：文件列表格式不对；请删除该文件夹后重建"
            )
        # by name only (no file system call per file); ``Folder`` resolves each path's folder
        # before anything is written there, ``inside`` each path before it is deleted
        for path, sha in self.old.items():
            try:
                if not isinstance(path, str) or not plain_name(path):
                    check_name(path)
            except OutsideRoot as exc:
                raise SiteBuildError(
                    f"网站清单 {manifest} 被改动过：{exc}，已停止导出，未删除任何文件；"
                    "请删除该清单或换一个空文件夹后重建"
                ) from exc
            if not isinstance(sha, str):
                raise SiteBuildError(f"网站清单 {manifest} 已损坏：“{path}”的摘要不对")

    def begin(self) -> None:
        """Mark the folder as being rebuilt: if this process is killed, the next build trusts
        no input digest and compares each file on disk before it skips writing it."""
        if self.old:
            self._save(self.old, {}, complete=False)

    def _save(self, files: dict[str, str], inputs: dict[str, Any], complete: bool) -> None:
        atomic_write_text(
            self.out / MANIFEST,
            json.dumps(
                {"format": 2, "complete": complete, "files": files, "inputs": inputs},
                ensure_ascii=False,
                indent=0,
            ),
        )

    def on_disk(self, path: str) -> str:
        """Where a manifest's name is, for a look (its names were checked when it was read)."""
        return os.path.join(self._root, path)

    def _unchanged(self, path: str, sha: str) -> bool:
        if self.old.get(path) != sha:
            return False
        return self.intact(path) if not self.trusted else os.path.isfile(self.on_disk(path))

    def keep(self, path: str) -> bool:
        """Vouch for a file of the earlier export without rendering it again, if it is there."""
        sha = self.old.get(path)
        if sha is None or not self._unchanged(path, sha):
            return False
        self.new[path] = sha
        self.report.unchanged += 1
        return True

    def intact(self, path: str) -> bool:
        """The file on disk is byte for byte what the earlier export wrote (before reading it)."""
        return self.read_intact(path) is not None

    def read_intact(self, path: str) -> bytes | None:
        """The bytes of an earlier export's file, if they are still what it wrote."""
        sha = self.old.get(path)
        if sha is None:
            return None
        try:
            with open(self.on_disk(path), "rb") as fh:
                data = fh.read()
        except OSError:
            return None
        return data if hashlib.sha256(data).hexdigest() == sha else None

    def put(self, path: str, data: bytes) -> None:
        sha = hashlib.sha256(data).hexdigest()
        self.new[path] = sha
        self.report.bytes_total += len(data)
        if self._unchanged(path, sha):
            self.report.unchanged += 1
            return
        self._replace(path, lambda fh: fh.write(data))
        self.report.written.append(path)

    def copy(self, path: str, store: FileStore, sha: str, size: int) -> None:
        """A stored file, named by its own hash: copied once, never rewritten (so the store
        is opened only when the folder lacks it)."""
        if path in self.new:
            return
        self.new[path] = sha
        self.report.bytes_total += size
        if self._unchanged(path, sha):
            self.report.unchanged += 1
            return
        with open(store.open(sha), "rb") as src:
            self._replace(path, lambda fh: shutil.copyfileobj(src, fh, 1 << 20))
        self.report.written.append(path)

    def _replace(self, path: str, fill) -> None:  # type: ignore[no-untyped-def]
        # Temp name + rename, without an fsync per file: thousands of pages would otherwise
        # take minutes, and the manifest (fsync'd, written last) decides what a rebuild trusts.
        target = self.folder.path(path)
        folder = os.path.dirname(target)
        try:
            fd, tmp = tempfile.mkstemp(prefix=".", suffix=".part", dir=folder)
        except FileNotFoundError:  # a folder this build is the first to fill
            os.makedirs(folder, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".", suffix=".part", dir=folder)
        try:
            with open(fd, "wb") as fh:
                fill(fh)
            give_default_mode(tmp)
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def abandon(self) -> None:
        """After a failed or cancelled build: vouch for what exists, so a rebuild can resume."""
        kept = {
            p: sha for p, sha in {**self.old, **self.new}.items() if os.path.isfile(self.on_disk(p))
        }
        if kept:  # every hash is true of its file, but no input digest is vouched for
            self._save(kept, {}, complete=self.trusted)

    def finish(self) -> None:
        for path in sorted(set(self.old) - set(self.new)):
            target = inside(self.out, path)
            if target.is_file():
                target.unlink()
            self.report.removed.append(path)
        self.report.files = len(self.new)
        self._save(self.new, self.inputs, complete=True)


def _check_files(data: SiteData, store: FileStore, report: BuildReport) -> None:
    """Drop links to PDFs the store does not hold, so the site never links to nothing."""
    for issue in data.issues:
        if issue.pdf and not store.has(issue.pdf.sha256):
            report.warnings.append(f"{issue.label}的 PDF 不在文件库中，未提供下载")
            issue.pdf = None
        for d in issue.docs:
            if d.pdf and not store.has(d.pdf.sha256):
                report.warnings.append(f"《{d.title}》的 PDF 不在文件库中，未提供下载")
                d.pdf = None


def _covers(data: SiteData, store: FileStore, w: Writer, report: BuildReport) -> dict[int, str]:
    covers: dict[int, str] = {}
    for issue in data.issues:
        if not issue.pdf:
            continue
        path = paths.cover_path(issue.pdf.sha256)
        if path in w.new:
            covers[issue.id] = path
            continue
        if w.old.get(path) and os.path.isfile(w.on_disk(path)):
            w.new[path] = w.old[path]
            w.report.unchanged += 1
            covers[issue.id] = path
            continue
        try:
            w.put(path, render_cover(store.open(issue.pdf.sha256)))
            covers[issue.id] = path
        except Exception as exc:  # a broken PDF still gets a typographic cover
            report.warnings.append(f"{issue.label}封面无法生成（{exc}），使用文字封面")
    return covers


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """An export makes hundreds of thousands of short-lived objects (parsed shards, postings,
    pages) and no lasting cycles: the cycle collector, left on, spent an eighth of a new issue's
    rebuild scanning the archive's rows again and again. It runs once the export is done."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


@mutating
def build(
    ctx: AppContext,
    out: Path | str,
    reporter: Reporter | None = None,
    base_url: str | None = None,
) -> BuildReport:
    """Export every publishable issue and document into ``out``; see the module docstring."""
    require(ctx, "site.build")
    reporter = reporter or Reporter()
    started = time.perf_counter()
    out = Path(out)
    report = BuildReport(out)
    w = Writer(out, report)
    out.mkdir(parents=True, exist_ok=True)
    w.begin()
    try:
        with _collector_paused():
            _build(ctx, w, report, reporter, base_url)
    except BaseException:
        w.abandon()
        raise
    report.seconds = time.perf_counter() - started
    reporter.step(1, 1, "导出完成")
    return report


def _build(
    ctx: AppContext, w: Writer, report: BuildReport, reporter: Reporter, base_url: str | None
) -> None:
    reporter.step(0, 1, "读取可公开的期次与文件")
    data = collect(ctx)
    store = ctx.filestore()
    _check_files(data, store, report)
    with ctx.uow() as uow:
        points = reading_points(uow.session)
    conf = settings.get_all(ctx)
    base_url = base_url or conf.get("site_base_url") or None

    def conf_text(key: str) -> str:
        return str(conf.get(key) or "").strip()

    site = Site(
        data.gazette_name,
        data.publisher,
        site_code=conf_text("site_code"),
        icp_number=conf_text("icp_number"),
        police_number=conf_text("police_number"),
        contact=conf_text("site_contact"),
        base_url=base_url or "",
        index_no_format=conf_text("index_no_format"),
        reading=bool(points),
    )
    report.issues, report.docs = len(data.issues), len(data.docs)
    w.inputs = {"format": FORMAT}

    for name in ASSETS:
        w.put(f"assets/{name}", resource_path("site", name).read_bytes())
    for issue in data.issues:
        for f in [issue.pdf, *(d.pdf for d in issue.docs)]:
            if f:
                w.copy(paths.file_path(f.sha256), store, f.sha256, f.size)
    covers = _covers(data, store, w, report)

    issuers: list[str] = list(dict.fromkeys(d.issuer for d in data.docs if d.issuer))
    w.put("index.html", views.home(site, data, covers).encode())
    w.put("404.html", views.not_found(site).encode())
    robots = "User-agent: *\nAllow: /\n"
    if base_url:
        robots += f"Sitemap: {base_url.rstrip('/')}/sitemap.xml\n"
    w.put("robots.txt", robots.encode())
    if points:
        w.put("reading.html", views.reading_page(site, points).encode())
    for year in data.years:
        w.put(paths.year_page(year), views.year_page(site, data, year, covers).encode())
    for issue in data.issues:
        w.put(paths.issue_page(issue), views.issue_page(site, issue, covers.get(issue.id)).encode())

    key = inputs.site_digest(site, base_url, points)
    _documents(ctx, w, site, data, key, issuers, reporter)
    # after the shards: the page names their count
    shards = int(w.inputs["shards"])
    w.put("search.html", views.search_page(site, data, issuers, shards).encode())
    w.put("feed.xml", feeds.atom(data, base_url))
    if base_url:
        for path, payload in feeds.sitemaps(data, base_url):
            w.put(path, payload)
    else:
        report.warnings.append("未填写网站地址，未生成 sitemap.xml（搜索引擎用的网页清单）")
    w.finish()
