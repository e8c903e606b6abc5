"""``gazette issue list|build|volume`` on the demo office (the demo issue in every section)."""

from __future__ import annotations

from pypdf import PdfReader
from sqlalchemy import func, select

import commands
from gazette.context import open_context
from gazette.db.models import Issue, IssueItem
from gazette.demo import load


def test_demo_issue_lists_builds_and_binds_into_a_volume(tmp_path, capsys) -> None:
    data = tmp_path / "data"
    ctx = open_context(None, data)
    load(ctx)
    with ctx.uow() as uow:
        items = uow.session.scalar(
            select(func.count()).select_from(IssueItem).join(Issue).where(Issue.number == 11)
        )
    ctx.close()
    assert commands.main(["--data-dir", str(data), "issue", "list"]) == 0
    listing = capsys.readouterr().out.splitlines()
    assert listing[-1].split("\t")[:5] == ["2026", "第11期", "总第179期", "2026-11-15", "编排中"]
    out = tmp_path / "out"
    assert (
        commands.main(
            [
                "--data-dir",
                str(data),
                "issue",
                "build",
                "--year",
                "2026",
                "--number",
                "11",
                "--out",
                str(out),
                "--edition",
                "web",
            ]
        )
        == 0
    )
    printed = capsys.readouterr().out.splitlines()
    assert printed[0].endswith("页") and "电子版" in printed[0]
    assert len(printed) == 1 + items  # the e-edition and one PDF per document
    web = PdfReader(printed[0].split("\t")[0])
    assert len(web.pages) == int(printed[0].split("\t")[1].rstrip("页"))
    vol = tmp_path / "2026.pdf"
    assert (
        commands.main(
            ["--data-dir", str(data), "issue", "volume", "--year", "2026", "--out", str(vol)]
        )
        == 0
    )
    reader = PdfReader(vol)
    top = [o.title for o in reader.outline if not isinstance(o, list)]
    assert top == ["2026年总目录", "2026年第9期", "2026年第10期", "2026年第11期"]
    assert "总目录" in reader.pages[0].extract_text().replace(" ", "")
    assert reader.pages[0].get("/Annots")  # entries link to the documents
    assert (
        commands.main(
            [
                "--data-dir",
                str(data),
                "issue",
                "build",
                "--year",
                "2030",
                "--number",
                "1",
                "--out",
                str(out),
            ]
        )
        == 2
    )
    assert "没有2030年第1期" in capsys.readouterr().err
