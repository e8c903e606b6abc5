"""OFD (GB/T 33190-2016): a zip of XML. Text objects are read with the standard library only.

OFD.xml names the document root (DocBody/DocRoot); Document.xml lists the pages and the page
templates (CommonData/TemplatePage); each page's Content.xml holds TextObject elements whose
TextCode children carry the text. Reading order comes from the positions, as for PDF (lines.py).

Where a character stands is not simply Boundary + X/Y. The standard places a TextCode's X/Y in
the object's own space, which its CTM maps into the Boundary's box: a court-system converter
writes Size 281 with CTM 0.0176, a receipt system Size 22 with CTM 0.3528 (points to mm), and
both scramble without the matrix. DeltaX gives each character's advance (``g 8 2.1`` repeats
2.1 eight times), so a justified line's right end is known and its paragraph joins. Templates
hold text too (the captions of a form, a running head): they are read behind the page's own
text, and repeated furniture is dropped later like any other.
"""

from __future__ import annotations

import math
import posixpath
import statistics
import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

from gazette.files import zips as zipguard
from gazette.texts.decodable import check_pages, image_only_warning
from gazette.texts.lines import Chunk, Line, group_lines, paragraphs, text_width
from gazette.texts.raw import RawText, TextImportError

NS = "{http://www.ofdspec.org/2016}"
Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


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

            def load(part: str) -> ET.Element:
                return ET.fromstring(zf.read(names[part.lower()]))

            root = load("OFD.xml")
            doc_root = _find(root, "DocRoot")
            if doc_root is None or not (doc_root.text or "").strip():
                raise TextImportError(path, "OFD.xml 中没有 DocRoot")
            doc_path = _resolve("OFD.xml", doc_root.text or "")
            document = load(doc_path)
            templates = {
                el.get("ID", ""): _resolve(doc_path, el.get("BaseLoc") or "")
                for el in document.iter()
                if _local(el.tag) == "TemplatePage" and el.get("BaseLoc")
            }
            template_chunks: dict[str, list[Chunk]] = {}
            pages: list[list[Line]] = []
            texts: list[str] = []
            imaged: list[bool] = []
            page_els = [el for el in document.iter() if _local(el.tag) == "Page"]
            for number, page in enumerate(page_els):
                loc = page.get("BaseLoc")
                if not loc:
                    continue
                content = load(_resolve(doc_path, loc))
                chunks: list[Chunk] = []
                for tid in _template_ids(page, content):
                    if tid not in templates:
                        continue
                    if tid not in template_chunks:
                        part = templates[tid]
                        template_chunks[tid] = _chunks(load(part)) if part.lower() in names else []
                    chunks += [_copy(c) for c in template_chunks[tid]]
                chunks += _chunks(content)
                pages.append(group_lines(chunks, number))
                texts.append("".join(c.text for c in chunks))
                imaged.append(any(_local(el.tag) == "ImageObject" for el in content.iter()))
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
    check_pages(path, texts)
    blank = [n + 1 for n, t in enumerate(texts) if not t.strip() and imaged[n]]
    return RawText(
        items=paragraphs(pages), source="ofd", warnings=image_only_warning(blank, len(texts))
    )


def _template_ids(page: ET.Element, content: ET.Element) -> list[str]:
    """Templates named by the page entry in Document.xml or by the page's own Content.xml."""
    ids: list[str] = []
    for el in [*page, *content]:
        if _local(el.tag) == "Template" and el.get("TemplateID"):
            tid = el.get("TemplateID") or ""
            if tid not in ids:
                ids.append(tid)
    return ids


def _copy(c: Chunk) -> Chunk:
    return Chunk(c.x, c.y, c.size, c.text, c.end, list(c.xs) if c.xs else None)


def _matrix(value: str | None) -> Matrix:
    if not value:
        return IDENTITY
    parts = [float(v) for v in value.split()]
    if len(parts) != 6:
        return IDENTITY
    return (parts[0], parts[1], parts[2], parts[3], parts[4], parts[5])


