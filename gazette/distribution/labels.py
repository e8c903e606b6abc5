"""Address labels for A4 label sheets, with the sheet's geometry as data.

Each label reads as a Chinese mailing label does: the postcode, the address, the unit's name
(largest), the addressee with 收, and a small line naming the issue and copies for the mail
clerk. Every text is fitted to its label by shrinking step by step; a label that still does not
fit (or has no address) is reported by ``check`` before anything is printed, and ``render``
refuses to print such a sheet.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from gazette.distribution.issue import Line
from gazette.distribution.recipients import MAILED
from gazette.files.atomic import atomic_write_bytes
from gazette.layout.fonts import FontSet, font_set

MIN_SCALE = 0.7  # below 70 % of the normal sizes a label is no longer readable on a parcel


@dataclass(frozen=True)
class LabelSheet:
    """A label sheet's geometry in millimetres, as printed on its packet."""

    name: str
    columns: int
    rows: int
    width: float
    height: float
    top: float  # page top to the first label's top
    left: float  # page left to the first label's left
    pitch_x: float  # one label's left to the next one's
    pitch_y: float
    padding: float = 4.0

    @property
    def per_page(self) -> int:
        return self.columns * self.rows

    def box(self, index: int) -> tuple[float, float, float, float]:
        """(x, y, width, height) in points of label ``index`` on its page, from the bottom left."""
        i = index % self.per_page
        row, col = divmod(i, self.columns)
        x = (self.left + col * self.pitch_x) * mm
        y = A4[1] - (self.top + row * self.pitch_y + self.height) * mm
        return x, y, self.width * mm, self.height * mm


SHEETS: dict[str, LabelSheet] = {
    "2x7": LabelSheet("2x7", 2, 7, 99.1, 38.1, 15.15, 4.65, 101.6, 38.1),
    "3x8": LabelSheet("3x8", 3, 8, 70.0, 36.0, 4.5, 0.0, 70.0, 36.0, padding=5.0),
}
# the normal sizes (points) of the label's lines; all shrink together when a label is crowded
SIZES = {"postcode": 14.0, "address": 11.0, "name": 14.0, "contact": 11.0, "issue": 7.0}


@dataclass(frozen=True)
class TextLine:
    role: str
    font_role: str
    text: str
    size: float


@dataclass
class Fitted:
    line: Line
    scale: float
    lines: list[TextLine] = field(default_factory=list)
    problem: str = ""


class LabelError(ValueError):
    """Labels that cannot be printed; the message lists each unit and why."""


@lru_cache(maxsize=1)
def fonts() -> FontSet:
    """The house's fonts by role, with per-character fallback (registered once)."""
    return font_set()


def width_of(text: str, role: str, size: float) -> float:
    return sum(stringWidth(run, name, size) for name, run in fonts().runs(text, role))


def draw(canvas: Canvas, text: str, role: str, size: float, x: float, y: float) -> float:
    """Draw ``text`` from (x, y) in the role's fonts; returns where it ends."""
    for name, run in fonts().runs(text, role):
        canvas.setFont(name, size)
        canvas.drawString(x, y, run)
        x += stringWidth(run, name, size)
    return x


_NO_START = "，。、；：？！）》」”’"


def wrap(text: str, role: str, size: float, width: float) -> list[str]:
    """Break Chinese text by characters to ``width`` points; closing marks never start a line."""
    lines: list[str] = []
    current = ""
    for ch in text:
        if current and width_of(current + ch, role, size) > width:
            if ch in _NO_START:  # hang the mark: take the last character down with it
                lines.append(current[:-1])
                current = current[-1]
            else:
                lines.append(current)
                current = ""
        current += ch
    if current:
        lines.append(current)
    return lines


