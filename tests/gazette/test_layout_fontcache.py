"""Font metrics cached on disk: the same face as ReportLab's parse, the same PDF bytes, and a
damaged or unwritable cache that only costs time."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from gazette.layout.fontcache import CachedFace, load_font
from gazette.resources import resource_path

# a TrueType collection with 2048 units per em, and a 1000-unit font (integer widths)
FONTS = [("wqy-microhei.ttc", 0), ("GazetteFang-fandol.ttf", 0)]
TEXT = "关于印发《宿迁市2026年政务公开工作要点》的通知（ABC-123）"


def _state(face: object) -> dict[str, object]:
    """A face's attributes as ReportLab's own code sees them (the lazy map built)."""
    _ = face.glyphToChar  # type: ignore[attr-defined]
    state = {k: v for k, v in vars(face).items() if k not in ("_pdfScale", "_pos", "_g2c")}
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
    assert len(list(tmp_path.iterdir())) == 1
    assert _state(cached.face) == _state(parsed.face)
    assert cached.face._pdfScale(1234) == parsed.face._pdfScale(1234)
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
    (cache,) = tmp_path.iterdir()
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
    assert len(list((tmp_path / "cache").iterdir())) == 2
