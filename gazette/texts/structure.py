"""Find a document's structure in its paragraphs: the rules of GB/T 9704 read backwards.

Order of a 公文: (版头) 发文字号, title (may span lines; web pages and gazettes put the 发文字号
under it), 题注, 主送 ending in ：, body with headings 一、 / （一） / 1. / （1）, 附件 notes,
signature, date, disclosure line, then 附件 pages (a 印发 notice's attached text may follow with
no 附件 label), then 版记 (抄送 …, issuing office and 印发 date). Every part but the title may
be missing; whatever is not recognised stays a body paragraph, so no text is ever lost.
"""

from __future__ import annotations

import re

from gazette.texts.closing import closing, split_appendices, take_imprint
from gazette.texts.model import Appendix, Block, DocumentText
from gazette.texts.patterns import (
    APPENDIX_LABEL,
    ATTACH_NOTE,
    NOTE_CONT,
    PRINTED,
    TITLE_END,
    compact,
    heading_kind,
    is_chrome,
    is_title_line,
    numbering,
    subtitle_end,
)
from gazette.texts.preamble import preamble

__all__ = ["PRINTED", "detect", "heading_kind"]


def detect(items: list[str | Block]) -> DocumentText:
    """Structure of a document from its paragraphs and tables (as importers give them)."""
    items = [x for x in items if not (isinstance(x, str) and not x.strip()) and not _folio(x)]
    items = [y for x in items for y in _label_and_text(x)]
    doc = DocumentText(title="")
    while items and isinstance(last := items[-1], str) and is_chrome(last):
        doc.trailer.insert(0, last)  # 来源: 作者: 编辑: under a web page's document
        items.pop()
    items, doc.imprint = take_imprint(items)
    pos = preamble(items, doc)
    head, tail = split_appendices(items, pos)
    end = closing(head, pos, doc)
    doc.blocks = blocks(head[pos:end])
    doc.appendices = _appendices(tail)
    _notes_at_the_end(doc)
    return doc


def _notes_at_the_end(doc: DocumentText) -> None:
    """A policy platform may print the 附件 note last, after the attached text itself."""
    if doc.attachment_notes or not doc.appendices:
        return
    app = doc.appendices[-1]
    k = len(app.blocks)
    while (
        k > 0
        and app.blocks[k - 1].kind == "paragraph"
        and NOTE_CONT.match(compact(app.blocks[k - 1].text))
    ):
        k -= 1
    if (
        k > 0
        and app.blocks[k - 1].kind == "paragraph"
        and ATTACH_NOTE.match(compact(app.blocks[k - 1].text))
    ):
        doc.attachment_notes = [b.text for b in app.blocks[k - 1 :]]
        doc.notes_last = True
        del app.blocks[k - 1 :]


def _folio(x: str | Block) -> bool:
    """A folio a reader drew apart into cells (— | 2 | —): page furniture, not a table."""
    if not isinstance(x, Block) or x.kind != "table" or len(x.rows or []) != 1:
        return False
    text = "".join(c.text for c in (x.rows or [[]])[0])
    return bool(text) and all(ch in "—－-–―~～0123456789０１２３４５６７８９ " for ch in text)


_BARE_NUMBER = re.compile(
    r"^(\d{1,2}[.．、]|[（(]\d{1,2}[）)]|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)])$"
)


def _label_and_text(x: str | Block) -> list[str | Block]:
    """One line a reader split at a wide gap into two cells (``附件：      椎间融合器…要求``,
    ``7.   YY/T 0316《…》``) is a label and its text, not a table of one row: an 附件 label
    stays a line of its own, above the attached text's title; an item's number joins its text."""
    if not isinstance(x, Block) or x.kind != "table" or len(x.rows or []) != 1:
        return [x]
    cells = [c.text for c in (x.rows or [[]])[0] if c.text.strip()]
    if len(cells) != 2:
        return [x]
    label, text = cells
    if APPENDIX_LABEL.match(compact(label)):
        return [label, text]
    if _BARE_NUMBER.match(compact(label)):
        return [f"{label} {text}"]
    return [x]


