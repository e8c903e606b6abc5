"""Synthetic scans of gazette pages with known text: for tests, the benchmark and the demo.

Pages are rendered at 300 dpi from a fixed corpus, so OCR can be scored against the exact text.
``degrade`` applies fixed, documented damage (``DEGRADED``), the kind a worn 1990s issue shows
after a flatbed scan: slight blur, sensor noise, a skew, washed-out contrast, JPEG artefacts.
"""

from __future__ import annotations

import io
import random
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from gazette.resources import resource_path
from gazette.vocab import issue_label

DPI = 300
A4_PX = (2480, 3508)  # 210 x 297 mm at 300 dpi
MARGIN = 236  # 20 mm

SENTENCES = (
    "为进一步加强和改进政府信息公开工作，提高行政机关依法行政水平，现就有关事项通知如下。",
    "各县区人民政府、市政府各部门要高度重视，切实加强组织领导，明确责任分工。",
    "建立健全工作机制，确保各项任务落到实处，取得实效。",
    "严格执行国家有关法律法规和政策规定，认真做好规范性文件的备案审查工作。",
    "加快推进城乡基础设施建设，完善公共服务体系，提升群众生活质量。",
    "坚持以人民为中心的发展思想，着力保障和改善民生，促进社会公平正义。",
    "本办法自发布之日起施行，有效期五年，由市人民政府办公室负责解释。",
    "各地各部门要结合实际制定具体实施方案，于每年十二月底前报送工作总结。",
    "深化行政审批制度改革，简化办事程序，提高政务服务效率和水平。",
    "加强对农业农村工作的领导，稳定粮食生产，增加农民收入，推进乡村振兴。",
    "切实做好安全生产工作，落实企业主体责任，坚决遏制重特大事故发生。",
    "市财政每年安排专项资金，用于支持中小企业技术改造和创新发展。",
    "对在工作中做出突出贡献的单位和个人，由市人民政府给予表彰和奖励。",
    "加强生态环境保护，推进大气污染防治，改善城市空气质量和水环境质量。",
    "认真落实教育优先发展战略，促进义务教育均衡发展，保障适龄儿童入学。",
    "健全社会保障制度，扩大养老保险覆盖面，提高城乡居民医疗保障水平。",
)


@dataclass(frozen=True)
class Damage:
    """Fixed degradation parameters (documented here, reported by the benchmark)."""

    blur_radius: float = 1.2  # Gaussian blur, pixels at 300 dpi
    noise_sigma: float = 14.0  # Gaussian noise on 0–255 grey levels
    rotation_deg: float = 0.7  # skew, degrees counter-clockwise
    contrast: float = 0.55  # ink/paper range kept (1.0 = black on white)
    jpeg_quality: int = 35  # JPEG re-encode quality
    paper_grey: int = 232  # paper tone after contrast loss


CLEAN = None
DEGRADED = Damage()


@dataclass
class PageText:
    """A rendered page and the lines it holds, in reading order, with their boxes (pixels)."""

    image: Image.Image
    lines: list[str]
    boxes: list[tuple[int, int, int, int]]

    @property
    def text(self) -> str:
        return "".join(self.lines)


@lru_cache(maxsize=8)
def font(size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(resource_path("fonts", "wqy-microhei.ttc")), size, index=0)


