"""Labels for 120 recipients on a 2×7 sheet: every address lands inside its own label, checked
twice — by the PDF's text positions (pypdf) and by the rendered ink (pdftoppm) — and a label
that cannot fit is reported before anything is printed."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PageObject, PdfReader

from gazette.distribution import labels
from gazette.distribution.issue import Line
from tests.conftest import need_tool
from tests.gazette.distribution_setup import many

LABEL = "2026年第3期"
SHEET = labels.SHEETS["2x7"]


def _lines(n: int) -> list[Line]:
    return [
        Line(i, r.name, r.category, r.address, r.postcode, r.contact, r.phone, r.method, r.copies)
        for i, r in enumerate(many(n), start=1)
    ]


def _inside(box: tuple[float, float, float, float], x: float, y: float, pad: float) -> bool:
    bx, by, bw, bh = box
    return bx + pad - 0.5 <= x <= bx + bw - pad + 0.5 and by + pad - 3 <= y <= by + bh - pad


def _text_ops(page: PageObject) -> list[tuple[float, float, str]]:
    """(x, y, text) of every text run the page draws."""
    ops: list[tuple[float, float, str]] = []

    def visit(text: str, cm: object, tm: list[float], font: object, size: object) -> None:
        if text.strip():
            ops.append((tm[4], tm[5], text.strip()))

    page.extract_text(visitor_text=visit)
    return ops


def test_120_labels_each_text_inside_its_own_label(tmp_path: Path) -> None:
    lines = _lines(120)
    pdf = tmp_path / "labels.pdf"
    assert labels.check(lines, LABEL, SHEET) == []
    placed = labels.render(lines, LABEL, SHEET, pdf)
    assert len(placed) == 120
    reader = PdfReader(pdf)
    assert len(reader.pages) == -(-120 // SHEET.per_page) == 9
    pad = SHEET.padding * 72 / 25.4
    for page_no, page in enumerate(reader.pages):
        ops = _text_ops(page)
        on_page = [p for p in placed if p.page == page_no]
        text_in: dict[int, str] = {}
        for x, y, text in ops:
            owners = [i for i, p in enumerate(on_page) if _inside(p.box, x, y, pad)]
            assert len(owners) == 1, f"第 {page_no + 1} 页 “{text}” 不在任何一张标签内"
            text_in[owners[0]] = text_in.get(owners[0], "") + text
        for i in range(len(on_page)):
            line = lines[page_no * SHEET.per_page + i]
            assert line.address in text_in[i] and line.name in text_in[i]
            assert text_in[i].startswith(line.postcode)


def test_120_labels_ink_stays_inside_the_labels(tmp_path: Path) -> None:
    pdftoppm = need_tool("pdftoppm")
    lines = _lines(120)
    pdf = tmp_path / "labels.pdf"
    placed = labels.render(lines, LABEL, SHEET, pdf)
    dpi = 60
    subprocess.run(
        [pdftoppm, "-r", str(dpi), "-gray", "-png", str(pdf), str(tmp_path / "p")], check=True
    )
    scale = dpi / 72
    for page_no in range(9):
        found = sorted(tmp_path.glob("p-*.png"))[page_no]
        img = Image.open(found).convert("L")
        width, height = img.size
        boxes = []
        for p in placed:
            if p.page != page_no:
                continue
            x, y, w, h = p.box
            # the label in pixels, with its padding, from the top left
            boxes.append(
                (
                    int((x + 8) * scale),
                    int((height / scale - y - h + 8) * scale),
                    int((x + w - 8) * scale) + 1,
                    int((height / scale - y - 8) * scale) + 1,
                )
            )
        ink_in = [0] * len(boxes)
        pixels = img.load()
        assert pixels is not None
        for py in range(height):
            for px in range(width):
                if pixels[px, py] < 128:  # type: ignore[operator]
                    owner = [
                        k
                        for k, (left, t, r, b) in enumerate(boxes)
                        if left - 1 <= px <= r and t - 1 <= py <= b
                    ]
                    assert owner, f"第 {page_no + 1} 页 ({px}, {py}) 处有字落在标签外"
                    ink_in[owner[0]] += 1
        assert all(n > 50 for n in ink_in), f"第 {page_no + 1} 页有空白标签"


def test_an_address_that_cannot_fit_is_reported_before_printing(tmp_path: Path) -> None:
    lines = _lines(3)
    long = lines[1].__class__(
        **{**lines[1].__dict__, "address": "宿迁市沭阳县胡集镇" + "人民路东侧" * 30}
    )
    missing = lines[2].__class__(**{**lines[2].__dict__, "postcode": ""})
    problems = labels.check([lines[0], long, missing], LABEL, SHEET)
    assert problems == [
        f"{long.name}：地址和单位名称过长，缩小到 70% 仍放不下",
        f"{missing.name}：缺少地址或邮政编码",
    ]
    with pytest.raises(labels.LabelError, match="2 张标签不能打印"):
        labels.render([lines[0], long, missing], LABEL, SHEET, tmp_path / "x.pdf")
    assert not (tmp_path / "x.pdf").exists()


@pytest.mark.parametrize("name", sorted(labels.SHEETS))
def test_every_sheet_stays_on_a4(name: str) -> None:
    sheet = labels.SHEETS[name]
    x, y, w, _ = sheet.box(sheet.per_page - 1)
    assert x >= 0 and y >= 0 and x + w <= 595.3 and sheet.box(0)[1] + sheet.box(0)[3] <= 842
