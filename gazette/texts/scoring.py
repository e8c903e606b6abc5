"""Field accuracy of structure detection against expected structures (fixtures, regressions).

A field counts as right only when it equals the expected value exactly (after the permitted
white space normalisation); headings, tables and attachments are compared as whole lists, so
one wrong heading makes the document's headings wrong.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from gazette.texts.model import Block, DocumentText

FIELDS = (
    "title",
    "doc_number",
    "addressees",
    "headings",
    "body",
    "signature",
    "date",
    "disclosure",
    "attachments",
    "tables",
    "imprint",
)


def _blocks(doc: DocumentText) -> list[Block]:
    return doc.blocks + [b for a in doc.appendices for b in a.blocks]


def _table_key(b: Block) -> list[Any]:
    return [[(c.text, c.rowspan, c.colspan) for c in row] for row in b.rows or []]


EXTRACT: dict[str, Callable[[DocumentText], Any]] = {
    "title": lambda d: d.title,
    "doc_number": lambda d: d.doc_number,
    "addressees": lambda d: d.addressees,
    "headings": lambda d: [(b.kind, b.text) for b in _blocks(d) if b.kind.startswith("heading")],
    "body": lambda d: [(b.kind, b.text) for b in _blocks(d) if b.kind != "table"],
    "signature": lambda d: d.signature,
    "date": lambda d: d.date,
    "disclosure": lambda d: d.disclosure,
    "attachments": lambda d: (d.attachment_notes, [(a.label, a.title) for a in d.appendices]),
    "tables": lambda d: [_table_key(b) for b in _blocks(d) if b.kind == "table"],
    "imprint": lambda d: (
        (d.imprint.cc, d.imprint.printer, d.imprint.printed_on) if d.imprint else None
    ),
}


@dataclass
class Score:
    name: str
    fields: dict[str, bool] = field(default_factory=dict)

    @property
    def misses(self) -> list[str]:
        return [f for f, ok in self.fields.items() if not ok]


def score(name: str, found: DocumentText, expected: DocumentText) -> Score:
    return Score(name, {f: EXTRACT[f](found) == EXTRACT[f](expected) for f in FIELDS})


def accuracy(scores: list[Score]) -> dict[str, float]:
    """Share of documents whose field is right, per field, and over all fields."""
    out = {f: sum(s.fields[f] for s in scores) / len(scores) for f in FIELDS}
    out["overall"] = sum(out[f] for f in FIELDS) / len(FIELDS)
    return out


def table(scores: list[Score]) -> str:
    """A plain-text table of the figures, by source format and over all."""
    groups: dict[str, list[Score]] = {}
    for s in scores:
        group = "pdftotext" if "-pdftotext." in s.name else s.name.rsplit(".", 1)[-1]
        groups.setdefault(group, []).append(s)
    groups["全部"] = scores
    head = f"{'字段':<12}" + "".join(f"{g + f'({len(v)})':>12}" for g, v in groups.items())
    lines = [head]
    accs = {g: accuracy(v) for g, v in groups.items()}
    for f in (*FIELDS, "overall"):
        lines.append(f"{f:<12}" + "".join(f"{accs[g][f] * 100:>11.1f}%" for g in groups))
    return "\n".join(lines)
