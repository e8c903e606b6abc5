"""Names read from files (site and backup manifests, zip members, stored-file names) never lead
outside their folder: a tampered manifest is refused with a message and nothing outside changes.

Counted by bench/faults.py under 路径穿越.
"""

from __future__ import annotations

import hashlib
import json
import zipfile
from pathlib import Path

import pytest

import commands
from bench import site_synth as synth
from gazette.context import AppContext
from gazette.db.models import Department
from gazette.files.paths import Folder, OutsideRoot, check_name, inside, plain_name
from gazette.files.store import FileStoreError
from gazette.office.backup import BackupError, make_backup, restore_sqlite, verify
from gazette.site.build import MANIFEST, SiteBuildError, build
from gazette.texts.docx_import import read_docx
from gazette.texts.ofd_import import read_ofd
from gazette.texts.raw import TextImportError


@pytest.mark.parametrize(
    "name", ["../x", "a/../../x", "..\\x", "/etc/passwd", "C:\\Windows\\x", "\\\\srv\\share\\x", ""]
)
def test_inside_refuses_names_leaving_the_folder(tmp_path: Path, name: str) -> None:
    with pytest.raises(OutsideRoot):
        inside(tmp_path, name)


def test_inside_refuses_a_link_leading_out(tmp_path: Path) -> None:
    (tmp_path / "root").mkdir()
    (tmp_path / "root" / "link").symlink_to(tmp_path)
    with pytest.raises(OutsideRoot):
        inside(tmp_path / "root", "link/victim.txt")
    assert inside(tmp_path / "root", "a/b.txt") == (tmp_path / "root" / "a" / "b.txt").resolve()


NAMES = [
    "../x",
    "a/../../x",
    "a/..",
    "..\\x",
    "/etc/passwd",
    "C:x",
    "C:\\Windows\\x",
    "//srv/x",
    "",
]


@pytest.mark.parametrize("name", [*NAMES, "d/5/5040.html", "a/.../b", "search/s/0.js", "a//b"])
def test_plain_names_are_a_subset_of_what_check_name_accepts(name: str) -> None:
    """The site manifest's fast path may only skip names the full check would pass."""
    if plain_name(name):
        check_name(name)
    assert plain_name(name) == (name in ("d/5/5040.html", "a/.../b", "search/s/0.js", "a//b"))


@pytest.mark.parametrize("name", NAMES)
def test_folder_refuses_what_inside_refuses(tmp_path: Path, name: str) -> None:
    with pytest.raises(OutsideRoot):
        Folder(tmp_path).path(name)


def test_folder_follows_links_as_inside_does(tmp_path: Path) -> None:
    """A build writes hundreds of files through one Folder: a linked sub-folder or file that
    leads out is refused, however many names were checked in that folder before."""
    root, outside = tmp_path / "root", tmp_path / "outside"
    (root / "d").mkdir(parents=True)
    outside.mkdir()
    folder = Folder(root)
    assert folder.path("d/1.html") == str((root / "d" / "1.html").resolve())
    (root / "d" / "2.html").symlink_to(outside / "victim.html")
    with pytest.raises(OutsideRoot):
        folder.path("d/2.html")
    (root / "e").symlink_to(outside)
    with pytest.raises(OutsideRoot):
        folder.path("e/1.html")
    (root / "d" / "3.html").symlink_to(root / "real.html")  # inside: the target, as inside says
    assert folder.path("d/3.html") == str(inside(root, "d/3.html"))


def test_site_build_writes_nothing_through_a_planted_link(ctx: AppContext, tmp_path: Path) -> None:
    synth.fill(ctx, first_year=2019, years=1, issues_per_year=1, docs_per_issue=2, paragraphs=2)
    out, outside = tmp_path / "site", tmp_path / "outside"
    build(ctx, out)
    outside.mkdir()
    (out / "search" / "s").rename(tmp_path / "moved")
    (out / "search" / "s").symlink_to(outside)  # the shards' folder now leads out
    synth.fill(ctx, first_year=2020, years=1, issues_per_year=1, docs_per_issue=2, paragraphs=2)
    with pytest.raises(OutsideRoot):
        build(ctx, out)
    assert list(outside.iterdir()) == []


@pytest.fixture
def site(ctx: AppContext, tmp_path: Path) -> tuple[AppContext, Path]:
    synth.fill(ctx, first_year=2019, years=1, issues_per_year=1, docs_per_issue=2, paragraphs=2)
    out = tmp_path / "site"
    build(ctx, out)
    return ctx, out


