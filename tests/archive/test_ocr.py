"""OCR against known text: line crops and pages in this process with RapidOCR. Cancel and resume
go through real worker processes running the declared fake engine (archive.ocr_fake): they are
about saving pages, not reading them. Images are rendered by archive.synth at 300 dpi."""

from __future__ import annotations

import numpy as np
import pytest
from sqlalchemy import select

from archive import ocr, register
from archive.ingest import ingest
from archive.models import OcrPage, ScanPage
from archive.register import Period
from archive.synth import DEGRADED, degrade, render_line, render_page
from gazette.progress import Cancelled, Reporter

LINES = [
    "宿政办发〔2018〕56号",
    "关于进一步加强政府信息公开工作的通知",
    "各县区人民政府，市政府各部门、各直属机构：",
    "本办法自2019年1月1日起施行，有效期5年。",
]


def cer(ref: str, hyp: str) -> float:
    from bench.ocr import cer as bench_cer

    return bench_cer(ref, hyp)


@pytest.mark.parametrize("text", LINES)
def test_clean_line_crops_are_read_exactly(engine, text) -> None:
    line = engine.recognise_line(np.asarray(render_line(text).convert("RGB")))
    assert cer(text, line["text"]) == 0.0, line["text"]
    assert 0.9 < line["conf"] <= 1.0
    assert len(line["chars"]) == len(line["text"])  # a confidence per character
    assert all(0.0 < c[1] <= 1.0 for c in line["chars"])


def test_degraded_line_crops_stay_within_three_percent(engine) -> None:
    ref = "".join(LINES)
    got = ""
    for i, text in enumerate(LINES):
        img = degrade(render_line(text), DEGRADED, seed=i)
        got += engine.recognise_line(np.asarray(img.convert("RGB")))["text"]
    assert cer(ref, got) <= 0.03, got


def test_reading_order_reads_columns_left_then_right() -> None:
    def line(x0: int, y0: int, x1: int, text: str) -> ocr.Line:
        box = [[x0, y0], [x1, y0], [x1, y0 + 40], [x0, y0 + 40]]
        return {"text": text, "box": box, "conf": 1.0, "chars": [], "corrected": None}

    lines = [
        line(1300, 300, 2200, "右1"),
        line(200, 100, 2200, "标题"),
        line(200, 300, 1150, "左1"),
        line(1300, 360, 2200, "右2"),
        line(200, 360, 1150, "左2"),
        line(200, 900, 2200, "通栏"),
    ]
    assert [ln["text"] for ln in ocr.reading_order(lines)] == [
        "标题",
        "左1",
        "左2",
        "右1",
        "右2",
        "通栏",
    ]


def test_narrow_two_column_lines_stay_in_their_column(engine) -> None:
    """Detection at a low resolution, yet no line merges with its neighbour across the gutter."""
    page = render_page(
        42, columns=2, heading="关于加强档案管理的通知", lines_per_column=6, size=(1800, 1400)
    )
    lines = engine.recognise(np.asarray(page.image.convert("RGB")))
    assert [ln["text"] for ln in lines] == page.lines
    gutter = (page.boxes[1][2], page.boxes[-1][0])
    for ln in lines[1:]:
        x0, _, x1, _ = ocr.bounds(ln)
        assert x1 < gutter[1] or x0 > gutter[0], ln["text"]


def test_a_blank_page_has_no_lines(engine) -> None:
    assert engine.recognise(np.full((1200, 900, 3), 236, dtype=np.uint8)) == []


@pytest.fixture
def small_issue(ctx, tmp_path):
    folder = tmp_path / "issue"
    folder.mkdir()
    for n in range(3):
        render_page(n, heading=f"第{n + 1}页", lines_per_column=1, size=(1400, 600)).image.save(
            folder / f"{n + 1:03d}.png"
        )
    with ctx.uow() as uow:
        register.register_period(uow, Period((1999, 1), (1999, 1), "monthly", 1))
        uow.commit()
    with ctx.uow() as uow:
        entry = register.find_entry(uow, 1999, 1)
    report = ingest(ctx, [folder], entry)
    assert report.pages == 3
    return entry, report.page_ids


