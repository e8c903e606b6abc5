"""Dates as documents write them: 2018年5月13日, or in Chinese numerals 二〇一八年五月十三日."""

from __future__ import annotations

import datetime as dt
import re

_DIGIT = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"零": 0, "○": 0, "Ｏ": 0, "O": 0}
_DATE = re.compile(r"(\S{4})\s*年\s*(\S{1,3})\s*月\s*(\S{1,3})\s*日")


def _number(text: str) -> int:
    text = text.translate({0xFF10 + i: str(i) for i in range(10)})
    if text.isdigit():
        return int(text)
    if len(text) == 4 and all(c in _DIGIT for c in text):  # a year digit by digit
        return int("".join(str(_DIGIT[c]) for c in text))
    if "十" in text:
        tens, _, ones = text.partition("十")
        return (_DIGIT[tens] if tens else 1) * 10 + (_DIGIT[ones] if ones else 0)
    if len(text) == 1 and text in _DIGIT:
        return _DIGIT[text]
    raise ValueError(text)


def parse_cn_date(text: str | None) -> dt.date | None:
    """The date in a 成文日期 line, or None when there is none or it is not a real date."""
    if not text:
        return None
    m = _DATE.search(text)
    if not m:
        return None
    try:
        return dt.date(_number(m[1]), _number(m[2]), _number(m[3]))
    except (ValueError, KeyError):
        return None
