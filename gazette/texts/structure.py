"""Find a document's structure in its paragraphs: the rules of GB/T 9704 read backwards.

Order of a 公文: (版头) 发文字号, title (may span lines), 主送 ending in ：, body with headings
一、 / （一） / 1. / （1）, 附件 notes, signature, date, disclosure line, then 附件 pages, then 版记
(抄送 …, issuing office and 印发 date). Every part but the title may be missing; whatever is
not recognised stays a body paragraph, so no text is ever lost.
"""

from __future__ import annotations

import re

from gazette import docno
from gazette.texts.model import Appendix, Block, DocumentText, Imprint

NUM_CN = "一二三四五六七八九十百零〇"
H1 = re.compile(rf"^[{NUM_CN}]+、")
H2 = re.compile(rf"^[（(][{NUM_CN}]+[）)]")
H3 = re.compile(r"^\d{1,2}[.．、](?!\d)")
H4 = re.compile(r"^[（(]\d{1,2}[）)]")
CHAPTER = re.compile(rf"^第[{NUM_CN}]+章\s*\S{{1,16}}$")  # 第一章 总则: a regulation's chapters
SECTION = re.compile(rf"^第[{NUM_CN}]+节\s*\S{{1,16}}$")
DATE = re.compile(
    rf"^(\d{{4}}|[{NUM_CN}○Ｏ]{{4}})\s*年\s*[\d{NUM_CN}]{{1,3}}\s*月\s*[\d{NUM_CN}]{{1,3}}\s*日$"
)
DISCLOSURE_LINE = re.compile(r"^[（(]\s*此件[^）)]{1,12}[）)]$")
APPENDIX_LABEL = re.compile(rf"^附\s*件\s*[0-9０-９{NUM_CN}]*\s*[：:]?$")
ANNOTATION = re.compile(r"^[（(](联系人|联系电话|联系方式|经办人|本件|此页)[^）)]*[）)]$")
ATTACH_NOTE = re.compile(r"^附\s*件\s*[：:]")
NOTE_CONT = re.compile(r"^\d{1,2}[.．、]")
CC = re.compile(r"^(抄送|抄报|分送|发送)\s*[：:]")
PRINTED = re.compile(
    r"^(?P<org>.*?)\s*(?P<date>\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日)\s*印\s*发$"
)
HEADER = re.compile(r"^.{2,40}(文件|公告|通告)$")
TITLE_END = re.compile(
    r"(通知|通报|意见|决定|办法|规定|方案|规划|细则|批复|报告|请示|函|公告|通告|命令|决议|纪要|"
    r"解读|条例|规则|名单|公报|议案|指引|标准|目录|清单|表|措施|计划|要点|指南|须知|章程)$"
)
SENTENCE_END = "。；！？"


def heading_kind(text: str) -> str | None:
    """The heading level of a standalone heading line, or None for a paragraph.

    A numbered line that reads as running prose (long, or several sentences) is a paragraph
    that happens to start with a number: GB/T 9704 run-in headings stay in their paragraph.
    """
    if CHAPTER.match(text):
        return "heading1"
    if SECTION.match(text):
        return "heading2"
    levels = (("heading2", H2), ("heading4", H4), ("heading1", H1), ("heading3", H3))
    kind = next((k for k, pattern in levels if pattern.match(text)), None)
    if kind is None:
        return None
    inner = text.rstrip("。；;")
    if len(text) > 40 or any(p in inner for p in SENTENCE_END):
        return None
    if "：" in inner[:-1] and len(text) > 24:
        return None
    return kind


def _is_title_line(text: str) -> bool:
    return (
        len(text) <= 48
        and text[-1] not in SENTENCE_END + "，：:,"
        and heading_kind(text) is None
        and not DATE.match(text)
    )


def _is_addressee(text: str) -> bool:
    return text.endswith(("：", ":")) and len(text) <= 160 and heading_kind(text) is None


def detect(items: list[str | Block]) -> DocumentText:
    """Structure of a document from its paragraphs and tables (as importers give them)."""
    items = [x for x in items if not (isinstance(x, str) and not x.strip())]
    doc = DocumentText(title="")
    items, doc.imprint = _take_imprint(items)
    head, tail = _split_appendices(items)
    pos = _preamble(head, doc)
    end = _closing(head, pos, doc)
    doc.blocks = [_block(x) for x in head[pos:end]]
    doc.appendices = _appendices(tail)
    return doc


def _take_imprint(items: list[str | Block]) -> tuple[list[str | Block], Imprint | None]:
    """The 版记 sits at the very end: 抄送 lines, then “office  date印发”.

    Word documents often draw it as a ruled table; its rows are read as lines.
    """
    if items and isinstance(items[-1], Block) and items[-1].kind == "table":
        rows = [" ".join(c.text for c in row if c.text) for row in items[-1].rows or []]
        lines = [r.replace("\n", "") for r in rows if r]
        if lines and PRINTED.match(lines[-1]):
            found = _imprint_of(lines, len(lines) - 1)
            if found is not None:
                return items[:-1], found[1]
    n = len(items)
    for i in range(n - 1, max(n - 6, -1), -1):
        x = items[i]
        if not isinstance(x, str):
            break
        if PRINTED.match(x):
            found = _imprint_of(items, i)
            if found is not None:
                return items[: found[0]] + items[i + 1 :], found[1]
            break
    return items, None


