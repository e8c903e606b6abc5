"""Gazette furniture: cover, contents with dot leaders, running heads, folios, colophon.

Everything is drawn from the style sheet's ``cover``, ``contents``, ``running_head``, ``folio``
and ``colophon`` sections and the issue's facts; nothing here knows about the database.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any
from weakref import WeakKeyDictionary

from reportlab.lib import colors
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from gazette.layout.linebreak import break_lines
from gazette.layout.para import Typesetter
from gazette.layout.styles import ParaStyle, StyleSheet


def cn_date(day: dt.date | None) -> str:
    return f"{day.year}年{day.month}月{day.day}日" if day else ""


@dataclass
class IssueFacts:
    """What the furniture prints about the issue and the office."""

    name: str
    year: int
    number: int
    serial: int | None
    published_on: dt.date | None
    publisher: str
    colophon: dict[str, str] = field(default_factory=dict)
    reading_points: tuple[str, ...] = ()  # 查阅点 names, printed when the style sheet asks

    def values(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "year": self.year,
            "number": self.number,
            "serial": self.serial if self.serial is not None else "",
            "date": cn_date(self.published_on),
            "publisher": self.publisher,
            **self.colophon,
        }

    def fmt(self, template: str) -> str:
        try:
            return template.format(**self.values())
        except (KeyError, IndexError):
            return template


def draw_text(
    canvas: Canvas,
    ts: Typesetter,
    text: str,
    x: float,
    y: float,
    role: str,
    size: float,
    align: str = "left",
    spacing: float = 0.0,
) -> float:
    """Draw one line of text with per-character font fallback; returns its width."""
    width = ts.measurer(role, size)(text) + spacing * max(len(text) - 1, 0)
    if align == "center":
        x -= width / 2
    elif align == "right":
        x -= width
    drawn = _DRAWN.get(canvas._doc)
    if drawn is None:
        drawn = _DRAWN[canvas._doc] = {}
    key = (text, x, y, role, size, spacing)
    code = drawn.get(key)
    if code is None:
        obj = canvas.beginText(x, y)
        obj.setCharSpace(spacing)
        current = ""
        for font, run in ts.fonts.runs(text, role, ts.where):
            if font != current:
                obj.setFont(font, size)
                current = font
            obj.textOut(run)
        code = drawn[key] = obj.getCode()
    canvas._code.append(code)  # what canvas.drawText(obj) does
    return width


# The operators of each line of furniture drawn in a document, by text and place. A running
# head repeats on every page of a section; once its characters have their subset codes in a
# document, ReportLab would write the same operators again (its text object depends only on
# these arguments when every font is a TrueType font), so they are written from here.
_DRAWN: WeakKeyDictionary[Any, dict[tuple[str, float, float, str, float, float], str]] = (
    WeakKeyDictionary()
)


def _color(value: str) -> colors.Color:
    return colors.HexColor(value)


def draw_cover(
    canvas: Canvas,
    ts: Typesetter,
    ss: StyleSheet,
    facts: IssueFacts,
    highlights: list[tuple[str, str]] | None = None,
) -> None:
    """The cover: the gazette name in red, a double rule, the issue line, 本期要目, the date."""
    page = ss.page
    cover = ss.section("cover")
    w, h = page.width, page.height
    red = _color(cover.get("name_color", "#B4161B"))
    canvas.saveState()
    canvas.setFillColor(red)
    size = float(cover.get("name_size", 44))
    name = facts.name
    # the name spread over most of the width, as on a masthead
    natural = ts.measurer("title", size)(name)
    target = w - 2 * page.outer - 20
    if natural > target:
        size *= target / natural
        natural = target
    spacing = max((target - natural) / max(len(name) - 1, 1), 0) if len(name) <= 12 else 0
    draw_text(canvas, ts, name, w / 2, h - 62 * 2.8346, "title", size, "center", spacing)
    canvas.setStrokeColor(_color(cover.get("rule_color", "#B4161B")))
    y = h - 77 * 2.8346
    canvas.setLineWidth(2.2)
    canvas.line(page.outer, y, w - page.outer, y)
    canvas.setLineWidth(0.7)
    canvas.line(page.outer, y - 4, w - page.outer, y - 4)
    canvas.setFillColor(colors.black)
    draw_text(
        canvas, ts, facts.fmt(cover.get("issue_line", "")), w / 2, y - 34, "body", 16, "center"
    )
    if highlights:
        _draw_highlights(canvas, ts, ss, highlights, y - 80, red)
    canvas.setFillColor(red)
    draw_text(
        canvas,
        ts,
        facts.fmt(cover.get("publisher_line", "")),
        w / 2,
        70 * 2.8346,
        "title",
        18,
        "center",
    )
    canvas.setFillColor(colors.black)
    draw_text(
        canvas,
        ts,
        facts.fmt(cover.get("date_line", "")) + "出版",
        w / 2,
        58 * 2.8346,
        "body",
        14,
        "center",
    )
    canvas.setStrokeColor(red)
    canvas.setLineWidth(0.7)
    canvas.line(page.outer, 50 * 2.8346, w - page.outer, 50 * 2.8346)
    canvas.restoreState()


def _highlight_lines(
    items: list[tuple[str, str]], fn: Any, measure: float, size: float
) -> list[tuple[str, str]]:
    """(kind, text) lines of 本期要目: a section name, then its titles' lines."""
    out: list[tuple[str, str]] = []
    section = None
    for sec, title in items:
        if sec != section:
            out.append(("section", "【" + sec + "】"))
            section = sec
        lines = break_lines(title, fn, measure - 2 * size, size, justify=False)
        out += [("title" if k == 0 else "more", ln.text) for k, ln in enumerate(lines)]
    return out