def _apply(m: Matrix, x: float, y: float) -> tuple[float, float]:
    a, b, c, d, e, f = m
    return a * x + c * y + e, b * x + d * y + f


def deltas(value: str | None) -> list[float]:
    """DeltaX / DeltaY as a list of advances; ``g N v`` stands for N copies of v."""
    out: list[float] = []
    tokens = (value or "").split()
    i = 0
    while i < len(tokens):
        if tokens[i] == "g" and i + 2 < len(tokens):
            out += [float(tokens[i + 2])] * int(float(tokens[i + 1]))
            i += 3
        else:
            out.append(float(tokens[i]))
            i += 1
    return out


def _chunks(content: ET.Element) -> list[Chunk]:
    """One chunk per TextCode, with each character's page position and the run's right end."""
    out: list[Chunk] = []
    boxed: list[tuple[Chunk, float, float]] = []  # runs whose end only the Boundary can tell
    for obj in content.iter():
        if _local(obj.tag) != "TextObject":
            continue
        box = [float(v) for v in (obj.get("Boundary") or "0 0 0 0").split()] + [0.0] * 4
        x0, y0, width = box[0], box[1], box[2]
        ctm = _matrix(obj.get("CTM"))
        scale = math.sqrt(abs(ctm[0] * ctm[3] - ctm[1] * ctm[2])) or 1.0
        size = float(obj.get("Size") or 3.5) * scale
        codes = [c for c in obj if _local(c.tag) == "TextCode"]
        cur_x = cur_y = 0.0
        for code in codes:
            if code.get("X") is not None:
                cur_x = float(code.get("X") or 0)
            if code.get("Y") is not None:
                cur_y = float(code.get("Y") or 0)
            text = code.text or ""
            advances = deltas(code.get("DeltaX"))
            # each character's start in the object's space, then mapped onto the page
            starts = [cur_x]
            for i in range(1, len(text)):
                step = advances[i - 1] if i - 1 < len(advances) else None
                if step is None:  # fewer advances than characters: the font's own widths
                    step = text_width(text[i - 1], size / scale)
                starts.append(starts[-1] + step)
            last = advances[len(text) - 1] if text and len(advances) >= len(text) else None
            if text.strip():
                xs = [x0 + _apply(ctm, sx, cur_y)[0] for sx in starts]
                end = xs[-1] + (last * scale if last is not None else text_width(text[-1], size))
                chunk = _run(text, xs, y0 + _apply(ctm, cur_x, cur_y)[1], size, end)
                out.append(chunk)
                if not advances and len(codes) == 1 and chunk.text == text:
                    boxed.append((chunk, chunk.x + text_width(text, size), x0 + width))
            if text:  # the next TextCode without X continues after this one
                cur_x = starts[-1] + (
                    last if last is not None else text_width(text[-1], size / scale)
                )
    if boxed and _tight_boxes(boxed):
        for chunk, _, box_right in boxed:  # a Boundary widens a run, never narrows its advance
            chunk.end = max(chunk.x_end, box_right)
    return out


def _tight_boxes(boxed: list[tuple[Chunk, float, float]]) -> bool:
    """Does this producer draw each Boundary around its text (so a justified line's Boundary
    is its true width), or around the whole text block? Short runs (titles, last lines of
    paragraphs) tell: their Boundary hugs them only in the first case."""
    widths = [natural - chunk.x for chunk, natural, _ in boxed]
    widest = max(widths)
    short = [(c, n, b) for (c, n, b), w in zip(boxed, widths, strict=True) if w < 0.6 * widest]
    sample = short or boxed
    slack = statistics.median((b - n) / c.size for c, n, b in sample)
    return slack <= (1.0 if short else 3.0)


def _run(text: str, xs: list[float], y: float, size: float, end: float) -> Chunk:
    """The run's ink: leading and trailing spaces carry none."""
    lead = len(text) - len(text.lstrip())
    body = text.strip()
    chars = xs[lead : lead + len(body)]
    if text != text.rstrip():
        end = chars[-1] + text_width(body[-1], size)
    return Chunk(chars[0], y, size, body, end, chars)
