"""The top of a document: 份号 and the like, 版头, 发文字号, title, 题注 and 主送.

Real sources print the top in three orders, and all three are read here:
- a red-header original: 版头, 发文字号, then the title;
- a web page or a gazette: the title (one or two lines), then the 发文字号 beneath it;
- a 令: its own header (中华人民共和国国务院令) and number (第706号), no other title.
A title is never dropped: lines above a 发文字号 are the title when they read as one.
"""

from __future__ import annotations

import re

from gazette.texts.kinds import FORM_TITLE
from gazette.texts.model import Block, DocumentText
from gazette.texts.patterns import (
    ANNOTATION,
    BRACKETED_DATE,
    DATE_FIELD,
    DECREE,
    DECREE_NUMBER,
    DISCLOSURE_LINE,
    FILE_LABEL,
    FORM_FIELD,
    MARK,
    MONTH_DATE,
    TITLE_END,
    TITLE_QUALIFIER,
    TOC_ENTRY,
    compact,
    docno_in,
    is_addressee,
    is_chrome,
    is_dateline,
    is_header,
    is_signature,
    is_subtitle,
    is_title_line,
    organ_like,
    subtitle_end,
)

Item = str | Block
# a form's field with its value at the end of a line (发票号码：24112000000048542163)
DOCNO_PART = re.compile(r"[〔［\[]\d{4}[〕］\]]\d{0,4}号?$")
TRAILING_FIELD = re.compile(r"[\u4e00-\u9fff]{2,6}[：:][0-9A-Za-z]{6,}$")
_LOOK = 8  # how far down the 发文字号 is looked for


def preamble(items: list[Item], doc: DocumentText) -> int:
    """Fill the top fields of ``doc``; returns where the body starts."""
    pos = 0
    while pos < len(items) and isinstance(items[pos], str) and _above(_s(items[pos])):
        doc.marks.append(_s(items[pos]))
        pos += 1
    preface = _preface(items, pos)  # a news headline and lead printed before the document
    doc.marks += [_s(x) for x in items[pos : pos + preface]]
    pos += preface
    if _decree(items, pos, doc):
        return _addressees(items, pos + 2, doc)
    number_at = next(
        (
            i
            for i in range(pos, min(len(items), pos + _LOOK))
            if isinstance(items[i], str) and docno_in(_s(items[i]))
        ),
        None,
    )
    if number_at is not None:
        above = items[pos:number_at]
        if above and is_header(_s(above[0])):
            doc.header = _s(above[0])
            pos += 1
            above = above[1:]
        if not above or (_title_below(items, number_at + 1) and len(above) <= 2):
            # 版头 (or a running head such as 某某市人民政府公报), 发文字号, then the title
            if above:
                header = [_s(x) for x in above]
                doc.header = "".join([*([doc.header] if doc.header else []), *header])
            doc.doc_number = docno_in(_s(items[number_at]))
            pos = _title(items, number_at + 1, doc)
        elif (
            all(isinstance(x, str) for x in above)
            and _reads_as_title(above)
            and not FORM_TITLE.search(compact("".join(_s(x) for x in above)))
        ):  # a form (文件处理单) quotes the number of the document it records: not its own
            doc.doc_number = docno_in(_s(items[number_at]))
            doc.title_first = True
            lines = [_s(x) for x in above]
            if is_subtitle(lines[-1]):
                doc.subtitle = lines.pop()
            doc.title = "".join(lines)
            pos = number_at + 1
            if doc.subtitle is None:
                pos = _subtitle(items, pos, doc)
        else:
            pos = _title(items, pos, doc)
    else:
        if pos + 1 < len(items) and is_header(_s(items[pos])) and _title_at(items, pos + 1):
            doc.header = _s(items[pos])
            pos += 1
        pos = _title(items, pos, doc)
    return _addressees(items, pos, doc)


def _above(text: str) -> bool:
    """份号, 密级, 紧急程度, the web page's lines above a document (返回, 所在位置…), a
    form's printed fields beside its title (发票代码：050001700111), or the label of an
    attached file (附件2, 大纲4): never part of the title."""
    line = compact(text)
    return bool(MARK.match(line) or FORM_FIELD.match(line) or FILE_LABEL.match(line)) or (
        is_chrome(text)
    )


