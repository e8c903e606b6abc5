"""The real-document corpus: every hand-written label is well formed and quotes its own text.

Labels are written from the source text, never from the importer, so this test reads only the
files in ``texts_fixtures/real``. A labelled string that does not occur in its text (white space
ignored) is a typing slip in the label, and would make the importer's score meaningless.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

REAL = Path(__file__).parent / "texts_fixtures" / "real"
KEYS = {
    "source",
    "organ",
    "level",
    "kind",
    "title",
    "doc_number",
    "addressees",
    "subtitle",
    "headings",
    "attachments",
    "appendices",
    "signature",
    "date",
    "disclosure",
    "notes",
}
LEVELS = {"national", "provincial", "municipal", "county"}
KINDS = {"公文", "令", "人事任免", "政策解读", "决定", "公告", "其他"}
HEADING_LEVELS = ["1", "2", "3", "4"]
WHITE = re.compile(r"\s+")  # \s covers U+3000 in Python's Unicode patterns


YEAR_BRACKETS = re.compile(r"[\[［〔﹝【(（](\d{4})[\]］〕﹞】)）]")


def squeeze(text: str) -> str:
    """The comparison form: every kind of white space removed."""
    return WHITE.sub("", text)


def year_brackets(text: str) -> str:
    """Labels write the year of a 发文字号 in 〔〕 whatever brackets the source printed."""
    return YEAR_BRACKETS.sub(r"〔\1〕", text)


def label_paths() -> list[Path]:
    return sorted(REAL.glob("*.label.json"))


def doc_id(label_path: Path) -> str:
    return label_path.name.removesuffix(".label.json")


def load(label_path: Path) -> dict:
    return json.loads(label_path.read_text(encoding="utf-8"))


def source_text(label_path: Path) -> str:
    return (REAL / f"{doc_id(label_path)}.txt").read_text(encoding="utf-8")


def labelled_strings(label: dict) -> list[tuple[str, str]]:
    """(field, value) for every string the label says is printed in the text."""
    found: list[tuple[str, str]] = []
    for field in ("title", "doc_number", "addressees", "subtitle", "date", "disclosure"):
        if label[field] is not None:
            found.append((field, label[field]))
    found += [("signature", s) for s in label["signature"]]
    for level in HEADING_LEVELS:
        found += [(f"headings[{level}]", h) for h in label["headings"][level]]
    for n, appendix in enumerate(label["appendices"]):
        found.append((f"appendices[{n}].title", appendix["title"]))
        if appendix.get("subtitle"):
            found.append((f"appendices[{n}].subtitle", appendix["subtitle"]))
        for level in HEADING_LEVELS:
            found += [
                (f"appendices[{n}].headings[{level}]", h) for h in appendix["headings"][level]
            ]
    return found


def test_the_corpus_is_large_and_varied_enough() -> None:
    labels = [load(p) for p in label_paths()]
    assert len(labels) >= 40, f"only {len(labels)} labelled documents"
    organs = {label["organ"] for label in labels}
    assert len(organs) >= 10, f"only {len(organs)} issuing organs: {sorted(organs)}"
    assert {label["level"] for label in labels} == LEVELS


@pytest.mark.parametrize("label_path", label_paths(), ids=doc_id)
def test_label_is_complete(label_path: Path) -> None:
    label = load(label_path)
    assert set(label) == KEYS, f"missing {KEYS - set(label)}, unknown {set(label) - KEYS}"
    assert label["level"] in LEVELS
    assert label["kind"] in KINDS
    assert label["title"], "every document has a title"
    assert label["source"] and label["notes"]
    for value in (label["doc_number"], label["date"], label["disclosure"], label["subtitle"]):
        assert value is None or (isinstance(value, str) and value.strip())
    if label["doc_number"] is not None:
        assert "[" not in label["doc_number"] and "(" not in label["doc_number"], (
            "year brackets are written 〔〕 in labels"
        )
    assert sorted(label["headings"]) == HEADING_LEVELS
    assert all(isinstance(s, str) and s.strip() for s in label["signature"])
    assert all(isinstance(a, str) and a.strip() for a in label["attachments"])
    for appendix in label["appendices"]:
        assert appendix["title"].strip()
        assert sorted(appendix["headings"]) == HEADING_LEVELS


@pytest.mark.parametrize("label_path", label_paths(), ids=doc_id)
def test_every_labelled_string_is_in_the_text(label_path: Path) -> None:
    text = squeeze(source_text(label_path))
    numbers = year_brackets(text)
    missing = [
        f"{field}: {value}"
        for field, value in labelled_strings(load(label_path))
        if squeeze(value) not in (numbers if field == "doc_number" else text)
    ]
    assert not missing, "not in the text:\n" + "\n".join(missing)


@pytest.mark.parametrize("label_path", label_paths(), ids=doc_id)
def test_headings_are_in_reading_order(label_path: Path) -> None:
    """Each level's headings occur in the text in the order the label lists them."""
    label = load(label_path)
    text = squeeze(source_text(label_path))
    blocks = [label["headings"]] + [a["headings"] for a in label["appendices"]]
    for headings in blocks:
        for level in HEADING_LEVELS:
            at = 0
            for heading in headings[level]:
                found = text.find(squeeze(heading), at)
                assert found >= 0, f"level {level} heading out of order: {heading}"
                at = found + 1


def test_every_text_has_a_label_and_is_utf8() -> None:
    texts = {p.name.removesuffix(".txt") for p in REAL.glob("*.txt")}
    labelled = {doc_id(p) for p in label_paths()}
    assert texts <= labelled, f"texts without a label: {sorted(texts - labelled)}"
    for name in texts:
        (REAL / f"{name}.txt").read_text(encoding="utf-8")
