"""Ingest: images, scanned and born-digital PDFs, duplicates recognised, corrupt files reported."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy import select

from archive import register
from archive.ingest import ingest, text_quality
from archive.models import OcrPage, ScanFile, ScanPage
from archive.register import Period
from archive.synth import render_page


def _born_digital_pdf(path: Path, text: str) -> None:
    from reportlab.pdfgen import canvas

    from gazette.layout.fonts import ensure_registered

    font = ensure_registered()["body"]
    c = canvas.Canvas(str(path))
    c.setFont(font, 14)
    for i in range(0, len(text), 30):
        c.drawString(60, 760 - i, text[i : i + 30])
    c.showPage()
    c.save()


@pytest.fixture
def batch(tmp_path: Path) -> Path:
    folder = tmp_path / "scans"
    folder.mkdir()
    for n in (1, 2, 10):
        page = render_page(n, lines_per_column=2, heading=f"第{n}页", size=(1240, 700))
        page.image.save(folder / f"p{n}.png", dpi=(300, 300))
    (folder / "p3.jpg").write_bytes(b"\xff\xd8\xff\xe0 not really a jpeg" * 10)
    img = render_page(5, lines_per_column=2, size=(1240, 500)).image
    img.save(folder / "p4-scan.pdf", resolution=150)
    _born_digital_pdf(
        folder / "p5-digital.pdf",
        "为进一步加强和改进政府信息公开工作，提高行政机关依法行政水平，现就有关事项通知如下。",
    )
    return folder


def test_text_quality_separates_text_from_garbage() -> None:
    assert text_quality("为进一步加强和改进政府信息公开工作，现就有关事项通知如下。") > 0.95
    assert text_quality("\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c\x0e") < 0.2
    assert text_quality("\ue000\ue001\ue002\ue003\ue004\ue005\ue006\ue007\ue008\ue009") == 0.0
    assert text_quality("ÃÂ¸ÃÂ¹Ã¦Â¿Â¼Ã¨Â¿Â½Ã¦Â") < 0.6
    assert text_quality("短") == 0.0


def test_batch_with_a_corrupt_file_continues_and_reingest_is_recognised(ctx, batch) -> None:
    with ctx.uow() as uow:
        register.register_period(uow, Period((2001, 1), (2001, 2), "monthly", 1))
        uow.commit()
    with ctx.uow() as uow:
        entry = register.find_entry(uow, 2001, 1)
    seen: list[str] = []
    from gazette.progress import Reporter

    report = ingest(ctx, [batch], entry, Reporter(lambda d, t, m="": seen.append(m)))
    assert report.errors and report.errors[0][0] == "p3.jpg"
    assert "损坏" in report.errors[0][1]
    assert report.files == 5 and report.pages == 5
    assert report.pdf_text_pages == 1 and report.needs_ocr == 4
    assert any("p10.png" in m for m in seen)
    with ctx.uow() as uow:
        pages = uow.session.execute(
            select(ScanPage.page_no, ScanFile.name, ScanPage.needs_ocr)
            .join(ScanFile, ScanFile.id == ScanPage.scan_file_id)
            .order_by(ScanPage.page_no)
        ).all()
        kinds = dict(uow.session.execute(select(ScanFile.name, ScanFile.kind)).all())
        (digital,) = uow.session.scalars(select(OcrPage.lines)).all()
        (row,) = register.rows(uow, [entry])
    # natural order (p10 after p5); p3 failed and takes no page number
    assert [p[1] for p in pages] == ["p1.png", "p2.png", "p4-scan.pdf", "p5-digital.pdf", "p10.png"]
    assert [p[0] for p in pages] == [1, 2, 3, 4, 5]
    assert kinds["p4-scan.pdf"] == "scanned_pdf" and kinds["p5-digital.pdf"] == "digital_pdf"
    assert "政府信息公开" in "".join(line["text"] for line in digital)
    assert row.state == "scanned" and row.pages == 5
    # the originals are stored untouched, by their SHA-256
    store = ctx.filestore()
    from gazette.files.store import sha256_of

    assert store.verify(sha256_of(batch / "p1.png"))
    again = ingest(ctx, [batch / "p1.png", batch / "p5-digital.pdf"], entry)
    assert again.files == 0 and sorted(again.duplicates) == ["p1.png", "p5-digital.pdf"]


def test_multipage_tiff_becomes_pages(ctx, tmp_path) -> None:
    frames = [render_page(k, heading=f"第{k}页", size=(800, 500)).image for k in range(3)]
    path = tmp_path / "issue.tif"
    frames[0].save(path, save_all=True, append_images=frames[1:], compression="tiff_lzw")
    report = ingest(ctx, [path])
    assert (report.files, report.pages, report.errors) == (1, 3, [])
    with ctx.uow() as uow:
        shas = uow.session.scalars(select(ScanPage.image_sha256)).all()
    assert len(set(shas)) == 3
    assert Image.open(ctx.filestore().open(shas[0])).size == (800, 500)
