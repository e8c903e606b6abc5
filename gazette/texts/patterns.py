"""What the parts of a 公文 look like, line by line (GB/T 9704 and what real sources print).

Every test looks at the line without its white space: typists space headings and names with
U+3000 (第一章　总　　则, 总理　李克强), and that spacing must not change what a line is.
Half-width punctuation, common on web pages, counts as its full-width twin.
"""

from __future__ import annotations

import re

from gazette.texts import docno

NUM_CN = "一二三四五六七八九十百零〇"
H1 = re.compile(rf"^[{NUM_CN}]+、")
H2 = re.compile(rf"^[（(][{NUM_CN}]+[）)]")
H3 = re.compile(r"^\d{1,2}[.．、](?!\d)")
H4 = re.compile(r"^[（(]\d{1,2}[）)]")
CHAPTER = re.compile(rf"^第[{NUM_CN}]+[章编]\S{{1,16}}$")  # 第一章 总则: a regulation's chapters
SECTION = re.compile(rf"^第[{NUM_CN}]+节\S{{1,16}}$")
ARTICLE = re.compile(rf"^第[{NUM_CN}]+条")
DATE = re.compile(rf"^(\d{{4}}|[{NUM_CN}○Ｏ]{{4}})年[\d{NUM_CN}]{{1,3}}月[\d{NUM_CN}]{{1,3}}日$")
DISCLOSURE_LINE = re.compile(r"^[（(]此件[^）)]{1,12}[）)]$")
APPENDIX_LABEL = re.compile(rf"^附件[0-9０-９{NUM_CN}]*[：:.．]?$")
# the label an office prints above a file it attaches (附件2, 附件：, 附表1, 大纲4)
FILE_LABEL = re.compile(rf"^(附件|附表|大纲)[0-9０-９{NUM_CN}]*[：:.．]?$")
# a date to the month, as a report's cover prints it (二〇二二年十二月)
MONTH_DATE = re.compile(rf"^(\d{{4}}|[{NUM_CN}○Ｏ]{{4}})年[\d{NUM_CN}]{{1,3}}月$")
# what qualifies a title on the line under it: （试行）, （征求意见稿）, （2017年修订版）
TITLE_QUALIFIER = re.compile(
    r"^[（(][^（）()]{0,12}(试行|暂行|草案|稿|修订|版|第[^）)]{1,4}批)[）)]$"
)
ANNOTATION = re.compile(
    r"^[（(](联系人|联系电话|联系方式|经办人|本件|此页|本文有删减|有删减|本文有删节)[^）)]*[）)]$"
)
ATTACH_NOTE = re.compile(r"^附件[0-9０-９]*[：:.．、]")
NOTE_CONT = re.compile(r"^\d{1,2}[.．、]")
CC = re.compile(r"^(抄送|抄报|分送|发送|报送)[：:]")
COPIES = re.compile(r"^[（(]?共印[0-9０-９一二三四五六七八九十百千]+份[）)]?$")
PRINTED = re.compile(
    r"^(?P<org>.*?)\s*(?P<date>\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日)\s*印\s*发$"
)
HEADER = re.compile(r"^.{2,40}(文件|公告|通告)$")
DECREE = re.compile(r"^.{2,30}令$")  # 中华人民共和国国务院令
DECREE_NUMBER = re.compile(rf"^[（(]?第[0-9０-９{NUM_CN}]{{1,8}}号[）)]?$")  # 第706号, (第四十号)
# a form's printed field with its value (发票代码：050001700111, 开票日期：2020年08月05日)
FORM_FIELD = re.compile(r"^[\u4e00-\u9fff]{2,6}[：:][0-9A-Za-z][0-9A-Za-z\-/年月日]*$")
# a cover's dated field, filled in or not (发布日期 XXXX 年 X 月, 实施日期：2016年1月1日)
DATE_FIELD = re.compile(r"^(发布|印发|实施|施行|生效|成文)(日期|时间)[：:]?")
# an entry of a table of contents: its heading, a dot leader, the source's page number
TOC_ENTRY = re.compile(r"^\S.{0,80}?[.·…．]{4,}\d{1,4}$")
# an item numbered the way forms and notes number them (4、发至市商务局、…。): a sentence
FORM_ITEM = re.compile(r"^\d{1,2}、.*。$")
MARK = re.compile(r"^(\d{6}|份号[：:]?\d+|(绝密|机密|秘密)(★.*)?|特急|加急|特提|平急)$")
SUBTITLE_WORDS = re.compile(
    r"通过|公布|发布|修订|修正|施行|批准|会议|年\d{1,2}月|年[一二三四五六七八九十]{1,3}月"
)
TITLE_END = re.compile(
    r"(通知|通报|意见|决定|办法|规定|方案|规划|细则|批复|报告|请示|函|公告|通告|命令|决议|纪要|"
    r"解读|条例|规则|原则|准则|名单|公报|议案|指引|标准|目录|清单|表|措施|计划|要点|指南|须知|章程|答记者问|"
    r"问答|说明|法|令)$"
)
SENTENCE_END = "。；！？;!?"
_WS = re.compile(r"[\s\u3000]+")


