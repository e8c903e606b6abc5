"""Fonts for PDFs, by role. Only TrueType-outline fonts embed in ReportLab (see FACTS).

``ensure_registered()`` registers the fonts once and returns the ReportLab font name per role:
title, body, heading1, heading2, latin, fallback.
"""

from __future__ import annotations

from functools import lru_cache

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from gazette.resources import resource_path

ROLES = ("title", "body", "heading1", "heading2", "latin", "fallback")


@lru_cache(maxsize=1)
def ensure_registered() -> dict[str, str]:
    """Register the bundled fonts and map every role to a registered font name."""
    path = resource_path("fonts", "wqy-microhei.ttc")
    name = "GazetteSans"
    if name not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(name, str(path), subfontIndex=0))
    return dict.fromkeys(ROLES, name)
