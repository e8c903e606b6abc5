"""The searchable PDF: pdftotext finds the recognised words where the OCR boxes say they are."""

from __future__ import annotations

import html
import re
import subprocess

import numpy as np

from archive.synth import render_page
from archive.textlayer import write_pdf
from tests.conftest import need_tool

WORD = re.compile(
    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>'
)


def test_word_boxes_lie_on_the_ocr_boxes(engine, tmp_path) -> None:
    pdftotext = need_tool("pdftotext")
    page = render_page(
        42, columns=2, heading="关于加强档案管理的通知", lines_per_column=2, size=(1800, 900)
    )
    image = tmp_path / "page.png"
    page.image.save(image)
    lines = engine.recognise(np.asarray(page.image.convert("RGB")))
    # one corrected line is laid over its line box as a whole
    lines[-1] = {**lines[-1], "corrected": lines[-1]["text"] + "改"}
    pdf = write_pdf([(image, page.image.width, page.image.height, 300, lines)], tmp_path / "s.pdf")
    out = subprocess.run(
        [pdftotext, "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    words = [
        (float(a), float(b), float(c), float(d), html.unescape(t))
        for a, b, c, d, t in WORD.findall(out)
    ]
    assert words
    k = 72 / 300
    boxes = []
    for ln in lines:
        xs = [p[0] * k for p in ln["box"]]
        ys = [p[1] * k for p in ln["box"]]
        boxes.append((min(xs), min(ys), max(xs), max(ys)))
    tol = 1.5  # points
    for x0, y0, x1, y1, text in words:
        assert any(
            x0 >= b[0] - tol and x1 <= b[2] + tol and y0 >= b[1] - tol and y1 <= b[3] + tol
            for b in boxes
        ), (text, (x0, y0, x1, y1))
    # each OCR box is covered by the words found in it (the layer is not shrunk into a corner)
    for b, ln in zip(boxes, lines, strict=True):
        inside = [
            w
            for w in words
            if w[0] >= b[0] - tol
            and w[2] <= b[2] + tol
            and w[1] >= b[1] - tol
            and w[3] <= b[3] + tol
        ]
        assert min(w[0] for w in inside) - b[0] < 12 and b[2] - max(w[2] for w in inside) < 12, ln[
            "text"
        ]
    got = "".join(w[4] for w in words)
    expected = "".join(ln["corrected"] or ln["text"] for ln in lines)
    assert "".join(got.split()) == "".join(expected.split())