def blocks(items: list[str | Block]) -> list[Block]:
    """Paragraphs, headings and tables, with one decision per run of numbered items.

    Numbered lines that follow each other directly at one level, two of them reading as list
    entries (ending in ；, or one short sentence), are a list, not headings. So
    ``（一）…；（二）…；（三）…`` stays body text even where one item could pass for a heading,
    while ``（二）基本原则。`` after a run-in ``（一）指导思想。以…`` stays a heading. Four or more
    numbered lines in a row with nothing between them (a reference list) are a list too.

    A numbered line ending in ： leads into what follows it: it is a heading when items numbered
    one level down follow it (（三）符合…情形的，应按以下要求提供资料： / 1.诊断或者治疗罕见病…),
    and a paragraph when plain text follows (2.考试内容、试卷结构及时间地点： / 考试形式为…)
    or when its siblings are not headings (（五）经营所得，是指： among the items of an article).
    """
    out = [x if isinstance(x, Block) else Block(heading_kind(x) or "paragraph", x) for x in items]
    levels = [numbering(b.text) if b.kind != "table" else None for b in out]
    for j, b in enumerate(out):
        if levels[j] in _DEEPER and compact(b.text)[-1:] in "：:" and len(compact(b.text)) <= 90:
            leads = j + 1 < len(out) and levels[j + 1] == _DEEPER[levels[j] or ""]
            b.kind = (
                (levels[j] or "paragraph")
                if leads and _sibling_heads(out, levels, j)
                else ("paragraph")
            )
    k = 0
    while k < len(out):
        end = k + 1
        while levels[k] and end < len(out) and levels[end] == levels[k]:
            end += 1
        run = range(k, end)
        if (end - k >= 2 and sum(_list_item(out[j]) for j in run) >= 2) or end - k >= _BARE_RUN:
            for j in run:
                out[j].kind = "paragraph"
        for j in run[:-1]:  # a sentence with its next sibling right under it is an item
            if compact(out[j].text)[-1:] in "。；;.":
                out[j].kind = "paragraph"
        k = end
    _report_chapters(out)
    _table_sections(out)
    return out


def _table_sections(out: list[Block]) -> None:
    """A list printed as tables one after another, each under a short name of its own
    (第三级认证 / its table / 第二级认证 / its table): the names are the list's sections.
    Only where the body is nothing but such names and their tables, so a caption under
    running text (表1 …) or a line between the pieces of a table broken by the page stays a
    paragraph."""
    if any(b.kind.startswith("heading") for b in out):
        return
    found = [
        j
        for j, b in enumerate(out[:-1])
        if b.kind == "paragraph"
        and out[j + 1].kind == "table"
        and (j == 0 or out[j - 1].kind == "table")
        and 0 < len(compact(b.text)) <= 30
        and compact(b.text)[-1] not in "。；;：:，,"
        and numbering(b.text) is None
        and not _CAPTION.match(compact(b.text))
    ]
    if len(found) >= 2 and len(found) + sum(b.kind == "table" for b in out) == len(out):
        for j in found:
            out[j].kind = "heading1"


_CAPTION = re.compile(r"^(表|图|附表)\s*[0-9０-９一二三四五六七八九十]")


# so many numbered lines of one level with no text between them are a list (a reference list,
# 1.《医疗器械监督管理条例》… 9.《…指导原则》), never a series of headings each heading nothing
_BARE_RUN = 4


# a report's chapter: a bare number and a short name (1 人口特征), as WPS 文字 reports print them
BARE_CHAPTER = re.compile(r"^(\d{1,2})\s*([\u4e00-\u9fff]{2,12})$")
SECTION_NAME = re.compile(r"^[\u4e00-\u9fff]{2,12}$")


