"""Is any of a file's text missing from its stored document? (“Text lost is a defect”.)

The reference text is read WITHOUT the project's importers, so an importer cannot hide its own
losses: the TXT file itself, python-docx's raw paragraph and cell text for DOCX, ``pdftotext``
for PDF, the text objects (TextCode) for OFD. Every reference line must be found in the stored
document, in order (title, 题注, blocks, furniture such as 版头 and 版记 included), white space
aside. Only folios (— 8 —) and lines that really repeat (running heads) may be missing.
"""

from __future__ import annotations

import posixpath
import re
import shutil
import subprocess
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from gazette.texts.docx_import import package_source
from gazette.texts.model import Block, DocumentText

_WS = re.compile(r"[\s\u3000\u00a0\u200b\ufeff\u2002\u2003\u2009]+")
_FOLIO = re.compile(r"^[—\-－–―~～]*[0-9０-９]{1,4}[—\-－–―~～]*$|^第\d+页[，,]?(共\d+页)?$")
# what the gazette may change: look-alike brackets of a 发文字号 and full-width digits; the
# brackets around a field printed alone on its line (a 令's number, a bulletin's date) are print
_SAME = str.maketrans(
    {
        **{c: "〔" for c in "[(（【［﹝〔"},
        **{c: "〕" for c in "])）】］﹞〕"},
        **{chr(0xFF10 + i): str(i) for i in range(10)},
    }
)
_MOVED = 800  # how far (in characters) a form's cell or a side column may stand from its place
_BACK = 40  # closing parts (date above or below the signature) may be stored swapped


def _norm(text: str) -> str:
    return _WS.sub("", text).translate(_SAME)


