"""The notification report's numbers against a hand-made case; PDF text extracts; XLSX; CLI."""

from __future__ import annotations

import datetime as dt
import json
import subprocess

import pytest
from openpyxl import load_workbook

from commands import main
from gazette.reports import submissions_data, submissions_pdf, submissions_xlsx
from gazette.submissions import selection
from gazette.submissions.register import SubmissionData, record
from tests.conftest import need_tool
from tests.gazette.submissions_setup import make_departments

D = dt.date


@pytest.fixture
def period_ctx(ctx):
    """March 2025 by hand (deadlines: 03-03 → 03-10, 03-17 → 03-24, 03-27 → 04-03):

    市教育局: on time, on time, late (3-12 → 2 days), never (03-03), + one non-normative
    市财政局: late (03-26, 03-17 issue → 2 days), never, pending (03-27 issue, as of 03-31)
    市发改委: one on time; plus one from February (outside the period)
    """
    ids = make_departments(ctx)
    rows = [
        ("市教育局", "宿教发〔2025〕1号", D(2025, 3, 3), D(2025, 3, 5), "此件公开发布", True),
        ("市教育局", "宿教发〔2025〕2号", D(2025, 3, 3), D(2025, 3, 10), "此件依申请公开", True),
        ("市教育局", "宿教发〔2025〕3号", D(2025, 3, 3), D(2025, 3, 12), "此件公开发布", True),
        ("市教育局", "宿教发〔2025〕4号", D(2025, 3, 3), None, "此件公开发布", True),
        ("市教育局", "宿教发〔2025〕5号", D(2025, 3, 3), None, "此件公开发布", False),
        ("市财政局", "宿财发〔2025〕1号", D(2025, 3, 17), D(2025, 3, 26), "此件公开发布", True),
        ("市财政局", "宿财发〔2025〕2号", D(2025, 3, 17), None, "此件公开发布", True),
        ("市财政局", "宿财发〔2025〕3号", D(2025, 3, 27), None, "此件公开发布", True),
        (
            "市发展和改革委员会",
            "宿发改〔2025〕1号",
            D(2025, 3, 20),
            D(2025, 3, 21),
            "此件公开发布",
            True,
        ),
        ("市发展和改革委员会", "宿发改〔2025〕2号", D(2025, 2, 20), None, "此件公开发布", True),
    ]
    with ctx.uow() as uow:
        docs = {}
        for dept, number, issued, received, disclosure, normative in rows:
            out = record(
                uow.session,
                SubmissionData(
                    ids[dept],
                    f"关于{number}的通知",
                    number,
                    issued,
                    received,
                    disclosure=disclosure,
                    is_normative=normative,
                ),
            )
            docs[number] = out.document_id
        selection.decide(uow.session, docs["宿教发〔2025〕1号"], "选登")
        selection.decide(uow.session, docs["宿教发〔2025〕2号"], "不予选登", "依申请公开")
        selection.decide(uow.session, docs["宿财发〔2025〕1号"], "选登")
        uow.commit()
    return ctx


def _data(ctx, **kw):
    with ctx.uow() as uow:
        return submissions_data.build(
            uow.session, D(2025, 3, 1), D(2025, 3, 31), D(2025, 3, 31), **kw
        )


def test_numbers_match_the_hand_made_case(period_ctx) -> None:
    data = _data(period_ctx)
    by = {s.department: s for s in data.departments}
    edu, fin, ndrc = by["市教育局"], by["市财政局"], by["市发展和改革委员会"]
    assert (edu.issued, edu.submitted, edu.on_time, edu.late, edu.never) == (4, 3, 2, 1, 1)
    assert (edu.selected, edu.declined, edu.rate) == (1, 1, 0.5)
    assert edu.average_delay == 2
    assert (fin.issued, fin.submitted, fin.on_time, fin.late, fin.never, fin.pending) == (
        3,
        1,
        0,
        1,
        1,
        1,
    )
    assert fin.rate == 0.0 and fin.selected == 1
    assert (ndrc.issued, ndrc.on_time, ndrc.rate) == (1, 1, 1.0)
    t = data.total
    assert (t.issued, t.submitted, t.on_time, t.late, t.never, t.selected, t.declined) == (
        8,
        5,
        3,
        2,
        2,
        2,
        1,
    )
    assert [s.department for s in data.worst] == ["市财政局", "市教育局"]
    assert data.period_label == "2025年3月"
    # the non-normative document counts only when asked
    assert _data(period_ctx, include_non_normative=True).total.issued == 9