@pytest.mark.parametrize("kind", ["相对路径", "绝对路径"])
def test_tampered_site_manifest_deletes_nothing_outside(
    site: tuple[AppContext, Path], tmp_path: Path, kind: str
) -> None:
    ctx, out = site
    victim = tmp_path / "victim.txt"
    victim.write_text("办公室的文件")
    entry = "../victim.txt" if kind == "相对路径" else str(victim)
    manifest = json.loads((out / MANIFEST).read_text("utf-8"))
    manifest["files"][entry] = "0" * 64
    (out / MANIFEST).write_text(json.dumps(manifest), "utf-8")
    with pytest.raises(SiteBuildError, match="被改动过"):
        build(ctx, out)
    assert victim.read_text() == "办公室的文件"


def test_tampered_site_manifest_through_the_command_line(
    site: tuple[AppContext, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ctx, out = site
    victim = tmp_path / "victim.txt"
    victim.write_text("x")
    manifest = json.loads((out / MANIFEST).read_text("utf-8"))
    manifest["files"]["../victim.txt"] = "0" * 64
    (out / MANIFEST).write_text(json.dumps(manifest), "utf-8")
    argv = ["--database", ctx.location.database_url, "--data-dir", str(ctx.data_dir)]
    assert commands.main([*argv, "site", "build", "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "网站清单" in err and "Traceback" not in err
    assert victim.exists()


def _with_entry(folder: Path, rel: str, data: bytes) -> None:
    manifest = json.loads((folder / "manifest.json").read_text("utf-8"))
    manifest["files"][rel] = hashlib.sha256(data).hexdigest()
    (folder / "manifest.json").write_text(json.dumps(manifest), "utf-8")


def test_tampered_backup_manifest_restores_nothing_outside(ctx: AppContext, tmp_path: Path) -> None:
    with ctx.uow() as uow:
        uow.session.add(Department(name="市教育局", short_name="教育局", issuer_codes=[]))
        uow.commit()
    info = make_backup(ctx, tmp_path / "bk")
    payload = b"planted"
    planted = info.path / "files" / ".." / ".." / ".." / "X"  # exists, so a naive check passes
    planted.resolve().parent.mkdir(parents=True, exist_ok=True)
    planted.resolve().write_bytes(payload)
    _with_entry(info.path, "files/../../../X", payload)
    store = ctx.filestore().root
    landing = (store / "../../../X").resolve()
    with pytest.raises(BackupError, match="被改动过"):
        restore_sqlite(ctx, info.path)
    assert not landing.exists()
    with ctx.uow() as uow:
        assert uow.session.query(Department).count() == 1


def test_absolute_backup_entry_is_refused(ctx: AppContext, tmp_path: Path) -> None:
    info = make_backup(ctx, tmp_path / "bk")
    elsewhere = tmp_path / "elsewhere.bin"
    elsewhere.write_bytes(b"x")
    _with_entry(info.path, str(elsewhere), b"x")
    with pytest.raises(BackupError, match="被改动过"):
        verify(info.path)


@pytest.mark.parametrize("damage", ["乱码", "截断页"])
def test_damaged_backup_database_is_a_backup_error(
    ctx: AppContext, tmp_path: Path, damage: str
) -> None:
    """A database copy damaged with a manifest to match: BackupError, not sqlite's own error."""
    info = make_backup(ctx, tmp_path / "bk")
    db_copy = info.path / "gazette.sqlite3"
    data = db_copy.read_bytes()
    bad = b"\x00" * 100 + data[100:] if damage == "乱码" else data[:100] + b"\xff" * 4096
    db_copy.write_bytes(bad)
    _with_entry(info.path, "gazette.sqlite3", bad)
    with pytest.raises(BackupError):
        restore_sqlite(ctx, info.path)


def _zip(path: Path, members: dict[str, str]) -> Path:
    with zipfile.ZipFile(path, "w") as zf:
        for name, text in members.items():
            zf.writestr(name, text)
    return path


@pytest.mark.parametrize("member", ["../../outside.txt", "/abs/evil.txt", "..\\..\\evil.txt"])
def test_zip_members_leaving_the_package_are_refused(tmp_path: Path, member: str) -> None:
    docx = _zip(tmp_path / "来文.docx", {"word/document.xml": "<w:document/>", member: "x"})
    with pytest.raises(TextImportError, match="部件名"):
        read_docx(docx)
    ofd = _zip(tmp_path / "来文.ofd", {"OFD.xml": "<ofd:OFD/>", member: "x"})
    with pytest.raises(TextImportError, match="部件名"):
        read_ofd(ofd)


@pytest.mark.parametrize("name", ["../../../etc/passwd", "ab/../../x", "A" * 64])
def test_file_store_refuses_names_that_are_not_digests(ctx: AppContext, name: str) -> None:
    with pytest.raises(FileStoreError):
        ctx.filestore().open(name)
