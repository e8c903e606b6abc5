"""Fonts for PDFs, by role. Only TrueType-outline fonts embed in ReportLab (see FACTS).

Each role (title, body, heading1, heading2, latin, fallback) names a list of families, tried in
order. A family is found first among the Windows system fonts (by file name, because the office
PCs carry 方正小标宋简体, 仿宋_GB2312, 黑体 … under fixed names), then among the fonts bundled in
``resources/fonts``. The fallback role is always a bundled full-coverage face, so a character
missing from its role's font is drawn from it; a character no font has raises ``MissingGlyph``
(ReportLab would otherwise drop it silently).

``ensure_registered()`` keeps its old meaning: register and return the font name per role.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from reportlab.pdfbase import pdfmetrics

from gazette.layout import fontcache
from gazette.layout.fontcache import load_font
from gazette.resources import resource_path

ROLES = ("title", "body", "heading1", "heading2", "latin", "fallback")

# Windows file names per family, as installed by Windows itself or the usual office font packs.
WINDOWS_FILES: dict[str, tuple[tuple[str, int], ...]] = {
    "方正小标宋简体": (("FZXBSJW.TTF", 0), ("方正小标宋简体.ttf", 0), ("FZXBSK.TTF", 0)),
    "仿宋_GB2312": (("FS_GB2312.ttf", 0), ("仿宋_GB2312.ttf", 0), ("SIMFANG.TTF", 0)),
    "仿宋": (("simfang.ttf", 0),),
    "黑体": (("simhei.ttf", 0),),
    "楷体_GB2312": (("KAI_GB2312.ttf", 0), ("楷体_GB2312.ttf", 0)),
    "楷体": (("simkai.ttf", 0),),
    "宋体": (("simsun.ttc", 0), ("simsun.ttf", 0)),
    "Times New Roman": (("times.ttf", 0),),
}

# Free TrueType fonts shipped in resources/fonts (licences in resources/fonts/licenses).
BUNDLED: dict[str, tuple[str, int]] = {
    "宋体": ("GazetteSong-uming.ttf", 0),  # AR PL UMing CN, GBK subset
    "楷体": ("GazetteKai-ukai.ttf", 0),  # AR PL UKai CN, GBK subset
    "黑体": ("wqy-microhei.ttc", 0),  # WenQuanYi Micro Hei, full GBK coverage
    "Times New Roman": ("LiberationSerif-Regular.ttf", 0),  # metric-compatible
    "仿宋": ("GazetteFang-fandol.ttf", 0),  # FandolFang, converted to TrueType outlines
}
# a family not bundled falls back to a bundled one of similar style
SIMILAR: dict[str, str] = {
    "方正小标宋简体": "宋体",
    "仿宋_GB2312": "仿宋",
    "楷体_GB2312": "楷体",
    "Times New Roman": "Times New Roman",
}

DEFAULT_FAMILIES: dict[str, tuple[str, ...]] = {
    "title": ("方正小标宋简体", "宋体"),
    "body": ("仿宋_GB2312", "仿宋", "宋体"),
    "heading1": ("黑体",),
    "heading2": ("楷体_GB2312", "楷体"),
    "latin": ("Times New Roman",),
    "fallback": ("黑体",),
}


class MissingGlyph(LookupError):
    """A character that no configured font can draw; the message names it (and the document)."""

    def __init__(self, char: str, where: str = "") -> None:
        self.char = char
        self.where = where
        place = f"“{where}”中的" if where else ""
        super().__init__(
            f"{place}字符“{char}”（U+{ord(char):04X}）在所有字体中都没有字形，"
            "不能排版；请改用规范字或安装含该字的字体"
        )


def windows_font_dirs() -> list[Path]:
    """The system and per-user font folders of Windows (empty elsewhere)."""
    dirs: list[Path] = []
    windir = os.environ.get("WINDIR") or os.environ.get("SYSTEMROOT")
    if windir:
        dirs.append(Path(windir) / "Fonts")
    local = os.environ.get("LOCALAPPDATA")
    if local:
        dirs.append(Path(local) / "Microsoft" / "Windows" / "Fonts")
    return [d for d in dirs if d.is_dir()]


@dataclass(frozen=True)
class FontFile:
    family: str
    path: Path
    face: int
    source: str  # system / bundled

    @property
    def reg_name(self) -> str:
        # a distinct name per file and face: ReportLab treats equal names as one font
        stem = "".join(ch if ch.isalnum() and ch.isascii() else "_" for ch in self.path.stem)
        return f"GZ-{self.source}-{stem}-{self.face}"


def locate(
    family: str, system_dirs: Sequence[Path] | None = None, bundled_ok: bool = True
) -> FontFile | None:
    """A family's file: a Windows system font if installed, else the bundled one (or None)."""
    dirs = windows_font_dirs() if system_dirs is None else list(system_dirs)
    for folder in dirs:
        for name, face in WINDOWS_FILES.get(family, ()):
            for candidate in (folder / name, folder / name.lower(), folder / name.upper()):
                if candidate.is_file():
                    return FontFile(family, candidate, face, "system")
    bundled = BUNDLED.get(family) or BUNDLED.get(SIMILAR.get(family, ""))
    if bundled and not resource_path("fonts", bundled[0]).is_file():
        bundled = None
    if bundled and bundled_ok:
        path = resource_path("fonts", bundled[0])
        if path.is_file():
            return FontFile(family, path, bundled[1], "bundled")
    return None


