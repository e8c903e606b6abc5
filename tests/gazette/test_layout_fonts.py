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


def test_missing_characters_come_from_the_fallback() -> None:
    fs = font_set(system_dirs=[])
    body = fs.faces["body"]
    # a character the 宋 face lacks but the full-coverage fallback has
    lacking = next(
        ch for ch in "堃喆珺镕旻昇玥璟刏刯剈" if not body.has(ch) and fs.faces["fallback"].has(ch)
    )
    assert fs.font_for(lacking, "body") == fs.name("fallback")
    assert fs.font_for("字", "body") == fs.name("body")
    assert fs.font_for("7", "body") == fs.name("latin")


def test_a_character_no_font_has_stops_with_its_name_and_document() -> None:
    fs = font_set(system_dirs=[])
    with pytest.raises(MissingGlyph) as err:
        fs.runs("这里有一个\U0002a6a5字", "body", where="宿政发〔2026〕1号")
    assert "\U0002a6a5" in str(err.value) and "宿政发〔2026〕1号" in str(err.value)
    assert "U+2A6A5" in str(err.value)
