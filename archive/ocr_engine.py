"""The OCR engine: RapidOCR tuned for scanned gazette pages, and the geometry of its lines.

A page is cut into regions (archive.page_regions) and detected at low resolution region by
region; each line is then read from the full-resolution page. ``Line`` is the plain record every
later step (proofreading, the text layer, cataloguing) works on. archive.ocr runs this engine
over whole issues in worker processes.
"""

from __future__ import annotations

import contextlib
import getpass
import io
import math
import os
import sys
import tempfile
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol

import cv2
import numpy as np
from PIL import Image

from archive.page_regions import text_regions

Line = dict[
    str, Any
]  # {"text", "box": [[x, y] × 4], "conf", "chars": [[c, conf, box]…], "corrected"}
LOW_CONFIDENCE = 0.85  # characters under this are highlighted for the proofreader


class Engine(Protocol):
    """Recognise page images (RGB arrays) into lines.

    A page is read in two steps so the worker pool can share one page between processes:
    ``detect`` finds the line boxes, ``read`` recognises any subset of them (in any process that
    has the same page). ``recognise`` is both steps in reading order.
    """

    name: str

    def warm(self) -> None:
        """Load the models and run them once, so the first page pays no start-up."""

    def detect(self, image: np.ndarray) -> list[np.ndarray]: ...

    def read(self, image: np.ndarray, boxes: list[np.ndarray]) -> list[Line]: ...

    def recognise(self, image: np.ndarray) -> list[Line]: ...


# settings found with bench/ocr.py (CPU seconds per page, one thread, same CER 0.00 %):
# - one ONNX thread per worker process: two single-threaded workers beat one two-threaded call;
# - no angle classifier (scans are upright);
# - the CPU memory arena on (−11 %): pages make many differently sized tensors;
# - detection resizes nothing itself (limit "max" above any page): the page is reduced once to
#   DETECT_SIDE and detection runs per region of archive.page_regions.
TUNED: dict[str, Any] = {
    "Global.use_cls": False,
    "Global.log_level": "warning",
    "Global.max_side_len": 1600,  # recognise_line only: pages are reduced to DETECT_SIDE
    "Det.limit_type": "max",
    "Det.limit_side_len": 8192,
    "EngineConfig.onnxruntime.intra_op_num_threads": 1,
    "EngineConfig.onnxruntime.inter_op_num_threads": 1,
    "EngineConfig.onnxruntime.enable_cpu_mem_arena": True,
}
# detection on a page reduced to this long side (body text at 300 dpi stays > 15 px); columns are
# detected apart, so lines cannot merge across a gutter at this size
DETECT_SIDE = 1280
DETECT_PAD = 16  # paper added around each region, so text at its edge is found whole
# a line box reaches this share of its height above and below the detected text: detection on
# regions draws boxes tight to the glyphs, and the text layer sizes its invisible text by the box,
# where PDF readers tell lines of one column (small gaps) from separate blocks
BOX_LEADING = 0.15
# recognition reads each line box from the full-resolution page with this share of its height
# added as paper above and below: the recogniser scales lines to 48 px high, so smaller glyphs
# make a narrower tensor (−35 % recognition time with the leading); CER stays 0.00 % on the
# benchmark pages until the glyphs fill under about half the height
LINE_PAD = 0.1


def quiet_runtime() -> None:
    """Import onnxruntime without leaving a device ID or a telemetry store in the user's cache.

    onnxruntime (1.32, Linux) writes ``Microsoft/DeveloperTools/.onnxruntime/{deviceid,
    onnxruntime.db}`` under ``XDG_CACHE_HOME`` when imported; during the import that points at one
    scratch folder in the temporary directory (shared by the worker processes, which may be
    terminated without clean-up), and telemetry events are then switched off.
    """
    if "onnxruntime" not in sys.modules:
        scratch = os.path.join(tempfile.gettempdir(), f"gazette-ort-{getpass.getuser()}")
        os.makedirs(scratch, exist_ok=True)
        saved = os.environ.get("XDG_CACHE_HOME")
        os.environ["XDG_CACHE_HOME"] = scratch
        try:
            import onnxruntime  # noqa: F401
        finally:
            if saved is None:
                os.environ.pop("XDG_CACHE_HOME", None)
            else:
                os.environ["XDG_CACHE_HOME"] = saved
    import onnxruntime as ort

    with contextlib.suppress(Exception):  # older runtimes lack these
        ort.disable_telemetry_events()
        ort.set_default_logger_severity(3)