def _layout(line: Line, issue_label: str, scale: float, sheet: LabelSheet) -> list[TextLine]:
    width = (sheet.width - 2 * sheet.padding) * mm
    s = {k: v * scale for k, v in SIZES.items()}
    out = [TextLine("postcode", "latin", line.postcode, s["postcode"])]
    out += [
        TextLine("address", "body", t, s["address"])
        for t in wrap(line.address, "body", s["address"], width)
    ]
    out += [
        TextLine("name", "heading1", t, s["name"])
        for t in wrap(line.name, "heading1", s["name"], width)
    ]
    who = f"{line.contact} 收" if line.contact else "收"
    out += [
        TextLine("contact", "body", t, s["contact"]) for t in wrap(who, "body", s["contact"], width)
    ]
    out.append(TextLine("issue", "body", f"{issue_label} · {line.copies}份", s["issue"]))
    return out


def _height(lines: list[TextLine]) -> float:
    return sum(t.size * 1.3 for t in lines)


def fit(line: Line, issue_label: str, sheet: LabelSheet) -> Fitted:
    """The label's lines at the largest scale that fits, or the reason none does."""
    if not (line.address and line.postcode):
        return Fitted(line, 0.0, problem="缺少地址或邮政编码")
    room = (sheet.height - 2 * sheet.padding) * mm
    scale = 1.0
    while scale >= MIN_SCALE - 1e-9:
        lines = _layout(line, issue_label, scale, sheet)
        if _height(lines) <= room:
            return Fitted(line, scale, lines)
        scale = round(scale - 0.05, 2)
    return Fitted(line, 0.0, problem=f"地址和单位名称过长，缩小到 {int(MIN_SCALE * 100)}% 仍放不下")


def mailed(lines: list[Line]) -> list[Line]:
    """The lines that get a label: 邮寄 and 机要交换 (自取 and 专人送达 need none)."""
    return [line for line in lines if line.method in MAILED]


def check(lines: list[Line], issue_label: str, sheet: LabelSheet) -> list[str]:
    """Every label that cannot be printed, as “单位：原因”, before anything is printed."""
    return [
        f"{f.line.name}：{f.problem}"
        for f in (fit(line, issue_label, sheet) for line in mailed(lines))
        if f.problem
    ]


@dataclass(frozen=True)
class Placed:
    """Where a label went: its page (from 0), its box in points and the text it holds."""

    page: int
    box: tuple[float, float, float, float]
    texts: tuple[str, ...]


def render(
    lines: list[Line],
    issue_label: str,
    sheet: LabelSheet,
    path: Path | str,
    *,
    outlines: bool = False,
) -> list[Placed]:
    """Print the labels of ``lines`` to a PDF; refuses (LabelError) when any cannot fit.

    ``outlines`` draws each label's edge, for a trial print on plain paper."""
    fitted = [fit(line, issue_label, sheet) for line in mailed(lines)]
    bad = [f"{f.line.name}：{f.problem}" for f in fitted if f.problem]
    if bad:
        raise LabelError(f"{len(bad)} 张标签不能打印：" + "；".join(bad))
    if not fitted:
        raise LabelError("本期没有需要邮寄或机要交换的发行对象，没有标签可打印")
    buf = io.BytesIO()
    canvas = Canvas(buf, pagesize=A4, pageCompression=1)
    canvas.setTitle(f"{issue_label} 发行标签")
    placed: list[Placed] = []
    for i, f in enumerate(fitted):
        if i and i % sheet.per_page == 0:
            canvas.showPage()
        x, y, w, h = sheet.box(i)
        if outlines:
            canvas.setStrokeGray(0.75)
            canvas.setLineWidth(0.3)
            canvas.roundRect(x, y, w, h, 2 * mm)
        pad = sheet.padding * mm
        top = y + h - pad
        for t in f.lines:
            top -= t.size * 1.3
            cx, base = x + pad, top + t.size * 0.3
            if t.role == "issue":  # the clerk's line sits in the bottom right corner
                cx = x + w - pad - width_of(t.text, t.font_role, t.size)
                base = y + pad
            draw(canvas, t.text, t.font_role, t.size, cx, base)
        placed.append(Placed(i // sheet.per_page, (x, y, w, h), tuple(t.text for t in f.lines)))
    canvas.save()
    atomic_write_bytes(path, buf.getvalue())
    return placed
