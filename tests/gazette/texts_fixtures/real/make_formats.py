"""Type a corpus TXT into Word the way a clerk would, then print it to PDF with LibreOffice.

The DOCX follows GB/T 9704-2012: A4, 仿宋_GB2312 16 pt body with a two-character first-line
indent and 28 pt exact line spacing, the title in 方正小标宋简体 22 pt centred, the 发文字号
centred, 一、 headings in 黑体, （一） headings in 楷体_GB2312, signature and date right
aligned, real Word tables for tab-separated rows, and U+3000 kept as typed. Which line is
the title, a heading or the signature is read from the document's hand-written label, just as
the clerk knows it from the paper. The PDF is LibreOffice's own export of that DOCX.

Usage (from the repository root):
    python tests/gazette/texts_fixtures/real/make_formats.py            # the default set
    python tests/gazette/texts_fixtures/real/make_formats.py ID [ID…]   # chosen documents
Needs python-docx and, for the PDF, ``soffice`` (Debian: ``apt-get install libreoffice-writer``).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from docx import Document
from docx.enum.section import WD_SECTION_START
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import Table
from docx.text.paragraph import Paragraph

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[3]
FONTS = REPO / "resources" / "fonts"

DEFAULT_IDS = [
    "gwy-2018-41",
    "gwyl-706",
    "gwyb-2018-mingdian15",
    "gwyb-2018-74",
    "gwy-2018-159-pifu",
    "gwyb-2018-126",
    "gwyb-2019-4",
    "gwy-2019-5",
    "npc-fyzzf",
    "bjrd-gdzys",
    "linan-2013-89",
    "gwy-2006-132-pifu",
    "gwy-2004-18",
    "dyrd-yangquan",
    "bjzf-2017-zyyzx",
    "bjzyj-2017-zyyzx-jd",
]

FANG = "仿宋_GB2312"
KAI = "楷体_GB2312"
HEI = "黑体"
XBS = "方正小标宋简体"
BODY_PT = 16
TITLE_PT = 22
LINE_PT = 28
WHITE = re.compile(r"\s+")
NOT_ROWS = ("附件", "注", "表")  # captions and labels between two tables are not table rows

# What the clerk's fonts are called on a machine that lacks them: the project's own faces.
FONT_ALIASES = {
    FANG: "FandolFang",
    KAI: "AR PL UKai CN",
    HEI: "AR PL UMing CN",
    XBS: "AR PL UMing CN",
}


def squeeze(text: str) -> str:
    return WHITE.sub("", text)


@dataclass
class Roles:
    """Squeezed label strings, to recognise the lines the label names."""

    label: dict
    headings: dict[str, int] = field(default_factory=dict)
    titles: list[str] = field(default_factory=list)
    subtitles: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        label = self.label
        blocks = [label["headings"]] + [a["headings"] for a in label["appendices"]]
        for block in blocks:
            for level, texts in block.items():
                for text in texts:
                    self.headings[squeeze(text)] = int(level)
        self.titles = [squeeze(label["title"])] + [squeeze(a["title"]) for a in label["appendices"]]
        self.subtitles = [squeeze(s) for s in [label["subtitle"]] if s] + [
            squeeze(a["subtitle"]) for a in label["appendices"] if a.get("subtitle")
        ]

    def simple(self, key: str) -> str:
        value = self.label[key]
        return squeeze(value) if value else "\x00"


def set_font(run, name: str, size: float, bold: bool = False) -> None:
    run.font.name = name
    run.font.size = Pt(size)
    run.font.bold = bold
    rpr = run._element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        rfonts.set(qn(attr), name)


def paragraph(
    doc,
    lines: list[str],
    font: str,
    size: float,
    align=None,
    indent_chars: float = 0,
    right_chars: float = 0,
    bold: bool = False,
    exact: bool = True,
) -> Paragraph:
    """One paragraph; several source lines become manual line breaks, as typed."""
    p = doc.add_paragraph()
    fmt = p.paragraph_format
    if align is not None:
        p.alignment = align
    fmt.first_line_indent = Pt(size * indent_chars) if indent_chars else Pt(0)
    if right_chars:
        fmt.right_indent = Pt(size * right_chars)
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)
    if exact:
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = Pt(max(LINE_PT, size * 1.3))
    for n, line in enumerate(lines):
        run = p.add_run(line)
        set_font(run, font, size, bold)
        if n < len(lines) - 1:
            run.add_break()
    return p


def page_setup(doc) -> None:
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.start_type = WD_SECTION_START.NEW_PAGE
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    set_font(footer.add_run("— "), FANG, 14)
    field_run = footer.add_run()
    set_font(field_run, FANG, 14)
    for kind, text in (("begin", None), (None, " PAGE "), ("end", None)):
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        else:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = text
        field_run._element.append(el)
    set_font(footer.add_run(" —"), FANG, 14)


def add_table(doc, rows: list[list[str]]) -> Table:
    """A real Word table; a short row continues the cells above it, a one-cell row spans all."""
    ncols = max(len(r) for r in rows)
    table = doc.add_table(rows=len(rows), cols=ncols)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    anchor: list[int | None] = [None] * ncols  # the row each column's current cell began in
    for r, cells in enumerate(rows):
        row = table.rows[r].cells
        if len(cells) == 1 and ncols > 1:
            merged = row[0].merge(row[ncols - 1])
            fill_cell(merged, cells[0], bold=True)
            anchor = [None] * ncols
            continue
        missing = ncols - len(cells)
        for c in range(missing):
            top = anchor[c]
            if top is not None:  # the clerk merged this cell with the one above
                table.cell(top, c).merge(table.cell(r, c))
        for c, text in enumerate(cells):
            fill_cell(row[missing + c], text, bold=(r == 0))
            anchor[missing + c] = r
    size_columns(table, rows, ncols)
    return table


def size_columns(table: Table, rows: list[list[str]], ncols: int) -> None:
    """Columns as wide as what they hold, within the 156 mm text block (a clerk drags them).

    Each column gets room for its longest word-sized run (up to four characters of 12 pt,
    about 4.4 mm each), and the rest of the line is shared in proportion to its longest text.
    """
    longest = [1] * ncols
    for cells in rows:
        if len(cells) == 1 and ncols > 1:
            continue
        for c, text in enumerate(cells):
            col = ncols - len(cells) + c
            longest[col] = max(longest[col], len(text))
    floor = [min(n, 4) * 4.4 + 2.5 for n in longest]
    spare = max(156 - sum(floor), 0)
    extra = [min(n, 40) for n in longest]
    table.autofit = False
    for col in range(ncols):
        width = Mm(floor[col] + spare * extra[col] / sum(extra))
        table.columns[col].width = width  # the grid LibreOffice lays out by
        for cell in table.columns[col].cells:
            cell.width = width


def fill_cell(cell, text: str, bold: bool = False) -> None:
    p = cell.paragraphs[0]
    p.paragraph_format.space_before = Pt(0)
    p.paragraph_format.space_after = Pt(0)
    set_font(p.add_run(text), FANG, 12, bold)


def group_lines(lines: list[str]) -> list[tuple[str, list]]:
    """Split the text into ('line', text) and ('table', rows) items, dropping blank lines."""
    items: list[tuple[str, list]] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if "\t" not in line:
            if line.strip():
                items.append(("line", [line]))
            i += 1
            continue
        rows: list[list[str]] = []
        while i < len(lines):
            if "\t" in lines[i]:
                rows.append(lines[i].rstrip("\n").split("\t"))
                i += 1
                continue
            # short section rows that sit between rows of the same table
            j = i
            while j < len(lines) and "\t" not in lines[j] and 0 < len(lines[j].strip()) <= 30:
                j += 1
            run = [lines[k].strip() for k in range(i, j)]
            next_row = lines[j] if j < len(lines) else ""
            if (
                run
                and len(run) <= 2
                and next_row.count("\t") == lines[i - 1].count("\t") > 0
                and not any(x.startswith(NOT_ROWS) for x in run)
            ):
                rows += [[x] for x in run]
                i = j
                continue
            break
        items.append(("table", rows))
    return items


def typeset(doc_id: str, out_dir: Path) -> Path:
    text = (HERE / f"{doc_id}.txt").read_text(encoding="utf-8")
    roles = Roles(json.loads((HERE / f"{doc_id}.label.json").read_text(encoding="utf-8")))
    doc = Document()
    doc.core_properties.author = ""
    doc.core_properties.comments = ""
    page_setup(doc)
    items = group_lines(text.split("\n"))
    signature = {squeeze(s) for s in roles.label["signature"]}
    k = 0
    titles_seen = 0
    label_broke = False
    while k < len(items):
        kind, payload = items[k]
        if kind == "table":
            add_table(doc, payload)
            k += 1
            continue
        line = payload[0]
        key = squeeze(line)
        # a title or 题注 may run over several lines: gather lines while they stay a prefix
        gathered = gather(items, k, roles.titles + roles.subtitles)
        if gathered:
            lines, whole = gathered
            if whole in roles.titles:
                if titles_seen and not label_broke:
                    doc.add_page_break()  # an attached text starts on its own page
                label_broke = False
                titles_seen += 1
                paragraph(
                    doc,
                    [x.strip() for x in lines],
                    XBS,
                    TITLE_PT,
                    WD_ALIGN_PARAGRAPH.CENTER,
                    exact=False,
                )
            else:
                paragraph(doc, [x.strip() for x in lines], KAI, BODY_PT, WD_ALIGN_PARAGRAPH.CENTER)
            k += len(lines)
            continue
        if key == roles.simple("doc_number") or year_form(key) == roles.simple("doc_number"):
            paragraph(doc, [line.strip()], FANG, BODY_PT, WD_ALIGN_PARAGRAPH.CENTER)
        elif key == roles.simple("addressees"):
            paragraph(doc, [line.strip()], FANG, BODY_PT)
        elif key in roles.headings:
            level = roles.headings[key]
            font, bold = {1: (HEI, False), 2: (KAI, False), 3: (FANG, True)}.get(
                level, (FANG, False)
            )
            if re.match(r"^第[一二三四五六七八九十百]+[章节]", key):  # chapters are centred
                paragraph(doc, [line.strip()], font, BODY_PT, WD_ALIGN_PARAGRAPH.CENTER)
            else:
                paragraph(doc, [line.strip()], font, BODY_PT, indent_chars=2, bold=bold)
        elif key in signature or key == roles.simple("date"):
            paragraph(doc, [line.strip()], FANG, BODY_PT, WD_ALIGN_PARAGRAPH.RIGHT, right_chars=4)
        elif key == roles.simple("disclosure"):
            paragraph(doc, [line], FANG, BODY_PT, indent_chars=2)
        elif re.match(r"^附件[0-9一二三四五六七八九十]*[.．：:]?$", key):
            if gather(items, k + 1, roles.titles) and titles_seen:
                doc.add_page_break()  # the 附件 label heads the attachment's first page
                label_broke = True
            paragraph(doc, [line.strip()], HEI, BODY_PT)
        else:
            # body text as typed: a line the clerk spaced in by hand keeps its spaces
            indent = 0 if line[:1] in (" ", "\u3000", "\xa0") else 2
            paragraph(doc, [line], FANG, BODY_PT, indent_chars=indent)
        k += 1
    target = out_dir / f"{doc_id}.docx"
    doc.save(target)
    return target


def year_form(key: str) -> str:
    return re.sub(r"[\[［(（](\d{4})[\]］)）]", r"〔\1〕", key)


def gather(items, k: int, wanted: list[str]):
    """Consecutive lines from item k whose squeezed join equals one of ``wanted``."""
    lines: list[str] = []
    joined = ""
    for kind, payload in items[k:]:
        if kind != "line":
            return None
        lines.append(payload[0])
        joined += squeeze(payload[0])
        if joined in wanted:
            return lines, joined
        if not any(w.startswith(joined) for w in wanted):
            return None
    return None


def fontconfig_dir() -> Path:
    """A fontconfig setup that adds the project's faces under the clerk's font names."""
    conf_dir = Path(tempfile.mkdtemp(prefix="corpus-fonts-"))
    aliases = "\n".join(
        f"<alias binding='same'><family>{name}</family><prefer><family>{face}</family></prefer></alias>"
        for name, face in FONT_ALIASES.items()
    )
    (conf_dir / "fonts.conf").write_text(
        "<?xml version='1.0'?><!DOCTYPE fontconfig SYSTEM 'fonts.dtd'><fontconfig>"
        "<include ignore_missing='yes'>/etc/fonts/fonts.conf</include>"
        f"<dir>{FONTS}</dir><cachedir>{conf_dir}/cache</cachedir>{aliases}</fontconfig>",
        encoding="utf-8",
    )
    return conf_dir


def to_pdf(docx: Path) -> Path:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise SystemExit("soffice not found: apt-get install libreoffice-writer")
    conf_dir = fontconfig_dir()
    env = dict(os.environ, FONTCONFIG_FILE=str(conf_dir / "fonts.conf"))
    profile = conf_dir / "profile"
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(docx.parent),
            str(docx),
        ],
        check=True,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        timeout=300,
    )
    shutil.rmtree(conf_dir, ignore_errors=True)
    return docx.with_suffix(".pdf")


def main(argv: list[str]) -> None:
    ids = argv or DEFAULT_IDS
    for doc_id in ids:
        docx = typeset(doc_id, HERE)
        pdf = to_pdf(docx)
        print(
            f"{doc_id}: {docx.stat().st_size // 1024} KB docx, {pdf.stat().st_size // 1024} KB pdf"
        )


if __name__ == "__main__":
    main(sys.argv[1:])
