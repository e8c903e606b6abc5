"""A submission's text, read from the file the department sent with it.

The desk records a document with its file; without this the document had no text, so the issue
check refused it ("还没有正文，不能排版") and nothing on any screen could give it one. The text
is read once, when the document has none: the desk's own 标题 and 发文字号 stay as recorded.
"""

from __future__ import annotations

from pathlib import Path

from gazette.db.models import Document
from gazette.texts import docno
from gazette.texts.importer import import_file
from gazette.texts.raw import TextImportError

# files whose words can be read without a converter or OCR (images and .doc/.wps cannot)
READABLE = frozenset({".docx", ".pdf", ".ofd"})


def read_into(doc: Document, path: Path) -> str | None:
    """Give ``doc`` the text of ``path`` when it has none; a warning (Chinese) when it cannot."""
    if doc.structure or path.suffix.lower() not in READABLE:
        return None
    try:
        text = import_file(path).text
    except TextImportError as exc:
        return f"附件 {path.name} 未能读出正文：{exc.reason}"
    except Exception:  # a damaged file is still the department's file: record it, say so
        return f"附件 {path.name} 已损坏或格式有误，未能读出正文，正文需另行录入"
    plain = text.plain_text().strip()
    if not plain:  # a scan: its words need OCR, not this
        return f"附件 {path.name} 中没有可读的文字（可能是扫描件），正文需另行录入"
    doc.structure = text.to_json()
    doc.body_text = plain
    if text.doc_number and _normal(text.doc_number) != doc.doc_number:
        return f"附件 {path.name} 中的发文字号“{text.doc_number}”与登记的“{doc.doc_number}”不同"
    return None


def _normal(number: str) -> str:
    try:
        return docno.normalise(number)
    except docno.DocNumberError:
        return number
