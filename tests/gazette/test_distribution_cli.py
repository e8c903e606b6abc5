"""``gazette distribution …`` on a fresh office and on the demo office, whose published issues
carry frozen distributions with receipts outstanding."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook
from pypdf import PdfReader

import commands
from gazette.db.models import Issue
from gazette.distribution import issue as dist
from gazette.distribution import recipients as rcp
from tests.gazette.distribution_setup import row, write_sheet


def _run(data: Path, *argv: str) -> int:
    return commands.main(["--data-dir", str(data), *argv])


def test_import_list_export_and_a_refused_sheet(tmp_path: Path, capsys) -> None:
    data = tmp_path / "data"
    good = write_sheet(
        tmp_path / "good.xlsx", [row("宿迁市图书馆", "宿迁市宿城区古黄河路298号", copies=3)]
    )
    assert _run(data, "distribution", "import", str(good)) == 0
    assert "新增 1 个发行对象" in capsys.readouterr().out
    bad = write_sheet(
        tmp_path / "bad.xlsx", [row("泗洪县图书馆", "泗洪县青阳镇人民路8号", postcode="2239")]
    )
    assert _run(data, "distribution", "import", str(bad)) == 1
    captured = capsys.readouterr()
    assert "全部未导入" in captured.out and "第 2 行 邮政编码" in captured.err
    assert _run(data, "distribution", "list") == 0
    listed = capsys.readouterr().out
    assert "宿迁市图书馆" in listed and "泗洪县" not in listed and "每期 3 份" in listed
    assert _run(data, "distribution", "reserve", "12") == 0
    assert "每期 12 份" in capsys.readouterr().out
    out = tmp_path / "out.xlsx"
    assert _run(data, "distribution", "export", str(out)) == 0
    assert load_workbook(out).active["C2"].value == "宿迁市宿城区古黄河路298号"  # type: ignore[index]


def test_the_demo_published_issue_shows_its_distribution(demo_ctx, tmp_path: Path, capsys) -> None:
    with demo_ctx.uow() as uow:
        s = uow.session
        recipients = rcp.list_recipients(s)
        published = [r for r in dist.overview(s) if r.issue_status == "published"]
        latest = published[0]
        shown = dist.view(s, latest.issue_id)
        issue = s.get(Issue, latest.issue_id)
        assert issue is not None
        year, number = issue.year, issue.number
    assert 110 <= len(recipients) <= 130
    assert {r.category for r in recipients} == set(rcp.CATEGORIES)
    assert all(r.frozen for r in published)
    assert latest.pending > 0 and latest.returned == 1 and latest.received > 0
    assert shown.print_run == shown.recipient_copies + shown.reserve
    data = demo_ctx.data_dir
    assert _run(data, "distribution", "receipts", str(year), str(number), "--outstanding") == 0
    assert f"未确认 {latest.pending}" in capsys.readouterr().out
    sheet_pdf = tmp_path / "清单.pdf"
    assert _run(data, "distribution", "sheet", str(year), str(number), str(sheet_pdf)) == 0
    text = "".join(p.extract_text() for p in PdfReader(sheet_pdf).pages)
    assert f"印数 {shown.print_run} 册" in text.replace("\n", "")
    labels_pdf = tmp_path / "labels.pdf"
    assert _run(data, "distribution", "labels", str(year), str(number), str(labels_pdf)) == 0
    assert "张标签（2x7" in capsys.readouterr().out
    name = next(x.name for x in shown.lines if x.status == "pending")
    assert _run(data, "distribution", "mark", str(year), str(number), name, "退回") == 2
    assert "退回须写明原因" in capsys.readouterr().err
    assert (
        _run(
            data,
            "distribution",
            "mark",
            str(year),
            str(number),
            name,
            "退回",
            "--reason",
            "地址不详",
        )
        == 0
    )
    with demo_ctx.uow() as uow:
        flagged = [r for r in rcp.list_recipients(uow.session) if r.name == name]
    assert flagged[0].needs_review


def test_the_whole_demo_office_has_its_distribution(office_ctx) -> None:
    """The one demo an office loads (the first-run wizard's) carries the same distribution."""
    with office_ctx.uow() as uow:
        rows = dist.overview(uow.session)
        recipients = rcp.list_recipients(uow.session)
    published = [r for r in rows if r.issue_status == "published"]
    assert published and all(r.frozen and r.recipients > 100 for r in published)
    assert sum(r.pending for r in published) > 0
    assert len(recipients) >= 110
