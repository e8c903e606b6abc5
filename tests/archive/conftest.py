"""Expensive OCR fixtures, loaded once per session."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def engine():
    from archive.ocr import default_engine

    return default_engine()


@pytest.fixture(scope="session")
def ocr_pool():
    from archive.ocr import OcrPool

    pool = OcrPool(workers=1)  # one spawned worker: the same code path, half the model loads
    yield pool
    pool.terminate()
