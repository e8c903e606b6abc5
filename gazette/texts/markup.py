"""A line-based markup for writing structured documents by hand (demo data, test fixtures).

Each line starts with a tag: ``header docno title to p h1 h2 h3 h4 note sig date disc app
apptitle cc printed``; ``table`` … ``end`` encloses rows written ``| a | b |`` where ``^`` joins
the cell above and ``<`` the cell to the left. Title lines are kept apart (``title_lines``) so
renderers can break the title where the source did.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from gazette.texts.model import Appendix, Block, Cell, DocumentText, Imprint

TAGS = ("h1", "h2", "h3", "h4", "p")
KINDS = {"h1": "heading1", "h2": "heading2", "h3": "heading3", "h4": "heading4", "p": "paragraph"}


@dataclass
class Marked:
    text: DocumentText
    title_lines: list[str] = field(default_factory=list)
    appendix_title_lines: list[list[str]] = field(default_factory=list)


def parse(source: str) -> Marked:
    doc = DocumentText(title="")
    marked = Marked(doc)
    table: list[list[str]] | None = None
    for raw in source.strip().splitlines():
        line = raw.strip()
        if not line:
            continue
        if table is not None:
            if line == "end":
                _target(doc).append(Block("table", rows=build_table(table)))
                table = None
            else:
                table.append([c.strip() for c in line.strip("|").split("|")])
            continue
        tag, _, text = line.partition(" ")
        text = text.strip()
        if tag == "table":
            table = []
        elif tag in KINDS:
            _target(doc).append(Block(KINDS[tag], text))
        elif tag == "header":
            doc.header = text
        elif tag == "docno":
            doc.doc_number = text
        elif tag == "title":
            marked.title_lines.append(text)
            doc.title += text
        elif tag == "to":
            doc.addressees = text
        elif tag == "note":
            doc.attachment_notes.append(text)
        elif tag == "sig":
            doc.signature.append(text)
        elif tag == "date":
            doc.date = text
        elif tag == "disc":
            doc.disclosure = text
        elif tag == "app":
            doc.appendices.append(Appendix(text))
            marked.appendix_title_lines.append([])
        elif tag == "apptitle":
            doc.appendices[-1].title += text
            marked.appendix_title_lines[-1].append(text)
        elif tag == "cc":
            doc.imprint = doc.imprint or Imprint()
            doc.imprint.cc += text
        elif tag == "printed":
            doc.imprint = doc.imprint or Imprint()
            doc.imprint.printer, _, doc.imprint.printed_on = text.partition("|")
        else:
            raise ValueError(f"未知的标记“{tag}”：{line}")
    return marked


def _target(doc: DocumentText) -> list[Block]:
    return doc.appendices[-1].blocks if doc.appendices else doc.blocks


def build_table(texts: list[list[str]]) -> list[list[Cell]]:
    """Rows of cell texts with ``^``/``<`` joins, to rows where a merged cell appears once."""
    owner: dict[tuple[int, int], Cell] = {}
    rows: list[list[Cell]] = []
    for r, values in enumerate(texts):
        row: list[Cell] = []
        for c, value in enumerate(values):
            if value == "^" and (r - 1, c) in owner:
                cell = owner[(r - 1, c)]
                if (r - 1, c - 1) not in owner or owner[(r - 1, c - 1)] is not cell:
                    cell.rowspan += 1
            elif value == "<" and (r, c - 1) in owner:
                cell = owner[(r, c - 1)]
                if (r - 1, c) not in owner or owner.get((r - 1, c)) is not cell:
                    cell.colspan += 1
            else:
                cell = Cell(value.replace("\\n", "\n"))
                row.append(cell)
            owner[(r, c)] = cell
        rows.append(row)
    return rows


def grid_texts(rows: list[list[Cell]]) -> list[list[str]]:
    """The full grid of texts (covered slots empty): what a blank-cell export shows."""
    block = Block("table", rows=rows)
    return [[c.text if c is not None else "" for c in row] for row in block.grid()]
