"""The structured text of a document: the contract between import, layout, search and the site.

Stored as JSON in ``Document.structure``; ``Document.body_text`` holds ``plain_text()`` so search
and the PDF round-trip check read the same characters in the same order.

The text stays faithful to the source: only 发文字号 brackets and white space are normalised.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

# Block kinds, in the four official heading levels and the rest of a body.
HEADING_KINDS = ("heading1", "heading2", "heading3", "heading4")  # 一、 （一） 1. （1）
BLOCK_KINDS = (*HEADING_KINDS, "paragraph", "table")


@dataclass
class Cell:
    text: str
    colspan: int = 1
    rowspan: int = 1


@dataclass
class Block:
    """A heading, a paragraph or a table. A heading's text includes its number (一、…)."""

    kind: str
    text: str = ""
    rows: list[list[Cell]] | None = None  # tables only; merged cells appear once

    def plain(self) -> str:
        if self.kind == "table" and self.rows:
            return "\n".join(" ".join(c.text for c in row if c.text) for row in self.rows)
        return self.text

    def grid(self) -> list[list[Cell | None]]:
        """The table as a full grid: each cell at its top-left slot, ``None`` where it is covered.

        ``rows`` lists a merged cell once (HTML-style); layout needs the column of every cell.
        """
        if not self.rows:
            return []
        taken: dict[tuple[int, int], bool] = {}
        placed: list[dict[int, Cell]] = [{} for _ in self.rows]
        width = 0
        for r, row in enumerate(self.rows):
            col = 0
            for cell in row:
                while taken.get((r, col)):
                    col += 1
                placed[r][col] = cell
                for dr in range(max(cell.rowspan, 1)):
                    for dc in range(max(cell.colspan, 1)):
                        taken[(r + dr, col + dc)] = True
                col += max(cell.colspan, 1)
                width = max(width, col)
        width = max([width] + [c + 1 for (rr, c) in taken if rr < len(self.rows)])
        return [[placed[r].get(c) for c in range(width)] for r in range(len(self.rows))]


@dataclass
class Appendix:
    """An attachment's content printed after the document (附件 label, title, body)."""

    label: str  # 附件 / 附件1; empty for the text a 印发 notice or a 令 carries unlabelled
    title: str = ""
    blocks: list[Block] = field(default_factory=list)
    subtitle: str | None = None  # 题注 under the attached text's title


@dataclass
class Imprint:
    """版记: 抄送 line and the issuing office with the printing date. Omitted in layout by default.

    ``cc`` is the 抄送 line as printed, label included (抄送：…), and a 分送 line after it;
    ``printer`` the issuing office; ``printed_on`` the date as written, without 印发. ``lines``
    keeps the 版记 exactly as printed (共印N份 included), so no character of it is lost.
    """

    cc: str = ""
    printer: str = ""
    printed_on: str = ""
    lines: list[str] = field(default_factory=list)

    def printed(self) -> list[str]:
        """The 版记 as printed, or rebuilt from its fields for texts stored before ``lines``."""
        if self.lines:
            return list(self.lines)
        printed = f"{self.printer} {self.printed_on}印发".strip() if self.printed_on else ""
        return [x for x in (self.cc, printed or self.printer) if x]


