"""Cover thumbnails: page 1 of an issue's PDF, rendered with pypdfium2."""

from __future__ import annotations

import io
from pathlib import Path

COVER_WIDTH = 300  # CSS pixels at most; rendered at 2x for sharp screens
COVER_HEIGHT = 424


def render_cover(pdf: Path) -> bytes:
    """A PNG of the first page, 600 px wide; raises when the PDF cannot be read."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(pdf))
    try:
        page = doc[0]
        width = page.get_width()
        bitmap = page.render(scale=(COVER_WIDTH * 2) / width)
        image = bitmap.to_pil().convert("RGB")
        page.close()
    finally:
        doc.close()
    image.thumbnail((COVER_WIDTH * 2, COVER_HEIGHT * 2))
    out = io.BytesIO()
    image.save(out, "PNG", optimize=True)
    return out.getvalue()