def reference_lines(path: Path) -> list[str]:
    """The file's text, line by line, read without the project's importers."""
    suffix = path.suffix.lower()
    if suffix == ".txt":
        data = path.read_bytes()
        for enc in ("utf-8-sig", "gb18030"):
            try:
                return data.decode(enc).splitlines()
            except UnicodeDecodeError:
                continue
        return data.decode("utf-8", "replace").splitlines()
    if suffix == ".docx":
        return _docx_lines(path)
    if suffix == ".pdf":
        exe = shutil.which("pdftotext")
        if exe is None:
            raise RuntimeError("pdftotext is not installed")
        out = subprocess.run(
            [exe, "-layout", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True
        )
        return out.stdout.decode("utf-8", "replace").replace("\f", "\n").splitlines()
    if suffix == ".ofd":
        return _ofd_lines(path)
    raise ValueError(f"no reference reader for {path.name}")


def _docx_lines(path: Path) -> list[str]:
    import docx
    from docx.table import _Cell
    from docx.text.paragraph import Paragraph

    document = docx.Document(package_source(path))
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    lines: list[str] = []
    for child in document.element.body.iter(w + "p", w + "tc"):
        if child.tag == w + "tc":
            cell = _Cell(child, document)  # type: ignore[arg-type]
            lines += [p.text for p in cell.paragraphs]
        elif not any(a.tag == w + "tc" for a in child.iterancestors()):
            lines.append(Paragraph(child, document).text)  # type: ignore[arg-type]
    return lines


def _ofd_lines(path: Path) -> list[str]:
    """The OFD's TextCode strings in reading order: the pages Document.xml lists, in its
    order, each page's own text and its templates' text sorted by position (top to bottom,
    then left to right on one line), since producers draw text in any order."""
    from xml.etree import ElementTree

    def local(tag: str) -> str:
        return tag.rsplit("}", 1)[-1]

    def where(base: str, loc: str) -> str:
        loc = loc.strip().replace("\\", "/")
        if loc.startswith("/"):
            return loc.lstrip("/")
        return posixpath.normpath(posixpath.join(posixpath.dirname(base), loc))

    lines: list[str] = []
    with zipfile.ZipFile(path) as zf:
        names = {n.lower(): n for n in zf.namelist()}

        def load(part: str) -> ElementTree.Element:
            return ElementTree.fromstring(zf.read(names[part.lower()]))

        root = load("OFD.xml")
        doc_path = where(
            "OFD.xml", next(e.text or "" for e in root.iter() if local(e.tag) == "DocRoot")
        )
        document = load(doc_path)
        templates = {
            e.get("ID", ""): where(doc_path, e.get("BaseLoc") or "")
            for e in document.iter()
            if local(e.tag) == "TemplatePage"
        }
        for page in (e for e in document.iter() if local(e.tag) == "Page"):
            content = load(where(doc_path, page.get("BaseLoc") or ""))
            parts = [content]
            for e in [*page, *content]:
                part = (
                    templates.get(e.get("TemplateID") or "") if local(e.tag) == "Template" else None
                )
                if part and part.lower() in names:
                    parts.append(load(part))
            runs = [run for part in parts for run in _ofd_runs(part, local)]
            lines += _reading_order(runs)
    return lines


def _ofd_runs(part: object, local: object) -> list[tuple[float, float, float, str]]:
    """Each TextCode as (y, x, size, text) on the page: Boundary origin plus its X/Y mapped
    by the object's CTM."""
    out: list[tuple[float, float, float, str]] = []
    for obj in part.iter():  # type: ignore[attr-defined]
        if local(obj.tag) != "TextObject":  # type: ignore[operator]
            continue
        box = [float(v) for v in (obj.get("Boundary") or "0 0 0 0").split()[:2]] + [0.0, 0.0]
        ctm = [float(v) for v in (obj.get("CTM") or "1 0 0 1 0 0").split()]
        a, b, c, d, e, f = ctm if len(ctm) == 6 else [1.0, 0.0, 0.0, 1.0, 0.0, 0.0]
        size = float(obj.get("Size") or 3.5) * (abs(a * d - b * c) ** 0.5 or 1.0)
        x = y = 0.0
        for code in obj:
            if local(code.tag) != "TextCode":  # type: ignore[operator]
                continue
            x = float(code.get("X") or x)
            y = float(code.get("Y") or y)
            if (code.text or "").strip():
                px, py = a * x + c * y + e, b * x + d * y + f
                out.append((box[1] + py, box[0] + px, size, code.text or ""))
    return out


def _reading_order(runs: list[tuple[float, float, float, str]]) -> list[str]:
    """Runs top to bottom; runs whose baselines lie within half a character of each other
    form one line, read left to right."""
    out: list[str] = []
    line: list[tuple[float, float, float, str]] = []
    for run in sorted(runs):
        if line and run[0] - line[0][0] > 0.5 * max(run[2], line[0][2]):
            out += [r[3] for r in sorted(line, key=lambda r: r[1])]
            line = []
        line.append(run)
    out += [r[3] for r in sorted(line, key=lambda r: r[1])]
    return out


@dataclass
class Fidelity:
    """What of the reference was not found in the stored document."""

    name: str
    lost: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)  # folios and repeated heads, allowed
    moved: list[str] = field(default_factory=list)  # found a few lines away from its place

    @property
    def ok(self) -> bool:
        return not self.lost


def check_file(path: Path, doc: DocumentText) -> Fidelity:
    """Check a file's stored document against the file's own text, read independently."""
    suffix = path.suffix.lower()
    return check(
        path.name, reference_lines(path), doc, positioned=suffix == ".ofd", laid=suffix == ".pdf"
    )


def check(
    name: str,
    reference: list[str],
    doc: DocumentText,
    positioned: bool = False,
    laid: bool = False,
) -> Fidelity:
    """``positioned``: the reference comes from text positions, not from a reading order (an
    OFD's text objects), so a line may be stored a few lines from its place (``_nearby``).
    ``laid``: the reference is a page's layout (``pdftotext -layout``), which prints a table's
    cells where they stand (``_table_rows``); a DOCX's or a TXT's reference is in cell order."""
    stored = _norm("".join(doc.lines(with_furniture=True)))
    lines = [_norm(x) for x in reference]
    lines = [x for x in lines if x]
    counts: dict[str, int] = {}
    for x in lines:
        counts[x] = counts.get(x, 0) + 1
    result = Fidelity(name)
    rows = _table_rows(stored, doc) if laid else []
    cursor = 0
    fields = {_norm(x) for x in (doc.doc_number, doc.date) if x}
    for line in lines:
        if _FOLIO.match(line):  # page furniture: never searched loosely, never required
            result.dropped.append(line)
            continue
        if line[:1] == "〔" and line[-1:] == "〕" and line[1:-1] in fields:
            line = line[1:-1]  # a 令's (第四十号) or a byline's （2023年4月12日）: print brackets
        back = _row_window(rows, cursor)
        if back is not None and stored.find(line, back, cursor) >= 0:
            result.moved.append(line)  # a merged or wrapped cell, printed beside a later line
            continue
        at = _find(stored, line, cursor, back)
        if at is not None:
            cursor = at
        elif positioned and _nearby(stored, line, cursor):
            result.moved.append(line)
        elif counts[line] >= 2 and len(line) <= 40:
            result.dropped.append(line)
        else:
            result.lost.append(line)
    return result