def _report_chapters(out: list[Block]) -> None:
    """Chapters numbered 1, 2, 3… with bare numbers are headings when at least three follow
    each other in order; under them, a short name alone on its line between the chapter (or a
    finished paragraph) and running text is a section heading (人口规模与性别比)."""
    found = [
        (j, int(m[1]))
        for j, b in enumerate(out)
        if b.kind == "paragraph" and (m := BARE_CHAPTER.match(compact(b.text)))
    ]
    chain = [j for n, (j, number) in enumerate(found) if number == n + 1]
    if len(chain) < 3 or len(chain) != len(found):
        return
    for j in chain:
        out[j].kind = "heading1"
    for j in range(chain[0] + 1, len(out) - 1):
        b, before, after = out[j], out[j - 1], out[j + 1]
        if (
            b.kind == "paragraph"
            and SECTION_NAME.match(compact(b.text))
            and after.kind == "paragraph"
            and len(compact(after.text)) > 20
            and (before.kind == "heading1" or compact(before.text)[-1:] in "。")
        ):
            b.kind = "heading2"


_DEEPER = {"heading1": "heading2", "heading2": "heading3", "heading3": "heading4"}
_SHALLOWER = {"heading2": ("heading1", "chapter", "section"), "heading3": ("heading1", "heading2")}


def _sibling_heads(out: list[Block], levels: list[str | None], j: int) -> bool:
    """The nearest numbered line at the same level before ``j`` (within its parent) is a
    heading: the lead-in is one of a series of headings, not an item of a list."""
    level = levels[j]
    up = _SHALLOWER.get(level or "", ("heading1", "heading2", "heading3"))
    for k in range(j - 1, -1, -1):
        if levels[k] in up or out[k].kind in up:
            return False
        if levels[k] == level:
            return out[k].kind == level
    return False


def _list_item(b: Block) -> bool:
    """Reads like an entry of a list: ends in ；, or is one short sentence."""
    text = compact(b.text)
    if text[-1:] in "；;":
        return True
    return text[-1:] in "。." and len(text) <= 60 and sum(text.count(p) for p in "。！？") == 1


def _appendices(items: list[str | Block]) -> list[Appendix]:
    """Attached texts: each after its 附件 label, or one unlabelled text after a 印发 notice."""
    out: list[Appendix] = []
    k = 0
    while k < len(items):
        x = items[k]
        if isinstance(x, str) and APPENDIX_LABEL.match(compact(x)):
            out.append(Appendix(label=x))  # as printed: 附件2： keeps its colon
            k += 1
            continue
        if not out:
            out.append(Appendix(label=""))
        app = out[-1]
        if not app.title and not app.blocks and isinstance(x, str) and is_title_line(x):
            n = _title_lines(items, k)
            app.title = "".join(str(y) for y in items[k : k + n])
            k += n
            continue
        if (
            app.title
            and not app.blocks
            and isinstance(x, str)
            and is_title_line(x)
            and not TITLE_END.search(compact(app.title))
            # the title's second line ends it, or the first plainly breaks off (…口岸区的)
            and (TITLE_END.search(compact(x)) or compact(app.title)[-1] in "的和与及、《“")
            and len(compact(x)) < 30
        ):
            app.title += x
        else:
            app.blocks.append(x if isinstance(x, Block) else Block("paragraph", x))
        k += 1
    for app in out:
        texts = [b.text for b in app.blocks[:8] if b.kind != "table"]
        first_table = next((i for i, b in enumerate(app.blocks) if b.kind == "table"), 8)
        n = subtitle_end(texts[:first_table], any_bracketed=True) if app.title else 0
        if n:
            app.subtitle = " ".join(texts[:n]) if n > 1 else texts[0]
        app.blocks = blocks([b if b.kind == "table" else b.text for b in app.blocks[n:]])
    return out


def _title_lines(items: list[str | Block], k: int) -> int:
    """How many lines from ``k`` make an attached text's title: up to the one ending like a
    title (济源市人民代表大会常务委员会 / 关于…市长 / 的决定), else one."""
    for n in range(1, 5):
        x = items[k + n - 1] if k + n - 1 < len(items) else None
        if not isinstance(x, str) or not is_title_line(x):
            return 1
        if TITLE_END.search(compact(x)):
            return n
    return 1
