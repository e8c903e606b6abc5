"""发文字号: parse, normalise and validate document numbers such as 宿政办发〔2018〕56号.

Normalising touches only what the standard fixes: look-alike brackets become 〔〕, full-width
digits become ASCII, stray spaces go, and a leading-zero serial is written plainly.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

OPEN_BRACKETS = "[(（【［﹝〔⟮〖{｛<＜《"
CLOSE_BRACKETS = "])）】］﹞〕⟯〗}｝>＞》"
_TRANS = str.maketrans(
    {
        **{c: "〔" for c in OPEN_BRACKETS},
        **{c: "〕" for c in CLOSE_BRACKETS},
        **{chr(0xFF10 + i): str(i) for i in range(10)},
    }
)
_SPACES = re.compile(r"[\s\u3000\u00a0\u200b\ufeff]+")
_HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_PATTERN = re.compile(rf"^(?P<code>[{_HAN}]{{1,24}})〔(?P<year>\d{{4}})〕(?P<serial>\d{{1,6}})号?$")
MIN_YEAR, MAX_YEAR = 1949, 2100


class DocNumberError(ValueError):
    """Not a document number; the message gives the text and the reason."""


@dataclass(frozen=True, order=True)
class DocNumber:
    code: str
    year: int
    serial: int

    def __str__(self) -> str:
        return f"{self.code}〔{self.year}〕{self.serial}号"


def _prepare(text: str) -> str:
    return _SPACES.sub("", text.translate(_TRANS))


def parse(text: str) -> DocNumber:
    """Parse a 发文字号, tolerating look-alike brackets, full-width digits and spaces."""
    if not isinstance(text, str) or not text.strip():
        raise DocNumberError("发文字号为空")
    cleaned = _prepare(text)
    match = _PATTERN.match(cleaned)
    if match is None:
        raise DocNumberError(f"“{text.strip()}”不是有效的发文字号：{_reason(cleaned)}")
    year = int(match["year"])
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise DocNumberError(f"“{text.strip()}”的年份 {year} 不在 {MIN_YEAR}–{MAX_YEAR} 之间")
    serial = int(match["serial"])
    if serial == 0:
        raise DocNumberError(f"“{text.strip()}”的序号不能为 0")
    return DocNumber(match["code"], year, serial)


def normalise(text: str) -> str:
    """The canonical form, e.g. ``宿政办发[2018]056号`` → ``宿政办发〔2018〕56号``."""
    return str(parse(text))


def is_docno(text: str) -> bool:
    try:
        parse(text)
    except DocNumberError:
        return False
    return True


def _reason(cleaned: str) -> str:
    if "〔" not in cleaned or "〕" not in cleaned:
        return "缺少年份括号〔〕"
    code, _, rest = cleaned.partition("〔")
    if not code:
        return "缺少机关代字（如“宿政办发”）"
    if not re.fullmatch(rf"[{_HAN}]+", code):
        return f"机关代字“{code}”只能由汉字组成"
    year, _, tail = rest.partition("〕")
    if not re.fullmatch(r"\d{4}", year):
        return f"年份“{year}”应为四位数字"
    if not tail:
        return "缺少序号"
    if not re.fullmatch(r"\d{1,6}号?", tail):
        return f"序号“{tail}”应为数字加“号”"
    return "格式应为 机关代字〔年份〕序号号"


FIND_PATTERN = re.compile(
    rf"[{_HAN}]{{1,24}}[〔\[(（【［﹝]\s*[0-9０-９]{{4}}\s*[〕\])）】］﹞]\s*[0-9０-９]{{1,6}}\s*号"
)


def find_all(text: str) -> list[DocNumber]:
    """Every document number found in running text (for cataloguing and structure detection)."""
    found = []
    for m in FIND_PATTERN.finditer(text):
        try:
            found.append(parse(m.group(0)))
        except DocNumberError:
            continue
    return found