def _table_rows(stored: str, doc: DocumentText) -> list[tuple[int, int, int]]:
    """Each stored table row as (start, end, start of the first row a cell of it spans from).

    A positional reference (``pdftotext -layout``) prints a cell where it stands on the page:
    a cell merged over several rows is centred among them, level with a later row, and a
    wrapped cell's last line comes after the row's other cells. The stored table keeps the
    cell once, in its first row. So within a table, a reference line may be found back as far
    as the first row of a cell that spans the cursor's row, and no further.
    """
    blocks: list[Block] = [*doc.blocks, *(b for a in doc.appendices for b in a.blocks)]
    out: list[tuple[int, int, int]] = []
    at = 0
    for block in blocks:
        if block.kind != "table" or not block.rows:
            continue
        texts = [_norm(" ".join(c.text for c in row if c.text)) for row in block.rows]
        start = stored.find("".join(texts), at)
        if start < 0:
            continue
        first = list(range(len(texts)))
        for r, row in enumerate(block.rows):
            for cell in row:
                for k in range(r, min(len(texts), r + max(cell.rowspan, 1))):
                    first[k] = min(first[k], r)
        bounds: list[tuple[int, int]] = []
        for text in texts:
            bounds.append((start, start + len(text)))
            start += len(text)
        out += [(a, b, bounds[first[r]][0]) for r, (a, b) in enumerate(bounds)]
        at = start
    return out


def _row_window(rows: list[tuple[int, int, int]], cursor: int) -> int | None:
    """Where the search may reach back to when the cursor stands in a table row."""
    for start, end, back in rows:
        if start < cursor <= end:
            return back
    return None


def _nearby(stored: str, line: str, cursor: int) -> bool:
    """Is ``line`` stored a few lines from where the reading order puts it? The cells of a
    form, or a second column beside the first, have no single reading order: a reader may
    take a wrapped cell's second line with its row, or one column before the other. The
    text is then kept, only elsewhere; the cursor does not move, so the lines after it are
    still checked in order."""
    return stored.find(line, max(0, cursor - _MOVED), cursor + _MOVED + len(line)) >= 0


def _find(stored: str, line: str, cursor: int, back: int | None = None) -> int | None:
    """Where ``line`` ends in ``stored``, searched from just before ``cursor``.

    A short line is looked for only near the cursor, so a common phrase found far ahead
    cannot carry the cursor past text still to be checked; a long line may be found anywhere
    ahead. A line a reader joined differently (a table row split into cells) is found as a
    subsequence within a short window, which in a table starts at ``back`` (``_table_rows``).
    """
    start = max(0, cursor - _BACK)
    reach = cursor + len(line) + (4000 if len(line) >= 15 else 300)
    at = stored.find(line, start, reach)
    if at >= 0 and at + len(line) <= cursor:  # a copy already passed: rows that repeat
        ahead = stored.find(line, cursor, reach)
        at = ahead if ahead >= 0 else at
    if at >= 0:
        return max(cursor, at + len(line))
    k, end = min(start, back if back is not None else start), cursor + 3 * len(line) + 200
    end = min(len(stored), end)
    for ch in line:
        k = stored.find(ch, k, end)
        if k < 0:
            return None
        k += 1
    return max(cursor, k)