def highlights_shown(
    items: list[tuple[str, str]], fn: Any, measure: float, size: float, room: int
) -> int:
    """How many items 本期要目 lists in ``room`` lines: all when they fit; else the first items
    in section order that fit with one line kept for the note saying the list is partial."""
    if len(_highlight_lines(items, fn, measure, size)) <= room:
        return len(items)
    n = len(items)
    while n and len(_highlight_lines(items[:n], fn, measure, size)) > room - 1:
        n -= 1
    return n


def _draw_highlights(
    canvas: Canvas,
    ts: Typesetter,
    ss: StyleSheet,
    items: list[tuple[str, str]],
    top: float,
    red: colors.Color,
) -> None:
    """本期要目 on the cover: section names and document titles. When not all fit, the first
    items in section order that do, and a line saying so (the style sheet's ``partial_note``)."""
    page = ss.page
    cover = ss.section("cover")
    left = page.outer + 40
    measure = page.width - 2 * left
    size, leading = 12.0, 19.0
    fn = ts.measurer("body", size)
    canvas.setFillColor(red)
    draw_text(canvas, ts, "本 期 要 目", page.width / 2, top, "heading1", 15, "center")
    canvas.setStrokeColor(red)
    canvas.setLineWidth(0.5)
    canvas.line(left, top - 10, left + measure, top - 10)
    y = top - 34
    floor = 90 * 2.8346
    room = int((y - floor) // leading) + 1
    shown = highlights_shown(items, fn, measure, size, room)
    for kind, text in _highlight_lines(items[:shown], fn, measure, size):
        if kind == "section":
            canvas.setFillColor(red)
            draw_text(canvas, ts, text, left, y, "heading1", size)
        else:
            canvas.setFillColor(colors.black)
            draw_text(canvas, ts, text, left + 2 * size, y, "body", size)
        y -= leading
    if shown < len(items):
        note = str(cover.get("partial_note", "（本期要目仅列部分文件，全部文件见目录）"))
        canvas.setFillColor(colors.black)
        draw_text(canvas, ts, note, left + measure, y, "body", size - 1.5, "right")
    canvas.setFillColor(colors.black)


def draw_running_head(
    canvas: Canvas,
    ts: Typesetter,
    ss: StyleSheet,
    facts: IssueFacts,
    section: str,
    odd: bool,
    folio: str,
) -> None:
    """Running head (gazette and issue outside, section inside) and the folio at the foot."""
    page = ss.page
    spec = ss.section("running_head")
    style = ss["running_head"]
    left = page.inner if odd or not page.mirror else page.outer
    right = page.width - (page.outer if odd or not page.mirror else page.inner)
    y = page.height - page.top + 18
    outer_text = facts.fmt(spec.get("left", "{name}")) + "　" + facts.fmt(spec.get("right", ""))
    canvas.saveState()
    if odd:
        draw_text(canvas, ts, section, left, y, style.role, style.size, "left")
        draw_text(canvas, ts, outer_text, right, y, style.role, style.size, "right")
    else:
        draw_text(canvas, ts, outer_text, left, y, style.role, style.size, "left")
        draw_text(canvas, ts, section, right, y, style.role, style.size, "right")
    if spec.get("rule", True):
        canvas.setLineWidth(0.6)
        canvas.line(left, y - 5, right, y - 5)
    if folio:
        fs = ss["folio"]
        fy = page.bottom - 28
        # GB/T 9704: odd pages right with one character's space, even pages left likewise
        if odd:
            draw_text(canvas, ts, folio, right - fs.size, fy, fs.role, fs.size, "right")
        else:
            draw_text(canvas, ts, folio, left + fs.size, fy, fs.role, fs.size, "left")
    canvas.restoreState()


@dataclass
class ContentsEntry:
    title: str
    number: str | None
    page: int | str  # folio (or 期-页 in the annual contents)
    target: int  # physical page index (0-based) in the assembled issue, set later
    key: str


class ContentsLine(Flowable):  # type: ignore[misc]
    """A contents entry: the title (wrapping), 发文字号, dot leaders and the page number.

    It records where it was drawn so the e-edition can make the entry a link.
    """

    def __init__(
        self, entry: ContentsEntry, ts: Typesetter, ss: StyleSheet, sink: list[Any]
    ) -> None:
        super().__init__()
        spec = ss.section("contents")
        self.entry, self.ts, self.sink = entry, ts, sink
        self.size = float(spec.get("entry_size", 13))
        self.leading = float(spec.get("entry_leading", 22))
        self.num_size = float(spec.get("number_size", 11))
        self.leader = str(spec.get("leader", "·"))
        self.lines: list[str] = []
        self.spaceAfter = 4

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        measure = availWidth - 3.5 * self.size
        fn = self.ts.measurer("body", self.size)
        lines = [
            ln.text for ln in break_lines(self.entry.title, fn, measure, self.size, justify=False)
        ] or [""]  # a document without a title: its 发文字号 alone
        if self.entry.number:  # the 发文字号 is never split: it joins the last line or goes below
            number = f"（{self.entry.number}）"
            if (
                fn(lines[-1] + number)
                <= measure - (self.size if len(lines) > 1 else 0) - 2 * self.size
            ):
                lines[-1] += number
            else:
                lines.append(number)
        self.lines = lines
        self.width, self.height = availWidth, len(self.lines) * self.leading
        return self.width, self.height

    def draw(self) -> None:
        c, ts = self.canv, self.ts
        y = self.height - self.leading + 6
        for k, line in enumerate(self.lines):
            w = draw_text(c, ts, line, self.size if k else 0, y, "body", self.size)
            if k == len(self.lines) - 1:
                page = str(self.entry.page)
                pw = draw_text(c, ts, page, self.width, y, "latin", self.size, "right")
                start = (self.size if k else 0) + w + 4
                end = self.width - pw - 4
                dot = ts.measurer("body", self.size)(self.leader)
                count = int((end - start) // dot)
                if count > 0:
                    draw_text(c, ts, self.leader * count, end - count * dot, y, "body", self.size)
            y -= self.leading
        x0, y0 = c.absolutePosition(0, 0)
        self.sink.append(
            (c.getPageNumber(), (x0, y0, x0 + self.width, y0 + self.height), self.entry)
        )


class SectionHeading(Flowable):  # type: ignore[misc]
    """A section name in the contents: 黑体 with a thin rule."""

    def __init__(self, text: str, ts: Typesetter, size: float) -> None:
        super().__init__()
        self.text, self.ts, self.size = text, ts, size
        self.spaceBefore, self.spaceAfter = 10, 6
        self.keepWithNext = True

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width, self.height = availWidth, self.size * 1.6
        return self.width, self.height

    def draw(self) -> None:
        draw_text(self.canv, self.ts, "【" + self.text + "】", 0, 6, "heading1", self.size)


def colophon_lines(ss: StyleSheet, facts: IssueFacts) -> list[tuple[str, str]]:
    spec = ss.section("colophon")
    out = []
    for label, template in spec.get("fields", []):
        value = facts.fmt(template)
        if value.strip():
            out.append((label, value))
    return out


def draw_colophon(canvas: Canvas, ts: Typesetter, ss: StyleSheet, facts: IssueFacts) -> None:
    """The colophon box at the foot of the last page."""
    spec = ss.section("colophon")
    page = ss.page
    rows = colophon_lines(ss, facts)
    size, leading = 10.5, 17.0
    left, right = page.outer + 20, page.width - page.outer - 20
    height = (len(rows) + 4) * leading + 20
    bottom = page.bottom
    canvas.saveState()
    canvas.setLineWidth(0.8)
    canvas.rect(left, bottom, right - left, height)
    y = bottom + height - 26
    draw_text(
        canvas,
        ts,
        "《" + facts.fmt(spec.get("title", "{name}")) + "》",
        (left + right) / 2,
        y,
        "heading1",
        14,
        "center",
    )
    y -= leading + 6
    for label, value in rows:
        draw_text(canvas, ts, label + "：", left + 40, y, "body", size)
        draw_text(canvas, ts, value, left + 40 + 6 * size, y, "body", size)
        y -= leading
    y -= 4
    draw_text(
        canvas,
        ts,
        facts.fmt(spec.get("free_line", "")),
        (left + right) / 2,
        y,
        "heading1",
        size,
        "center",
    )
    y -= leading
    draw_text(
        canvas,
        ts,
        facts.fmt(spec.get("no_ads_line", "")),
        (left + right) / 2,
        y,
        "body",
        size,
        "center",
    )
    if spec.get("reading_points") and facts.reading_points:
        draw_reading_points(
            canvas, ts, spec, facts.reading_points, left, right, bottom + height + 30
        )
    canvas.restoreState()


def draw_reading_points(
    canvas: Canvas,
    ts: Typesetter,
    spec: dict[str, Any],
    names: tuple[str, ...],
    left: float,
    right: float,
    floor: float,
) -> None:
    """The 查阅点 in three columns above the colophon box, so readers know where the printed
    gazette lies; a name too wide for its column is set smaller, and what does not fit is
    counted (the site lists every one with its address)."""
    page_top = canvas._pagesize[1] - 72
    size, leading, cols = 9.0, 14.0, 3
    col_w = (right - left - 40) / cols
    fit_rows = max(int((page_top - floor - leading * 3.3) // leading), 0)
    rows = min(fit_rows, -(-len(names) // cols))  # balanced columns, as few rows as needed
    room = rows * cols
    # the block sits just above the colophon box: title, the names, then the note
    y = floor + leading * 1.5 + rows * leading
    draw_text(
        canvas,
        ts,
        str(spec.get("reading_title", "")),
        (left + right) / 2,
        y + leading * 0.8,
        "heading1",
        12,
        "center",
    )
    y -= leading * 0.2
    shown = names if len(names) <= room else names[: max(room - 1, 0)]
    for i, name in enumerate(shown):
        col, row = divmod(i, rows) if rows else (0, 0)
        fit = size
        while fit > 6 and ts.measurer("body", fit)(name) > col_w - 6:
            fit -= 0.5
        draw_text(canvas, ts, name, left + 20 + col * col_w, y - row * leading, "body", fit)
    note = str(spec.get("reading_note", ""))
    if len(shown) < len(names):
        note = f"另有 {len(names) - len(shown)} 处；" + note
    draw_text(canvas, ts, note, (left + right) / 2, floor, "body", 8.5, "center")


def para_style(ss: StyleSheet, name: str, **changes: Any) -> ParaStyle:
    base = ss[name]
    return ParaStyle(**{**base.__dict__, **changes})
