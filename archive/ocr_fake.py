"""A declared stand-in for the OCR engine, for tests that are not about recognition.

Workflow, screens, resumption and the worker pool's scheduling do not depend on what the
recogniser reads, only on pages going through the pool and their lines being saved to the right
page. This engine finds lines as bands of dark rows (no model, no start-up) and "reads" each one
as a text naming the page's fingerprint and the line's number, so a test can tell which page a
saved result came from. Every test of recognition itself uses RapidOcrEngine.
"""

from __future__ import annotations

import hashlib

import numpy as np

from archive.ocr_engine import Line, reading_order

DARK = 128  # a row holding a pixel darker than this belongs to a line


def fingerprint(image: np.ndarray) -> str:
    """Eight hex digits naming the page image (what every line of it reads as)."""
    return hashlib.sha1(np.ascontiguousarray(image).tobytes()).hexdigest()[:8]


def fake_text(image: np.ndarray, number: int) -> str:
    return f"假{fingerprint(image)}行{number}"


class FakeEngine:
    """Engine protocol without recognition: dark bands become lines named by the page."""

    name = "fake"

    def warm(self) -> None:
        """Nothing to load."""

    def detect(self, image: np.ndarray) -> list[np.ndarray]:
        dark = (image.min(axis=2) if image.ndim == 3 else image) < DARK
        rows: np.ndarray = np.asarray(dark.any(axis=1))
        boxes: list[np.ndarray] = []
        y = 0
        while y < len(rows):
            if not rows[y]:
                y += 1
                continue
            top = y
            while y < len(rows) and rows[y]:
                y += 1
            cols = np.flatnonzero(dark[top:y].any(axis=0))
            x0, x1 = float(cols[0]), float(cols[-1] + 1)
            boxes.append(np.array([[x0, top], [x1, top], [x1, y], [x0, y]], dtype=np.float32))
        return boxes

    def read(self, image: np.ndarray, boxes: list[np.ndarray]) -> list[Line]:
        tops = sorted(float(b[0][1]) for b in self.detect(image))
        lines: list[Line] = []
        for box in boxes:
            pts = np.asarray(box, dtype=float)
            number = 1 + sum(1 for top in tops if top < pts[0][1])
            lines.append(
                {
                    "text": fake_text(image, number),
                    "box": pts.round(1).tolist(),
                    "conf": 1.0,
                    "chars": [],
                    "corrected": None,
                }
            )
        return lines

    def recognise(self, image: np.ndarray) -> list[Line]:
        return reading_order(self.read(image, self.detect(image)))
