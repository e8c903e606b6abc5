"""Hostile files given to document import: a clear error naming the file, nothing stored."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from gazette.db.models import Document, StoredFile
from gazette.texts.importer import TextImportError
from gazette.texts.store import import_document
from tests.faults.hostile import KINDS, encrypted_pdf, huge_image

SUFFIXES = (".docx", ".pdf", ".txt", ".ofd")


def _nothing_stored(ctx) -> None:
    with ctx.uow() as uow:
        assert uow.session.scalar(select(func.count()).select_from(Document)) == 0
        assert uow.session.scalar(select(func.count()).select_from(StoredFile)) == 0


CASES = [(k, s) for k in sorted(KINDS) for s in SUFFIXES if (k, s) != ("截断", ".txt")]


@pytest.mark.parametrize(("kind", "suffix"), CASES)
def test_document_import_hostile_files(kind, suffix, ctx, tmp_path) -> None:
    path = KINDS[kind](tmp_path, suffix)  # (a truncated text file is still text: not hostile)
    with pytest.raises(TextImportError) as err:
        import_document(ctx, path)
    assert path.name in str(err.value), str(err.value)
    assert not (tmp_path.parent / "outside.txt").exists()
    _nothing_stored(ctx)


@pytest.mark.parametrize("maker", [encrypted_pdf, huge_image], ids=["加密PDF", "超大尺寸图片"])
def test_document_import_encrypted_and_huge(maker, ctx, tmp_path) -> None:
    path = maker(tmp_path)
    with pytest.raises(TextImportError) as err:
        import_document(ctx, path)
    assert path.name in str(err.value), str(err.value)
    _nothing_stored(ctx)
