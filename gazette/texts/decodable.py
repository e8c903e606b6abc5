"""Is a text layer really text? Catch PDFs and OFDs whose characters decode to garbage.

A font with a broken or missing ToUnicode map still renders perfectly, but its text layer reads
as private-use code points, unassigned ones, or a soup of Latin-1 letters and ASCII symbols
(a published national standard reads ``犗犉犇 !"#$%$&'()*+,-.``). Storing that as the document
would be the worst kind of loss: silent. Gazette documents are Chinese, so a page whose letters
are almost never Han characters, or that holds many undecodable code points, is refused with
its page numbers, and the user is sent to page-image recognition (OCR) instead.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from gazette.texts.raw import TextImportError

# characters that are neither letters nor garbage: digits and the punctuation of number tables
_NEUTRAL = set("0123456789０１２３４５６７８９.,:;%()-/—–－―…·、，。：；（）《》“”‘’〔〕［］【】")
_MIN_LETTERS = 20  # a page with fewer letters (a folio, a signature page) says nothing
_HAN_FLOOR = 0.3  # Chinese prose is 60–90 % Han characters among its letters
_BAD_CEILING = 0.05  # share of private-use / unassigned code points that cannot be accident


def _is_han(ch: str) -> bool:
    o = ord(ch)
    return 0x3400 <= o <= 0x9FFF or 0xF900 <= o <= 0xFAFF or 0x20000 <= o <= 0x3134F


def _is_bad(ch: str) -> bool:
    """Undecodable: U+FFFD, unassigned, surrogate, control, or private use outside U+F0xx
    (where Word and WPS put Symbol/Wingdings bullets, which are legitimate)."""
    if 0xF000 <= ord(ch) <= 0xF0FF:
        return False
    return ch == "\ufffd" or unicodedata.category(ch) in ("Co", "Cn", "Cs", "Cc")


def page_is_undecodable(text: str) -> bool:
    """True when a page's text looks like a broken font encoding rather than Chinese text.

    Three signs: many private-use or unassigned code points; Han characters outnumbered by
    symbols and accented letters (``!"#$%&'`` and ``ÀÁÂ``, where a broken map lands); or Han
    characters crowded into one block of 256 code points (犌犅犜犗…, a
    font's glyph numbers read as one byte after a fixed lead byte), where real Chinese text
    spreads over the whole range.
    """
    chars = [c for c in text if not c.isspace()]
    bad = sum(1 for c in chars if _is_bad(c))
    if chars and bad >= 5 and bad / len(chars) > _BAD_CEILING:
        return True
    han = [ord(c) >> 8 for c in chars if _is_han(c)]
    if len(han) >= 12 and max(Counter(han).values()) / len(han) > 0.5:
        return True
    odd = [c for c in chars if _is_odd(c)]
    if len(han) + len(odd) < _MIN_LETTERS:
        return False
    return len(han) / (len(han) + len(odd)) < _HAN_FLOOR


def _is_odd(ch: str) -> bool:
    """A character a Chinese official text rarely holds: not Han, not a digit or ASCII letter
    (URLs, e-mail addresses and English names are legitimate), not Chinese punctuation."""
    if _is_han(ch) or ch in _NEUTRAL or (ch.isascii() and ch.isalnum()):
        return False
    return not (0x3000 <= ord(ch) <= 0x303F or 0xFF00 <= ord(ch) <= 0xFFEF)


class UndecodableTextError(TextImportError):
    """The file's text layer is garbage on some pages; its page images must be recognised.

    ``needs_ocr`` and ``pages`` (1-based) let the desk and the command line offer recognition
    of those page images instead of storing the garbage.
    """

    needs_ocr = True

    def __init__(
        self, path: Path | str, pages: Sequence[int], total: int, *, no_han: bool = False
    ) -> None:
        self.pages = list(pages)
        self.total = total
        where = page_list(self.pages, total)
        what = (
            f"{where}读不出一个汉字；如果原件是中文文件，说明它的文字层无法解码"
            if no_han
            else f"{where}的文字层无法解码（字体缺少正确的字符映射，读出的是乱码）"
        )
        super().__init__(
            path,
            f"{what}，未导入。请在“历史公报数字化”中识别这些页面的图像（OCR）后再导入",
        )


def page_list(pages: Sequence[int], total: int) -> str:
    """``全部 16 页`` or ``第 3、5–9 页`` — the pages named the way an editor reads them."""
    if len(pages) == total:
        return f"全部 {total} 页"
    runs: list[str] = []
    start = prev = pages[0]
    for p in [*pages[1:], -1]:
        if p == prev + 1:
            prev = p
            continue
        runs.append(str(start) if start == prev else f"{start}–{prev}")
        start = prev = p
    return f"第 {'、'.join(runs)} 页"


def check_pages(path: Path, texts: Sequence[str]) -> None:
    """Refuse a file whose text layer cannot be decoded, naming the pages.

    A document with no Han character at all is refused as a whole; otherwise each page is
    judged on its own, so a Chinese document with one garbled page is still caught.
    """
    whole = "".join(texts)
    letters = [c for c in whole if not c.isspace() and c not in _NEUTRAL]
    if len(letters) >= _MIN_LETTERS and not any(_is_han(c) for c in letters):
        pages = [i + 1 for i, t in enumerate(texts) if t.strip()]
        raise UndecodableTextError(path, pages, len(texts), no_han=True)
    bad = [i + 1 for i, t in enumerate(texts) if page_is_undecodable(t)]
    if bad:
        raise UndecodableTextError(path, bad, len(texts))


def image_only_warning(pages: Sequence[int], total: int) -> list[str]:
    """A page drawn only as an image among pages with text (a scanned page inserted into an
    exported file) has no text to import; say so instead of dropping it without a word."""
    if not pages:
        return []
    return [
        f"{page_list(list(pages), total)}只有图像、没有文字层（可能是扫描页），其内容未导入；"
        "请在“历史公报数字化”中识别这些页面后补入"
    ]