def _preface(items: list[Item], pos: int) -> int:
    """Lines before the real title when a page opens with something else (a news item):
    the title is the first run of title lines that ends like a title and has a 题注 or a
    发文字号 under it. Only looked for when the first lines are not such a title."""
    top = [_s(x) for x in items[pos : pos + _LOOK] if isinstance(x, str)]
    if _anchored(items, pos):
        return 0
    for k in range(min(len(top) - 1, 3)):  # a 令 header, perhaps under a data set's heading
        if DECREE.match(compact(top[k])) and DECREE_NUMBER.match(compact(top[k + 1])):
            return k
    if any(docno_in(x) for x in top):
        return 0
    for k in range(pos + 1, min(len(items), pos + 8)):
        if _anchored(items, k):
            return k - pos
    return 0


def _anchored(items: list[Item], k: int) -> bool:
    if k < len(items) and is_chrome(_s(items[k])):
        return False
    n = 0
    while k + n < len(items) and n < 4 and _title_at(items, k + n):
        n += 1
        if TITLE_END.search(compact(_s(items[k + n - 1]))):
            below = [_s(x) for x in items[k + n : k + n + 8] if isinstance(x, str)]
            return bool(below) and (subtitle_end(below) > 0 or docno_in(below[0]) is not None)
    return False


def _s(x: Item) -> str:
    return x if isinstance(x, str) else ""


def _title_at(items: list[Item], pos: int) -> bool:
    return pos < len(items) and isinstance(items[pos], str) and is_title_line(_s(items[pos]))


def _title_below(items: list[Item], pos: int) -> bool:
    """A title starts at ``pos``: title lines, the last ending like a title."""
    k = pos
    while k < len(items) and k < pos + 4 and _title_at(items, k) and not is_addressee(_s(items[k])):
        if TITLE_END.search(compact(_s(items[k]))):
            return True
        k += 1
    return False


def _subtitle_at(items: list[Item], pos: int) -> bool:
    return pos < len(items) and isinstance(items[pos], str) and is_subtitle(_s(items[pos]))


def _reads_as_title(lines: list[Item]) -> bool:
    """One to four short lines, the last (before any 题注) ending like a title."""
    texts = [_s(x) for x in lines]
    if texts and is_subtitle(texts[-1]):
        texts = texts[:-1]
    return (
        0 < len(texts) <= 4
        and all(is_title_line(t) and not is_addressee(t) for t in texts)
        and (bool(TITLE_END.search(compact(texts[-1]))) or len(texts) == 1)
    )


def _decree(items: list[Item], pos: int, doc: DocumentText) -> bool:
    """A 令 opens with its own header and number, and has no other title."""
    if pos + 1 >= len(items) or not all(isinstance(x, str) for x in items[pos : pos + 2]):
        return False
    head, number = _s(items[pos]), _s(items[pos + 1])
    if not (DECREE.match(compact(head)) and "关于" not in head):
        return False
    if not DECREE_NUMBER.match(compact(number)):
        return False
    # the number's brackets are print, as a 发文字号's are: (第四十号) is 第四十号
    doc.title, doc.doc_number, doc.title_first = head, compact(number).strip("（()）"), True
    return True


def _title(items: list[Item], pos: int, doc: DocumentText) -> int:
    """The title from ``pos``: up to four lines, ending at the line that ends like a title."""
    title: list[str] = []
    while pos < len(items) and len(title) < 4:
        x = items[pos]
        if not isinstance(x, str) or not is_title_line(x) or is_addressee(x):
            break
        if title and (docno_in(x) or DOCNO_PART.search(compact(x))):
            break  # a 发文字号, perhaps cut before its 号 (府办专督〔2020〕24), is not the title
        title.append(x)
        pos += 1
        ends = TITLE_END.search(compact(x)) or (
            len(title) > 1 and TITLE_QUALIFIER.match(compact(x))
        )
        if ends and not _title_goes_on(items, pos):
            break  # …指导原则 / (征求意见稿): the qualifier closes the title
    doc.title = "".join(title)
    field = (
        TRAILING_FIELD.search(compact(doc.title)) if FORM_TITLE.search(doc.title) is None else None
    )
    if field and FORM_TITLE.search(compact(doc.title)[: field.start()]):
        # a form's field printed on the title's line (电子发票（…）发票号码：2411…) is a field
        doc.title = compact(doc.title)[: field.start()]
        doc.marks.append(field.group(0))
    return _subtitle(items, pos, doc)


