"""What every importer hands to structure detection: paragraphs and tables in reading order.

Importers only read; they never guess structure. White space is normalised here, the one change
(besides 发文字号 brackets) the gazette allows to a document's text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from gazette.texts.model import Block, Cell


class TextImportError(ValueError):
    """A file could not be read as a document; the message names the file and says why."""

    def __init__(self, path: Path | str, reason: str) -> None:
        self.path = Path(path)
        self.reason = reason
        super().__init__(f"无法导入“{self.path.name}”：{reason}")


@dataclass
class RawText:
    """Paragraph strings and table blocks, in reading order, with the importer's name."""

    items: list[str | Block] = field(default_factory=list)
    source: str = ""  # docx / pdf / ofd / txt
    warnings: list[str] = field(default_factory=list)


_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK_PUNCT = "\u3000-\u303f\uff00-\uffef\u2014\u2026\u201c\u201d\u2018\u2019\u00b7"
_WS = re.compile(r"[\s\u3000\u00a0\u200b\u2002\u2003\u2009\ufeff]+")
_CJK = f"[{_HAN}{_CJK_PUNCT}]"
_ARTICLE = re.compile(r"^(第[一二三四五六七八九十百零〇]+[条章节编])\s+")
_BETWEEN_CJK = re.compile(rf"(?<={_CJK}) (?={_CJK})")


def clean(text: str) -> str:
    """Normalise white space only: runs become one space, spaces between CJK characters go.

    A space between two Chinese characters is an artefact of the source (a line break, a
    justification gap), never part of the text; spaces between Latin words stay.
    """
    text = _WS.sub(" ", text).strip()
    article = _ARTICLE.match(text)
    if article:  # 第一条　… keeps the one space the convention puts after the number
        return article[1] + " " + _BETWEEN_CJK.sub("", text[article.end() :])
    return _BETWEEN_CJK.sub("", text)


def clean_cell(text: str) -> str:
    """A table cell keeps its line breaks (one entry per line), each line cleaned."""
    lines = [clean(x) for x in text.replace("\r", "\n").split("\n")]
    return "\n".join(x for x in lines if x)


FOLIO = re.compile(
    r"^[—\-－–－―~～]*\s*[0-9０-９]{1,4}\s*[—\-－–－―~～]*$|^第\s*\d+\s*页[，,\s]*(共\s*\d+\s*页)?$"
)


def is_folio(line: str) -> bool:
    """A page number such as “— 8 —”, “- 8 -”, “8”, “第8页” or “第 1 页，共 3 页” alone on its line."""
    return bool(FOLIO.match(line.strip()))


def table_block(rows: list[list[Cell]]) -> Block:
    return Block(kind="table", rows=rows)


def infer_merges(texts: list[list[str]]) -> list[list[Cell]]:
    """Cells of a continuation row that are empty become part of the cell above (rowspan)."""
    width = max(len(r) for r in texts)
    grid = [[clean_cell(r[c]) if c < len(r) else "" for c in range(width)] for r in texts]
    owner: list[list[Cell | None]] = [[None] * width for _ in grid]
    rows: list[list[Cell]] = []
    for r, values in enumerate(grid):
        continuation = r > 0 and values[0] == "" and any(values)
        row: list[Cell] = []
        for c, value in enumerate(values):
            above = owner[r - 1][c] if r > 0 else None
            if continuation and value == "" and above is not None:
                above.rowspan += 1
                owner[r][c] = above
                continue
            cell = Cell(value)
            owner[r][c] = cell
            row.append(cell)
        rows.append(row)
    return rows


_IDEOGRAPHIC_RUN = re.compile(r"\u3000+")


def clean_typed(text: str) -> str:
    """Like ``clean`` for text a person typed (TXT, DOCX): an ideographic space inside a line stays.

    Typists use U+3000 on purpose, between a name and a job title (组　长：韩　正　　国务院副总理)
    or to space a chapter heading (第一章　总　　则); deleting it runs words together. Only the
    line's ends are trimmed, and each stretch between ideographic spaces is cleaned as usual.
    """
    text = text.strip(" \t\r\n\u3000\u00a0\u200b\ufeff\u2002\u2003\u2009")
    if "\u3000" not in text:
        return clean(text)
    parts = _IDEOGRAPHIC_RUN.split(text)
    gaps = _IDEOGRAPHIC_RUN.findall(text)
    out = clean(parts[0])
    for gap, part in zip(gaps, parts[1:], strict=True):
        out += gap + clean(part)
    return out
