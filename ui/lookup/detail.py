"""The document pane: its text with the hits highlighted, beside the printed page (the issue's
PDF or the historical scan) when one is known, with the citation ready to copy."""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QGuiApplication, QImage, QPixmap
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from gazette.context import AppContext
from gazette.progress import Reporter
from gazette.search import lookup
from gazette.search.snippets import find_spans
from gazette.texts.html import structure_html
from gazette.texts.model import DocumentText
from gazette.vocab import issue_label
from ui.lookup.models import HIGHLIGHT
from ui.tasks import TaskRunner
from ui.validity_box import ValidityBox


def highlighter(terms: tuple[str, ...]) -> Callable[[str], str]:
    """Escape a piece of text, highlighting the hits and anchoring them hit0, hit1 … in the order
    the pieces are passed (reading order), so the pane can scroll to the first."""
    count = 0

    def mark(piece: str) -> str:
        nonlocal count
        out, last = [], 0
        for s, e in find_spans(piece, terms):
            out.append(html.escape(piece[last:s]))
            out.append(
                f'<a name="hit{count}"></a><span style="background:{HIGHLIGHT};">'
                f"{html.escape(piece[s:e])}</span>"
            )
            count += 1
            last = e
        out.append(html.escape(piece[last:]))
        return "".join(out)

    return mark


def _page(body: str) -> str:
    return '<div style="font-size:15px; line-height:160%; color:#222;">' + body + "</div>"


def text_html(text: str, terms: tuple[str, ...]) -> str:
    """The document text as HTML, hits highlighted and anchored hit0, hit1 …"""
    body = highlighter(terms)(text)
    return _page("".join(f"<p>{p}</p>" for p in body.split("\n") if p.strip()))


# Qt's rich text: the official look of the text (GB/T 9704 in spirit) within a reading pane
TEXT_CSS = """
h2, h3, h4, h5 { font-size: 15px; margin-top: 8px; margin-bottom: 4px; }
h2 { font-weight: bold; } h3 { font-weight: normal; }
table { border-collapse: collapse; margin-top: 6px; margin-bottom: 6px; }
td { border: 1px solid #8a8a8a; padding: 3px 6px; }
.signature { text-align: right; }
.appendix-label { font-weight: bold; margin-top: 16px; }
.appendix-title { text-align: center; }
"""


def structured_html(text: DocumentText, terms: tuple[str, ...]) -> str:
    """The structured text (headings, 附件 tables, signature) with hits highlighted and
    anchored hit0, hit1 … in reading order."""
    return _page(structure_html(text, highlighter(terms), line_sep="<br>"))


def citation_of(gazette_name: str, view: lookup.DocView) -> str:
    if view.issue_year is None:
        return f"《{gazette_name}》"
    page = f"第{view.page}页" if view.page else ""
    return f"《{gazette_name}》{issue_label(view.issue_year, view.issue_number or 0)}{page}"


UNPUBLISHED = "未刊登：这份文件还没有编入已出版的一期公报，所以还没有引用格式和版面。"
NO_TEXT = "这份文件还没有正文：报送时未附可读的文件，或尚未识别、校对。"