@dataclass
class Face:
    """A registered font with the characters it can draw (its cmap: code point → glyph)."""

    name: str
    file: FontFile
    cmap: Mapping[int, int]

    def has(self, ch: str) -> bool:
        return ord(ch) in self.cmap

    @property
    def chars(self) -> frozenset[int]:
        return frozenset(self.cmap)


SHIPPED: Path | None = None  # another shipped folder (the layout benchmark's)


def shipped_metrics() -> Path:
    """Where the installed app keeps the bundled fonts' metrics (``ship_metrics``)."""
    return SHIPPED or resource_path("fonts", "metrics")


def ship_metrics(folder: Path | None = None) -> list[Path]:
    """Parse every bundled font once and write its metrics where the app will read them: run
    when packaging, so an office PC's first build does not parse 40 MB of fonts (the bundled
    fonts are read lazily from their files first, ``fontread``: these serve if that declines)."""
    files = sorted({v for v in BUNDLED.values()})
    return fontcache.ship(
        [(resource_path("fonts", name), face) for name, face in files], folder or shipped_metrics()
    )


def _register(file: FontFile, cache_dir: Path | None = None) -> Face:
    name = file.reg_name
    if name not in pdfmetrics.getRegisteredFontNames():
        shipped = shipped_metrics() if file.source == "bundled" else None
        pdfmetrics.registerFont(load_font(name, file.path, file.face, cache_dir, shipped))
    font = pdfmetrics.getFont(name)
    return Face(name, file, font.face.charToGlyph)  # type: ignore[attr-defined]


_FACES: dict[FontFile, Face] = {}


def _face(file: FontFile, cache_dir: Path | None = None) -> Face:
    if file not in _FACES:
        _FACES[file] = _register(file, cache_dir)
    return _FACES[file]


# characters drawn in the latin role when the body is Chinese: digits, Latin letters and signs
def is_latin(ch: str) -> bool:
    return ch.isascii() and not ch.isspace()