@dataclass
class DocumentText:
    """A document's parts. The source's reading order is kept: ``title_first`` says the title
    stood above the 发文字号 (as on government websites and in gazettes), otherwise the number
    came first (as under a red 版头). How the gazette prints them is a layout choice.
    """

    title: str
    doc_number: str | None = None
    addressees: str | None = None  # 主送机关
    blocks: list[Block] = field(default_factory=list)
    attachment_notes: list[str] = field(default_factory=list)  # 附件：1.… (after the body)
    signature: list[str] = field(default_factory=list)  # 发文机关署名, one line each
    date: str | None = None  # 成文日期 as written, e.g. 2018年5月13日
    disclosure: str | None = None  # （此件公开发布）
    appendices: list[Appendix] = field(default_factory=list)
    imprint: Imprint | None = None
    header: str | None = None  # 版头, e.g. 宿迁市人民政府办公室文件; not printed in the gazette
    annotation: str | None = None  # 附注 after the disclosure line, e.g. （联系人：…，电话：…）
    subtitle: str | None = None  # 题注 under the title, e.g. （2018年12月29日…会议通过）
    title_first: bool = False  # the source printed the title above the 发文字号
    marks: list[str] = field(default_factory=list)  # 份号, 密级, 紧急程度, web page lines above
    byline: bool = False  # signature and date printed under the title, as bulletins do
    trailer: list[str] = field(default_factory=list)  # web page lines after the document
    posted: list[str] = field(default_factory=list)  # web page lines under the title (发布时间)
    # the source's own 目录 (entries with its page numbers) and the title repeated under it:
    # furniture, the gazette paginates anew and prints the title once
    contents: list[str] = field(default_factory=list)
    annotation_above: bool = False  # the 附注 was printed above the disclosure line
    notes_last: bool = False  # the 附件 note was printed after the attached texts

    # serialisation -----------------------------------------------------------------------
    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> DocumentText:
        def block(b: dict[str, Any]) -> Block:
            rows = b.get("rows")
            return Block(
                kind=b["kind"],
                text=b.get("text", ""),
                rows=[[Cell(**c) for c in row] for row in rows] if rows is not None else None,
            )

        imprint = data.get("imprint")
        return cls(
            title=data.get("title", ""),
            doc_number=data.get("doc_number"),
            addressees=data.get("addressees"),
            blocks=[block(b) for b in data.get("blocks", [])],
            attachment_notes=list(data.get("attachment_notes", [])),
            signature=list(data.get("signature", [])),
            date=data.get("date"),
            disclosure=data.get("disclosure"),
            appendices=[
                Appendix(
                    a["label"],
                    a.get("title", ""),
                    [block(b) for b in a.get("blocks", [])],
                    a.get("subtitle"),
                )
                for a in data.get("appendices", [])
            ],
            imprint=Imprint(**imprint) if imprint else None,
            header=data.get("header"),
            annotation=data.get("annotation"),
            subtitle=data.get("subtitle"),
            title_first=bool(data.get("title_first", False)),
            marks=list(data.get("marks", [])),
            byline=bool(data.get("byline", False)),
            trailer=list(data.get("trailer", [])),
            posted=list(data.get("posted", [])),
            contents=list(data.get("contents", [])),
            annotation_above=bool(data.get("annotation_above", False)),
            notes_last=bool(data.get("notes_last", False)),
        )

    # reading order -----------------------------------------------------------------------
    def lines(
        self,
        *,
        with_imprint: bool = False,
        with_furniture: bool = False,
        title_first: bool | None = None,
    ) -> list[str]:
        """The document's text in reading order, one entry per printed unit.

        ``with_furniture`` adds what the gazette does not print but the source carried (份号 and
        the like, the 版头, the 版记): with it, every character of the source is here.
        ``title_first`` puts the title above or below the 发文字号 as a layout prints them;
        by default they come in the source's order.
        """
        if title_first is None:
            title_first = self.title_first
        out: list[str] = []
        if with_furniture:
            out += self.marks
            if self.header:
                out.append(self.header)
        head = [self.title, self.subtitle or ""]
        if self.doc_number:
            head = [*head, self.doc_number] if title_first else [self.doc_number, *head]
        out += head
        if with_furniture:
            out += self.posted + self.contents
        closing = [*self.signature, self.date or ""]
        if self.byline:
            out += closing
        if self.addressees:
            out.append(self.addressees)
        out += [b.plain() for b in self.blocks]
        if not self.notes_last:
            out += self.attachment_notes
        if not self.byline:
            out += closing
        notes = [self.disclosure or "", self.annotation or ""]
        out += notes[::-1] if self.annotation_above else notes
        for app in self.appendices:
            out.append(app.label)
            if app.title:
                out.append(app.title)
            if app.subtitle:
                out.append(app.subtitle)
            out += [b.plain() for b in app.blocks]
        if self.notes_last:
            out += self.attachment_notes
        if (with_imprint or with_furniture) and self.imprint:
            out += self.imprint.printed()
        if with_furniture:
            out += self.trailer
        return [x for x in out if x]

    def plain_text(self, *, title_first: bool | None = None) -> str:
        """What search indexes and what a built PDF must give back (white space aside)."""
        return "\n".join(self.lines(title_first=title_first))