def compact(text: str) -> str:
    """The line without any white space: what every test here looks at."""
    return _WS.sub("", text)


def numbering(text: str) -> str | None:
    """The numbering a line opens with (一、 → heading1, 第一章 → chapter), heading or not."""
    text = compact(text)
    if re.match(rf"^第[{NUM_CN}]+[章编]", text):
        return "chapter"
    if re.match(rf"^第[{NUM_CN}]+节", text):
        return "section"
    levels = (("heading2", H2), ("heading4", H4), ("heading1", H1), ("heading3", H3))
    return next((k for k, pattern in levels if pattern.match(text)), None)


def heading_kind(text: str) -> str | None:
    """The heading level of a standalone heading line, or None for a paragraph.

    A heading is the line alone: a numbered line that reads as prose (long, several sentences,
    a list item ending in ；, a clause with ：or ，ending in 。) is a paragraph that starts
    with a number. Whether numbered lines in a row are a list is decided per document.
    """
    text = compact(text)
    if CHAPTER.match(text):
        return "heading1"
    if SECTION.match(text):
        return "heading2"
    kind = numbering(text)
    if kind is None or text.startswith("第"):  # 第X章 with a sentence after it
        return None
    if FORM_ITEM.match(text):
        return None
    pattern = {"heading1": H1, "heading2": H2, "heading3": H3, "heading4": H4}.get(kind)
    if pattern is not None and not pattern.sub("", text, count=1):
        return None  # a number alone (（一）, a cell's end a reader split off) names nothing
    if len(text) > 40 or text[-1] in "；;，,":
        return None
    inner = text[:-1] if text[-1] in "。." else text
    if text[-1] in "。." and (len(text) > 30 or any(p in inner for p in "，,：:")):
        return None
    if text[-1] in "：:" and any(p in text for p in "，,"):  # （五）经营所得，是指：
        return None
    if any(p in inner for p in SENTENCE_END) or not _balanced(text):
        return None  # several sentences, or a line broken off inside 《…》 or （…）
    if ("：" in inner[:-1] or ":" in inner[:-1]) and (len(text) > 24 or "，" in text):
        return None  # 1、时间：2019年7月12日，上午7:30 is an item with its value
    return kind


def _balanced(text: str) -> bool:
    return all(text.count(a) == text.count(b) for a, b in ("《》", "（）", "()", "“”"))


def is_title_line(text: str) -> bool:
    text = compact(text)
    if not text or DATE.match(text) or heading_kind(text) is not None or is_subtitle(text):
        return False
    if FORM_FIELD.match(text) or DATE_FIELD.match(text):
        return False
    if text[-1] in SENTENCE_END + "，：:,":
        return False
    if len(text) <= 48:
        return True
    # a whole title on one line, as web pages print it
    return (
        len(text) <= 90
        and bool(TITLE_END.search(text))
        and not any(p in text for p in SENTENCE_END + "：:")
    )


def is_subtitle(text: str) -> bool:
    """A 题注 in brackets under the title: （2018年12月29日……会议通过）."""
    text = compact(text)
    return (
        len(text) >= 6
        and text[0] in "（(" and text[-1] in "）)"
        and not DISCLOSURE_LINE.match(text)
        and not ANNOTATION.match(text)
        and bool(SUBTITLE_WORDS.search(text))
    )  # fmt: skip


_LEADS_IN = re.compile(r"(决定|如下|通知|公告|批复|指出|要求|规定|说明|是|为)[：:]$")


def is_addressee(text: str) -> bool:
    """主送 names organs and ends in ：; “……会议决定：” and “现通知如下：” lead into the body."""
    text = compact(text)
    return (
        text.endswith(("：", ":"))
        and len(text) <= 160
        and heading_kind(text) is None
        and not _LEADS_IN.search(text)
    )


def is_date(text: str) -> bool:
    return bool(DATE.match(compact(text)))


def is_signature(text: str) -> bool:
    """An organ or a post and a name (总理　李克强), alone on its line."""
    text = compact(text)
    return (
        0 < len(text) <= 30
        and text[-1] not in SENTENCE_END + "，：:,."
        and "：" not in text
        and ":" not in text
        and heading_kind(text) is None
        and not ATTACH_NOTE.match(text)
        and not NOTE_CONT.match(text)
        and not DATE.match(text)
        and not is_subtitle(text)
    )