MODEL_LIST = "default_models.yaml"  # rapidocr's list of every engine's models
UNSHIPPED_ENGINES = ("openvino", "mnn", "paddle", "torch")  # the app ships onnxruntime only


def without_sections(yaml_text: str, names: tuple[str, ...]) -> str:
    """A YAML document without the top-level sections ``names`` (the rest byte for byte)."""
    kept: list[str] = []
    skipping = False
    for line in yaml_text.splitlines(keepends=True):
        if line[:1].isalpha() or line[:1] == "_":  # a top-level key starts a section
            skipping = line.split(":", 1)[0].strip() in names
        if not skipping:
            kept.append(line)
    return "".join(kept)


@contextlib.contextmanager
def lean_model_list() -> Iterator[None]:
    """While rapidocr is imported, its model list is parsed once and without the engines the
    app does not ship.

    rapidocr 3.x loads the 85 KB list through OmegaConf twice as it is imported (about 0.4 s of
    CPU, a third of a worker's start-up, paid by every worker process). Only the onnxruntime
    entries, the routes and the language names are read from it. Any other file, or a list
    without these sections, is loaded as before.
    """
    from omegaconf import OmegaConf

    original = OmegaConf.__dict__.get("load")
    if not isinstance(original, staticmethod):  # another OmegaConf: load as it does
        yield
        return
    loaded: dict[str, Any] = {}

    def load(file_: Any, **kwargs: Any) -> Any:
        if not isinstance(file_, str | os.PathLike) or Path(file_).name != MODEL_LIST:
            return original.__func__(file_, **kwargs)
        key = os.path.abspath(file_)
        if key not in loaded:
            text = Path(key).read_text(encoding="utf-8")
            lean = io.StringIO(without_sections(text, UNSHIPPED_ENGINES))
            loaded[key] = original.__func__(lean, **kwargs)
        return loaded[key]

    OmegaConf.load = staticmethod(load)  # type: ignore[method-assign,assignment]
    try:
        yield
    finally:
        OmegaConf.load = original  # type: ignore[method-assign]