@dataclass
class FontSet:
    """Faces per role, with per-character fallback: the role's other families, then the
    full-coverage fallback face."""

    faces: dict[str, Face]
    chains: dict[str, list[Face]] = field(default_factory=dict)
    _cache: dict[tuple[str, str], str] = field(default_factory=dict)
    _by_role: dict[str, dict[str, str]] = field(default_factory=dict)

    def name(self, role: str) -> str:
        return self.faces[role].name

    def font_for(self, ch: str, role: str, where: str = "") -> str:
        """The registered font name that draws ``ch`` in ``role`` (latin role for ASCII)."""
        key = (ch, role)
        hit = self._cache.get(key)
        if hit is not None:
            return hit
        order = [*(self.chains.get(role) or [self.faces[role]]), self.faces["fallback"]]
        if is_latin(ch) and role != "latin":
            order.insert(0, self.faces["latin"])
        if ch.isspace():
            found = self.faces[role].name
        else:
            found = next((f.name for f in order if f.has(ch)), "")
            if not found:
                raise MissingGlyph(ch, where)
        self._cache[key] = found
        return found

    def runs(self, text: str, role: str, where: str = "") -> list[tuple[str, str]]:
        """Split text into (font name, run) pieces, each drawable by one font."""
        table = self._by_role.setdefault(role, {})
        try:
            names = [table[ch] for ch in text]
        except KeyError:
            for ch in text:
                if ch not in table:
                    table[ch] = self.font_for(ch, role, where)
            names = [table[ch] for ch in text]
        out: list[tuple[str, str]] = []
        start = 0
        for k in range(1, len(text)):
            if names[k] != names[start]:
                out.append((names[start], text[start:k]))
                start = k
        if text:
            out.append((names[start], text[start:]))
        return out

    def check(self, text: str, role: str, where: str = "") -> None:
        for ch in set(text):
            self.font_for(ch, role, where)


def resolve_chains(
    families: Mapping[str, Iterable[str]] | None = None,
    system_dirs: Sequence[Path] | None = None,
) -> dict[str, list[FontFile]]:
    """Every font file found for each role, best first (the primary, then its fallbacks)."""
    primary = resolve(families, system_dirs)
    wanted = {**DEFAULT_FAMILIES, **{k: tuple(v) for k, v in (families or {}).items()}}
    chains: dict[str, list[FontFile]] = {}
    for role in ROLES:
        chain = [primary[role]]
        for bundled_ok in (False, True):
            for fam in wanted[role]:
                found = locate(fam, system_dirs, bundled_ok)
                if found is not None and all(f.path != found.path for f in chain):
                    chain.append(found)
        chains[role] = chain
    return chains


def resolve(
    families: Mapping[str, Iterable[str]] | None = None,
    system_dirs: Sequence[Path] | None = None,
) -> dict[str, FontFile]:
    """The font file per role: the first family of the role's list that is found."""
    wanted = {**DEFAULT_FAMILIES, **{k: tuple(v) for k, v in (families or {}).items()}}
    out: dict[str, FontFile] = {}
    for role in ROLES:
        # every family of the role among the system fonts first, then among the bundled ones
        found = next(
            (f for fam in wanted[role] if (f := locate(fam, system_dirs, False)) is not None),
            None,
        ) or next((f for fam in wanted[role] if (f := locate(fam, system_dirs)) is not None), None)
        if found is not None:
            out[role] = found
        else:
            raise LookupError(f"字体角色 {role} 的字体（{'、'.join(wanted[role])}）都找不到")
    # the fallback must cover everything the bundled set covers: always the bundled 黑体
    if out["fallback"].source != "bundled":
        out["fallback"] = FontFile("黑体", resource_path("fonts", BUNDLED["黑体"][0]), 0, "bundled")
    return out


def font_set(
    families: Mapping[str, Iterable[str]] | None = None,
    system_dirs: Sequence[Path] | None = None,
    cache_dir: Path | None = None,
) -> FontSet:
    """Register the fonts for every role and return them with per-character fallback.

    With ``cache_dir`` the parsed metrics of each font file are kept there (``fontcache``)."""
    chains = resolve_chains(families, system_dirs)
    return FontSet(
        {role: _face(c[0], cache_dir) for role, c in chains.items()},
        {role: [_face(f, cache_dir) for f in c] for role, c in chains.items()},
    )


def cache_dir_of(data_dir: Path) -> Path:
    """Where a data folder keeps parsed font metrics (safe to delete: rebuilt on demand)."""
    return data_dir / "cache" / "fonts"


@lru_cache(maxsize=1)
def ensure_registered() -> dict[str, str]:
    """Register the default fonts and map every role to a registered font name."""
    fs = font_set()
    return {role: fs.name(role) for role in ROLES}
