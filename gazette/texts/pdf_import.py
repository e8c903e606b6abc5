"""Born-digital PDF with pypdf: positioned text runs, then lines and paragraphs (lines.py).

An encrypted PDF opens when it has an empty user password (many are encrypted only to forbid
editing); otherwise the user is asked for an unprotected copy. A PDF without a text layer is a
scan and belongs to OCR, so it is refused with that advice.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from gazette.texts.lines import Chunk, group_lines, paragraphs
from gazette.texts.raw import RawText, TextImportError


def read_pdf(path: Path) -> RawText:
    from pypdf import PdfReader
    from pypdf.errors import FileNotDecryptedError, PdfReadError

    try:
        reader = PdfReader(str(path))
        if reader.is_encrypted:
            try:
                if not reader.decrypt(""):
                    raise TextImportError(path, "PDF 已加密，需要密码；请提供未加密的文件")
            except (FileNotDecryptedError, NotImplementedError) as exc:
                raise TextImportError(path, f"PDF 已加密，无法读取（{exc}）") from exc
        pages = [_page_lines(page, i) for i, page in enumerate(reader.pages)]
    except TextImportError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise TextImportError(path, f"PDF 文件已损坏或无法解析（{exc}）") from exc
    if not pages:
        raise TextImportError(path, "PDF 没有页面")
    if not any(pages):
        raise TextImportError(path, "PDF 没有文字层（可能是扫描件），请先在数字化模块中识别")
    items = paragraphs(pages)
    if not items:
        raise TextImportError(path, "PDF 中没有正文文字")
    return RawText(items=items, source="pdf")


def _page_lines(page: Any, number: int) -> list[Any]:
    height = float(page.mediabox.height)
    chunks: list[Chunk] = []

    def visit(text: str, cm: list[float], tm: list[float], font: Any, size: float) -> None:
        if not text or not text.strip():
            return
        x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        scale = (tm[0] ** 2 + tm[1] ** 2) ** 0.5 * (cm[0] ** 2 + cm[1] ** 2) ** 0.5
        eff = float(size) * (scale or 1.0)
        for k, part in enumerate(text.split("\n")):
            if part.strip():
                chunks.append(Chunk(x, height - y + k * eff * 1.2, eff, part))

    page.extract_text(visitor_text=visit)
    return group_lines(chunks, number)
