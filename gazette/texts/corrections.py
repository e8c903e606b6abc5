"""What changed between two versions of a document's structured text, part by part.

Blocks are aligned with difflib, so inserting one paragraph records one insertion rather than a
change to every block after it. Paths read like ``blocks[3].text`` or ``appendices[0].title``.
"""

from __future__ import annotations

import difflib
import json
from dataclasses import dataclass
from typing import Any

from gazette.texts.model import Block, DocumentText


@dataclass(frozen=True)
class Change:
    path: str
    before: str | None
    after: str | None


SCALARS = ("header", "doc_number", "title", "addressees", "date", "disclosure", "annotation")
LISTS = ("attachment_notes", "signature")


def _block_json(b: Block) -> str:
    return json.dumps(
        {"kind": b.kind, "text": b.text, "rows": _rows(b)}, ensure_ascii=False, sort_keys=True
    )


def _rows(b: Block) -> Any:
    if b.rows is None:
        return None
    return [[[c.text, c.rowspan, c.colspan] for c in row] for row in b.rows]


def _diff_blocks(prefix: str, old: list[Block], new: list[Block]) -> list[Change]:
    out: list[Change] = []
    key = [(b.kind, b.text, json.dumps(_rows(b), ensure_ascii=False)) for b in old]
    key_new = [(b.kind, b.text, json.dumps(_rows(b), ensure_ascii=False)) for b in new]
    matcher = difflib.SequenceMatcher(a=key, b=key_new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        if tag == "replace" and i2 - i1 == j2 - j1:
            for k in range(i2 - i1):
                a, b = old[i1 + k], new[j1 + k]
                path = f"{prefix}[{j1 + k}]"
                if a.kind != b.kind:
                    out.append(Change(f"{path}.kind", a.kind, b.kind))
                if a.text != b.text:
                    out.append(Change(f"{path}.text", a.text, b.text))
                if _rows(a) != _rows(b):
                    out.append(
                        Change(
                            f"{path}.rows",
                            json.dumps(_rows(a), ensure_ascii=False),
                            json.dumps(_rows(b), ensure_ascii=False),
                        )
                    )
            continue
        for k in range(i1, i2):
            out.append(Change(f"{prefix}[{k}]", _block_json(old[k]), None))
        for k in range(j1, j2):
            out.append(Change(f"{prefix}[{k}]", None, _block_json(new[k])))
    return out


def diff(old: DocumentText, new: DocumentText) -> list[Change]:
    """Every difference from ``old`` to ``new``, one Change per field, block part or appendix."""
    out: list[Change] = []
    for name in SCALARS:
        a, b = getattr(old, name), getattr(new, name)
        if a != b:
            out.append(Change(name, a, b))
    for name in LISTS:
        a, b = getattr(old, name), getattr(new, name)
        if a != b:
            out.append(Change(name, "\n".join(a), "\n".join(b)))
    out += _diff_blocks("blocks", old.blocks, new.blocks)
    for i in range(max(len(old.appendices), len(new.appendices))):
        a = old.appendices[i] if i < len(old.appendices) else None
        b = new.appendices[i] if i < len(new.appendices) else None
        path = f"appendices[{i}]"
        if a is None or b is None:
            out.append(
                Change(
                    path,
                    json.dumps(
                        DocumentText("", appendices=[a]).to_json()["appendices"][0],
                        ensure_ascii=False,
                    )
                    if a
                    else None,
                    json.dumps(
                        DocumentText("", appendices=[b]).to_json()["appendices"][0],
                        ensure_ascii=False,
                    )
                    if b
                    else None,
                )
            )
            continue
        if a.label != b.label:
            out.append(Change(f"{path}.label", a.label, b.label))
        if a.title != b.title:
            out.append(Change(f"{path}.title", a.title, b.title))
        out += _diff_blocks(f"{path}.blocks", a.blocks, b.blocks)
    ia = json.dumps(old.to_json()["imprint"], ensure_ascii=False)
    ib = json.dumps(new.to_json()["imprint"], ensure_ascii=False)
    if ia != ib:
        out.append(Change("imprint", ia, ib))
    return out