def test_pdf_text_extracts_and_xlsx_has_figures(period_ctx, tmp_path) -> None:
    tool = need_tool("pdftotext")
    data = _data(period_ctx)
    pdf = submissions_pdf.write(data, tmp_path / "通报.pdf")
    text = subprocess.run(
        [tool, "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    for expected in (
        "规范性文件报送情况通报",
        "2025年3月",
        "市财政局",
        "按时报送率",
        "逾期未报",
        "报送情况较差的部门",
        "各部门按时报送率",
    ):
        assert expected in text, expected
    assert "按时报送3件" in text.replace(" ", "").replace("\n", "")
    # 标点禁则: no line of the report starts with closing punctuation
    starts = [line.strip()[0] for line in text.splitlines() if line.strip()]
    assert not [c for c in starts if c in "，。、；：）》”"]
    xlsx = submissions_xlsx.write_report(data, tmp_path / "通报.xlsx")
    ws = load_workbook(xlsx)["通报"]
    found = {
        ws.cell(r, 2).value: [ws.cell(r, c).value for c in range(3, 13)]
        for r in range(5, 5 + len(data.departments) + 1)
    }
    assert found["市教育局"][:5] == [4, 3, 2, 1, 1]
    assert found["合计"][:5] == [8, 5, 3, 2, 2]


def test_cli_list_import_report(period_ctx, tmp_path, capsys) -> None:
    data_dir = str(period_ctx.data_dir)
    assert (
        main(
            [
                "--data-dir",
                data_dir,
                "submissions",
                "list",
                "--as-of",
                "2025-03-31",
                "--format",
                "json",
            ]
        )
        == 0
    )
    doc = json.loads(capsys.readouterr().out)
    row = next(r for r in doc["rows"] if r["doc_number"] == "宿财发〔2025〕1号")
    assert (row["deadline"], row["status"], row["days_late"]) == ("2025-03-24", "逾期报送", 2)
    assert main(["--data-dir", data_dir, "submissions", "list", "--as-of", "2025-03-31"]) == 0
    header = capsys.readouterr().out.splitlines()[0]
    assert "截止日期,状态,逾期工作日" in header
    out = tmp_path / "r.xlsx"
    assert (
        main(
            [
                "--data-dir",
                data_dir,
                "report",
                "submissions",
                "--from",
                "2025-03-01",
                "--to",
                "2025-03-31",
                "--as-of",
                "2025-03-31",
                "--out",
                str(out),
            ]
        )
        == 0
    )
    assert "按时 3，逾期报送 2，逾期未报 2" in capsys.readouterr().out
    tpl = tmp_path / "t.xlsx"
    assert main(["--data-dir", data_dir, "submissions", "template", str(tpl)]) == 0
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "报送单位,文件标题,发文字号,印发日期,报送日期\n市教育局,标题,宿教发〔2025〕99号,2025-03-03,2025-03-01\n",
        encoding="utf-8",
    )
    assert main(["--data-dir", data_dir, "submissions", "import", str(bad)]) == 1
    printed = capsys.readouterr().out
    assert "导入 0 行" in printed and "第2行【报送日期】" in printed
    letters = tmp_path / "催报.pdf"
    assert (
        main(
            [
                "--data-dir",
                data_dir,
                "submissions",
                "reminders",
                "--as-of",
                "2025-03-31",
                "--out",
                str(letters),
            ]
        )
        == 0
    )
    assert letters.stat().st_size > 2000 and "李强同志" in capsys.readouterr().out
