"""Page analysis before detection: margins cropped, columns apart, headings in a band of their own."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from archive.page_regions import text_regions
from archive.synth import DEGRADED, degrade, render_page


def _inside(box: tuple[int, int, int, int], region: tuple[int, int, int, int]) -> bool:
    return (
        region[0] <= box[0] and region[1] <= box[1] and box[2] <= region[2] and box[3] <= region[3]
    )


@pytest.mark.parametrize("damaged", [False, True])
def test_two_columns_under_a_heading_make_three_regions(damaged) -> None:
    page = render_page(5, columns=2, heading="关于加强档案管理的通知", lines_per_column=6)
    image = degrade(page.image, DEGRADED, seed=2) if damaged else page.image
    regions = text_regions(np.asarray(image.convert("RGB")))
    assert len(regions) == 3
    heading, *columns = sorted(regions, key=lambda r: (r[1], r[0]))
    left, right = sorted(columns)
    gutter = (page.boxes[1][2], page.boxes[-1][0])  # left column's right edge, right's left
    assert left[2] <= gutter[1] and right[0] >= gutter[0]  # no column reaches across the gutter
    assert heading[0] < gutter[0] and heading[2] > gutter[1]  # the heading's band spans the page
    tol = 12 if damaged else 0  # the skew moves glyphs a little off the rendered boxes
    for box in page.boxes:
        grown = (box[0] + tol, box[1] + tol, box[2] - tol, box[3] - tol)
        assert sum(_inside(grown, r) for r in regions) == 1, box


def test_one_column_is_one_region_without_the_margins() -> None:
    page = render_page(6, lines_per_column=10)
    (region,) = text_regions(np.asarray(page.image.convert("RGB")))
    w, h = page.image.size
    assert all(_inside(box, region) for box in page.boxes)
    assert (region[2] - region[0]) * (
        region[3] - region[1]
    ) < 0.6 * w * h  # margins and the blank foot


def test_a_blank_page_is_left_whole() -> None:
    blank = np.asarray(Image.new("RGB", (800, 1000), (240, 240, 240)))
    assert text_regions(blank) == [(0, 0, 800, 1000)]
