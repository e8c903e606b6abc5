"""Table models of the proofreading view: the parts of a document's structure, editable.

The model edits a working copy of a DocumentText (a plain dataclass, not an ORM object); the
widget hands the copy to ``gazette.texts.store.save_corrections`` on a worker thread.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from gazette.texts.model import Block, DocumentText
from gazette.texts.store import CorrectionRow

Index = QModelIndex | QPersistentModelIndex
_DISPLAY = Qt.ItemDataRole.DisplayRole
_EDIT = Qt.ItemDataRole.EditRole

KIND_LABELS: dict[str, str] = {
    "heading1": "一级标题（一、）",
    "heading2": "二级标题（（一））",
    "heading3": "三级标题（1.）",
    "heading4": "四级标题（（1））",
    "paragraph": "正文段落",
    "table": "表格",
}
EDITABLE_KINDS = ("heading1", "heading2", "heading3", "heading4", "paragraph")
FIELD_LABELS: dict[str, str] = {
    "doc_number": "发文字号",
    "title": "标题",
    "addressees": "主送机关",
    "attachment_notes": "附件说明",
    "signature": "署名",
    "date": "成文日期",
    "disclosure": "公开属性",
    "annotation": "附注",
}


@dataclass(frozen=True)
class Part:
    """One line of the view: a document field, a body block, or part of an 附件."""

    place: str  # 文头 / 正文 / 落款 / 附件1 …
    field: str | None = None  # a DocumentText field name
    block: int | None = None  # index in the body, or in the appendix
    appendix: int | None = None  # index of the appendix
    app_field: str | None = None  # label / title of an appendix


def parts_of(doc: DocumentText) -> list[Part]:
    parts = [Part("文头", field=f) for f in ("doc_number", "title", "addressees")]
    parts += [Part("正文", block=i) for i in range(len(doc.blocks))]
    parts += [
        Part("落款", field=f)
        for f in ("attachment_notes", "signature", "date", "disclosure", "annotation")
    ]
    for a, app in enumerate(doc.appendices):
        place = app.label or f"附件{a + 1}"
        parts += [
            Part(place, appendix=a, app_field="label"),
            Part(place, appendix=a, app_field="title"),
        ]
        parts += [Part(place, appendix=a, block=j) for j in range(len(app.blocks))]
    return parts


def table_summary(block: Block) -> str:
    rows = block.rows or []
    width = max((len(r) for r in block.grid()), default=0)
    head = " | ".join(c.text for c in rows[0]) if rows else ""
    return f"［表格 {len(rows)} 行 × {width} 列］ {head}"


class StructureModel(QAbstractTableModel):
    """Columns: where the part sits, its kind, its text. Kind and text are editable."""

    COL_PLACE, COL_KIND, COL_TEXT = range(3)
    HEADERS = ("位置", "类型", "文字")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.doc = DocumentText(title="")
        self._parts: list[Part] = []
        self.dirty = False

    # loading -----------------------------------------------------------------------------
    def set_document(self, doc: DocumentText) -> None:
        self.beginResetModel()
        self.doc = copy.deepcopy(doc)
        self._parts = parts_of(self.doc)
        self.dirty = False
        self.endResetModel()

    def document(self) -> DocumentText:
        return copy.deepcopy(self.doc)

    def part(self, row: int) -> Part:
        return self._parts[row]

    # access to the parts -------------------------------------------------------------------
    def _block(self, p: Part) -> Block | None:
        if p.block is None:
            return None
        if p.appendix is None:
            return self.doc.blocks[p.block]
        return self.doc.appendices[p.appendix].blocks[p.block]

    def kind_of(self, p: Part) -> str:
        block = self._block(p)
        if block is not None:
            return block.kind
        if p.app_field:
            return "附件标签" if p.app_field == "label" else "附件标题"
        return FIELD_LABELS.get(p.field or "", "")

    def text_of(self, p: Part) -> str:
        block = self._block(p)
        if block is not None:
            return table_summary(block) if block.kind == "table" else block.text
        if p.appendix is not None and p.app_field:
            return str(getattr(self.doc.appendices[p.appendix], p.app_field) or "")
        value = getattr(self.doc, p.field or "")
        if isinstance(value, list):
            return "\n".join(value)
        return value or ""

    # Qt model ----------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._parts)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = _DISPLAY) -> Any:
        if role != _DISPLAY:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self.HEADERS[section] if 0 <= section < len(self.HEADERS) else None
        return section + 1

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        if not index.isValid():
            return base
        p = self._parts[index.row()]
        block = self._block(p)
        if index.column() == self.COL_KIND and block is not None and block.kind != "table":
            return base | Qt.ItemFlag.ItemIsEditable
        if index.column() == self.COL_TEXT and not (block is not None and block.kind == "table"):
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def data(self, index: Index, role: int = _DISPLAY) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._parts):
            return None
        p = self._parts[index.row()]
        col = index.column()
        if role in (_DISPLAY, Qt.ItemDataRole.ToolTipRole):
            if col == self.COL_PLACE:
                return p.place
            if col == self.COL_KIND:
                kind = self.kind_of(p)
                return KIND_LABELS.get(kind, kind)
            return self.text_of(p)
        if role == _EDIT:
            if col == self.COL_KIND:
                return self.kind_of(p)
            if col == self.COL_TEXT:
                return self.text_of(p)
        if role == Qt.ItemDataRole.FontRole and col == self.COL_TEXT:
            kind = self.kind_of(p)
            if kind in ("heading1", "heading2", "标题"):
                font = QFont()
                font.setBold(True)
                return font
        if role == Qt.ItemDataRole.ForegroundRole and col == self.COL_PLACE:
            return QBrush(QColor("#6b6b6b"))
        return None

    def setData(self, index: Index, value: Any, role: int = _EDIT) -> bool:
        if role != _EDIT or not index.isValid():
            return False
        if not self.flags(index) & Qt.ItemFlag.ItemIsEditable:
            return False
        p = self._parts[index.row()]
        block = self._block(p)
        if index.column() == self.COL_KIND:
            if block is None or value not in EDITABLE_KINDS or block.kind == value:
                return False
            block.kind = str(value)
        else:
            text = str(value).strip()
            if block is not None:
                block.text = text
            elif p.appendix is not None and p.app_field:
                setattr(self.doc.appendices[p.appendix], p.app_field, text)
            elif p.field in ("attachment_notes", "signature"):
                setattr(self.doc, p.field, [x.strip() for x in text.split("\n") if x.strip()])
            elif p.field:
                setattr(self.doc, p.field, text or (None if p.field != "title" else ""))
        self.dirty = True
        self.dataChanged.emit(index, index, [role, _DISPLAY])
        return True

    # structure edits ---------------------------------------------------------------------
    def insert_paragraph_after(self, row: int) -> int:
        """Add an empty body paragraph after the given row's block; returns the new row."""
        p = self._parts[row] if 0 <= row < len(self._parts) else Part("正文")
        blocks = self.doc.blocks if p.appendix is None else self.doc.appendices[p.appendix].blocks
        at = (p.block + 1) if p.block is not None else len(self.doc.blocks)
        if p.block is None and p.appendix is not None:
            at = 0
        self.beginResetModel()
        blocks.insert(at, Block("paragraph", ""))
        self._parts = parts_of(self.doc)
        self.dirty = True
        self.endResetModel()
        return next(
            i for i, q in enumerate(self._parts) if q.block == at and q.appendix == p.appendix
        )

    def table_at(self, row: int) -> Block | None:
        """The table block shown on a row, or None when the row is not a table."""
        block = self._block(self._parts[row]) if 0 <= row < len(self._parts) else None
        return block if block is not None and block.kind == "table" else None

    def set_table_rows(self, row: int, rows: list[Any]) -> bool:
        block = self.table_at(row)
        if block is None or block.rows == rows:
            return False
        block.rows = rows
        self.dirty = True
        index = self.index(row, self.COL_TEXT)
        self.dataChanged.emit(index, index, [_DISPLAY])
        return True

    def remove_block(self, row: int) -> bool:
        p = self._parts[row]
        if p.block is None:
            return False
        blocks = self.doc.blocks if p.appendix is None else self.doc.appendices[p.appendix].blocks
        self.beginResetModel()
        del blocks[p.block]
        self._parts = parts_of(self.doc)
        self.dirty = True
        self.endResetModel()
        return True


class CorrectionsModel(QAbstractTableModel):
    """The recorded corrections of the open document (read-only)."""

    COL_AT, COL_ACTOR, COL_PATH, COL_BEFORE, COL_AFTER, COL_NOTE = range(6)
    HEADERS = ("时间", "校对人", "位置", "修改前", "修改后", "说明")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[CorrectionRow] = []

    def set_rows(self, rows: Sequence[CorrectionRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = _DISPLAY) -> Any:
        if role != _DISPLAY:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self.HEADERS[section] if 0 <= section < len(self.HEADERS) else None
        return section + 1

    def data(self, index: Index, role: int = _DISPLAY) -> Any:
        if not index.isValid() or role not in (_DISPLAY, Qt.ItemDataRole.ToolTipRole):
            return None
        r = self._rows[index.row()]
        values = (
            r.at.replace(tzinfo=dt.UTC).astimezone().strftime("%Y-%m-%d %H:%M"),
            r.actor,
            r.path,
            r.before or "（无）",
            r.after or "（删除）",
            r.note,
        )
        return values[index.column()] if 0 <= index.column() < len(values) else None
