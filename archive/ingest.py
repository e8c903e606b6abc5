"""Ingest scans: page images (TIFF/JPEG/PNG), scanned PDFs and born-digital PDFs.

Originals go to the content-addressed store untouched; a file already ingested is recognised by
its SHA-256. Each file is its own transaction, so a corrupt file is reported (name and reason)
and the rest of the batch continues. Born-digital pages keep their text when it scores well;
pages with garbage text (fonts without a Unicode map) are OCRed like scans.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image, ImageOps
from sqlalchemy import func, select

from archive import workflow
from archive.models import ArchiveEntry, OcrPage, ScanFile, ScanPage
from gazette.context import AppContext
from gazette.db import UnitOfWork
from gazette.files import limits
from gazette.files.store import FileStore, sha256_of
from gazette.office.auth import mutating, require
from gazette.progress import Reporter

IMAGE_SUFFIXES = {".tif", ".tiff", ".jpg", ".jpeg", ".png"}
SUFFIXES = IMAGE_SUFFIXES | {".pdf"}
RASTER_DPI = 300
THUMB_WIDTH = 240
TEXT_QUALITY_MIN = 0.8  # below this a born-digital page's text is treated as garbage
_CJK_PUNCT = set("，。、；：？！“”‘’（）《》〔〕【】—…·％")


@dataclass
class IngestReport:
    files: int = 0
    pages: int = 0
    pdf_text_pages: int = 0  # born-digital pages whose own text was kept
    needs_ocr: int = 0
    duplicates: list[str] = field(default_factory=list)
    errors: list[tuple[str, str]] = field(default_factory=list)  # (file name, reason)
    page_ids: list[int] = field(default_factory=list)

    def lines(self) -> list[str]:
        out = [
            f"文件 {self.files} 个，页面 {self.pages} 页（其中 PDF 自带文字 {self.pdf_text_pages} 页，"
            f"待识别 {self.needs_ocr} 页）"
        ]
        out += [f"已入库，跳过：{name}" for name in self.duplicates]
        out += [f"错误：{name}：{reason}" for name, reason in self.errors]
        return out


def text_quality(text: str) -> float:
    """Share of plausible characters: ASCII, common (GB2312 level-1) hanzi, CJK punctuation.

    Text extracted through a font with no Unicode map comes out as control characters, private-use
    code points or rare characters, which this score exposes. Under 10 characters scores 0.
    """
    chars = [c for c in text if not c.isspace()]
    if len(chars) < 10:
        return 0.0
    good = 0
    for c in chars:
        if (c.isascii() and c.isprintable()) or c in _CJK_PUNCT:
            good += 1
            continue
        try:
            code = c.encode("gb2312")
        except UnicodeEncodeError:
            continue
        # level-1 hanzi (B0–D7), full-width punctuation (A1) and forms (A3)
        if len(code) == 2 and (0xB0 <= code[0] <= 0xD7 or code[0] in (0xA1, 0xA3)):
            good += 1
    return good / len(chars)


def natural_key(path: Path) -> list[object]:
    """Sort page files as people number them: p2 before p10."""
    return [int(t) if t.isdigit() else t.lower() for t in re.split(r"(\d+)", path.name)]


def collect(paths: list[Path]) -> list[Path]:
    """Files to ingest from files and folders (folders recursively, in natural order)."""
    out: list[Path] = []
    for p in paths:
        if p.is_dir():
            found = [f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in SUFFIXES]
            out += sorted(found, key=lambda f: (str(f.parent), natural_key(f)))
        else:
            out.append(p)
    return out


def _png(img: Image.Image) -> bytes:
    buf = io.BytesIO()
    img.save(buf, "PNG", optimize=False)
    return buf.getvalue()


def _thumb(img: Image.Image) -> bytes:
    t = img.convert("L").copy()
    t.thumbnail((THUMB_WIDTH, THUMB_WIDTH * 2))
    return _png(t)


def _next_page_no(uow: UnitOfWork, entry_id: int | None) -> int:
    if entry_id is None:
        return 1
    last = uow.session.scalar(
        select(func.max(ScanPage.page_no)).where(ScanPage.entry_id == entry_id)
    )
    return int(last or 0) + 1


class _Ingester:
    def __init__(
        self, uow: UnitOfWork, store: FileStore, entry_id: int | None, report: IngestReport
    ):
        self.uow, self.store, self.entry_id, self.report = uow, store, entry_id, report
        self.page_no = _next_page_no(uow, entry_id)

    def add_page(
        self,
        scan: ScanFile,
        index: int,
        img: Image.Image,
        image_sha: str | None,
        pdf_text: str | None = None,
        dpi: int = RASTER_DPI,
    ) -> None:
        s = self.uow.session
        if image_sha is None:
            image_sha = self.store.put_bytes(s, _png(img), f"{scan.name}-p{index + 1}.png").sha256
        thumb = self.store.put_bytes(s, _thumb(img), f"{scan.name}-p{index + 1}-thumb.png")
        s.flush()  # stored_files rows first: the page refers to them
        quality = text_quality(pdf_text) if pdf_text is not None else None
        keep_text = quality is not None and quality >= TEXT_QUALITY_MIN
        page = ScanPage(
            scan_file_id=scan.id,
            entry_id=self.entry_id,
            source_index=index,
            page_no=self.page_no,
            image_sha256=image_sha,
            thumb_sha256=thumb.sha256,
            width=img.width,
            height=img.height,
            dpi=dpi,
            pdf_text=pdf_text,
            pdf_text_quality=quality,
            needs_ocr=not keep_text,
        )
        s.add(page)
        s.flush()
        if keep_text and pdf_text is not None:
            lines = [
                {"text": t.strip(), "box": None, "conf": 1.0, "chars": None, "corrected": None}
                for t in pdf_text.splitlines()
                if t.strip()
            ]
            s.add(OcrPage(page_id=page.id, engine="pdf-text", lines=lines, seconds=0.0))
            self.report.pdf_text_pages += 1
        else:
            self.report.needs_ocr += 1
        self.page_no += 1
        self.report.pages += 1
        self.report.page_ids.append(page.id)

    def image_file(self, path: Path, scan: ScanFile, original_sha: str) -> None:
        with Image.open(path) as im:
            _check_pixels(path, im.width, im.height)
            frames = getattr(im, "n_frames", 1)
            for i in range(frames):
                im.seek(i)
                frame = ImageOps.exif_transpose(im.copy()) or im.copy()
                frame.load()
                dpi = round(float(im.info.get("dpi", (RASTER_DPI,))[0]) or RASTER_DPI)
                plain = frames == 1 and im.format in ("PNG", "JPEG")
                self.add_page(scan, i, frame, original_sha if plain else None, dpi=dpi)
            scan.page_count = frames

    def pdf_file(self, path: Path, scan: ScanFile) -> None:
        import pypdfium2 as pdfium
        from pypdf import PdfReader

        doc = pdfium.PdfDocument(str(path))
        try:
            count = len(doc)
            if count == 0:
                raise ValueError("PDF 没有页面")
            if count > limits.PDF_MAX_PAGES:
                raise ValueError(
                    f"{path.name} 有 {count} 页，超过单个文件 {limits.PDF_MAX_PAGES} 页的上限；"
                    "请拆分后再导入"
                )
            texts: list[str] = []
            try:
                reader = PdfReader(path)
                texts = [(p.extract_text() or "") for p in reader.pages]
            except Exception:
                texts = []  # unreadable text layer: rasterise and OCR every page
            kept = 0
            for i in range(count):
                page = doc[i]
                width, height = page.get_size()
                _check_pixels(path, width * RASTER_DPI / 72, height * RASTER_DPI / 72)
                img = page.render(scale=RASTER_DPI / 72, grayscale=True).to_pil()
                text = texts[i] if i < len(texts) else None
                before = self.report.pdf_text_pages
                self.add_page(scan, i, img, None, pdf_text=text or None)
                kept += self.report.pdf_text_pages - before
                page.close()
            scan.page_count = count
            scan.kind = "digital_pdf" if kept else "scanned_pdf"
        finally:
            doc.close()


def check_limits(path: Path) -> None:
    """Refuse a PDF with too many pages, or an image with too many pixels, before any work."""
    if path.suffix.lower() == ".pdf":
        import pypdfium2 as pdfium

        doc = pdfium.PdfDocument(str(path))
        try:
            count = len(doc)
        finally:
            doc.close()
        if count > limits.PDF_MAX_PAGES:
            raise ValueError(
                f"{path.name} 有 {count} 页，超过单个文件 {limits.PDF_MAX_PAGES} 页的上限；"
                "请拆分后再导入"
            )
        return
    with Image.open(path) as im:
        _check_pixels(path, im.width, im.height)


def _check_pixels(path: Path, width: float, height: float) -> None:
    if width * height > limits.IMAGE_MAX_PIXELS:
        raise ValueError(
            f"{path.name} 的页面有 {int(width)}×{int(height)} 像素，"
            f"超过上限 {limits.IMAGE_MAX_PIXELS // 1_000_000} 百万像素"
        )


@mutating
def ingest(
    ctx: AppContext,
    paths: list[Path],
    entry_id: int | None = None,
    reporter: Reporter | None = None,
) -> IngestReport:
    """Ingest files and folders; each file commits on its own, errors are collected."""
    require(ctx, "archive.write")
    reporter = reporter or Reporter()
    files = collect([Path(p) for p in paths])
    report = IngestReport()
    store = ctx.filestore()
    for n, path in enumerate(files):
        reporter.step(n, len(files), f"入库 {path.name}")
        if not path.exists():
            report.errors.append((path.name, "文件不存在"))
            continue
        if path.suffix.lower() not in SUFFIXES:
            report.errors.append((path.name, "不支持的文件类型（支持 TIFF、JPEG、PNG、PDF）"))
            continue
        try:
            with ctx.uow() as uow:
                require(uow, "archive.write")
                digest = sha256_of(path)
                if uow.session.scalar(select(ScanFile.id).where(ScanFile.sha256 == digest)):
                    report.duplicates.append(path.name)
                    continue
                check_limits(path)  # before the file is copied into the store
                stored = store.put_file(uow.session, path)
                uow.session.flush()  # the stored_files row before rows that refer to it
                is_pdf = path.suffix.lower() == ".pdf"
                scan = ScanFile(
                    sha256=stored.sha256,
                    entry_id=entry_id,
                    name=path.name,
                    kind="scanned_pdf" if is_pdf else "image",
                    ingested_by=ctx.user,
                )
                uow.session.add(scan)
                uow.session.flush()
                ing = _Ingester(uow, store, entry_id, report)
                counted = (
                    report.pages,
                    report.pdf_text_pages,
                    report.needs_ocr,
                    len(report.page_ids),
                )
                try:
                    if is_pdf:
                        ing.pdf_file(path, scan)
                    else:
                        ing.image_file(path, scan, stored.sha256)
                except Exception:
                    report.pages, report.pdf_text_pages, report.needs_ocr = counted[:3]
                    del report.page_ids[counted[3] :]
                    raise
                _mark_scanned(uow, entry_id)
                uow.commit()
                report.files += 1
        except Exception as exc:  # a bad file must not stop the batch
            report.errors.append((path.name, _reason(exc)))
    reporter.step(len(files), len(files), "入库完成")
    return report


def _mark_scanned(uow: UnitOfWork, entry_id: int | None) -> None:
    """Scans of an issue arrived: move it to 已扫描 (recording the location if it had none)."""
    if entry_id is None:
        return
    entry = uow.session.get_one(ArchiveEntry, entry_id)
    if workflow.index(entry.state) >= workflow.index("scanned") or entry.missing:
        return
    if not entry.location:
        entry.location = "扫描件入库"
    workflow.advance(uow, [entry_id], "scanned", note="扫描件入库")


def _reason(exc: Exception) -> str:
    text = str(exc) or type(exc).__name__
    if isinstance(exc, Image.DecompressionBombError):
        return f"图像尺寸过大（超过 {limits.IMAGE_MAX_PIXELS // 1_000_000} 百万像素），疑似恶意文件"
    if "cannot identify image file" in text:
        return "不是可识别的图像文件（文件可能已损坏）"
    if "truncated" in text.lower():
        return "图像文件不完整（文件可能已损坏）"
    if "Failed to load document" in text or "PdfiumError" in type(exc).__name__:
        return f"PDF 无法打开（文件可能已损坏或加密）：{text}"
    return text
