"""Cheap page analysis before text detection: blank margins off, columns apart.

Detection is run per region, so it never sees a column gutter: lines cannot merge across it
even when detection works at a low resolution, and the blank margins cost no pixels. Works on a
4× reduced grey copy with projection profiles (a few milliseconds a page). Where the page gives
no clear answer (no ink found, no blank row between a heading and the columns), the caller gets
the whole content area as one region, which is what detection saw before.
"""

from __future__ import annotations

import cv2
import numpy as np

Region = tuple[int, int, int, int]  # x0, y0, x1, y1 in page pixels, end exclusive

REDUCE = 4  # analysis on a 4× smaller copy: 75 dpi for a 300 dpi scan
MIN_GUTTER = 40  # page pixels (3.4 mm at 300 dpi); a 1 cm gutter is about 118
GUTTER_SHARE = 0.5  # a gutter column is inked by fewer than half of the text lines
MIN_COLUMN = 200  # page pixels: narrower "columns" are indents or stray marks, not columns


def ink_mask(image: np.ndarray) -> np.ndarray:
    """Ink on a reduced copy, by Otsu's threshold (paper tone and contrast vary by scan)."""
    grey = image if image.ndim == 2 else cv2.cvtColor(image, cv2.COLOR_RGB2GRAY)
    h, w = grey.shape
    small = cv2.resize(
        grey, (max(1, w // REDUCE), max(1, h // REDUCE)), interpolation=cv2.INTER_AREA
    )
    if int(small.max()) - int(small.min()) < 40:  # blank or featureless: no ink to speak of
        return np.zeros(small.shape, dtype=bool)
    _, ink = cv2.threshold(small, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    return ink.astype(bool)


def _runs(flags: np.ndarray) -> list[tuple[int, int]]:
    """(start, end) of each run of True, end exclusive."""
    padded = np.concatenate(([False], flags, [False])).astype(np.int8)
    edges = np.flatnonzero(np.diff(padded))
    return [(int(a), int(b)) for a, b in zip(edges[::2], edges[1::2], strict=True)]


def gutters(lines: np.ndarray) -> list[tuple[int, int]]:
    """Interior column ranges (reduced pixels) left blank by most text lines.

    ``lines`` holds, per text line (a run of inked rows), which columns it inks. A gutter is
    blank in at least half of them: only headings and full-width lines cross it.
    """
    if len(lines) < 2:
        return []
    share = lines.mean(axis=0)
    blank = share < GUTTER_SHARE
    found = []
    edge = 0
    for a, b in _runs(blank):
        if a == 0 or b == blank.size:
            continue  # the margins, not a gutter
        if (b - a) * REDUCE >= MIN_GUTTER and min(a - edge, blank.size - b) * REDUCE >= MIN_COLUMN:
            found.append((a, b))
            edge = b
    return found


def _crosses(line: np.ndarray, cuts: list[tuple[int, int]]) -> bool:
    """A line inking a gutter's middle third spans the columns (a heading, a full-width line)."""
    return any(line[a + (b - a) // 3 : b - (b - a) // 3].any() for a, b in cuts)


def text_regions(image: np.ndarray) -> list[Region]:
    """Regions to detect text in: full-width bands (headings) and the columns between them."""
    h, w = image.shape[:2]
    ink = ink_mask(image)
    rows_with_ink = np.flatnonzero(ink.any(axis=1))
    cols_with_ink = np.flatnonzero(ink.any(axis=0))
    if rows_with_ink.size == 0:
        return [(0, 0, w, h)]
    # two reduced pixels of paper kept around the ink (faint strokes fall under the threshold)
    top, bottom = max(0, int(rows_with_ink[0]) - 2), min(ink.shape[0], int(rows_with_ink[-1]) + 3)
    left, right = max(0, int(cols_with_ink[0]) - 2), min(ink.shape[1], int(cols_with_ink[-1]) + 3)

    def page(x0: int, y0: int, x1: int, y1: int) -> Region:
        """Reduced to page pixels; the last reduced row or column takes the remainder."""
        ex = w if x1 >= ink.shape[1] else x1 * REDUCE
        ey = h if y1 >= ink.shape[0] else y1 * REDUCE
        return (x0 * REDUCE, y0 * REDUCE, ex, ey)

    body = ink[:, left:right]
    runs = _runs(np.asarray(body.any(axis=1)))
    lines = np.array([body[a:b].any(axis=0) for a, b in runs])
    cuts = gutters(lines)
    if not cuts:
        return [page(left, top, right, bottom)]
    spans = [_crosses(line, cuts) for line in lines]
    # consecutive lines of the same kind form a block; blocks meet half-way across the gap
    blocks: list[tuple[bool, int, int]] = []
    for (a, b), span in zip(runs, spans, strict=True):
        if blocks and blocks[-1][0] == span:
            blocks[-1] = (span, blocks[-1][1], b)
        else:
            blocks.append((span, a, b))
    # columns reach a third into each gutter: their edges lie on paper, not on the last stroke
    edges = [left]
    for a, b in cuts:
        edges += [left + a + (b - a) // 3, left + b - (b - a) // 3]
    edges.append(right)
    regions: list[Region] = []
    for i, (span, a, b) in enumerate(blocks):
        y0 = top if i == 0 else (blocks[i - 1][2] + a) // 2
        y1 = bottom if i == len(blocks) - 1 else (b + blocks[i + 1][1]) // 2
        if span:
            regions.append(page(left, y0, right, y1))
            continue
        for x0, x1 in zip(edges[::2], edges[1::2], strict=True):
            if ink[a:b, x0:x1].any():
                regions.append(page(x0, y0, x1, y1))
    return regions
