"""The end of a document: 附件 notes, 署名, 成文日期, 公开属性, 附注, and the 版记 after all.

Read upwards from the end. Real sources vary the order: the date may stand above the signature,
a note such as （本文有删减） may close the text, a 版记 may carry 抄送 and 分送 lines and a
共印N份 line after the 印发 line. The 版记 is kept whole as printed (furniture), never dropped.
"""

from __future__ import annotations

import re

from gazette.texts.model import Block, DocumentText, Imprint
from gazette.texts.patterns import (
    ANNOTATION,
    APPENDIX_LABEL,
    ATTACH_NOTE,
    BRACKETED_ORGAN,
    CC,
    COPIES,
    DISCLOSURE_LINE,
    NOTE_CONT,
    PRINTED,
    TITLE_END,
    compact,
    is_date,
    is_signature,
    is_title_line,
    organ_like,
    title_starts,
)

Item = str | Block


def _s(x: Item | None) -> str:
    return x if isinstance(x, str) else ""


def take_imprint(items: list[Item]) -> tuple[list[Item], Imprint | None]:
    """The 版记 at the very end: 抄送/分送 lines, “office  date印发”, perhaps 共印N份.

    Word documents often draw it as a ruled table; its rows are read as lines.
    """
    if items and isinstance(items[-1], Block) and items[-1].kind == "table":
        rows = [" ".join(c.text for c in row if c.text) for row in items[-1].rows or []]
        lines = [r.replace("\n", "") for r in rows if r]
        printed = _printed_line(lines)
        if printed is not None:
            found = _imprint_of(list(lines), printed)
            if found is not None and found[0] == 0:
                return items[:-1], found[1]
    printed = _printed_line(items)
    if printed is not None:
        found = _imprint_of(items, printed)
        if found is not None:
            return items[: found[0]], found[1]
    # 抄送 lines with no 印发 line still close the document
    n = len(items)
    for i in range(n - 1, max(n - 4, -1), -1):
        if isinstance(items[i], str) and CC.match(compact(_s(items[i]))):
            start = _cc_start(items, i)
            lines = [_s(x) for x in items[start:]]
            if all(isinstance(x, str) for x in items[start:]) and not any(
                is_date(x) or DISCLOSURE_LINE.match(compact(x)) for x in lines
            ):
                return items[:start], Imprint(cc="".join(lines), lines=lines)
            break
    return items, None


def _printed_line(items: list[Item] | list[str]) -> int | None:
    """Where the 印发 line is: last, or followed only by 共印N份."""
    i = len(items) - 1
    while i >= 0 and isinstance(items[i], str) and COPIES.match(compact(_s(items[i]))):
        i -= 1
    if i >= 0 and isinstance(items[i], str) and PRINTED.match(_s(items[i])):
        return i
    return None


def _cc_start(items: list[Item] | list[str], last: int) -> int:
    """The first of the 抄送/分送 lines (and their wrapped continuations) ending at ``last``."""
    start = last
    for i in range(last, max(last - 6, -1), -1):
        x = items[i]
        if not isinstance(x, str):
            break
        if CC.match(compact(x)):
            start = i
    return start


def _imprint_of(items: list[Item] | list[str], printed: int) -> tuple[int, Imprint] | None:
    """(where the 版记 starts, the 版记) given the index of its 印发 line."""
    match = PRINTED.match(_s(items[printed]))
    if match is None:
        return None
    start = printed
    for i in range(printed - 1, max(printed - 7, -1), -1):
        x = items[i]
        if not isinstance(x, str) or is_date(x) or DISCLOSURE_LINE.match(compact(x)):
            break
        if CC.match(compact(x)):
            start = i
    lines = [_s(x) for x in items[start:]]
    imprint = Imprint(
        cc="".join(_s(x) for x in items[start:printed]),
        printer=match["org"].strip(),
        printed_on=re.sub(r"\s", "", match["date"]),
        lines=lines,
    )
    return start, imprint


def _closing_note(text: str) -> bool:
    return bool(ANNOTATION.match(compact(text))) and not DISCLOSURE_LINE.match(compact(text))


def _after_date(items: list[Item], i: int, signed_above: bool) -> int:
    """Past a closing date at ``i``: a signature printed under it, the disclosure, notes."""
    k = i + 1
    if not signed_above:
        n = 0
        while (
            k < len(items) and n < 3 and isinstance(items[k], str)
            and is_signature(_s(items[k])) and not TITLE_END.search(compact(_s(items[k])))
        ):  # fmt: skip
            k += 1
            n += 1
    while k < len(items) and isinstance(items[k], str):
        line = compact(_s(items[k]))
        if not (DISCLOSURE_LINE.match(line) or _closing_note(line)):
            break
        k += 1
    return k


