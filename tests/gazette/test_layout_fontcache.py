"""Font metrics cached on disk: the same face as ReportLab's parse, the same PDF bytes, and a
damaged or unwritable cache that only costs time."""

from __future__ import annotations

import functools
import hashlib
import io
import json
import os
import re
import sys
from array import array
from pathlib import Path

import pytest
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from gazette.layout import fontcache, fonts
from gazette.layout.fontcache import CachedFace, CodeMap, HMetrics, file_sha256, ship
from gazette.resources import resource_path

# a TrueType collection with 2048 units per em, and a 1000-unit font (integer widths)
FONTS = [("wqy-microhei.ttc", 0), ("GazetteFang-fandol.ttf", 0)]
# the cache's own path: a font the lazy reader would take is parsed or read from the cache
load_font = functools.partial(fontcache.load_font, lazily=False)
TEXT = "关于印发《宿迁市2026年政务公开工作要点》的通知（ABC-123）"


def _state(face: object) -> dict[str, object]:
    """A face's attributes as ReportLab's own code sees them (the lazy map built)."""
    _ = face.glyphToChar  # type: ignore[attr-defined]
    state = {k: v for k, v in vars(face).items() if k not in ("_pdfScale", "_pos", "_g2c")}
    if isinstance(state["hmetrics"], HMetrics):  # read from arrays, pair by pair
        state["hmetrics"] = [state["hmetrics"][k] for k in range(len(state["hmetrics"]))]
    if isinstance(state["glyphPos"], array):  # kept typed; ReportLab only indexes it
        state["glyphPos"] = list(state["glyphPos"])
    for name in ("charToGlyph", "charWidths"):  # looked up in place, in ReportLab's order
        if isinstance(state[name], CodeMap):
            state[name] = dict(state[name])
    state["_ttf_data"] = bytes(state["_ttf_data"][:])  # the file mapped, or read
    return {k: (type(v), v) for k, v in state.items()}


def _pdf(font: TTFont) -> bytes:
    """One page of text in ``font``, registered under a fixed name, as fixed bytes."""
    pdfmetrics.registerFont(font)
    buf = io.BytesIO()
    c = Canvas(buf, invariant=1)
    c.setFont(font.fontName, 16)
    c.drawString(72, 700, TEXT)
    c.showPage()
    c.save()
    return buf.getvalue()


@pytest.mark.parametrize(("name", "face"), FONTS)
def test_a_cached_face_is_the_parsed_face(tmp_path: Path, name: str, face: int) -> None:
    path = resource_path("fonts", name)
    parsed = TTFont("GZ-test-parsed", str(path), subfontIndex=face)
    first = load_font("GZ-test-first", path, face, tmp_path)  # parses and writes the cache
    cached = load_font("GZ-test-cached", path, face, tmp_path)
    assert not isinstance(first.face, CachedFace)
    assert isinstance(cached.face, CachedFace)
    assert len(list(tmp_path.glob("*.metrics"))) == 1
    assert _state(cached.face) == _state(parsed.face)
    assert cached.face._pdfScale(1234) == parsed.face._pdfScale(1234)
    for name in ("charToGlyph", "charWidths"):  # iterated in ReportLab's order
        assert list(getattr(cached.face, name).items()) == list(getattr(parsed.face, name).items())
    assert set(vars(cached)) == set(vars(parsed))
    assert cached.shapable == parsed.shapable
    # and the PDF drawn with it, subset and all, is byte for byte the same
    assert _pdf(load_font("GZ-test-same", path, face, tmp_path)) == _pdf(
        TTFont("GZ-test-same", str(path), subfontIndex=face)
    )


def _damage_payload(blob: bytes) -> bytes:
    return blob[:-10] + bytes(b ^ 0xFF for b in blob[-10:])


def _damage_header(blob: bytes) -> bytes:
    return blob[:30] + b"{{{{" + blob[34:]