class DocPane(QWidget):
    citation_copied = Signal(str)

    def __init__(
        self,
        runner: TaskRunner,
        gazette_name: str,
        parent: QWidget | None = None,
        ctx: AppContext | None = None,
    ):
        super().__init__(parent)
        self.runner = runner
        self.gazette_name = gazette_name
        self.view: lookup.DocView | None = None
        self.page_index = 0
        self.page_total = 0
        self._render_gen = 0

        self.title = QLabel("在左侧选择一条结果查看全文")
        self.title.setObjectName("docTitle")
        self.title.setWordWrap(True)
        self.title.setStyleSheet("font-size:17px; font-weight:600;")
        self.meta = QLabel("")
        self.meta.setWordWrap(True)
        self.meta.setStyleSheet("color:#555;")
        self.meta.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.citation = QLabel("")
        self.citation.setStyleSheet("color:#1f4e79;")
        self.copy_button = QPushButton("复制引用")
        self.copy_button.setEnabled(False)
        self.copy_button.clicked.connect(self.copy_citation)

        self.text = QTextBrowser()
        self.text.setOpenLinks(False)
        self.page_label = QLabel()
        self.page_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.page_scroll = QScrollArea()
        self.page_scroll.setWidget(self.page_label)
        self.page_scroll.setWidgetResizable(True)
        self.page_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.page_scroll.setStyleSheet("QScrollArea { background:#d9d9d9; border:none; }")
        self.prev_page = QPushButton("‹ 上一页")
        self.next_page = QPushButton("下一页 ›")
        self.page_info = QLabel("")
        self.prev_page.clicked.connect(lambda: self.show_page(self.page_index - 1))
        self.next_page.clicked.connect(lambda: self.show_page(self.page_index + 1))
        page_box = QWidget()
        pv = QVBoxLayout(page_box)
        pv.setContentsMargins(0, 0, 0, 0)
        nav = QHBoxLayout()
        nav.addWidget(self.prev_page)
        nav.addStretch(1)
        nav.addWidget(self.page_info)
        nav.addStretch(1)
        nav.addWidget(self.next_page)
        pv.addLayout(nav)
        pv.addWidget(self.page_scroll, 1)
        self.page_box = page_box
        page_box.setVisible(False)

        self.split = QSplitter(Qt.Orientation.Horizontal)
        self.split.addWidget(self.text)
        self.split.addWidget(page_box)
        self.split.setStretchFactor(0, 1)
        self.split.setStretchFactor(1, 1)
        self.split.setSizes([450, 450])
        self.split.splitterMoved.connect(lambda *_a: self._fit_page())

        top = QHBoxLayout()
        cite = QVBoxLayout()
        cite.addWidget(self.title)
        cite.addWidget(self.meta)
        cite.addWidget(self.citation)
        # 效力 and its links, when the pane can reach the database (editors may change them)
        self.validity = ValidityBox(ctx, runner, compact=True) if ctx is not None else None
        if self.validity is not None:
            self.validity.setVisible(False)
            cite.addWidget(self.validity)
        top.addLayout(cite, 1)
        top.addWidget(self.copy_button, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.split, 1)

    # showing a document -------------------------------------------------------------------
    def show_document(self, view: lookup.DocView | None, terms: tuple[str, ...]) -> None:
        self.view = view
        if self.validity is not None:
            self.validity.setVisible(view is not None)
            self.validity.show_document(view.doc_id if view is not None else None)
        if view is None:
            self.show_empty("文件已不存在（可能刚被删除）")
            return
        self.title.setText(view.title)
        parts = [view.doc_number or "无文号", view.issuer]
        if view.issued_on:
            parts.append(f"{view.issued_on.year}年{view.issued_on.month}月{view.issued_on.day}日")
        if view.section:
            parts.append(view.section)
        if view.historical:
            parts.append("历史公报")
        self.meta.setText("　·　".join(p for p in parts if p))
        self.citation.setText(
            citation_of(self.gazette_name, view) if view.issue_year else UNPUBLISHED
        )
        self.copy_button.setEnabled(view.issue_year is not None)
        self.text.document().setDefaultStyleSheet(TEXT_CSS)
        if view.structure is not None and view.structure.blocks:
            self.text.setHtml(structured_html(view.structure, terms))
        elif view.text.strip():  # proofread OCR text, or a document without structure
            self.text.setHtml(text_html(view.text, terms))
        else:
            self.text.setHtml(_page(f"<p class='empty'>{NO_TEXT}</p>"))
        if find_spans(view.text, terms):
            self.text.scrollToAnchor("hit0")
        self._terms = terms
        if view.pdf is None:
            self.page_box.setVisible(False)
            return
        self.page_box.setVisible(True)
        self.page_label.setText("正在载入页面…")
        self._locate_and_render(view.pdf, terms)

    def show_empty(self, sentence: str) -> None:
        """No document to show: say why in the pane, instead of keeping the previous one."""
        self.view = None
        if self.validity is not None:
            self.validity.setVisible(False)
        self.title.setText(sentence)
        self.meta.setText("")
        self.citation.setText("")
        self.text.clear()
        self.copy_button.setEnabled(False)
        self.page_box.setVisible(False)

    def _locate_and_render(self, pdf: lookup.PdfRef, terms: tuple[str, ...]) -> None:
        def work(_r: Reporter) -> tuple[int, int, tuple[int, int, bytes]]:
            total = lookup.page_count(pdf.path)
            index = pdf.page_index
            term = max(terms, key=len) if terms else ""
            if term:
                found = lookup.find_page(pdf.path, "".join(term.split()), index)
                index = found if found is not None else index
            return index, total, lookup.render_page(pdf.path, index, 900)

        self._render_gen += 1
        gen = self._render_gen
        self.runner.submit("渲染页面", work, lambda res: self._rendered(gen, res))

    def show_page(self, index: int) -> None:
        if self.view is None or self.view.pdf is None or not 0 <= index < self.page_total:
            return
        path = self.view.pdf.path
        self._render_gen += 1
        gen = self._render_gen
        self.runner.submit(
            "渲染页面",
            lambda _r: (index, self.page_total, lookup.render_page(path, index, 900)),
            lambda res: self._rendered(gen, res),
        )

    def _rendered(self, gen: int, result: tuple[int, int, tuple[int, int, bytes]]) -> None:
        if gen != self._render_gen:
            return  # a later document or page was asked for meanwhile
        index, total, (w, h, data) = result
        self.page_index, self.page_total = index, total
        image = QImage(data, w, h, QImage.Format.Format_RGBA8888).copy()
        self._page_pixmap = QPixmap.fromImage(image)
        self._fit_page()
        self.page_info.setText(f"PDF 第 {index + 1} / {total} 页")
        self.prev_page.setEnabled(index > 0)
        self.next_page.setEnabled(index + 1 < total)

    def _fit_page(self) -> None:
        """Show the rendered page at the width of its pane (sharp: rendered at 900 px)."""
        pixmap = getattr(self, "_page_pixmap", None)
        if pixmap is None:
            return
        width = max(200, self.page_scroll.viewport().width() - 8)
        self.page_label.setPixmap(
            pixmap.scaledToWidth(width, Qt.TransformationMode.SmoothTransformation)
        )

    def resizeEvent(self, event: Any) -> None:
        super().resizeEvent(event)
        self._fit_page()

    def copy_citation(self) -> str:
        if self.view is None or self.view.issue_year is None:
            return ""
        text = citation_of(self.gazette_name, self.view)
        QGuiApplication.clipboard().setText(text)
        self.citation_copied.emit(text)
        return text
