"""The demo office: built once per session (conftest.demo_template), then copied per test."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from sqlalchemy import func, select

from gazette import demo
from gazette.db.models import Liaison, Section
from gazette.departments import roster as deps

ROOT = Path(__file__).resolve().parents[2]


def test_demo_departments_and_sections(demo_ctx) -> None:
    with demo_ctx.uow() as uow:
        rows = deps.list_departments(uow)
        sections = list(uow.session.scalars(select(Section.name).order_by(Section.position)))
        ended = uow.session.scalar(
            select(func.count()).select_from(Liaison).where(Liaison.ended_on.is_not(None))
        )
    assert 35 <= len(rows) <= 45
    names = {r.name for r in rows}
    assert {"宿迁市发展和改革委员会", "宿迁市教育局", "宿迁市公安局", "宿迁市财政局"} <= names
    codes = {c for r in rows for c in r.issuer_codes}
    assert {"宿发改发", "宿教发", "宿财规", "宿政办发"} <= codes
    assert all(r.liaison and r.alternate for r in rows)
    people = "".join(r.liaison + r.alternate for r in rows)
    for rare in "堃喆珺":
        assert rare in people, rare
    assert ended and ended >= 10  # liaison history: officers replaced in 2025–2026
    assert sum(not r.active for r in rows) == 1
    assert sections[:5] == ["市政府文件", "市政府办公室文件", "部门文件", "人事任免", "政策解读"]


def test_demo_copy_is_private(demo_ctx, demo_template) -> None:
    """Each test gets its own copy: changing it here does not leak into the template."""
    with demo_ctx.uow() as uow:
        dep_id = deps.find_by_name(uow, "宿迁市教育局")
        assert dep_id is not None
        deps.set_active(uow, dep_id, False)
        uow.commit()
    assert not demo.is_empty(demo_ctx)
    uri = f"file:{(demo_template / 'gazette.sqlite3').as_posix()}?mode=ro"
    conn = sqlite3.connect(uri, uri=True)
    try:
        inactive = conn.execute("SELECT count(*) FROM departments WHERE NOT active").fetchone()[0]
    finally:
        conn.close()
    assert inactive == 1


def test_demo_refuses_non_empty_database(demo_ctx, tmp_path) -> None:
    proc = subprocess.run(
        [sys.executable, str(ROOT / "commands.py"), "--data-dir", str(demo_ctx.data_dir), "demo"],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
        timeout=120,
    )
    assert proc.returncode == 2
    assert "已有数据" in proc.stderr


def test_no_demo_issue_prints_a_document_dated_after_it(demo_ctx) -> None:
    """A newcomer reading the demo's 2026年第10期 (15 October) found a 人事任免 signed on
    20 December: each placed document's 成文日期 is on or before its issue's publication."""
    from gazette.db.models import Document, Issue, IssueItem
    from gazette.texts.dates import parse_cn_date
    from gazette.texts.model import DocumentText

    with demo_ctx.uow() as uow:
        rows = uow.session.execute(
            select(Issue.year, Issue.number, Issue.published_on, Document.structure)
            .join(IssueItem, IssueItem.issue_id == Issue.id)
            .join(Document, Document.id == IssueItem.document_id)
            .where(Issue.historical.is_(False), Document.structure.is_not(None))
        ).all()
    assert len(rows) >= 10
    late = []
    for year, number, published_on, structure in rows:
        signed = parse_cn_date(DocumentText.from_json(structure).date)
        if signed is not None and signed > published_on:
            late.append((year, number, signed))
    assert not late, late
