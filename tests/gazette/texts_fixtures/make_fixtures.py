"""Build the structure-detection fixtures: DOCX (python-docx), PDF (ReportLab) and TXT files.

Run from the project root: ``python tests/gazette/texts_fixtures/make_fixtures.py``. It writes
``<name>.<fmt>`` and the expected ``<name>.<fmt>.json`` for every entry of corpus.py, plus a DOCX
rebuild of the real sample notice with real merged cells. The files imitate what departments
send: a 版头, look-alike brackets in the 发文字号, full-width indents, running heads and folios,
page breaks before 附件, merged table cells, a 版记. The expected JSON is the markup's truth, never
the detector's output.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[2]))
sys.path.insert(0, str(HERE))

from corpus import CORPUS  # noqa: E402

from gazette.texts.markup import Marked, grid_texts, parse  # noqa: E402
from gazette.texts.model import Block, DocumentText  # noqa: E402

SAMPLE = "sample_000_f6147e09825cd43f"
BRACKET_VARIANT = {"yingshang": "[]", "lingdao": "（）", "jiance": "﹝﹞"}
GB18030 = {"anquan", "renmian"}
RUNNING_HEAD = {"yingshang", "jiance", "tongbao"}


# ---------------------------------------------------------------------------------------- TXT
def render_txt(name: str, m: Marked) -> list[str]:
    d = m.text
    out: list[str] = ["", ""]
    if d.header:
        out += [d.header, ""]
    if d.doc_number:
        pair = BRACKET_VARIANT.get(name)
        number = d.doc_number
        if pair:
            number = number.replace("〔", pair[0]).replace("〕", pair[1])
        out += [number, "", ""]
    out += [*m.title_lines, ""]
    if d.addressees:
        out.append(d.addressees)
    out += _txt_blocks(d.blocks)
    out.append("")
    out += ["　　" + n if i == 0 else "　　　　　" + n for i, n in enumerate(d.attachment_notes)]
    out += ["", ""]
    out += [" " * 24 + s for s in d.signature]
    if d.date:
        out.append(" " * 24 + d.date)
    if d.disclosure:
        out.append("　　" + d.disclosure)
    out += ["", "— 1 —", ""]
    for i, app in enumerate(d.appendices):
        out += [app.label, ""] + m.appendix_title_lines[i] + [""]
        out += _txt_blocks(app.blocks)
        out += ["", f"— {i + 2} —", ""]
    if d.imprint:
        out += ["", d.imprint.cc, f"{d.imprint.printer}        {d.imprint.printed_on}印发"]
    return out


def _txt_blocks(blocks: list[Block]) -> list[str]:
    out: list[str] = []
    for b in blocks:
        if b.kind == "table" and b.rows:
            for row in grid_texts(b.rows):
                for cell in row:
                    out.append("\t" + cell)
                out.append("")
        else:
            out.append("　　" + b.text)
    return out


# --------------------------------------------------------------------------------------- DOCX
def render_docx(name: str, m: Marked, path: Path) -> None:
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
    from docx.shared import Pt

    d = m.text
    doc = docx.Document()
    style = doc.styles["Normal"]
    style.font.size = Pt(16)
    section = doc.sections[0]
    section.header.paragraphs[0].text = "宿迁市人民政府公报" if name in RUNNING_HEAD else ""
    section.footer.paragraphs[0].text = "— 1 —"
    center, right = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.RIGHT

    def para(text: str, align: object = None, indent: bool = False) -> None:
        p = doc.add_paragraph(text)
        if align is not None:
            p.alignment = align
        if indent:
            p.paragraph_format.first_line_indent = Pt(32)

    if d.header:
        para(d.header, center)
    if d.doc_number:
        para(d.doc_number, center)
    if name in {"anquan", "lianhe", SAMPLE}:  # a title broken with line breaks in one paragraph
        p = doc.add_paragraph()
        p.alignment = center
        for i, line in enumerate(m.title_lines):
            if i:
                p.add_run().add_break(WD_BREAK.LINE)
            p.add_run(line)
    else:
        for line in m.title_lines:
            para(line, center)
    if d.addressees:
        para(d.addressees)
    _docx_blocks(doc, d.blocks, para)
    for n in d.attachment_notes:
        para(n, indent=True)
    for s in d.signature:
        para(s, right)
    if d.date:
        para(d.date, right)
    if d.disclosure:
        para(d.disclosure, indent=True)
    for i, app in enumerate(d.appendices):
        doc.add_page_break()
        para(app.label)
        for line in m.appendix_title_lines[i]:
            para(line, center)
        _docx_blocks(doc, app.blocks, para)
    if d.imprint:  # Word documents draw the 版记 as a ruled table
        table = doc.add_table(rows=2, cols=2)
        table.style = "Table Grid"
        table.cell(0, 0).merge(table.cell(0, 1)).text = d.imprint.cc
        table.cell(1, 0).text = d.imprint.printer
        table.cell(1, 1).text = f"{d.imprint.printed_on}印发"
    doc.core_properties.author = "宿迁市人民政府办公室"
    doc.save(str(path))


def _docx_blocks(doc: object, blocks: list[Block], para: object) -> None:
    for b in blocks:
        if b.kind == "table" and b.rows:
            grid = Block("table", rows=b.rows).grid()
            table = doc.add_table(rows=len(grid), cols=len(grid[0]))  # type: ignore[attr-defined]
            table.style = "Table Grid"
            for r, row in enumerate(grid):
                for c, cell in enumerate(row):
                    if cell is None:
                        continue
                    target = table.cell(r, c)
                    if cell.rowspan > 1 or cell.colspan > 1:
                        target = target.merge(
                            table.cell(r + cell.rowspan - 1, c + cell.colspan - 1)
                        )
                    lines = cell.text.split("\n")
                    target.paragraphs[0].text = lines[0]
                    for extra in lines[1:]:
                        target.add_paragraph(extra)
        else:
            para(b.text, indent=True)  # type: ignore[operator]


# ---------------------------------------------------------------------------------------- PDF
def render_pdf(name: str, m: Marked, path: Path) -> None:
    from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table

    from gazette.layout.fonts import ensure_registered

    font = ensure_registered()["body"]
    size = 15.0
    base = ParagraphStyle("body", fontName=font, fontSize=size, leading=size * 1.75, wordWrap="CJK")
    body = ParagraphStyle("b", base, firstLineIndent=2 * size, alignment=TA_JUSTIFY)
    title = ParagraphStyle("t", base, fontSize=21, leading=32, alignment=TA_CENTER)
    centre = ParagraphStyle("c", base, alignment=TA_CENTER)
    right = ParagraphStyle("r", base, alignment=TA_RIGHT, rightIndent=4 * size)
    left = ParagraphStyle("l", base, alignment=TA_LEFT)
    note2 = ParagraphStyle("n2", base, leftIndent=5 * size)
    d = m.text
    story: list[object] = []

    def blocks(items: list[Block]) -> None:
        for b in items:
            if b.kind == "table" and b.rows:
                story.append(_pdf_table(b, font, size, Table))
                story.append(Spacer(1, size))
            else:
                story.append(Paragraph(b.text, body))

    if d.header:
        story += [Paragraph(d.header, title), Spacer(1, size)]
    if d.doc_number:
        story += [Paragraph(d.doc_number, centre), Spacer(1, size)]
    story += [Paragraph(line, title) for line in m.title_lines] + [Spacer(1, size)]
    if d.addressees:
        story.append(Paragraph(d.addressees, left))
    blocks(d.blocks)
    if d.attachment_notes:
        story.append(Spacer(1, size))
    for i, n in enumerate(d.attachment_notes):
        story.append(Paragraph(n, body if i == 0 else note2))
    story.append(Spacer(1, 2 * size))
    story += [Paragraph(s, right) for s in d.signature]
    if d.date:
        story.append(Paragraph(d.date, right))
    if d.disclosure:
        story.append(Paragraph(d.disclosure, body))
    for i, app in enumerate(d.appendices):
        story += [PageBreak(), Paragraph(app.label, left)]
        story += [Paragraph(line, title) for line in m.appendix_title_lines[i]]
        story.append(Spacer(1, size))
        blocks(app.blocks)
    if d.imprint:
        story += [
            Spacer(1, 3 * size),
            Paragraph(d.imprint.cc, left),
            Table(
                [[d.imprint.printer, f"{d.imprint.printed_on}印发"]],
                colWidths=[90 * mm, 66 * mm],
                style=[("FONT", (0, 0), (-1, -1), font, size), ("ALIGN", (1, 0), (1, 0), "RIGHT")],
            ),
        ]

    def furniture(canvas: object, doc: object) -> None:
        c = canvas
        c.saveState()  # type: ignore[attr-defined]
        c.setFont(font, 12)  # type: ignore[attr-defined]
        number = c.getPageNumber()  # type: ignore[attr-defined]
        c.drawCentredString(A4[0] / 2, 15 * mm, f"— {number} —")  # type: ignore[attr-defined]
        if name in RUNNING_HEAD:
            c.drawCentredString(A4[0] / 2, A4[1] - 18 * mm, "宿迁市人民政府公报")  # type: ignore[attr-defined]
        c.restoreState()  # type: ignore[attr-defined]

    doc = SimpleDocTemplate(
        str(path),
        pagesize=A4,
        leftMargin=28 * mm,
        rightMargin=26 * mm,
        topMargin=37 * mm,
        bottomMargin=35 * mm,
        title=d.title,
        author="宿迁市人民政府办公室",
        creator="fixture",
        invariant=True,
    )
    doc.build(story, onFirstPage=furniture, onLaterPages=furniture)


def _pdf_table(b: Block, font: str, size: float, table_cls: type) -> object:
    from reportlab.lib.units import mm

    grid = b.grid()
    data = [[c.text if c is not None else "" for c in row] for row in grid]
    cols = len(data[0])
    widths = {3: [40, 30, 86], 4: [20, 40, 60, 36]}.get(cols, [156 / cols] * cols)
    style: list[tuple[object, ...]] = [
        ("FONT", (0, 0), (-1, -1), font, size - 2),
        ("GRID", (0, 0), (-1, -1), 0.5, (0, 0, 0)),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]
    for r, row in enumerate(grid):
        for c, cell in enumerate(row):
            if cell is not None and (cell.rowspan > 1 or cell.colspan > 1):
                style.append(("SPAN", (c, r), (c + cell.colspan - 1, r + cell.rowspan - 1)))
    return table_cls(data, colWidths=[w * mm for w in widths], style=style)


# ---------------------------------------------------------------------------------------- main
def expected(doc: DocumentText) -> dict[str, object]:
    data = doc.to_json()
    return data


def write_expected(path: Path, doc: DocumentText) -> None:
    path.write_text(
        json.dumps(expected(doc), ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )


def main() -> None:
    made = 0
    for name, (markup, formats) in CORPUS.items():
        m = parse(markup)
        for fmt in formats:
            target = HERE / f"{name}.{fmt}"
            if fmt == "txt":
                text = "\r\n".join(render_txt(name, m)) + "\r\n"
                target.write_bytes(text.encode("gb18030" if name in GB18030 else "utf-8"))
            elif fmt == "docx":
                render_docx(name, m, target)
            else:
                render_pdf(name, m, target)
            write_expected(target.with_name(target.name + ".json"), m.text)
            made += 1
            if fmt == "pdf" and shutil.which("pdftotext"):
                # what a clerk pastes out of a PDF viewer: hard-wrapped, with heads and folios
                pasted = HERE / f"{name}-pdftotext.txt"
                subprocess.run(["pdftotext", "-layout", str(target), str(pasted)], check=True)
                write_expected(pasted.with_name(pasted.name + ".json"), m.text)
                made += 1
    # the real sample: the TXT as received, and a DOCX rebuild with real merged cells
    truth = DocumentText.from_json(
        json.loads((HERE / f"{SAMPLE}.txt.json").read_text(encoding="utf-8"))
    )
    lines = ["市政府办公室关于贯彻落实江苏省", "全面推进政务公开工作实施细则的通知"]
    m = Marked(truth, lines, [[a.title] for a in truth.appendices])
    render_docx(SAMPLE, m, HERE / f"{SAMPLE}.docx")
    write_expected(HERE / f"{SAMPLE}.docx.json", truth)
    print(f"{made + 1} 个样例文件已生成于 {HERE}")


if __name__ == "__main__":
    main()