class RapidOcrEngine:
    """RapidOCR 3.x with the PP-OCR models inside the wheel (works with no network)."""

    def __init__(self, params: dict[str, Any] | None = None) -> None:
        quiet_runtime()
        with lean_model_list():
            from rapidocr import RapidOCR

        self.params = dict(TUNED if params is None else params)
        self.use_cls = bool(self.params.get("Global.use_cls", True))
        self._ocr = RapidOCR(params=self.params)
        from rapidocr._version import __version__ as version  # type: ignore[import-not-found]

        self.name = f"rapidocr-{version}"

    def warm(self) -> None:
        """Load detection and recognition (RapidOCR loads them lazily) and run each once."""
        paper = np.full((96, 480, 3), 236, dtype=np.uint8)
        paper[40:56, 40:440] = 20  # a dark bar: detection finds a box, recognition reads it
        self.read(paper, [np.array([[36, 36], [444, 36], [444, 60], [36, 60]], np.float32)])
        self._ocr._load_det_model()(paper)

    def recognise(self, image: np.ndarray) -> list[Line]:
        return reading_order(self.read(image, self.detect(image)))

    def read(self, image: np.ndarray, boxes: list[np.ndarray]) -> list[Line]:
        """Recognise the given line boxes of a page (not yet in reading order)."""
        from rapidocr.ch_ppocr_rec import TextRecInput
        from rapidocr.utils.process_img import get_rotate_crop_image

        boxes = [np.asarray(b, dtype=np.float32) for b in boxes]
        boxes = [b for b in boxes if _side(b) >= 2]
        if not boxes:
            return []
        crops = [get_rotate_crop_image(image, box) for box in boxes]
        if self.use_cls:  # turns lines read upside down (off in TUNED: scans are upright)
            crops = list(self._ocr._load_cls_model()(crops).img_list)
        res: Any = self._ocr._load_rec_model()(
            TextRecInput(img=[pad_line(c) for c in crops], return_word_box=True)
        )
        keep = [
            i
            for i, (text, score) in enumerate(zip(res.txts, res.scores, strict=True))
            if text.strip() and score >= self._ocr.text_score
        ]
        res.txts = tuple(res.txts[i] for i in keep)
        res.scores = tuple(res.scores[i] for i in keep)
        res.word_results = tuple(res.word_results[i] for i in keep)
        boxes = [boxes[i] for i in keep]
        kept = [crops[i] for i in keep]
        words = self._ocr.cal_rec_boxes(kept, np.array(boxes), res, True).word_results
        lines: list[Line] = []
        for box, text, score, chars in zip(boxes, res.txts, res.scores, words, strict=True):
            lines.append(
                {
                    "text": text,
                    "box": np.asarray(box).round(1).tolist(),
                    "conf": round(float(score), 4),
                    "chars": _chars(chars),
                    "corrected": None,
                }
            )
        return lines

    def detect(self, image: np.ndarray) -> list[np.ndarray]:
        """Line boxes (4 points, page pixels): each region of the page reduced to DETECT_SIDE."""
        h, w = image.shape[:2]
        scale = min(1.0, DETECT_SIDE / max(h, w))
        small = image
        if scale < 1.0:
            size = (max(1, round(w * scale)), max(1, round(h * scale)))
            small = cv2.resize(image, size, interpolation=cv2.INTER_AREA)
        detector = self._ocr._load_det_model()
        paper = [int(v) for v in np.median(small[::16, ::16].reshape(-1, small.shape[2]), axis=0)]
        boxes: list[np.ndarray] = []
        for x0, y0, x1, y1 in text_regions(image):
            sx0, sy0 = int(x0 * scale), int(y0 * scale)
            part = small[sy0 : math.ceil(y1 * scale), sx0 : math.ceil(x1 * scale)]
            if part.size == 0:
                continue
            # thin bands get paper up to a quarter of their width, as RapidOCR pads wide images
            pad_y = max(DETECT_PAD, (part.shape[1] // 4 - part.shape[0]) // 2)
            part = cv2.copyMakeBorder(
                part, pad_y, pad_y, DETECT_PAD, DETECT_PAD, cv2.BORDER_CONSTANT, value=paper
            )
            found = detector(part)
            if found.boxes is None:
                continue
            pts = np.asarray(found.boxes, dtype=np.float32)
            pts -= np.array([DETECT_PAD - sx0, pad_y - sy0], dtype=np.float32)
            pts /= scale
            pts = lead(pts)
            pts[..., 0] = pts[..., 0].clip(0, w)
            pts[..., 1] = pts[..., 1].clip(0, h)
            boxes.extend(pts)
        return boxes

    def recognise_line(self, image: np.ndarray) -> Line:
        """Recognise a crop holding one line (no detection): what proofreading re-reads."""
        res: Any = self._ocr(
            image, use_det=False, use_cls=False, use_rec=True, return_word_box=True
        )
        text = "".join(res.txts or ())
        score = float(res.scores[0]) if res.scores else 0.0
        h, w = image.shape[:2]
        confs = list(res.word_results[0].confs) if res.word_results and res.word_results[0] else []
        chars = [[c, round(float(k), 4), None] for c, k in zip(text, confs, strict=False)]
        box = [[0, 0], [w, 0], [w, h], [0, h]]
        return {
            "text": text,
            "box": box,
            "conf": round(score, 4),
            "chars": chars,
            "corrected": None,
        }


def _side(box: np.ndarray) -> float:
    """The shorter side of a 4-point box."""
    return float(min(np.linalg.norm(box[0] - box[1]), np.linalg.norm(box[1] - box[2])))


def lead(quads: np.ndarray) -> np.ndarray:
    """Quads (n × 4 points, clockwise from top left) grown by BOX_LEADING above and below."""
    down = ((quads[:, 3] - quads[:, 0]) + (quads[:, 2] - quads[:, 1])) / 2 * BOX_LEADING
    out = quads.copy()
    out[:, :2] -= down[:, None]
    out[:, 2:] += down[:, None]
    return out


def pad_line(crop: np.ndarray) -> np.ndarray:
    """A line crop with LINE_PAD of its height repeated as paper above and below."""
    pad = round(crop.shape[0] * LINE_PAD)
    return cv2.copyMakeBorder(crop, pad, pad, 0, 0, cv2.BORDER_REPLICATE)


def _chars(words: Any) -> list[list[Any]]:
    return [
        [str(w[0]), round(float(w[1]), 4), _rect(w[2])]
        for w in words or []
        if w and w[0] is not None
    ]


def _rect(points: Any) -> list[float] | None:
    if points is None:
        return None
    arr = np.asarray(points, dtype=float)
    return [
        float(arr[:, 0].min()),
        float(arr[:, 1].min()),
        float(arr[:, 0].max()),
        float(arr[:, 1].max()),
    ]


def bounds(line: Line) -> tuple[float, float, float, float]:
    pts = np.asarray(line["box"], dtype=float)
    return (
        float(pts[:, 0].min()),
        float(pts[:, 1].min()),
        float(pts[:, 0].max()),
        float(pts[:, 1].max()),
    )


def reading_order(lines: list[Line]) -> list[Line]:
    """Top to bottom; where the page splits into columns, the left column before the right.

    A line that crosses the page's middle (a heading, a full-width paragraph) closes a band;
    within a band, lines are read column by column.
    """
    if not lines:
        return lines
    boxed = [(bounds(ln), ln) for ln in lines]
    left = min(b[0] for b, _ in boxed)
    right = max(b[2] for b, _ in boxed)
    mid = (left + right) / 2
    boxed.sort(key=lambda t: (t[0][1] + t[0][3]) / 2)
    out: list[Line] = []
    band: list[tuple[tuple[float, float, float, float], Line]] = []

    width = max(1.0, right - left)

    def flush() -> None:
        cols = [[t for t in band if t[0][0] < mid - 0.02 * width], []]
        cols[1] = [t for t in band if t[0][0] >= mid - 0.02 * width]
        for col in cols:
            out.extend(ln for _, ln in sorted(col, key=lambda t: (t[0][1] + t[0][3]) / 2))
        band.clear()

    for b, ln in boxed:
        # a line from the left half reaching well into the right half spans the page
        if b[0] < mid - 0.02 * width and b[2] > mid + 0.25 * width:
            flush()
            out.append(ln)
        else:
            band.append((b, ln))
    flush()
    return out


def line_text(line: Line) -> str:
    corrected = line.get("corrected")
    return str(corrected if corrected is not None else line["text"])


def page_text(lines: list[Line]) -> str:
    return "\n".join(line_text(ln) for ln in lines)


def load_rgb(path: Path | str) -> np.ndarray:
    with Image.open(path) as im:
        return np.asarray(im.convert("RGB"))


@lru_cache(maxsize=1)
def default_engine() -> RapidOcrEngine:
    """The in-process engine (for one file at the command line, and for tests)."""
    return RapidOcrEngine()


def recognise_file(path: Path) -> list[Line]:
    """OCR an image file, or every page of a PDF, in this process."""
    if path.suffix.lower() == ".pdf":
        import pypdfium2 as pdfium

        doc = pdfium.PdfDocument(str(path))
        try:
            out: list[Line] = []
            for i in range(len(doc)):
                img = doc[i].render(scale=300 / 72).to_pil().convert("RGB")
                out += default_engine().recognise(np.asarray(img))
            return out
        finally:
            doc.close()
    return default_engine().recognise(load_rgb(path))
