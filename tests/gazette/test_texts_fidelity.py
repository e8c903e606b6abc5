"""Text lost is a defect: every character of every corpus file, in every format, is stored.

The reference is read outside the importers (the TXT itself, python-docx, pdftotext, the OFD's
text objects); only folios and truly repeated running heads may be missing.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from gazette.texts import fidelity
from gazette.texts.importer import import_file
from gazette.texts.model import Block, DocumentText, Imprint

FIXTURES = Path(__file__).parent / "texts_fixtures"
REAL = FIXTURES / "real"
FORMATS = (".txt", ".docx", ".pdf", ".ofd")


def _files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.suffix in FORMATS)


def _decodable(folder: Path) -> list[Path]:
    """Native files whose text layer decodes (the undecodable one is refused, never stored)."""
    return [
        p
        for p in _files(folder)
        if not json.loads((folder / f"{p.stem}.label.json").read_text("utf-8")).get("undecodable")
    ]


@pytest.mark.parametrize(
    "path",
    _files(REAL) + _files(FIXTURES) + _decodable(REAL / "native"),
    ids=lambda p: p.name,
)
def test_no_text_lost(path: Path) -> None:
    if path.suffix == ".pdf" and shutil.which("pdftotext") is None:
        pytest.skip("pdftotext 未安装")
    result = fidelity.check_file(path, import_file(path).text)
    assert result.lost == [], f"{path.name}: 丢失 {len(result.lost)} 行，如 {result.lost[:3]}"


def test_the_corpus_is_there() -> None:
    assert len({p.name.split(".")[0] for p in _files(REAL)}) >= 39


SOURCE = [
    "国务院关于推行终身职业技能培训制度的意见",
    "国发〔2018〕11号",
    "各省、自治区、直辖市人民政府：",
    "— 1 —",
    "某某市人民政府公报",
    "职业技能培训是全面提升劳动者就业创业能力的重要举措。",
    "某某市人民政府公报",
    "国务院",
    "2018年5月3日",
    "抄送：市委办公室。",
    "某某市人民政府办公室  2018年5月4日印发",
]


def _stored(**changes: object) -> DocumentText:
    doc = DocumentText(
        title="国务院关于推行终身职业技能培训制度的意见",
        doc_number="国发〔2018〕11号",
        title_first=True,
        addressees="各省、自治区、直辖市人民政府：",
        blocks=[Block("paragraph", "职业技能培训是全面提升劳动者就业创业能力的重要举措。")],
        signature=["国务院"],
        date="2018年5月3日",
        imprint=Imprint("抄送：市委办公室。", "某某市人民政府办公室", "2018年5月4日"),
    )
    for key, value in changes.items():
        setattr(doc, key, value)
    return doc


def test_folios_and_repeated_heads_may_go_nothing_else() -> None:
    result = fidelity.check("x", SOURCE, _stored())
    assert result.ok and sorted(result.dropped) == [
        "—1—",
        "某某市人民政府公报",
        "某某市人民政府公报",
    ]


@pytest.mark.parametrize(
    ("change", "missing"),
    [
        ({"title": ""}, "国务院关于推行终身职业技能培训制度的意见"),
        ({"imprint": None}, "抄送：市委办公室。"),
        ({"signature": []}, "国务院"),
    ],
)
def test_a_dropped_title_or_imprint_is_caught(change: dict[str, object], missing: str) -> None:
    result = fidelity.check("x", SOURCE, _stored(**change))
    assert missing in result.lost


def test_order_counts() -> None:
    doc = _stored(blocks=[], addressees="职业技能培训是全面提升劳动者就业创业能力的重要举措。")
    result = fidelity.check("x", SOURCE, doc)
    assert "各省、自治区、直辖市人民政府：" in result.lost


def test_positioned_text_may_stand_a_few_lines_away_but_not_vanish() -> None:
    """An OFD's text objects have positions, not a reading order: a form's cell read with
    another row is kept elsewhere (moved), a line missing from the document is still lost."""
    doc = _stored(addressees="职业技能培训是全面提升劳动者就业创业能力的重要举措。", blocks=[])
    doc.blocks = [Block("paragraph", "各省、自治区、直辖市人民政府：")]
    strict = fidelity.check("x", SOURCE, doc)
    loose = fidelity.check("x", SOURCE, doc, positioned=True)
    assert not strict.ok
    assert loose.ok and loose.moved == strict.lost
    gone = fidelity.check("x", SOURCE, _stored(imprint=None), positioned=True)
    assert "抄送：市委办公室。" in gone.lost
