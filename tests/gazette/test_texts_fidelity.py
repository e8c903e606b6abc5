"""Text lost is a defect: every character of every corpus file, in every format, is stored.

The reference is read outside the importers (the TXT itself, python-docx, pdftotext, the OFD's
text objects); only folios and truly repeated running heads may be missing.
"""

from __future__ import annotations

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


@pytest.mark.parametrize("path", _files(REAL) + _files(FIXTURES), ids=lambda p: p.name)
def test_no_text_lost(path: Path) -> None:
    if path.suffix == ".pdf" and shutil.which("pdftotext") is None:
        pytest.skip("pdftotext 未安装")
    result = fidelity.check(path.name, fidelity.reference_lines(path), import_file(path).text)
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
