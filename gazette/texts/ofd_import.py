"""OFD (GB/T 33190-2016): a zip of XML. Text objects are read with the standard library only.

OFD.xml names the document root (DocBody/DocRoot); Document.xml lists the pages; each page's
Content.xml holds TextObject elements (Boundary = x y w h in mm) whose TextCode children carry
the text at X/Y offsets. Reading order comes from the positions, as for PDF (lines.py).
Page templates (running heads, folios) are not read.
"""

from __future__ import annotations

import posixpath
import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

from gazette import zipguard
from gazette.texts.lines import Chunk, Line, group_lines, paragraphs
from gazette.texts.raw import RawText, TextImportError

NS = "{http://www.ofdspec.org/2016}"


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _find(el: ET.Element, name: str) -> ET.Element | None:
    for child in el.iter():
        if _local(child.tag) == name:
            return child
    return None


def _resolve(base: str, loc: str) -> str:
    loc = loc.strip().replace("\\", "/")
    if loc.startswith("/"):
        return loc.lstrip("/")
    return posixpath.normpath(posixpath.join(posixpath.dirname(base), loc))


def read_ofd(path: Path) -> RawText:
    try:
        zipguard.check_archive(path)
    except zipguard.ZipRefused as exc:
        raise TextImportError(path, str(exc)) from exc
    try:
        with zipfile.ZipFile(path) as zf:
            names = {n.lower(): n for n in zf.namelist()}
            root = ET.fromstring(zf.read(names["ofd.xml"]))
            doc_root = _find(root, "DocRoot")
            if doc_root is None or not (doc_root.text or "").strip():
                raise TextImportError(path, "OFD.xml 中没有 DocRoot")
            doc_path = _resolve("OFD.xml", doc_root.text or "")
            document = ET.fromstring(zf.read(names[doc_path.lower()]))
            pages: list[list[Line]] = []
            for number, page in enumerate(el for el in document.iter() if _local(el.tag) == "Page"):
                loc = page.get("BaseLoc")
                if not loc:
                    continue
                content = ET.fromstring(zf.read(names[_resolve(doc_path, loc).lower()]))
                pages.append(group_lines(_chunks(content), number))
    except TextImportError:
        raise
    except zipfile.BadZipFile as exc:
        raise TextImportError(path, f"OFD 文件已损坏（{exc}）") from exc
    except KeyError as exc:
        raise TextImportError(path, f"OFD 文件缺少部件 {exc}") from exc
    except (ET.ParseError, ValueError) as exc:
        raise TextImportError(path, f"OFD 文件的 XML 无法解析（{exc}）") from exc
    if not any(pages):
        raise TextImportError(path, "OFD 中没有文字（可能是扫描件），请先识别")
    return RawText(items=paragraphs(pages), source="ofd")


def _chunks(content: ET.Element) -> list[Chunk]:
    out: list[Chunk] = []
    for obj in content.iter():
        if _local(obj.tag) != "TextObject":
            continue
        box = [float(v) for v in (obj.get("Boundary") or "0 0 0 0").split()]
        size = float(obj.get("Size") or 3.5)
        x0, y0 = box[0], box[1]
        cur_x = cur_y = 0.0
        for code in obj:
            if _local(code.tag) != "TextCode":
                continue
            if code.get("X") is not None:
                cur_x = float(code.get("X") or 0)
            if code.get("Y") is not None:
                cur_y = float(code.get("Y") or 0)
            text = code.text or ""
            if text.strip():
                out.append(Chunk(x0 + cur_x, y0 + cur_y, size, text))
    return out
