"""A ReportLab flowable that sets Chinese paragraphs with our own line breaking and justification.

Each line is one PDF text object with a character spacing (Tc) that makes it end exactly at the
measure; font changes inside a line (Latin digits, fallback characters) are ``Tf`` switches in the
same text object, so the text extracts in reading order.
"""

from __future__ import annotations

from typing import Any

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable

from gazette.layout.fonts import FontSet
from gazette.layout.linebreak import Line, balance, break_lines
from gazette.layout.styles import ParaStyle


class Typesetter:
    """Fonts plus a cache of character widths, shared by every paragraph of a build."""

    def __init__(self, fonts: FontSet) -> None:
        self.fonts = fonts
        self._widths: dict[tuple[str, str, float], float] = {}
        self.where = ""  # the document being set, for MissingGlyph messages

    def char_width(self, ch: str, role: str, size: float) -> float:
        key = (ch, role, size)
        w = self._widths.get(key)
        if w is None:
            w = stringWidth(ch, self.fonts.font_for(ch, role, self.where), size)
            self._widths[key] = w
        return w

    def measurer(self, role: str, size: float) -> Any:
        cw = self.char_width
        return lambda s: sum(cw(ch, role, size) for ch in s)

    def lines(self, text: str, style: ParaStyle, width: float) -> list[Line]:
        measure = width - style.left_indent - style.right_indent
        fn = self.measurer(style.role, style.size)
        if style.align == "center" and style.role == "title":
            return balance(text, fn, measure, style.size)
        return break_lines(
            text,
            fn,
            measure,
            style.size,
            first_indent=style.first_indent,
            justify=style.align == "justify",
        )


class CJKParagraph(Flowable):  # type: ignore[misc]
    """A paragraph of Chinese text in one style; splits between lines across frames."""

    def __init__(
        self,
        text: str,
        style: ParaStyle,
        ts: Typesetter,
        lines: list[Line] | None = None,
        where: str = "",
    ) -> None:
        super().__init__()
        self.text = text
        self.style = style
        self.ts = ts
        self.where = where
        self._lines = lines
        self._width = 0.0
        self.keepWithNext = style.keep_with_next
        self.spaceBefore = style.space_before
        self.spaceAfter = style.space_after

    def _layout(self, avail_width: float) -> list[Line]:
        if self._lines is None or avail_width != self._width:
            self.ts.where = self.where
            self._lines = self.ts.lines(self.text, self.style, avail_width)
            self._width = avail_width
        return self._lines

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        lines = self._layout(availWidth)
        self.width = availWidth
        self.height = len(lines) * self.style.leading
        return availWidth, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        lines = self._layout(availWidth)
        fit = int((availHeight + 1e-6) // self.style.leading)
        if fit < 1 or fit >= len(lines):
            return []
        if len(lines) >= 4 and fit < 2:  # no single orphan line at a page foot
            return []
        if len(lines) - fit == 1 and fit >= 3:  # and no single widow line at a page head
            fit -= 1
        head = CJKParagraph(self.text, self.style, self.ts, lines[:fit], self.where)
        head.spaceAfter = 0
        head._width = availWidth
        tail = CJKParagraph(self.text, self.style, self.ts, lines[fit:], self.where)
        tail.spaceBefore = 0
        tail._width = availWidth
        return [head, tail]

    def draw(self) -> None:
        canvas = self.canv
        style = self.style
        lines = self._lines or []
        fonts = self.ts.fonts
        measure = self.width - style.left_indent - style.right_indent
        # baseline of the first line: the glyphs sit in the lower part of the line pitch
        y = self.height - style.leading + (style.leading - style.size) * 0.5 + style.size * 0.12
        for line in lines:
            x = style.left_indent + line.indent
            room = measure - line.indent
            if style.align == "center":
                x += (room - line.natural) / 2
            elif style.align == "right":
                x += room - line.natural
            text = canvas.beginText(x, y)
            text.setCharSpace(line.spacing)
            current = ""
            for font, run in fonts.runs(line.text, style.role, self.where):
                if font != current:
                    text.setFont(font, style.size)
                    current = font
                text.textOut(run)
            canvas.drawText(text)
            y -= style.leading