def test_cancel_then_resume_only_does_what_is_missing(ctx, small_issue, fake_pool) -> None:
    """Not about recognition: the fake engine names each page's image in its lines, so the test
    sees every result saved to its own page."""
    from archive.ocr_fake import fake_text

    entry, page_ids = small_issue
    reporter = Reporter()

    def progress(done: int, total: int, message: str = "") -> None:
        if done >= 1:
            reporter.cancel.cancel()

    reporter.progress = progress
    with pytest.raises(Cancelled):
        ocr.run(ctx, reporter, entry_id=entry, pool=fake_pool)
    with ctx.uow() as uow:
        saved = len(uow.session.scalars(select(OcrPage.id)).all())
    assert saved == 1  # the page finished before the cancel is kept, nothing after it
    # a restart: the same call again only recognises the pages still missing, on the same workers
    again = ocr.run(ctx, entry_id=entry, pool=fake_pool)
    assert again.done == 3 - saved and not again.failed
    with ctx.uow() as uow:
        (row,) = register.rows(uow, [entry])
        images = dict(uow.session.execute(select(ScanPage.id, ScanPage.image_sha256)).all())
    assert row.state == "ocred"
    store = ctx.filestore()
    for pid in page_ids:
        image = ocr.load_rgb(store.open(images[pid]))
        with ctx.uow() as uow:
            lines = ocr.page_lines(uow, pid)
        assert ocr.page_text(lines).splitlines()[0] == fake_text(image, 1)
    # proofreading saves a correction at once, and the plain text follows it
    ocr.correct_line(ctx, page_ids[0], 0, "第一页")
    with ctx.uow() as uow:
        assert ocr.page_text(ocr.page_lines(uow, page_ids[0])).startswith("第一页")


def test_end_to_end_degraded_two_column_page(engine) -> None:
    """A whole (half-height) two-column page, degraded, read in column order within 3 %."""
    page = render_page(
        77,
        columns=2,
        heading="关于加强政府信息公开工作的通知",
        lines_per_column=8,
        size=(2480, 1300),
    )
    img = degrade(page.image, DEGRADED, seed=3)
    lines = engine.recognise(np.asarray(img.convert("RGB")))
    assert cer(page.text, "".join(ln["text"] for ln in lines)) <= 0.03


def test_the_lean_model_list_keeps_every_entry_the_onnxruntime_engine_reads() -> None:
    """rapidocr's own model list, loaded through OmegaConf both ways: the lean one read while
    rapidocr is imported has the same onnxruntime models, routes, languages and fonts, and none
    of the engines the app does not ship."""
    from importlib.resources import files

    from omegaconf import OmegaConf

    from archive.ocr_engine import MODEL_LIST, UNSHIPPED_ENGINES, lean_model_list

    path = str(files("rapidocr") / MODEL_LIST)
    full = OmegaConf.to_container(OmegaConf.load(path))
    with lean_model_list():
        lean_cfg = OmegaConf.load(path)
        assert OmegaConf.load(path) is lean_cfg  # parsed once however often it is asked for
    lean = OmegaConf.to_container(lean_cfg)
    assert isinstance(full, dict) and isinstance(lean, dict)
    assert all(name in full for name in UNSHIPPED_ENGINES)  # the sections the lean list drops
    assert not any(name in lean for name in UNSHIPPED_ENGINES)
    assert {k: v for k, v in full.items() if k not in UNSHIPPED_ENGINES} == lean
    assert {"onnxruntime", "model_routes", "lang_mapping"} <= set(lean)
    assert OmegaConf.load(path) is not lean_cfg  # outside the import, loading is untouched