def corpus_lines(rng: random.Random, count: int, width_chars: int) -> list[str]:
    """``count`` lines of at most ``width_chars`` characters cut from the corpus."""
    text = "".join(rng.choice(SENTENCES) for _ in range(count * width_chars // 20 + 2))
    return [text[i * width_chars : (i + 1) * width_chars] for i in range(count)]


def render_page(
    seed: int,
    *,
    columns: int = 1,
    font_px: int = 50,
    lines_per_column: int = 30,
    heading: str | None = None,
    size: tuple[int, int] = A4_PX,
) -> PageText:
    """A white page of body text (one or two columns), optionally under a centred heading."""
    rng = random.Random(seed)
    img = Image.new("L", size, 255)
    draw = ImageDraw.Draw(img)
    body = font(font_px)
    lines: list[str] = []
    boxes: list[tuple[int, int, int, int]] = []
    top = MARGIN
    if heading:
        big = font(int(font_px * 1.5))
        w = int(draw.textlength(heading, font=big))
        x = (size[0] - w) // 2
        draw.text((x, top), heading, font=big, fill=0)
        lines.append(heading)
        boxes.append((x, top, x + w, top + int(font_px * 1.5)))
        top += int(font_px * 3)
    gutter = 120  # 1 cm, as in printed two-column gazettes
    col_w = (size[0] - 2 * MARGIN - (columns - 1) * gutter) // columns
    per_line = col_w // font_px
    step = int(font_px * 1.8)
    room = (size[1] - MARGIN - top) // step
    for col in range(columns):
        x0 = MARGIN + col * (col_w + gutter)
        for i, line in enumerate(corpus_lines(rng, min(lines_per_column, room), per_line)):
            y = top + i * step
            draw.text((x0, y), line, font=body, fill=0)
            w = int(draw.textlength(line, font=body))
            lines.append(line)
            boxes.append((x0, y, x0 + w, y + font_px))
    img.info["dpi"] = (DPI, DPI)
    return PageText(img, lines, boxes)


def render_line(text: str, font_px: int = 50, pad: int = 16) -> Image.Image:
    """One line of text on white, the crop a recogniser sees (for fast unit tests)."""
    f = font(font_px)
    w = int(f.getlength(text)) + 2 * pad
    img = Image.new("L", (w, font_px + 2 * pad), 255)
    ImageDraw.Draw(img).text((pad, pad), text, font=f, fill=0)
    return img


def degrade(img: Image.Image, damage: Damage = DEGRADED, seed: int = 7) -> Image.Image:
    """Apply ``damage`` deterministically (same seed, same pixels)."""
    out = img.convert("L").filter(ImageFilter.GaussianBlur(damage.blur_radius))
    out = out.rotate(damage.rotation_deg, resample=Image.Resampling.BICUBIC, fillcolor=255)
    arr = np.asarray(out, dtype=np.float32)
    ink = damage.paper_grey - 255 * damage.contrast
    arr = ink + (arr / 255.0) * (damage.paper_grey - ink)
    noise = np.random.default_rng(seed).normal(0.0, damage.noise_sigma, arr.shape)
    arr = np.clip(arr + noise, 0, 255).astype(np.uint8)
    buf = io.BytesIO()
    Image.fromarray(arr, "L").save(buf, "JPEG", quality=damage.jpeg_quality)
    buf.seek(0)
    result = Image.open(buf)
    result.load()
    result.info["dpi"] = (DPI, DPI)
    return result


def cover_page(year: int, number: int, serial: int, published: str, gazette: str) -> PageText:
    """A simple cover: the gazette's name, year and number, 总第N期 and the date."""
    img = Image.new("L", A4_PX, 255)
    draw = ImageDraw.Draw(img)
    lines = [gazette, issue_label(year, number), f"总第{serial}期", published]
    sizes = [150, 90, 70, 70]
    boxes = []
    y = 500
    for text, px in zip(lines, sizes, strict=True):
        f = font(px)
        w = int(draw.textlength(text, font=f))
        x = (A4_PX[0] - w) // 2
        draw.text((x, y), text, font=f, fill=0)
        boxes.append((x, y, x + w, y + px))
        y += px * 2 + 60
    img.info["dpi"] = (DPI, DPI)
    return PageText(img, lines, boxes)


def article_page(
    seed: int,
    *,
    section: str | None,
    doc_number: str | None,
    title: str,
    body_lines: int = 14,
    date: str | None = None,
    font_px: int = 50,
) -> PageText:
    """A page opening an article: section, 发文字号, a centred title, body, and its date."""
    rng = random.Random(seed)
    img = Image.new("L", A4_PX, 255)
    draw = ImageDraw.Draw(img)
    lines: list[str] = []
    boxes: list[tuple[int, int, int, int]] = []
    y = MARGIN

    def put(text: str, px: int, align: str, gap: float = 1.8) -> None:
        nonlocal y
        f = font(px)
        w = int(draw.textlength(text, font=f))
        x = {"left": MARGIN, "centre": (A4_PX[0] - w) // 2, "right": A4_PX[0] - MARGIN - w}[align]
        draw.text((x, y), text, font=f, fill=0)
        lines.append(text)
        boxes.append((x, y, x + w, y + px))
        y += int(px * gap)

    if section:
        put(section, 60, "left", 2.4)
    if doc_number:
        put(doc_number, font_px, "centre")
    put(title, 66, "centre", 2.4)
    per_line = (A4_PX[0] - 2 * MARGIN) // font_px
    for text in corpus_lines(rng, body_lines, per_line):
        put(text, font_px, "left")
    if date:
        put(date, font_px, "right")
    img.info["dpi"] = (DPI, DPI)
    return PageText(img, lines, boxes)