@pytest.mark.parametrize(
    "damage",
    [lambda b: b[: len(b) // 2], lambda b: b"", _damage_payload, _damage_header],
    ids=["truncated", "empty", "payload", "header"],
)
def test_a_damaged_cache_is_rebuilt_not_fatal(tmp_path: Path, damage) -> None:
    path = resource_path("fonts", "GazetteFang-fandol.ttf")
    load_font("GZ-test-a", path, 0, tmp_path)
    (cache,) = tmp_path.glob("*.metrics")
    good = cache.read_bytes()
    cache.write_bytes(damage(good))
    font = load_font("GZ-test-b", path, 0, tmp_path)
    assert not isinstance(font.face, CachedFace)  # parsed again …
    assert font.face.charWidths[ord("字")] == 1000
    assert cache.read_bytes() == good  # … and the cache written anew
    assert isinstance(load_font("GZ-test-c", path, 0, tmp_path).face, CachedFace)


def test_a_cache_folder_that_cannot_be_written_only_costs_time(tmp_path: Path) -> None:
    blocked = tmp_path / "cache"
    blocked.write_text("a file where the folder should be", "utf-8")
    font = load_font(
        "GZ-test-blocked", resource_path("fonts", "GazetteFang-fandol.ttf"), 0, blocked
    )
    assert font.face.charToGlyph[ord("字")] > 0
    assert blocked.read_text("utf-8").startswith("a file")


def test_a_changed_font_file_gets_its_own_cache(tmp_path: Path) -> None:
    fonts = tmp_path / "fonts"
    fonts.mkdir()
    target = fonts / "body.ttf"
    target.write_bytes(resource_path("fonts", "GazetteFang-fandol.ttf").read_bytes())
    load_font("GZ-test-v1", target, 0, tmp_path / "cache")
    target.write_bytes(resource_path("fonts", "LiberationSerif-Regular.ttf").read_bytes())
    font = load_font("GZ-test-v2", target, 0, tmp_path / "cache")
    assert ord("字") not in font.face.charToGlyph  # the new file's metrics, not the old cache's
    assert len(list((tmp_path / "cache").glob("*.metrics"))) == 2


def test_a_font_rewritten_in_place_with_the_same_size_is_hashed_again(tmp_path: Path) -> None:
    """The remembered hash stands only while the file's size and modification time do."""
    target = tmp_path / "body.ttf"
    data = resource_path("fonts", "GazetteFang-fandol.ttf").read_bytes()
    target.write_bytes(data)
    before = target.stat()
    digest = file_sha256(target, data, tmp_path / "cache")
    assert digest == hashlib.sha256(data).hexdigest()
    assert file_sha256(target, data, tmp_path / "cache") == digest  # from the note
    changed = data[:-4] + bytes(4)
    target.write_bytes(changed)
    os.utime(target, ns=(before.st_atime_ns, before.st_mtime_ns + 1_000_000_000))
    assert file_sha256(target, changed, tmp_path / "cache") == hashlib.sha256(changed).hexdigest()
    (note,) = (tmp_path / "cache").glob("*.source")
    note.write_text("{not json", "utf-8")
    assert file_sha256(target, changed, tmp_path / "cache") == hashlib.sha256(changed).hexdigest()


def test_shipped_metrics_serve_a_first_start_with_an_empty_cache(tmp_path: Path) -> None:
    """The packaged app's metrics are read, not parsed, and nothing is written or hashed; a
    file that is not the shipped one (another size) is parsed as before."""
    shipped = tmp_path / "shipped"
    written = ship([(resource_path("fonts", n), f) for n, f in FONTS], shipped)
    assert {p.name for p in written} >= {"index.json"} and len(written) == 3
    user = tmp_path / "user"
    for name, face in FONTS:
        path = resource_path("fonts", name)
        font = load_font(f"GZ-test-shipped-{face}-{name[:3]}", path, face, user, shipped)
        assert isinstance(font.face, CachedFace)
        assert _state(font.face) == _state(TTFont("GZ-test-p", str(path), subfontIndex=face).face)
    assert not user.exists()  # neither parsed, nor hashed, nor written
    other = tmp_path / "other.ttf"
    other.write_bytes(resource_path("fonts", "GazetteFang-fandol.ttf").read_bytes() + b"\0")
    index = json.loads((shipped / "index.json").read_text("utf-8"))
    index["other.ttf"] = index["GazetteFang-fandol.ttf"]  # same name, other size: not trusted
    (shipped / "index.json").write_text(json.dumps(index), "utf-8")
    font = load_font("GZ-test-other", other, 0, user, shipped)
    assert not isinstance(font.face, CachedFace) and len(list(user.glob("*.metrics"))) == 1


def test_a_cached_face_looks_up_only_the_characters_drawn(tmp_path: Path) -> None:
    """The character maps are read in place: drawing a line looks up its characters, and
    no map of the font's 20,000 is built."""
    path = resource_path("fonts", "GazetteFang-fandol.ttf")
    load_font("GZ-test-fill", path, 0, tmp_path)
    font = load_font("GZ-test-lazy", path, 0, tmp_path)
    c2g, widths = font.face.charToGlyph, font.face.charWidths
    assert isinstance(c2g, CodeMap) and isinstance(widths, CodeMap)
    assert len(c2g) > 10_000
    _pdf(font)
    drawn = {ord(c) for c in TEXT}
    assert set(c2g.known) <= drawn | set(range(128)) and set(widths.known) <= drawn | set(
        range(128)
    )
    assert ord("字") not in c2g.known and "字" not in c2g and None not in c2g
    assert c2g.get(0x10FFFF, -1) == -1 and 0x10FFFF not in c2g
    c2g[0x10FFFF] = 7  # as ReportLab's shaping adds a code
    assert c2g[0x10FFFF] == 7 and list(c2g)[-1] == 0x10FFFF and len(c2g) == len(c2g.order) + 1


def test_the_packaged_app_reads_its_fonts_metrics_from_where_the_spec_ships_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """In the bundle (resources under ``sys._MEIPASS``) a bundled font's metrics are found in
    the folder the PyInstaller spec ships them to: on a user's PC a first build never parses a
    bundled font. Parsing ("fonts cold" in ``bench/layout.py``) is left to fonts the app does
    not ship, such as a PC's own 仿宋_GB2312, and to runs from source."""
    spec = (Path(__file__).resolve().parents[2] / "packaging" / "gazette-desk.spec").read_text(
        "utf-8"
    )
    dest = re.search(r'datas\.append\(\(str\(_metrics\), "([^"]+)"\)\)', spec)
    assert dest, "the spec no longer ships the font metrics"
    assert "ship_metrics(_metrics)" in spec
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    monkeypatch.setattr(fonts, "SHIPPED", None)
    assert fonts.shipped_metrics() == tmp_path / dest[1]
    name = "LiberationSerif-Regular.ttf"
    assert fonts.BUNDLED["Times New Roman"][0] == name
    bundled = resource_path("fonts", name)  # now inside the bundle
    bundled.parent.mkdir(parents=True)
    source = Path(__file__).resolve().parents[2] / "resources" / "fonts" / name
    bundled.write_bytes(source.read_bytes())
    ship([(bundled, 0)], fonts.shipped_metrics())
    found = fonts.locate("Times New Roman", system_dirs=[])
    assert found is not None and found.source == "bundled" and found.path == bundled
    font = load_font("GZ-test-bundle", found.path, 0, tmp_path / "user", fonts.shipped_metrics())
    assert isinstance(font.face, CachedFace) and not (tmp_path / "user").exists()
