"""Hand-written labels of the real-document corpus, and how a detected structure is scored
against them (the contract in the corpus folder: one ``<id>.label.json`` per document).

A field is right when it equals the label with all white space (U+3000 included) removed; an
absent field is right when the label says null or empty. Headings are compared level by level
as whole lists, so one wrong heading makes the document's headings wrong.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gazette.texts.model import Block, DocumentText

FIELDS = (
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
    "kind",
)
FORMATS = ("txt", "docx", "pdf", "ofd")
_WS = re.compile(r"[\s\u3000\u00a0\u200b\ufeff]+")
_LEVELS = {"heading1": "1", "heading2": "2", "heading3": "3", "heading4": "4"}
_NOTE_NUMBER = re.compile(r"^(附\s*件\s*\d{0,2}\s*[：:.．]?)?\s*(\d{1,2}\s*[.．、])?\s*")


def squash(value: Any) -> Any:
    """The comparable form of a field: strings without white space, empties as None."""
    if isinstance(value, str):
        return _WS.sub("", value) or None
    if isinstance(value, list):
        return [squash(v) for v in value] or None
    if isinstance(value, dict):
        out = {k: squash(v) for k, v in value.items()}
        return {k: v for k, v in out.items() if v is not None} or None
    return value


def headings_of(blocks: list[Block]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {"1": [], "2": [], "3": [], "4": []}
    for b in blocks:
        if b.kind in _LEVELS:
            out[_LEVELS[b.kind]].append(b.text)
    return out


def attachment_names(doc: DocumentText) -> list[str]:
    """Names from the 附件： note (numbers and label taken off), else the attached titles:
    a labelled 附件's, or an unlabelled text's that the document itself names (现将《…》印发),
    not a second document that merely follows on the same page."""
    if doc.attachment_notes:
        names = [_NOTE_NUMBER.sub("", n, count=1) for n in doc.attachment_notes]
        return [n for n in names if n.strip()]
    body = _WS.sub("", "".join(b.plain() for b in doc.blocks) + doc.title)
    return [
        a.title
        for a in doc.appendices
        if a.title and (a.label or _WS.sub("", a.title).replace("\u3000", "") in body)
    ]


def _appendices(doc: DocumentText) -> list[dict[str, Any]]:
    return [
        {"title": a.title, "subtitle": a.subtitle, "headings": headings_of(a.blocks)}
        for a in doc.appendices
    ]


def kinds_available() -> bool:
    """Whether this build finds a document's kind from its text (scored only then)."""
    import importlib.util

    return importlib.util.find_spec("gazette.texts.kinds") is not None


def scored_fields() -> tuple[str, ...]:
    return FIELDS if kinds_available() else tuple(f for f in FIELDS if f != "kind")


def detect_kind(doc: DocumentText) -> str | None:
    """The document kind the import would store: found from the text, else 公文."""
    try:
        from gazette.texts import kinds  # type: ignore[attr-defined]
    except ImportError:
        return None
    found: str | None = kinds.detect_kind(doc)
    return found or "公文"  # what the import stores when the text declares no kind


FOUND: dict[str, Callable[[DocumentText], Any]] = {
    "title": lambda d: d.title,
    "doc_number": lambda d: d.doc_number,
    "addressees": lambda d: d.addressees,
    "subtitle": lambda d: d.subtitle,
    "headings": lambda d: headings_of(d.blocks),
    "attachments": attachment_names,
    "appendices": _appendices,
    "signature": lambda d: d.signature,
    "date": lambda d: d.date,
    "disclosure": lambda d: d.disclosure,
    "kind": detect_kind,
}


def expected(label: dict[str, Any], name: str) -> Any:
    value = label.get(name)
    if name == "appendices":
        # the subtitle of an attached text counts only where the label writes it down
        return [
            {
                "title": a.get("title"),
                "subtitle": a.get("subtitle") if "subtitle" in a else _ANY,
                "headings": a.get("headings"),
            }
            for a in value or []
        ]
    return value


class _Any:
    def __repr__(self) -> str:
        return "<any>"


_ANY = _Any()


def same(found: Any, wanted: Any) -> bool:
    if isinstance(wanted, list) and wanted and isinstance(wanted[0], dict):
        if not isinstance(found, list) or len(found) != len(wanted):
            return False
        return all(_same_dict(f, w) for f, w in zip(found, wanted, strict=True))
    return bool(squash(found) == squash(wanted))


def _same_dict(found: dict[str, Any], wanted: dict[str, Any]) -> bool:
    return all(w is _ANY or squash(found.get(k)) == squash(w) for k, w in wanted.items())


@dataclass
class Result:
    """One file scored against its label: per field right or wrong, with what was found."""

    doc_id: str
    fmt: str
    fields: dict[str, bool] = field(default_factory=dict)
    found: dict[str, Any] = field(default_factory=dict)
    wanted: dict[str, Any] = field(default_factory=dict)
    error: str = ""

    @property
    def misses(self) -> list[str]:
        return [f for f, ok in self.fields.items() if not ok]


def score_label(
    doc_id: str, fmt: str, doc: DocumentText, label: dict[str, Any], fields: tuple[str, ...]
) -> Result:
    result = Result(doc_id, fmt)
    for name in fields:
        found, wanted = FOUND[name](doc), expected(label, name)
        result.fields[name] = same(found, wanted)
        result.found[name], result.wanted[name] = found, wanted
    return result


@dataclass
class Entry:
    """One document of the corpus: its label and its files by format."""

    doc_id: str
    label: dict[str, Any]
    files: dict[str, Path]
    labels: dict[str, dict[str, Any]]  # per-format label, where the format has its own

    def label_for(self, fmt: str) -> dict[str, Any]:
        return self.labels.get(fmt, self.label)


def load_corpus(folder: Path) -> list[Entry]:
    out = []
    for path in sorted(folder.glob("*.label.json")):
        doc_id = path.name[: -len(".label.json")]
        if "." in doc_id:  # <id>.<ext>.label.json: a format's own label
            continue
        label = json.loads(path.read_text(encoding="utf-8"))
        files = {
            f: folder / f"{doc_id}.{f}" for f in FORMATS if (folder / f"{doc_id}.{f}").is_file()
        }
        labels = {
            f: json.loads((folder / f"{doc_id}.{f}.label.json").read_text(encoding="utf-8"))
            for f in FORMATS
            if (folder / f"{doc_id}.{f}.label.json").is_file()
        }
        out.append(Entry(doc_id, label, files, labels))
    return out