def docno_in(text: str) -> str | None:
    """A line holding the 发文字号, perhaps after 签发人 or beside it; normalised brackets."""
    line = compact(text)
    if len(line) > 40:
        return None
    line = re.sub(r"签发人[：:].*$", "", line)
    if docno.is_docno(line):
        return docno.normalise(line)
    return None


def is_header(text: str) -> bool:
    """A 版头 (某某市人民政府文件) names an organ; a title (关于…的公告) does not count."""
    line = compact(text)
    return bool(HEADER.match(line)) and "关于" not in line and not line.endswith("的公告")


def title_starts(lines: list[str]) -> bool:
    """An attached text's title starts here: up to three title lines, the last ending like one."""
    for line in lines[:3]:
        if not is_title_line(line) or is_addressee(line):
            return False
        if TITLE_END.search(compact(line)):
            return True
    return False


_SUBTITLE_DONE = re.compile(r"(通过|公布|发布|修订|修正|施行|批准|生效)[。，,）)]?$")
_DATED = re.compile(rf"^(\d{{4}}|[０-９]{{4}}|[{NUM_CN}○〇Ｏ]{{4}})年|^根据")


def subtitle_end(lines: list[str], *, any_bracketed: bool = False) -> int:
    """How many of ``lines`` (from the line under a title) are its 题注, 0 when none.

    A 题注 is in brackets, perhaps over several lines, or (as laws and 规章 are printed on
    official sites) one or more unbracketed lines each opening with a date or 根据 and saying
    what happened: 通过, 公布, 修订, 施行…. Under an attached text's title any bracketed line
    counts (（共130项）).
    """
    if not lines:
        return 0
    first = compact(lines[0])
    if first[:1] in "（(":
        for n, line in enumerate(lines[:8], start=1):
            if compact(line)[-1:] in "）)":
                text = compact("".join(lines[:n]))
                if DISCLOSURE_LINE.match(text) or ANNOTATION.match(text):
                    return 0
                return n if any_bracketed or SUBTITLE_WORDS.search(text) else 0
        return 0
    n = 0
    while n < min(len(lines), 8):
        line = compact(lines[n])
        if not _DATED.match(line) or len(line) > 160 or DATE.match(line):
            break
        # a line wrapped by the reader goes on until the event that ends it (…会议通过)
        k = n + 1
        while (
            not _SUBTITLE_DONE.search(line) and k < min(len(lines), n + 4)
            and not _DATED.match(compact(lines[k])) and len(compact(lines[k])) <= 60
        ):  # fmt: skip
            line += compact(lines[k])
            k += 1
        if not SUBTITLE_WORDS.search(line) or line[-1] in "；;：:":
            break
        if not _SUBTITLE_DONE.search(line):
            break
        n = k
    return n


_ORGAN_END = re.compile(
    r"(政府|办公厅|办公室|委员会|人大常委会|常委会|厅|局|部|院|署|委|会|公司|中心|队|所|处)$"
)
BRACKETED_ORGAN = re.compile(r"^[（(][^（()）]{2,30}[）)]$")
BRACKETED_DATE = re.compile(r"^[（(](?P<date>.{6,14})[）)]$")


def organ_like(text: str) -> bool:
    """An organ's name (宜春市统计局, 国务院办公厅): a signature that is not a person."""
    return bool(_ORGAN_END.search(compact(text)))


def is_dateline(text: str) -> bool:
    """A date alone on its line, perhaps in brackets as under a 统计公报's title."""
    line = compact(text)
    found = BRACKETED_DATE.match(line)
    return bool(DATE.match(line) or (found and DATE.match(found["date"])))


# what a web page prints around a document: navigation, dates of posting, sharing, credits,
# links to the related document or its 解读
CHROME = re.compile(
    r"^(返回|首页|所在位置|当前位置|您当前的位置|您的位置|发布时间|发布日期|来源|作者|编辑|"
    r"责任编辑|浏览次数|字号|【?打印】?|【?关闭】?|分享到|用微信扫描|扫一扫|【大中小】)"
    r"|^【(资料图|图片|视频)】$"
    r"|^相关(解读|文件|链接|阅读|政策)[：:]"  # a site's link to the document or its 解读
)


def is_chrome(text: str) -> bool:
    """A line of the web page around a document (所在位置: …, 发布时间: …, 来源: 作者: …)."""
    line = compact(text)
    return bool(CHROME.match(line)) and len(line) <= 80
