"""Fonts by role: Windows system fonts first, bundled ones otherwise, per-character fallback."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from gazette.layout.fonts import MissingGlyph, font_set, resolve
from gazette.resources import resource_path


def test_bundled_fonts_cover_every_role_with_licences() -> None:
    files = resolve(system_dirs=[])
    assert {f.source for f in files.values()} == {"bundled"}
    assert files["heading1"].path.name == "wqy-microhei.ttc"
    assert files["heading2"].path.name == "GazetteKai-ukai.ttf"
    licences = resource_path("fonts", "licenses").iterdir()
    assert len(list(licences)) >= 4


def test_a_windows_system_font_is_preferred_by_file_name(tmp_path: Path) -> None:
    fonts_dir = tmp_path / "Fonts"
    fonts_dir.mkdir()
    shutil.copy(resource_path("fonts", "GazetteKai-ukai.ttf"), fonts_dir / "simkai.ttf")
    files = resolve(system_dirs=[fonts_dir])
    assert files["heading2"].source == "system"
    assert files["heading2"].path == fonts_dir / "simkai.ttf"
    assert files["body"].source == "bundled"


def test_missing_characters_come_from_the_role_chain_then_the_fallback() -> None:
    fs = font_set(system_dirs=[])
    fang, song = fs.chains["body"][0], fs.chains["body"][1]
    assert "Fang" in fang.name and "uming" in song.name
    fallback = fs.faces["fallback"]
    # a name character 仿宋 lacks is drawn in 宋, not in 黑
    in_song = next(ch for ch in "堃喆珺镕旻昇玥璟" if not fang.has(ch) and song.has(ch))
    assert fs.font_for(in_song, "body") == song.name
    # one neither has comes from the full-coverage fallback
    in_hei = next(
        chr(c)
        for c in sorted(fallback.chars)
        if 0x4E00 <= c < 0x9FA6 and not song.has(chr(c)) and not fang.has(chr(c))
    )
    assert fs.font_for(in_hei, "body") == fs.name("fallback")
    assert fs.font_for("字", "body") == fang.name
    assert fs.font_for("7", "body") == fs.name("latin")


def test_a_character_no_font_has_stops_with_its_name_and_document() -> None:
    fs = font_set(system_dirs=[])
    with pytest.raises(MissingGlyph) as err:
        fs.runs("这里有一个\U0002a6a5字", "body", where="宿政发〔2026〕1号")
    assert "\U0002a6a5" in str(err.value) and "宿政发〔2026〕1号" in str(err.value)
    assert "U+2A6A5" in str(err.value)
