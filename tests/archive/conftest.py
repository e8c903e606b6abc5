"""Expensive OCR fixtures, loaded once per session; the fake engine's pool for tests that are not
about recognition."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def engine():
    from archive.ocr import default_engine

    return default_engine()


@pytest.fixture(scope="session")
def fake_pool():
    """Real worker processes running the declared fake engine (archive.ocr_fake): the pool's
    scheduling, saving and cancelling without seconds of model loading per test."""
    from archive.ocr_fake import FakeEngine
    from archive.ocr_pool import OcrPool

    with OcrPool(workers=2, engine=FakeEngine) as pool:
        yield pool
