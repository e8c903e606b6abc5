"""A stored document's detected structure as a stable JSON document (``gazette document show``).

``Document.structure`` is the importer's own form and may grow fields; this is the published
shape, versioned by ``format``, that scripts and checks can rely on. The README documents it.
Every key is always present; a field the text does not have is ``null`` (or an empty list).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from gazette.db.models import Document
from gazette.texts.model import Block, DocumentText

if TYPE_CHECKING:
    from gazette.context import AppContext

FORMAT = "gazette.document/1"


@dataclass(frozen=True)
class Shown:
    document_id: int
    kind: str
    disclosure: str | None  # the record's attribute, e.g. 此件公开发布
    text: DocumentText
    structure: dict[str, Any]


def load(ctx: AppContext, document_id: int) -> Shown:
    with ctx.uow() as uow:
        row = uow.session.execute(
            select(Document.kind, Document.disclosure, Document.structure, Document.title).where(
                Document.id == document_id
            )
        ).one_or_none()
        if row is None:
            raise LookupError(f"找不到编号为 {document_id} 的文件")
        data: dict[str, Any] = dict(row.structure or {"title": row.title})
        return Shown(document_id, row.kind, row.disclosure, DocumentText.from_json(data), data)


def _block(b: Block) -> dict[str, Any]:
    out: dict[str, Any] = {"kind": b.kind, "text": b.plain()}
    if b.kind == "table":
        out["rows"] = [
            [{"text": c.text, "colspan": c.colspan, "rowspan": c.rowspan} for c in row]
            for row in b.rows or []
        ]
    return out


def as_json(shown: Shown) -> dict[str, Any]:
    """The published shape; see the README's “文件结构 JSON”."""
    t = shown.text
    subtitle = shown.structure.get("subtitle")  # 题注, where the importer records it
    return {
        "format": FORMAT,
        "id": shown.document_id,
        "kind": shown.kind,
        "title": t.title or None,
        "subtitle": subtitle or None,
        "doc_number": t.doc_number,
        "addressees": t.addressees,
        "blocks": [_block(b) for b in t.blocks],
        "attachments": list(t.attachment_notes),
        "appendices": [
            {"label": a.label, "title": a.title or None, "blocks": [_block(b) for b in a.blocks]}
            for a in t.appendices
        ],
        "signature": list(t.signature),
        "date": t.date,
        "disclosure": shown.disclosure or t.disclosure,
    }


LEVELS = {"heading1": "一级标题", "heading2": "二级标题", "heading3": "三级标题"}
LEVELS |= {"heading4": "四级标题", "paragraph": "段落", "table": "表格"}


def as_text(data: dict[str, Any]) -> list[str]:
    """The same document for a reader: one line a field, one line a block."""
    lines = [
        f"文件编号：{data['id']}",
        f"类型：{data['kind']}",
        f"标题：{data['title'] or '（无）'}",
        f"题注：{data['subtitle'] or '（无）'}",
        f"发文字号：{data['doc_number'] or '（无）'}",
        f"主送：{data['addressees'] or '（无）'}",
    ]

    def blocks(items: list[dict[str, Any]], indent: str) -> None:
        for b in items:
            label = LEVELS.get(b["kind"], b["kind"])
            if b["kind"] == "table":
                lines.append(f"{indent}［{label}］{len(b['rows'])} 行")
                lines.extend(f"{indent}  " + " | ".join(c["text"] for c in r) for r in b["rows"])
            else:
                lines.append(f"{indent}［{label}］{b['text']}")

    blocks(data["blocks"], "  ")
    lines.extend(f"附件说明：{note}" for note in data["attachments"])
    lines.append(f"署名：{'；'.join(data['signature']) or '（无）'}")
    lines.append(f"成文日期：{data['date'] or '（无）'}")
    lines.append(f"公开属性：{data['disclosure'] or '（无）'}")
    for app in data["appendices"]:
        lines.append(f"{app['label']}：{app['title'] or '（无标题）'}")
        blocks(app["blocks"], "  ")
    return lines