def _imprint_of(items: list[str | Block] | list[str], printed: int) -> tuple[int, Imprint] | None:
    """(where the 版记 starts, the 版记) given the index of its 印发 line."""
    match = PRINTED.match(str(items[printed]))
    if match is None:
        return None
    cc_start = printed
    for i in range(printed - 1, max(printed - 5, -1), -1):
        x = items[i]
        if isinstance(x, str) and CC.match(x):
            cc_start = i
            break
    cc = "".join(str(x) for x in items[cc_start:printed])
    imprint = Imprint(
        cc=cc, printer=match["org"].strip(), printed_on=re.sub(r"\s", "", match["date"])
    )
    return cc_start, imprint


def _split_appendices(items: list[str | Block]) -> tuple[list[str | Block], list[str | Block]]:
    """Attachment pages start at a 附件 label alone on its line, after the date."""
    seen_close = False
    for i, x in enumerate(items):
        if isinstance(x, str) and (DATE.match(x) or DISCLOSURE_LINE.match(x)):
            seen_close = True
        elif seen_close and isinstance(x, str) and APPENDIX_LABEL.match(x):
            return items[:i], items[i:]
    return items, []


def _preamble(items: list[str | Block], doc: DocumentText) -> int:
    """Header, 发文字号, title and addressees; returns where the body starts."""
    pos = 0
    limit = min(len(items), 6)
    for i in range(limit):
        x = items[i]
        if not isinstance(x, str):
            break
        found = _docno_in(x)
        if found:
            doc.doc_number = found
            if i > 0 and isinstance(items[i - 1], str) and HEADER.match(str(items[i - 1])):
                doc.header = str(items[i - 1])
            pos = i + 1
            break
    if doc.doc_number is None and items and isinstance(items[0], str):
        first = items[0]
        nxt = items[1] if len(items) > 1 else None
        if HEADER.match(first) and isinstance(nxt, str) and _is_title_line(nxt):
            doc.header, pos = first, 1
    title: list[str] = []
    while pos < len(items) and len(title) < 4:
        x = items[pos]
        if not isinstance(x, str) or not _is_title_line(x) or _is_addressee(x):
            break
        title.append(x)
        pos += 1
        if TITLE_END.search(x) and not (
            pos < len(items)
            and isinstance(items[pos], str)
            and _is_title_line(str(items[pos]))
            and len(str(items[pos])) < 12
        ):
            break
    doc.title = "".join(title)
    if pos < len(items) and isinstance(items[pos], str) and _is_addressee(str(items[pos])):
        doc.addressees = str(items[pos])
        pos += 1
    return pos


def _docno_in(text: str) -> str | None:
    """A line holding the 发文字号, perhaps after 签发人 or beside it; normalised brackets."""
    compact = text.replace(" ", "")
    if len(compact) > 40:
        return None
    compact = re.sub(r"签发人[：:].*$", "", compact)
    if docno.is_docno(compact):
        return docno.normalise(compact)
    return None


def _closing(items: list[str | Block], start: int, doc: DocumentText) -> int:
    """Disclosure, date, signature and 附件 notes, read upwards from the end of the body."""
    end = len(items)

    def text(i: int) -> str | None:
        return items[i] if start <= i < end and isinstance(items[i], str) else None  # type: ignore[return-value]

    i = end - 1
    # a 附注 in brackets (联系人 …) may follow the disclosure line
    if text(i) and ANNOTATION.match(text(i) or "") and not DISCLOSURE_LINE.match(text(i) or ""):
        doc.annotation = text(i)
        end = i
        i -= 1
    if text(i) and DISCLOSURE_LINE.match(text(i) or ""):
        doc.disclosure = text(i)
        end = i
        i -= 1
    if text(i) and DATE.match(text(i) or ""):
        doc.date = text(i)
        end = i
        i -= 1
        signature: list[str] = []
        while text(i) and _is_signature(text(i) or "") and len(signature) < 4:
            signature.insert(0, text(i) or "")
            i -= 1
        if signature:
            doc.signature = signature
            end = i + 1
    notes_end = end
    j = end - 1
    while text(j) and NOTE_CONT.match(text(j) or "") and len(text(j) or "") <= 80:
        j -= 1
    if text(j) and ATTACH_NOTE.match(text(j) or ""):
        doc.attachment_notes = [str(items[k]) for k in range(j, notes_end)]
        end = j
    return end


def _is_signature(text: str) -> bool:
    return (
        len(text) <= 30
        and text[-1] not in SENTENCE_END + "，：:"
        and heading_kind(text) is None
        and not ATTACH_NOTE.match(text)
        and not NOTE_CONT.match(text)
    )


def _block(x: str | Block) -> Block:
    if isinstance(x, Block):
        return x
    return Block(kind=heading_kind(x) or "paragraph", text=x)


def _appendices(items: list[str | Block]) -> list[Appendix]:
    out: list[Appendix] = []
    for x in items:
        if isinstance(x, str) and APPENDIX_LABEL.match(x):
            out.append(Appendix(label=x.rstrip("：:")))
            continue
        if not out:
            continue
        app = out[-1]
        if not app.title and not app.blocks and isinstance(x, str) and _is_title_line(x):
            app.title = x
        elif (
            app.title
            and not app.blocks
            and isinstance(x, str)
            and _is_title_line(x)
            and not TITLE_END.search(app.title)
            and len(x) < 30
        ):
            app.title += x
        else:
            app.blocks.append(_block(x))
    return out
