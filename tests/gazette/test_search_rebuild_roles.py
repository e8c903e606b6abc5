"""On a shared database set up by ``gazette office init`` only the owner role may change the
schema, so the search index's rebuild must only change rows: an 编辑 login rebuilds (and resumes
a cancelled rebuild) through the app, and a 只读 login is refused by the app and by the server."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa

from gazette.context import open_context
from gazette.office.auth import PermissionDenied
from gazette.progress import Reporter
from gazette.search import service
from tests.gazette.pg_office import PASSWORD, Office, office, roles_pg_url
from tests.gazette.test_search_rebuild import add_segmented_documents

__all__ = ["office", "roles_pg_url"]  # the fixtures, used by name


class Cancelled(Exception):
    pass


def _signed_in(office: Office, role: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("GAZETTE_USER", office.people[role])
    monkeypatch.setenv("GAZETTE_PASSWORD", PASSWORD)
    return open_context(office.url, tmp_path / role)


def _cancel_after_first_step(done: int, total: int, message: str = "") -> None:
    if message.endswith("（已保存）"):
        raise Cancelled


def test_an_editor_rebuilds_and_a_reader_is_refused(office, tmp_path, monkeypatch) -> None:
    editor = _signed_in(office, "editor", tmp_path, monkeypatch)
    try:
        assert editor.role == "editor"
        add_segmented_documents(editor, 4)  # ids in two of PostgreSQL's posting segments
        assert service.rebuild(editor, restart=True) == 4
        before = [(q, service.search(editor, q).total) for q in ("工作", "政务公开", "第3号")]
        assert before == [("工作", 4), ("政务公开", 2), ("第3号", 1)]
        with pytest.raises(Cancelled):
            service.rebuild(editor, Reporter(_cancel_after_first_step), restart=True)
        assert service.rebuild_unfinished(editor)
        assert service.rebuild(editor) == 4  # resumed from the recorded step
        assert not service.rebuild_unfinished(editor)
        assert service.rebuild(editor, restart=True) == 4
        after = [(q, service.search(editor, q).total) for q in ("工作", "政务公开", "第3号")]
        assert after == before
    finally:
        editor.close()

    reader = _signed_in(office, "reader", tmp_path, monkeypatch)
    try:
        assert reader.role == "reader"
        with pytest.raises(PermissionDenied):
            service.rebuild(reader, restart=True)
        reader.role = "editor"  # past the app's own check: the server is the guard
        with pytest.raises(sa.exc.ProgrammingError, match="permission denied"):
            service.rebuild(reader, restart=True)
        assert not service.rebuild_unfinished(reader)
        assert service.search(reader, "工作").total == 4  # nothing was emptied
    finally:
        reader.close()
