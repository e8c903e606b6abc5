"""Fonts read lazily from their files: every bundled face is ReportLab's parsed face, entry
by entry and in order, a build looks up only the characters it draws, and a file the reader
cannot take is left to ReportLab's parse."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont, TTFontFace
from reportlab.pdfgen.canvas import Canvas

from gazette.layout import fonts
from gazette.layout.fontcache import CachedFace, load_font
from gazette.layout.fontread import LazyFace, LazyMap, open_face
from gazette.resources import resource_path

BUNDLED = [*sorted(set(fonts.BUNDLED.values())), ("wqy-microhei.ttc", 1)]  # and a second face
TEXT = "关于印发《宿迁市2026年政务公开工作要点》的通知（ABC-123） 　"
BULK = ("charToGlyph", "charWidths", "hmetrics", "glyphPos", "glyphToChar")


def _typed(values: object) -> list[tuple[type, object]]:
    return [(type(v), v) for v in values]  # type: ignore[attr-defined]


@pytest.mark.parametrize(("name", "face"), BUNDLED)
def test_a_lazy_face_is_the_parsed_face(name: str, face: int) -> None:
    path = resource_path("fonts", name)
    parsed = TTFontFace(str(path), subfontIndex=face)
    lazy = open_face(path, face)
    assert isinstance(lazy, LazyFace)
    # looked up one by one before anything is built: the same glyph and width (and type)
    probes = [*list(parsed.charToGlyph)[::5], 0x20, 0xA0, 0x3000, 0xFFFF, 0x10FFFF, -1]
    for code in probes:
        assert lazy.charToGlyph.get(code, "-") == parsed.charToGlyph.get(code, "-")
        got, want = lazy.charWidths.get(code, "-"), parsed.charWidths.get(code, "-")
        assert (type(got), got) == (type(want), want)
        assert lazy.getCharWidth(code) == parsed.getCharWidth(code)
    # built whole: every entry, in ReportLab's order
    for attr in ("charToGlyph", "charWidths"):
        got, want = getattr(lazy, attr), getattr(parsed, attr)
        assert list(got) == list(want)
        assert _typed(got.values()) == _typed(want.values())
    assert _typed(lazy.hmetrics[k] for k in range(len(lazy.hmetrics))) == _typed(parsed.hmetrics)
    assert [lazy.glyphPos[k] for k in range(len(lazy.glyphPos))] == parsed.glyphPos
    assert list(lazy.glyphToChar.items()) == list(parsed.glyphToChar.items())
    skip = {*BULK, "_ttf_data", "_pdfScale", "_pos", "_cmap"}
    mine = {k: (type(v), v) for k, v in vars(lazy).items() if k not in skip}
    theirs = {k: (type(v), v) for k, v in vars(parsed).items() if k not in skip}
    assert mine == theirs


def _pdf(font: TTFont) -> bytes:
    pdfmetrics.registerFont(font)
    buf = io.BytesIO()
    c = Canvas(buf, invariant=1)
    c.setFont(font.fontName, 16)
    c.drawString(72, 700, TEXT)
    c.showPage()
    c.save()
    return buf.getvalue()


def test_a_lazy_font_draws_the_parsed_fonts_bytes_and_looks_up_only_what_it_draws() -> None:
    path = resource_path("fonts", "GazetteFang-fandol.ttf")
    lazy = load_font("GZ-test-lazyread", path, 0, None)
    assert isinstance(lazy.face, LazyFace)
    c2g = lazy.face.charToGlyph
    assert isinstance(c2g, LazyMap)
    assert _pdf(lazy) == _pdf(TTFont("GZ-test-lazyread", str(path)))
    drawn = {ord(c) for c in TEXT} | set(range(128)) | {0xA0}
    assert set(c2g.known) <= drawn  # no map of the font's 10,000 characters was built
    c2g[0x10FFFF] = 7  # as ReportLab's shaping adds a code
    assert len(c2g) == len(TTFontFace(str(path)).charToGlyph) + 1  # counted, not built
    assert set(c2g.known) <= drawn | {0x10FFFF}
    assert c2g[0x10FFFF] == 7 and list(c2g)[-1] == 0x10FFFF
    assert len(c2g) == len(TTFontFace(str(path)).charToGlyph) + 1


def test_a_file_the_reader_cannot_take_is_parsed(tmp_path: Path) -> None:
    data = bytearray(resource_path("fonts", "LiberationSerif-Regular.ttf").read_bytes())
    lazy = open_face(resource_path("fonts", "LiberationSerif-Regular.ttf"))
    assert lazy is not None
    cmap = lazy.table["cmap"]["offset"]
    count = int.from_bytes(data[cmap + 2 : cmap + 4], "big")
    for n in range(count):  # every subtable made format 6, which the reader leaves alone
        at = cmap + int.from_bytes(data[cmap + 8 + 8 * n : cmap + 12 + 8 * n], "big")
        if int.from_bytes(data[at : at + 2], "big") == 4:
            data[at : at + 2] = (0x7F).to_bytes(2, "big")  # no such format
    odd = tmp_path / "odd.ttf"
    odd.write_bytes(bytes(data))
    assert open_face(odd) is None
    empty = tmp_path / "empty.ttf"
    empty.write_bytes(b"")
    assert open_face(empty) is None
    good = tmp_path / "good.ttf"
    good.write_bytes(resource_path("fonts", "LiberationSerif-Regular.ttf").read_bytes())
    font = load_font("GZ-test-fallback", good, 0, tmp_path / "cache", lazily=False)
    assert not isinstance(font.face, (LazyFace, CachedFace))
