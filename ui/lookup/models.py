"""The result list: a table model over plain ``Hit`` values, and a delegate that paints the
title over the snippet with the hits highlighted."""

from __future__ import annotations

import dataclasses
import html
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QRectF,
    QSize,
    Qt,
)
from PySide6.QtGui import QAbstractTextDocumentLayout, QPalette, QTextDocument
from PySide6.QtWidgets import (
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from gazette.search.service import Hit
from gazette.search.snippets import Snippet

COL_TITLE, COL_DOCNO, COL_ISSUE, COL_PAGE, COL_DATE = range(5)
HEADERS = ("标题与摘要", "发文字号", "期次", "页码", "成文日期")
HIT_ROLE = Qt.ItemDataRole.UserRole + 1
HTML_ROLE = Qt.ItemDataRole.UserRole + 2

HIGHLIGHT = "#ffe58a"
Index = QModelIndex | QPersistentModelIndex


def snippet_html(snippet: Snippet) -> str:
    out, last = [], 0
    for s, e in snippet.spans:
        out.append(html.escape(snippet.text[last:s]))
        out.append(f'<span style="background:{HIGHLIGHT};">{html.escape(snippet.text[s:e])}</span>')
        last = e
    out.append(html.escape(snippet.text[last:]))
    return "".join(out)


def hit_meta(hit: Hit) -> str:
    where = hit.issue_label or ("历史档案" if hit.historical else "未刊登")
    if hit.issue_label and hit.page:
        where += f" 第{hit.page}页"
    parts = [hit.doc_number or "", hit.issuer, where]
    if hit.issued_on:
        parts.append(hit.issued_on.isoformat())
    return "　·　".join(p for p in parts if p)


VALIDITY_COLOURS = {"失效": "#8a6d00", "废止": "#b00000"}


def hit_html(hit: Hit) -> str:
    tag = (
        ' <span style="color:#a0522d; font-weight:400;">［历史公报］</span>'
        if hit.historical
        else ""
    )
    if hit.validity in VALIDITY_COLOURS:  # 有效 is the rule: only the exceptions stand out
        colour = VALIDITY_COLOURS[hit.validity]
        tag += f' <span style="color:{colour}; font-weight:600;">［已{hit.validity}］</span>'

    return (
        f'<div style="font-weight:600; font-size:15px; color:#1a1a1a;">'
        f"{html.escape(hit.title)}{tag}</div>"
        f'<div style="color:#2f6f4f; font-size:12px; margin-top:2px;">'
        f"{html.escape(hit_meta(hit))}</div>"
        f'<div style="color:#444; margin-top:3px;">{snippet_html(hit.snippet)}</div>'
    )


class ResultsModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._hits: list[Hit] = []

    def set_hits(self, hits: list[Hit]) -> None:
        self.beginResetModel()
        self._hits = list(hits)
        self.endResetModel()

    def hit(self, row: int) -> Hit | None:
        return self._hits[row] if 0 <= row < len(self._hits) else None

    def hits(self) -> list[Hit]:
        return list(self._hits)

    def set_validity(self, doc_id: int, status: str) -> None:
        """An editor changed a shown document's 效力: mark it without searching again."""
        for row, h in enumerate(self._hits):
            if h.doc_id == doc_id and h.validity != status:
                self._hits[row] = dataclasses.replace(h, validity=status)
                index = self.index(row, COL_TITLE)
                self.dataChanged.emit(index, index)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._hits)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._hits):
            return None
        h = self._hits[index.row()]
        col = index.column()
        if role == HIT_ROLE:
            return h
        if role == HTML_ROLE and col == COL_TITLE:
            return hit_html(h)
        if role == Qt.ItemDataRole.DisplayRole:
            if col == COL_TITLE:
                return h.title
            if col == COL_DOCNO:
                return h.doc_number or ""
            if col == COL_ISSUE:
                return h.issue_label or ("历史档案" if h.historical else "未刊登")
            if col == COL_PAGE:
                return str(h.page) if h.page else ""
            if col == COL_DATE:
                return h.issued_on.isoformat() if h.issued_on else ""
        if role == Qt.ItemDataRole.ToolTipRole and col == COL_TITLE:
            return f"{h.title}\n{h.snippet.text}"
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (COL_PAGE, COL_DATE, COL_ISSUE):
            return int(Qt.AlignmentFlag.AlignCenter)
        return None


class ResultDelegate(QStyledItemDelegate):
    """Paints the HTML of the title column (title, then the highlighted snippet)."""

    def paint(self, painter: Any, option: QStyleOptionViewItem, index: Index) -> None:
        markup = index.data(HTML_ROLE)
        if not markup:
            super().paint(painter, option, index)
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        widget = opt.widget
        style = widget.style() if isinstance(widget, QWidget) else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        doc = self._doc(markup, opt.rect.width() - 12, opt)
        painter.save()
        painter.translate(opt.rect.left() + 6, opt.rect.top() + 5)
        painter.setClipRect(QRectF(0, 0, opt.rect.width() - 12, opt.rect.height() - 6))
        ctx = QAbstractTextDocumentLayout.PaintContext()
        if opt.state & QStyle.StateFlag.State_Selected:
            ctx.palette.setColor(
                QPalette.ColorRole.Text, opt.palette.color(QPalette.ColorRole.HighlightedText)
            )
        doc.documentLayout().draw(painter, ctx)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        markup = index.data(HTML_ROLE)
        if not markup:
            return super().sizeHint(option, index)
        view = self.parent()
        width = view.columnWidth(index.column()) if isinstance(view, QTableView) else 420
        doc = self._doc(markup, width - 12, option)
        return QSize(width, int(doc.size().height()) + 12)

    @staticmethod
    def _doc(markup: str, width: int, opt: QStyleOptionViewItem) -> QTextDocument:
        doc = QTextDocument()
        doc.setDefaultFont(opt.font)
        doc.setDocumentMargin(0)
        doc.setHtml(markup)
        doc.setTextWidth(max(width, 50))
        return doc
