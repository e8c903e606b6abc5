"""A rebuild of the search index killed part-way continues where it stopped, on both databases,
and gives the same answers as a rebuild that was never interrupted."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from gazette.db.models import Document
from gazette.progress import Reporter
from gazette.search import indexer, service
from gazette.search.postings import SEG_SIZE
from tests.faults.killing import kill_when

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")

# rebuilds in steps of two documents; after the second committed step it is killed inside the
# third, with that step's rows written but not committed
CHILD = r"""
import sys, pathlib, threading
from gazette.context import open_context
from gazette.progress import Reporter
from gazette.search import indexer
ctx = open_context(sys.argv[1], sys.argv[2])
marker = pathlib.Path(sys.argv[3])
saved = []

def progress(done, total, message=""):
    if message.endswith("（已保存）"):
        saved.append(done)
    elif len(saved) >= 2 and "：" in message:
        marker.touch()
        threading.Event().wait()  # held here, mid-step, until killed

indexer.rebuild_in_steps(ctx.db.engine, Reporter(progress), restart=True, batch=2)
"""

QUERIES = ("工作", "政务公开", "公", "第7号", "环境 -公开")


def add_segmented_documents(ctx, count: int = 9) -> None:  # type: ignore[no-untyped-def]
    """Documents whose ids lie in several of PostgreSQL's posting segments."""
    with ctx.uow() as uow:
        for i in range(count):
            uow.session.add(
                Document(
                    id=1 + i * (SEG_SIZE // 2),
                    title=f"第{i}号文件",
                    issuer="宿迁市人民政府办公室",
                    kind="公文",
                    body_text=("政务公开" if i % 2 else "环境保护") + f"工作要求第{i}条",
                )
            )
        uow.commit()


def _answers(ctx) -> list:  # type: ignore[no-untyped-def]
    return [
        (q, r.total, [h.doc_id for h in r.hits]) for q in QUERIES for r in [service.search(ctx, q)]
    ]


def _killed_then_resumed(ctx, url: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    add_segmented_documents(ctx)
    assert service.rebuild(ctx) == 9
    clean = _answers(ctx)
    assert [c[1] for c in clean] == [9, 4, 4, 1, 5]  # the queries can tell documents apart
    marker = tmp_path / "killed"
    code = kill_when(CHILD, marker, url, str(tmp_path / "child"), str(marker))
    assert code == -9
    assert service.rebuild_unfinished(ctx)
    with ctx.db.engine.connect() as conn:
        start = indexer.resume_point(conn)
    assert start is not None and start > 1  # two steps were kept
    # edits while the rebuild waits: one in the part already indexed, one in the part to come
    with ctx.uow() as uow:
        uow.session.get(Document, 1).body_text = "政务公开新规定"
        uow.session.get(Document, 1 + 8 * (SEG_SIZE // 2)).body_text = "政务公开最后一条"
        uow.commit()
    seen: list[tuple[int, str]] = []
    assert service.rebuild(ctx, Reporter(lambda d, t, m="": seen.append((d, m)))) == 9
    first_done, first_message = seen[0]
    assert 0 < first_done < 9 and first_message.startswith("继续重建检索索引")
    assert not service.rebuild_unfinished(ctx)
    resumed = _answers(ctx)
    assert service.search(ctx, "新规定").total == 1 and service.search(ctx, "最后一条").total == 1
    assert service.rebuild(ctx, restart=True) == 9
    assert resumed == _answers(ctx) != clean


def test_killed_rebuild_resumes_on_sqlite(ctx, tmp_path) -> None:  # type: ignore[no-untyped-def]
    url = ctx.db.engine.url.render_as_string(hide_password=False)
    _killed_then_resumed(ctx, url, tmp_path)


@pytest.mark.postgres
def test_killed_rebuild_resumes_on_postgresql(pg_ctx, pg_url, tmp_path) -> None:  # type: ignore[no-untyped-def]
    _killed_then_resumed(pg_ctx, pg_url, tmp_path)
