"""Offline OCR of Chinese pages behind a small engine interface; RapidOCR is the default.

Pages go to the app's warm worker pool (archive.ocr_pool: spawned processes, kept for the app's
lifetime). Each finished page is saved at once, so a cancelled or crashed run resumes with the
pages still missing. The engine itself (regions, detection, recognition, reading order) is
archive.ocr_engine; archive.ocr_fake stands in for it in tests that are not about recognition.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass, field

from sqlalchemy import select

from archive.models import ArchiveEntry, OcrPage, ScanPage
from archive.ocr_engine import LOW_CONFIDENCE as LOW_CONFIDENCE
from archive.ocr_engine import Engine as Engine
from archive.ocr_engine import Line as Line
from archive.ocr_engine import RapidOcrEngine as RapidOcrEngine
from archive.ocr_engine import bounds as bounds
from archive.ocr_engine import default_engine as default_engine
from archive.ocr_engine import line_text as line_text
from archive.ocr_engine import load_rgb as load_rgb
from archive.ocr_engine import page_text as page_text
from archive.ocr_engine import reading_order as reading_order
from archive.ocr_engine import recognise_file as recognise_file
from archive.ocr_pool import OcrPool as OcrPool
from archive.ocr_pool import shared_pool
from gazette.context import AppContext
from gazette.db import UnitOfWork
from gazette.office.auth import mutating, require
from gazette.office.conflicts import ConflictError, check_version, flush_guarded
from gazette.progress import Reporter


@dataclass
class OcrRun:
    done: int = 0
    skipped: int = 0  # already recognised (resume)
    failed: list[tuple[int, str]] = field(default_factory=list)
    seconds: float = 0.0
    cancelled: bool = False


def pending_pages(
    ctx: AppContext, page_ids: list[int] | None = None, entry_id: int | None = None
) -> list[tuple[int, str]]:
    """(page id, image path) of pages that need OCR and have no saved result yet."""
    store = ctx.filestore()
    with ctx.uow() as uow:
        stmt = (
            select(ScanPage.id, ScanPage.image_sha256)
            .outerjoin(OcrPage, OcrPage.page_id == ScanPage.id)
            .where(ScanPage.needs_ocr.is_(True), OcrPage.id.is_(None))
            .order_by(ScanPage.entry_id, ScanPage.page_no, ScanPage.id)
        )
        if page_ids is not None:
            stmt = stmt.where(ScanPage.id.in_(page_ids))
        if entry_id is not None:
            stmt = stmt.where(ScanPage.entry_id == entry_id)
        return [(pid, str(store.open(sha))) for pid, sha in uow.session.execute(stmt)]


@mutating
def save_result(
    ctx: AppContext, page_id: int, lines: list[Line], seconds: float, engine: str
) -> None:
    with ctx.uow() as uow:
        require(uow, "archive.write")
        existing = uow.session.scalar(select(OcrPage).where(OcrPage.page_id == page_id))
        if existing is None:
            uow.session.add(OcrPage(page_id=page_id, engine=engine, lines=lines, seconds=seconds))
        else:
            existing.lines, existing.engine, existing.seconds = lines, engine, seconds
        uow.commit()


@mutating
def run(
    ctx: AppContext,
    reporter: Reporter | None = None,
    *,
    page_ids: list[int] | None = None,
    entry_id: int | None = None,
    pool: OcrPool | None = None,
) -> OcrRun:
    """OCR every pending page (of a selection or an issue); resumable, cancellable, per page.

    Runs on ``pool``, by default the app's warm pool (started here if nothing started it yet).
    """
    reporter = reporter or Reporter()
    with ctx.uow() as uow:
        require(uow, "archive.write")
    jobs = pending_pages(ctx, page_ids, entry_id)
    result = OcrRun()
    if page_ids is not None:
        result.skipped = len(set(page_ids)) - len(jobs)
    workers = pool or shared_pool()
    t0 = time.perf_counter()
    total = len(jobs)
    reporter.step(0, total, f"识别 {total} 页（{workers.workers} 个进程）")
    for n, page in enumerate(workers.recognise(jobs, lambda: reporter.cancel.cancelled), 1):
        if page.lines is None:
            result.failed.append((page.page_id, page.error))
        else:
            save_result(ctx, page.page_id, page.lines, page.seconds, page.engine)
            result.done += 1
        reporter.step(n, total, f"已识别 {n}/{total} 页")
    if reporter.cancel.cancelled:
        result.cancelled = True
        reporter.cancel.check()
    result.seconds = time.perf_counter() - t0
    _mark_recognised(ctx)
    return result


def _mark_recognised(ctx: AppContext) -> None:
    """Issues at 已扫描 whose every page now has text move to 已识别."""
    from archive import workflow

    with ctx.uow() as uow:
        scanned = list(
            uow.session.scalars(select(ArchiveEntry.id).where(ArchiveEntry.state == "scanned"))
        )
        ready = []
        for entry_id in scanned:
            rows = uow.session.execute(
                select(ScanPage.id, OcrPage.id)
                .outerjoin(OcrPage, OcrPage.page_id == ScanPage.id)
                .where(ScanPage.entry_id == entry_id)
            ).all()
            if rows and all(o is not None for _, o in rows):
                ready.append(entry_id)
        if ready:
            workflow.advance(uow, ready, "ocred", note="识别完成")
            uow.commit()


def page_lines(uow: UnitOfWork, page_id: int) -> list[Line]:
    lines = uow.session.scalar(select(OcrPage.lines).where(OcrPage.page_id == page_id))
    return list(lines or [])


def page_version(uow: UnitOfWork, page_id: int) -> int:
    """The recognised page's version (0: none), read before its lines, to save corrections
    against."""
    return uow.session.scalar(select(OcrPage.version).where(OcrPage.page_id == page_id)) or 0


def line_key(index: int) -> str:
    """How a line is named where a conflict lists it: 第N行."""
    return f"第{index + 1}行"


def correct_line(
    ctx: AppContext, page_id: int, index: int, text: str, *, expected_version: int | None = None
) -> int:
    """Save one proofread line at once (the proofreader's work is never lost)."""
    return correct_lines(ctx, page_id, {index: text}, expected_version=expected_version)


@mutating
def correct_lines(
    ctx: AppContext,
    page_id: int,
    texts: Mapping[int, str],
    *,
    expected_version: int | None = None,
) -> int:
    """Save proofread lines (index → text) in a transaction of their own; see ``correct_page``."""
    with ctx.uow() as uow:
        require(uow, "archive.write")  # before anything is read (correct_page checks it too)
        version = correct_page(uow, page_id, texts, expected_version=expected_version)
        uow.commit()
        return version


def correct_page(
    uow: UnitOfWork,
    page_id: int,
    texts: Mapping[int, str],
    *,
    expected_version: int | None = None,
) -> int:
    """Correct lines (index → text) of a page in the caller's unit of work; returns the page's
    new version.

    ``expected_version`` is the version the proofreader's page came from: a page someone else
    corrected meanwhile raises ConflictError, with every line's text now as ``current``
    (keyed 第N行), so the screen can merge line by line.
    """
    require(uow, "archive.write")
    row = uow.session.scalar(select(OcrPage).where(OcrPage.page_id == page_id))
    if row is None:
        raise ValueError(f"第 {page_id} 号页面尚未识别")
    lines = [dict(ln) for ln in row.lines]
    if expected_version is not None:
        try:
            check_version(uow.session, row, expected_version)
        except ConflictError as exc:
            exc.current = {line_key(i): line_text(ln) for i, ln in enumerate(lines)}
            raise
    for index, text in texts.items():
        if not 0 <= index < len(lines):
            raise ValueError(f"第 {page_id} 号页面没有第 {index + 1} 行")
        lines[index]["corrected"] = None if text == lines[index]["text"] else text
    row.lines = lines
    flush_guarded(uow.session, row)
    return row.version


def issue_pages(ctx: AppContext, entry_id: int) -> list[tuple[int, int, str, bool]]:
    """(page id, page number, image path, recognised?) of an issue's pages, in order."""
    store = ctx.filestore()
    with ctx.uow() as uow:
        rows = uow.session.execute(
            select(ScanPage.id, ScanPage.page_no, ScanPage.image_sha256, OcrPage.id)
            .outerjoin(OcrPage, OcrPage.page_id == ScanPage.id)
            .where(ScanPage.entry_id == entry_id)
            .order_by(ScanPage.page_no)
        ).all()
    return [(pid, no, str(store.path_for(sha)), oid is not None) for pid, no, sha, oid in rows]
