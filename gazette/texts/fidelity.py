"""Is any of a file's text missing from its stored document? (“Text lost is a defect”.)

The reference text is read WITHOUT the project's importers, so an importer cannot hide its own
losses: the TXT file itself, python-docx's raw paragraph and cell text for DOCX, ``pdftotext``
for PDF, the text objects (TextCode) for OFD. Every reference line must be found in the stored
document, in order (title, 题注, blocks, furniture such as 版头 and 版记 included), white space
aside. Only folios (— 8 —) and lines that really repeat (running heads) may be missing.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from gazette.texts.model import DocumentText

_WS = re.compile(r"[\s\u3000\u00a0\u200b\ufeff\u2002\u2003\u2009]+")
_FOLIO = re.compile(r"^[—\-－–―~～]*[0-9０-９]{1,4}[—\-－–―~～]*$|^第\d+页(共\d+页)?$")
# what the gazette may change: look-alike brackets of a 发文字号 and full-width digits
_SAME = str.maketrans(
    {
        **{c: "〔" for c in "[(（【［﹝〔"},
        **{c: "〕" for c in "])）】］﹞〕"},
        **{chr(0xFF10 + i): str(i) for i in range(10)},
    }
)
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

    document = docx.Document(str(path))
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
    from xml.etree import ElementTree

    lines: list[str] = []
    with zipfile.ZipFile(path) as zf:
        for name in sorted(n for n in zf.namelist() if n.endswith("Content.xml")):
            root = ElementTree.fromstring(zf.read(name))
            lines += [el.text or "" for el in root.iter() if el.tag.endswith("TextCode")]
    return lines


@dataclass
class Fidelity:
    """What of the reference was not found in the stored document."""

    name: str
    lost: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)  # folios and repeated heads, allowed

    @property
    def ok(self) -> bool:
        return not self.lost


def check(name: str, reference: list[str], doc: DocumentText) -> Fidelity:
    stored = _norm("".join(doc.lines(with_furniture=True)))
    lines = [_norm(x) for x in reference]
    lines = [x for x in lines if x]
    counts: dict[str, int] = {}
    for x in lines:
        counts[x] = counts.get(x, 0) + 1
    result = Fidelity(name)
    cursor = 0
    for line in lines:
        if _FOLIO.match(line):  # page furniture: never searched loosely, never required
            result.dropped.append(line)
            continue
        at = _find(stored, line, cursor)
        if at is not None:
            cursor = at
        elif counts[line] >= 2 and len(line) <= 40:
            result.dropped.append(line)
        else:
            result.lost.append(line)
    return result


def _find(stored: str, line: str, cursor: int) -> int | None:
    """Where ``line`` ends in ``stored``, searched from just before ``cursor``.

    A short line is looked for only near the cursor, so a common phrase found far ahead
    cannot carry the cursor past text still to be checked; a long line may be found anywhere
    ahead. A line a reader joined differently (a table row split into cells) is found as a
    subsequence within a short window.
    """
    start = max(0, cursor - _BACK)
    reach = cursor + len(line) + (4000 if len(line) >= 15 else 300)
    at = stored.find(line, start, reach)
    if at >= 0:
        return max(cursor, at + len(line))
    k, end = start, min(len(stored), cursor + 3 * len(line) + 200)
    for ch in line:
        k = stored.find(ch, k, end)
        if k < 0:
            return None
        k += 1
    return max(cursor, k)
