"""The ruling lines a PDF page draws: table borders, read from its path objects with pdfium.

Producers draw a border either as a stroked line (Skia, Word) or as a thin filled box (WPS
表格 draws each 1-pt rule as a rectangle 1 pt high). Both become a ``Rule`` along the line's
centre; curves, large filled areas (cell shading, a page background) and short ticks are not
borders.
"""

from __future__ import annotations

import itertools

from gazette.texts.grid import Rule

_THIN = 2.5  # a filled box this thin is a rule
_SHORT = 3.0  # a segment shorter than this is a tick, not a border


def page_rules(page: object, height: float) -> list[Rule]:
    """Horizontal and vertical borders drawn on the page, in points from its top-left."""
    import pypdfium2.raw as pdfium_c

    rules: list[Rule] = []
    raw_page = page.raw  # type: ignore[attr-defined]
    for i in range(pdfium_c.FPDFPage_CountObjects(raw_page)):  # the raw calls: pages of glyphs
        obj = pdfium_c.FPDFPage_GetObject(raw_page, i)
        if pdfium_c.FPDFPageObj_GetType(obj) != pdfium_c.FPDF_PAGEOBJ_PATH:
            continue
        fill = pdfium_c.c_int()
        stroke = pdfium_c.FPDF_BOOL()
        if not pdfium_c.FPDFPath_GetDrawMode(obj, fill, stroke):
            continue
        m = pdfium_c.FS_MATRIX()
        if not pdfium_c.FPDFPageObj_GetMatrix(obj, m):  # an object pdfium cannot place
            continue
        a, b, c, d, e, f = m.a, m.b, m.c, m.d, m.e, m.f

        def to_page(x: float, y: float) -> tuple[float, float]:
            return a * x + c * y + e, height - (b * x + d * y + f)  # noqa: B023

        for path in _subpaths(obj, pdfium_c):
            points = [to_page(x, y) for x, y in path]
            if stroke.value:
                rules += [r for p, q in itertools.pairwise(points) if (r := _line(p, q))]
            elif fill.value and len(points) >= 3:
                rules += [r for r in [_thin_box(points)] if r is not None]
    return rules


def _subpaths(raw: object, pdfium_c: object) -> list[list[tuple[float, float]]]:
    """The path's straight subpaths as point lists (a closed one ends at its start again);
    a subpath with a curve is left out."""
    out: list[list[tuple[float, float]]] = []
    current: list[tuple[float, float]] = []
    curved = False
    x = pdfium_c.FS_FLOAT()  # type: ignore[attr-defined]
    y = pdfium_c.FS_FLOAT()  # type: ignore[attr-defined]
    for i in range(pdfium_c.FPDFPath_CountSegments(raw)):  # type: ignore[attr-defined]
        seg = pdfium_c.FPDFPath_GetPathSegment(raw, i)  # type: ignore[attr-defined]
        if not pdfium_c.FPDFPathSegment_GetPoint(seg, x, y):  # type: ignore[attr-defined]
            continue
        kind = pdfium_c.FPDFPathSegment_GetType(seg)  # type: ignore[attr-defined]
        if kind == pdfium_c.FPDF_SEGMENT_MOVETO:  # type: ignore[attr-defined]
            if current and not curved:
                out.append(current)
            current, curved = [(x.value, y.value)], False
            continue
        if kind != pdfium_c.FPDF_SEGMENT_LINETO:  # type: ignore[attr-defined]
            curved = True
        current.append((x.value, y.value))
        if pdfium_c.FPDFPathSegment_GetClose(seg) and current:  # type: ignore[attr-defined]
            current.append(current[0])
    if current and not curved:
        out.append(current)
    return out


def _line(p: tuple[float, float], q: tuple[float, float]) -> Rule | None:
    (x0, y0), (x1, y1) = sorted([p, q])
    if abs(y1 - y0) <= 0.5 and x1 - x0 >= _SHORT:
        return Rule(x0, (y0 + y1) / 2, x1, (y0 + y1) / 2)
    if abs(x1 - x0) <= 0.5 and abs(y1 - y0) >= _SHORT:
        return Rule((x0 + x1) / 2, min(y0, y1), (x0 + x1) / 2, max(y0, y1))
    return None


def _thin_box(points: list[tuple[float, float]]) -> Rule | None:
    xs = [p[0] for p in points]
    ys = [p[1] for p in points]
    left, right, top, bottom = min(xs), max(xs), min(ys), max(ys)
    if bottom - top <= _THIN and right - left >= _SHORT:
        return Rule(left, (top + bottom) / 2, right, (top + bottom) / 2)
    if right - left <= _THIN and bottom - top >= _SHORT:
        return Rule((left + right) / 2, top, (left + right) / 2, bottom)
    return None
