"""Import a document file: recognise its real type, read it, find its structure.

The type comes from the file's first bytes, not its name, so a renamed file is caught with a
message that says what it really is. .doc/.wps go through LibreOffice when it is installed.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

from gazette.texts.model import DocumentText
from gazette.texts.raw import RawText, TextImportError
from gazette.texts.structure import detect

SUFFIXES = {
    ".docx": "docx",
    ".pdf": "pdf",
    ".ofd": "ofd",
    ".txt": "txt",
    ".text": "txt",
    ".doc": "legacy",
    ".wps": "legacy",
}
NAMES = {"docx": "DOCX", "pdf": "PDF", "ofd": "OFD", "txt": "文本", "legacy": "旧版 Word/WPS"}


@dataclass
class Imported:
    text: DocumentText
    source: str  # docx / pdf / ofd / txt
    warnings: list[str]


def sniff(path: Path) -> str:
    """What the bytes say the file is: docx, ofd, pdf, ole (doc/wps/encrypted docx), zip, txt."""
    with open(path, "rb") as fh:
        head = fh.read(8)
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "ole"
    if head.startswith(b"PK"):
        try:
            with zipfile.ZipFile(path) as zf:
                names = set(zf.namelist())
        except zipfile.BadZipFile:
            return "zip"
        if "word/document.xml" in names:
            return "docx"
        if any(n.lower() == "ofd.xml" for n in names):
            return "ofd"
        return "zip"
    return "txt"


def read_raw(path: Path | str) -> RawText:
    path = Path(path)
    if not path.is_file():
        raise TextImportError(path, "文件不存在")
    if path.stat().st_size == 0:
        raise TextImportError(path, "文件是空的")
    declared = SUFFIXES.get(path.suffix.lower())
    if declared is None:
        raise TextImportError(
            path,
            f"不支持的文件类型“{path.suffix or '无扩展名'}”；可导入 DOCX、PDF、OFD、TXT、DOC、WPS",
        )
    actual = sniff(path)
    if declared == "legacy" or (actual == "ole" and declared == "docx"):
        if actual == "ole" and declared == "docx":
            raise TextImportError(path, "DOCX 文件已加密（设有打开密码），请去除密码后另存再导入")
        return _convert_legacy(path)
    if actual == "ole":
        raise TextImportError(path, f"文件内容是旧版 Word/WPS 格式，与扩展名“{path.suffix}”不符")
    if actual == "zip":
        raise TextImportError(path, "文件是压缩包但不是 DOCX 或 OFD，或文件已损坏")
    if declared == "txt" and actual != "txt":
        raise TextImportError(
            path, f"文件内容是 {NAMES[actual]}，与扩展名“{path.suffix}”不符，请改正扩展名"
        )
    if declared != "txt" and actual != declared:
        what = NAMES.get(actual, actual) if actual != "txt" else "纯文本或已损坏的文件"
        raise TextImportError(path, f"扩展名是“{path.suffix}”，但文件内容是{what}")
    if actual == "docx":
        from gazette.texts.docx_import import read_docx

        return read_docx(path)
    if actual == "pdf":
        from gazette.texts.pdf_import import read_pdf

        return read_pdf(path)
    if actual == "ofd":
        from gazette.texts.ofd_import import read_ofd

        return read_ofd(path)
    from gazette.texts.txt_import import read_txt

    return read_txt(path)


def import_file(path: Path | str) -> Imported:
    """Read a document file and find its structure."""
    raw = read_raw(path)
    return Imported(detect(raw.items), raw.source, raw.warnings)


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def _convert_legacy(path: Path) -> RawText:
    exe = soffice()
    if exe is None:
        raise TextImportError(
            path,
            "这是旧版 Word/WPS 文件，本机未安装 LibreOffice，无法转换。"
            "请在 Word 或 WPS 中“另存为”DOCX 格式后再导入",
        )
    from gazette.texts.docx_import import read_docx

    with tempfile.TemporaryDirectory() as tmp:
        try:
            subprocess.run(
                [exe, "--headless", "--convert-to", "docx", "--outdir", tmp, str(path)],
                check=True,
                capture_output=True,
                timeout=180,
            )
        except (subprocess.SubprocessError, OSError) as exc:
            raise TextImportError(path, f"LibreOffice 转换失败：{exc}") from exc
        converted = Path(tmp) / (path.stem + ".docx")
        if not converted.exists():
            raise TextImportError(path, "LibreOffice 没有生成 DOCX，文件可能已损坏或加密")
        raw = read_docx(converted)
    raw.warnings.append("已用 LibreOffice 将旧版文件转换为 DOCX")
    return raw