def _title_goes_on(items: list[Item], pos: int) -> bool:
    """After a line that ends like a title, a short line still belongs to it (…规划 / 的通知,
    （试行）), unless it is a note in brackets (（按准考证号排序）), an organ that signs the
    cover (深圳市统计局), or a caption above a table (第三级认证)."""
    if not _title_at(items, pos):
        return False
    line = compact(_s(items[pos]))
    if len(line) >= 12 or any(c in line for c in "：:"):
        return False
    if line[0] in "（(":
        return bool(TITLE_QUALIFIER.match(line))
    if organ_like(line) and is_signature(line):
        return False
    return pos + 1 >= len(items) or isinstance(items[pos + 1], str)


def _subtitle(items: list[Item], pos: int, doc: DocumentText) -> int:
    lines: list[str] = []
    for x in items[pos : pos + 8]:
        if not isinstance(x, str):
            break
        lines.append(x)
    n = subtitle_end(lines)
    if not n and lines and _note_under_title(lines[0]):
        n = 1
    if n:
        doc.subtitle = " ".join(lines[:n]) if n > 1 else lines[0]
    return _byline(items, pos + n, doc)


def _note_under_title(line: str) -> bool:
    """A short note in brackets under a title (（按准考证号排序）): a 题注, not the title."""
    text = compact(line)
    return (
        4 <= len(text) <= 30
        and text[0] in "（(" and text[-1] in "）)"
        and text.count("（") + text.count("(") == 1
        and not TITLE_QUALIFIER.match(text)
        and not DISCLOSURE_LINE.match(text)
        and not ANNOTATION.match(text)
    )  # fmt: skip


def _byline(items: list[Item], pos: int, doc: DocumentText) -> int:
    """A bulletin prints its organs and date under the title: 宜春市统计局 … /（2023年4月12日）;
    a report's cover, up to three organs one a line and the month (二〇二二年十二月)."""
    organs: list[str] = []
    k = pos
    while k < len(items) and len(organs) < 3 and isinstance(items[k], str):
        line = _s(items[k])
        if not (is_signature(line) and organ_like(line)):
            break
        organs.append(line)
        k += 1
    if not organs or k >= len(items) or not isinstance(items[k], str):
        return pos
    date = _s(items[k])
    if is_dateline(date) or (len(organs) > 1 and MONTH_DATE.match(compact(date))):
        found = BRACKETED_DATE.match(compact(date))  # （2023年4月12日）: the brackets are print
        doc.signature, doc.date, doc.byline = organs, found["date"] if found else date, True
        return k + 1
    return pos


def _cover_and_contents(items: list[Item], pos: int, doc: DocumentText) -> int:
    """Under a guide's title: its cover's dated field (发布日期 XXXX 年 X 月), then its 目录,
    entries that point at the source's pages, and the title the text's first page repeats.
    All are furniture: kept, not printed (the field with the lines a web page prints under a
    title, as its 发布时间 is)."""
    while pos < len(items) and DATE_FIELD.match(compact(_s(items[pos]))):
        doc.posted.append(_s(items[pos]))
        pos += 1
    if pos + 1 < len(items) and compact(_s(items[pos])) == "目录":
        end = pos + 1
        while end < len(items) and TOC_ENTRY.match(compact(_s(items[end]))):
            end += 1
        if end - pos >= 3:
            doc.contents = [_s(x) for x in items[pos:end]]
            pos = end
            # the text's first page repeats the cover's title (without its qualifier)
            again = compact(_s(items[pos])) if pos < len(items) else ""
            if again and compact(doc.title).startswith(again):
                doc.contents.append(_s(items[pos]))
                pos += 1
    return pos


def _addressees(items: list[Item], pos: int, doc: DocumentText) -> int:
    """主送: a line ending in ：. A 批复 or 函 to two organs may break after the first organ
    (广东省人民政府，/ 国家发展改革委：). A web page's 发布时间 line before it is furniture."""
    pos = _cover_and_contents(items, pos, doc)
    while pos < len(items) and isinstance(items[pos], str) and is_chrome(_s(items[pos])):
        doc.posted.append(_s(items[pos]))
        pos += 1
    first = _s(items[pos]) if pos < len(items) else ""
    if is_addressee(first):
        doc.addressees = first
        return pos + 1
    line = compact(first)
    # broken after the first organ (广东省人民政府，) or by a reader (…各直属机 / 构：)
    if 0 < len(line) <= 60 and line[-1] not in "。；;：:" and pos + 1 < len(items):
        second = _s(items[pos + 1])
        if is_addressee(second) and len(compact(second)) <= 40:
            doc.addressees = first + second
            return pos + 2
    return pos
