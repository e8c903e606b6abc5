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
