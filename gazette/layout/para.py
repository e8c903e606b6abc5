"""A ReportLab flowable that sets Chinese paragraphs with our own line breaking and justification.

Each line is one PDF text object with a character spacing (Tc) that makes it end exactly at the
measure; font changes inside a line (Latin digits, fallback characters) are ``Tf`` switches in the
same text object, so the text extracts in reading order.
"""

from __future__ import annotations

from typing import Any
from weakref import WeakKeyDictionary

from reportlab.pdfbase.pdfmetrics import getFont, stringWidth
from reportlab.platypus import Flowable

from gazette.layout.fonts import FontSet
from gazette.layout.linebreak import Line, balance, break_lines
from gazette.layout.styles import ParaStyle


class Typesetter:
    """Fonts plus per-style tables of character widths, shared by every paragraph of a build."""

    def __init__(self, fonts: FontSet) -> None:
        self.fonts = fonts
        self._tables: dict[tuple[str, float], dict[str, float]] = {}
        self._measurers: dict[tuple[str, float], Any] = {}
        self._memos: dict[tuple[str, float], dict[str, float]] = {}  # each measurer's widths
        self.where = ""  # the document being set, for MissingGlyph messages
        # the text drawn, in drawing order, under the key of the document being drawn: what
        # the PDF must give back (a table's repeated header included)
        self.printed: dict[Any, list[str]] = {}
        self.drawing: Any = None
        # lines already broken (from the layout cache, or earlier in this build), by
        # ``(text, role, size, align, first indent, measure)``; the documents that needed fresh
        # line breaking; with ``used`` set, every call's lines under the document drawn
        self.known: dict[Any, list[Line]] = {}
        self.fresh: set[Any] = set()
        self.used: dict[Any, dict[Any, list[Line]]] | None = None
        self.dry = False  # paginate only: draw nothing (laying documents out in a worker)

    def note(self, text: str) -> None:
        if self.drawing is not None:
            self.printed.setdefault(self.drawing, []).append(text)

    def char_width(self, ch: str, role: str, size: float) -> float:
        table = self._tables.setdefault((role, size), {})
        w = table.get(ch)
        if w is None:
            w = table[ch] = stringWidth(ch, self.fonts.font_for(ch, role, self.where), size)
        return w

    def measurer(self, role: str, size: float) -> Any:
        """A width function for text in one role and size (the hot path of line breaking)."""
        key = (role, size)
        fn = self._measurers.get(key)
        if fn is None:
            table = self._tables.setdefault(key, {})
            get = table.__getitem__
            cw = self.char_width
            # atoms repeat (one hanzi, "。”", a year): each string is summed once per build
            memo = self._memos[key] = {}

            def fn(s: str) -> float:
                w = memo.get(s)
                if w is None:
                    try:
                        w = sum(map(get, s))
                    except KeyError:
                        w = sum(cw(ch, role, size) for ch in s)
                    memo[s] = w
                return w

            self._measurers[key] = fn
        return fn

    def lines(self, text: str, style: ParaStyle, width: float) -> list[Line]:
        measure = width - style.left_indent - style.right_indent
        key = (text, style.role, style.size, style.align, style.first_indent, measure)
        got = self.known.get(key)
        if got is None:
            got = self.known[key] = self._break(text, style, measure)
            self.fresh.add(self.drawing)
        if self.used is not None:
            self.used.setdefault(self.drawing, {})[key] = got
        return got

    def _break(self, text: str, style: ParaStyle, measure: float) -> list[Line]:
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
            known=self._memos[(style.role, style.size)],
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
        self.closing = False  # part of the signature block, kept together as one
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
        style = self.style
        draw_lines(
            self.canv,
            self.ts,
            style,
            self._lines or [],
            style.left_indent,
            self.height,
            self.width - style.left_indent - style.right_indent,
            self.where,
        )


def draw_lines(
    canvas: Any,
    ts: Typesetter,
    style: ParaStyle,
    lines: list[Line],
    left: float,
    top: float,
    measure: float,
    where: str,
) -> None:
    """Write lines as PDF text operators directly: one BT…ET block, the first line's top at
    ``top``, each line placed within ``measure`` from ``left``; the text goes to the log.

    ReportLab's text object re-formats every number and font switch through pure-Python
    helpers; for body text that was half the build time. The subset bookkeeping still goes
    through the font's own ``splitString``/``getSubsetInternalName``, so embedding and the
    ToUnicode maps are exactly ReportLab's.
    """
    if not lines or ts.dry:
        return
    fonts = ts.fonts
    doc = canvas._doc
    escape = canvas._escape
    size = style.size
    # baseline of the first line: the glyphs sit in the lower part of the line pitch
    y = top - style.leading + (style.leading - size) * 0.5 + size * 0.12
    code = ["BT"]
    current = None
    enc = _encoder(doc, escape, fonts, style.role)
    chars = enc.chars
    tf = f" {size:g} Tf"
    for line in lines:
        x = left + line.indent
        room = measure - line.indent
        if style.align == "center":
            x += (room - line.natural) / 2
        elif style.align == "right":
            x += room - line.natural
        code.append(f"1 0 0 1 {x:.3f} {y:.3f} Tm {line.spacing:.4f} Tc")
        text = line.text
        try:
            coded = [chars[ch] for ch in text]
        except KeyError:
            for ch in text:
                if ch not in chars:
                    enc.learn(ch, where)
            coded = [chars[ch] for ch in text]
        # one Tj per run of characters in one subset, a Tf where the subset changes
        name, piece = None, list[str]()
        for internal, esc in coded:
            if internal != name:
                if piece:
                    code.append(f"({''.join(piece)}) Tj")
                    piece = []
                if internal != current:
                    code.append(internal + tf)
                    current = internal
                name = internal
            piece.append(esc)
        if piece:
            code.append(f"({''.join(piece)}) Tj")
        y -= style.leading
    code.append("ET")
    canvas._code.append("\n".join(code))
    ts.note("".join(line.text for line in lines))


class _Encoder:
    """The characters of one role in one PDF document, each as (subset font, escaped code).

    Exactly ReportLab's ``splitString`` and ``getSubsetInternalName`` output, asked for each
    character the first time it is drawn, in drawing order (so the codes and font names are
    ReportLab's), and remembered: an assignment never changes within a document. A line is
    then written from the table, without splitting it by font and by subset afresh."""

    def __init__(self, fonts: FontSet, doc: Any, escape: Any, role: str) -> None:
        self.fonts, self.doc, self.escape, self.role = fonts, doc, escape, role
        self.chars: dict[str, tuple[str, str]] = {}

    def learn(self, ch: str, where: str) -> None:
        font = getFont(self.fonts.font_for(ch, self.role, where))
        ((subset, code),) = font.splitString(ch, self.doc)
        self.chars[ch] = (font.getSubsetInternalName(subset, self.doc), self.escape(code))


_ENCODERS: WeakKeyDictionary[Any, dict[str, _Encoder]] = WeakKeyDictionary()


def _encoder(doc: Any, escape: Any, fonts: FontSet, role: str) -> _Encoder:
    per_doc = _ENCODERS.get(doc)
    if per_doc is None:
        per_doc = _ENCODERS[doc] = {}
    enc = per_doc.get(role)
    if enc is None or enc.fonts is not fonts:
        enc = per_doc[role] = _Encoder(fonts, doc, escape, role)
    return enc
