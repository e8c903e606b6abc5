"""Upper bounds on what one file may make the program do, so a hostile or broken file is refused
quickly instead of filling the memory or holding the database for minutes.

The defaults are stated in the README (“输入上限”); they are far above any real gazette file.
"""

from __future__ import annotations

MIB = 1 << 20

# Zip containers (DOCX, OFD, XLSX): checked per member before anything is unpacked.
ZIP_MAX_MEMBER_BYTES = 256 * MIB  # unpacked size of one member
ZIP_MAX_TOTAL_BYTES = 1024 * MIB  # unpacked size of all members together
ZIP_MAX_RATIO = 200  # unpacked : packed, for members over ZIP_RATIO_FLOOR
ZIP_RATIO_FLOOR = 4 * MIB  # small members may compress as well as they like
ZIP_MAX_MEMBERS = 20_000
ZIP_MAX_XML_BYTES = 64 * MIB  # one XML part (document.xml, an OFD page, a worksheet)

PDF_MAX_PAGES = 2_000  # one scanned or born-digital PDF in the backlog
IMPORT_MAX_ROWS = 20_000  # one XLSX/CSV import (departments, submissions, register)
IMAGE_MAX_PIXELS = 200_000_000  # one page image (a 600 dpi A3 scan is about 70 million)
# A distribution list is a few hundred units; a sheet far larger is a wrong file, refused whole.
RECIPIENTS_MAX_ROWS = 5_000

# The three an office may change in Settings (设置 → 输入上限, ``gazette settings set``): the
# setting's key → this module's name. The office's values replace the defaults when a context
# opens and when they are saved; a ceiling keeps a setting from switching the guard off.
ADJUSTABLE: dict[str, str] = {
    "pdf_max_pages": "PDF_MAX_PAGES",
    "import_max_rows": "IMPORT_MAX_ROWS",
    "image_max_pixels": "IMAGE_MAX_PIXELS",
}
DEFAULTS: dict[str, int] = {
    "pdf_max_pages": PDF_MAX_PAGES,
    "import_max_rows": IMPORT_MAX_ROWS,
    "image_max_pixels": IMAGE_MAX_PIXELS,
}
CEILING = 10  # a setting may raise a limit to at most ten times its default


def checked(key: str, value: object) -> int:
    """A setting's value as a limit, or ValueError naming the allowed range."""
    top = DEFAULTS[key] * CEILING
    try:
        number = int(str(value).strip())
    except ValueError:
        number = 0
    if not 1 <= number <= top:
        raise ValueError(f"上限 {key} 必须是 1 到 {top} 之间的整数，而不是 {value!r}")
    return number


def use(values: dict[str, object]) -> None:
    """Apply an office's limits (a missing or empty value means the default)."""
    for key, name in ADJUSTABLE.items():
        value = values.get(key)
        globals()[name] = checked(key, value) if value not in (None, "") else DEFAULTS[key]