def split_appendices(items: list[Item], start: int) -> tuple[list[Item], list[Item]]:
    """Where attached texts begin: at a 附件 label after the date, or, for a 印发 notice whose
    attached 办法 follows with no label, at the first title-like line after the notice's
    signature, date and disclosure."""
    for i in range(start + 1, len(items)):
        x = items[i]
        if not isinstance(x, str) or not is_date(x):
            continue
        signed_above = isinstance(items[i - 1], str) and is_signature(_s(items[i - 1]))
        k = _after_date(items, i, signed_above)
        signed_below = k > i + 1 and is_signature(_s(items[i + 1]))
        if not (signed_above or signed_below or k > i + 1):
            continue
        rest = [y for y in items[k:]]
        if not rest:
            return items, []
        if isinstance(rest[0], str) and APPENDIX_LABEL.match(compact(rest[0])):
            return items[:k], rest
        lines = [_s(y) for y in rest[:4]]
        if title_starts(lines) and len(rest) >= 2:
            return items[:k], rest
    for i in range(start + 1, len(items)):  # a 附件 label after a disclosure line
        x = items[i]
        if isinstance(x, str) and APPENDIX_LABEL.match(compact(x)):
            before = [compact(_s(y)) for y in items[start:i]]
            if any(is_date(y) or DISCLOSURE_LINE.match(y) for y in before):
                return items[:i], items[i:]
    for i in range(start + 1, len(items) - 2):  # a guide with no signature or date
        x, below = items[i], items[i + 1]
        if (
            isinstance(x, str)
            and APPENDIX_LABEL.match(compact(x))
            and isinstance(below, str)
            and is_title_line(below)
            and not any(is_date(_s(y)) for y in items[i:])
        ):
            return items[:i], items[i:]
    return items, []


def closing(items: list[Item], start: int, doc: DocumentText) -> int:
    """Disclosure, date, signature and 附件 notes, read upwards; returns where the body ends."""
    end = len(items)

    def text(i: int) -> str:
        return _s(items[i]) if start <= i < end else ""

    notes: list[str] = []
    i = end - 1
    while text(i) and (_closing_note(text(i)) or DISCLOSURE_LINE.match(compact(text(i)))):
        if DISCLOSURE_LINE.match(compact(text(i))):
            if doc.disclosure is not None:
                break
            doc.disclosure = text(i)
        else:
            notes.insert(0, text(i))
            doc.annotation_above = doc.disclosure is not None  # （联系人…） over （此件公开发布）
        end = i
        i -= 1
    if notes:
        doc.annotation = "\n".join(notes)
    below: list[str] = []  # a signature printed under the date
    j = i
    while text(j) and is_signature(text(j)) and len(below) < 3:
        below.insert(0, text(j))
        j -= 1
    if below and text(j) and is_date(text(j)) and not TITLE_END.search(compact(below[0])):
        doc.date = text(j)
        doc.signature = below
        end = j
        i = j - 1
        above: list[str] = []
        while text(i) and is_signature(text(i)) and len(above) < 2 and organ_like(text(i)):
            above.insert(0, text(i))
            i -= 1
        if above:
            doc.signature = above + below
            end = i + 1
    elif text(i) and is_date(text(i)):
        doc.date = text(i)
        end = i
        i -= 1
        signature: list[str] = []
        while text(i) and is_signature(text(i)) and len(signature) < 4:
            signature.insert(0, text(i))
            i -= 1
        while len(signature) > 1 and _note_goes_on(signature[0], text(i)):
            signature.pop(0)  # 务员名单（第一批）: a wrapped 附件 note, not a signer
            i += 1
        if signature:
            doc.signature = signature
            end = i + 1
    elif text(i) and BRACKETED_ORGAN.match(compact(text(i))) and organ_like(text(i)[1:-1]):
        doc.signature = [text(i)]  # （万载县统计局）: the organ in brackets, no date
        end = i
    notes_end = end
    j = end - 1
    while text(j) and (
        (NOTE_CONT.match(compact(text(j))) and len(text(j)) <= 80)
        or (_note_goes_on(text(j), text(j - 1)) and len(compact(text(j))) <= 40)
    ):
        j -= 1
    if text(j) and ATTACH_NOTE.match(compact(text(j))):
        listed: list[str] = []
        for k in range(j, notes_end):
            line = _s(items[k])
            if listed and not NOTE_CONT.match(compact(line)):
                listed[-1] += line  # the note wrapped onto this line
            else:
                listed.append(line)
        doc.attachment_notes = listed
        end = j
    return end


def _note_goes_on(line: str, above: str) -> bool:
    """``line`` continues the 附件 note printed above it rather than naming a signer."""
    above = compact(above)
    is_note = bool(ATTACH_NOTE.match(above) or NOTE_CONT.match(above))
    return is_note and not organ_like(line) and compact(line) == line.strip()
