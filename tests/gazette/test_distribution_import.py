"""A hostile recipients sheet: each kind of bad row is named by row and column in Chinese, and
nothing of the sheet is stored unless every row is good."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select

from gazette.db.models import Recipient
from gazette.distribution import recipients as rcp
from gazette.distribution import sheet
from gazette.files import limits
from tests.gazette.distribution_setup import row, write_sheet

GOOD = [
    row("宿迁市图书馆", "宿迁市宿城区古黄河路298号", category="图书馆"),
    row("宿迁市档案馆", "宿迁市宿城区发展大道1号", category="档案馆"),
]


def _count(ctx) -> int:  # type: ignore[no-untyped-def]
    with ctx.uow() as uow:
        return int(uow.session.scalar(select(func.count()).select_from(Recipient)) or 0)


def _import(ctx, path: Path) -> sheet.ImportReport:  # type: ignore[no-untyped-def]
    with ctx.uow() as uow:
        report = sheet.import_recipients(uow.session, path)
        if not report.issues:
            uow.commit()
    return report


def _refused(ctx, tmp_path: Path, bad: list[object]) -> sheet.RowIssue:  # type: ignore[no-untyped-def]
    """The bad row comes after two good ones: it is reported alone, and nothing is stored."""
    report = _import(ctx, write_sheet(tmp_path / "list.xlsx", [*GOOD, bad]))
    assert _count(ctx) == 0
    assert report.issues and {i.row for i in report.issues} == {4}
    assert "全部未导入" in report.summary()
    return report.issues[0]


def test_a_good_sheet_imports_and_a_second_import_changes_nothing(ctx, tmp_path: Path) -> None:
    path = write_sheet(tmp_path / "list.xlsx", GOOD)
    first = _import(ctx, path)
    assert (len(first.created), first.issues) == (2, [])
    second = _import(ctx, path)
    assert (second.created, second.updated, len(second.unchanged)) == ([], [], 2)
    assert _count(ctx) == 2


def test_wrong_postcode(ctx, tmp_path: Path) -> None:
    issue = _refused(ctx, tmp_path, row("泗洪县图书馆", "泗洪县青阳镇人民路8号", postcode="22390"))
    assert (issue.column, str(issue)) == (
        "邮政编码",
        "第 4 行 邮政编码：“22390”不是 6 位数字的邮政编码",
    )


def test_postcode_with_letters(ctx, tmp_path: Path) -> None:
    issue = _refused(ctx, tmp_path, row("泗洪县图书馆", "泗洪县青阳镇人民路8号", postcode="2239OO"))
    assert issue.column == "邮政编码"


def test_implausible_phone(ctx, tmp_path: Path) -> None:
    issue = _refused(ctx, tmp_path, row("泗洪县图书馆", "泗洪县青阳镇人民路8号", phone="12345"))
    assert issue.column == "电话" and "不是电话号码" in issue.reason


def test_zero_copies(ctx, tmp_path: Path) -> None:
    issue = _refused(ctx, tmp_path, row("泗洪县图书馆", "泗洪县青阳镇人民路8号", copies=0))
    assert issue.column == "每期份数" and "至少 1 份" in issue.reason


def test_copies_not_a_number(ctx, tmp_path: Path) -> None:
    issue = _refused(ctx, tmp_path, row("泗洪县图书馆", "泗洪县青阳镇人民路8号", copies="两份"))
    assert issue.column == "每期份数"


def test_duplicate_unit_at_one_address(ctx, tmp_path: Path) -> None:
    issue = _refused(ctx, tmp_path, row("宿迁市图书馆", "宿迁市宿城区古黄河路298号"))
    assert issue.column == "单位名称" and "与第 2 行" in issue.reason


def test_formula_cell(ctx, tmp_path: Path) -> None:
    bad = row('=HYPERLINK("http://example.com","点此")', "泗洪县青阳镇人民路8号")
    issue = _refused(ctx, tmp_path, bad)
    assert issue.column == "单位名称" and "公式" in issue.reason


def test_formula_in_copies(ctx, tmp_path: Path) -> None:
    issue = _refused(ctx, tmp_path, row("泗洪县图书馆", "泗洪县青阳镇人民路8号", copies="=1+1"))
    assert issue.column == "每期份数" and "公式" in issue.reason


def test_unknown_category_and_method(ctx, tmp_path: Path) -> None:
    bad = row("泗洪县图书馆", "泗洪县青阳镇人民路8号", category="企业", method="快递")
    report = _import(ctx, write_sheet(tmp_path / "list.xlsx", [*GOOD, bad]))
    assert {i.column for i in report.issues} == {"类别", "发送方式"}
    assert _count(ctx) == 0


def test_bad_issue_range(ctx, tmp_path: Path) -> None:
    issue = _refused(ctx, tmp_path, row("泗洪县图书馆", "泗洪县青阳镇人民路8号", from_issue="明年"))
    assert issue.column == "起始期次"


def test_ten_thousand_rows_are_refused_whole(ctx, tmp_path: Path) -> None:
    book = Workbook(write_only=True)
    ws = book.create_sheet()
    ws.append(list(sheet.COLUMNS))
    for i in range(10_000):
        ws.append(row(f"查阅点{i}", f"宿迁市宿城区人民路{i}号"))
    path = tmp_path / "huge.xlsx"
    book.save(path)
    with (
        ctx.uow() as uow,
        pytest.raises(sheet.ImportFileError, match=f"超过 {limits.RECIPIENTS_MAX_ROWS} 行"),
    ):
        sheet.import_recipients(uow.session, path)
    assert _count(ctx) == 0


def test_a_sheet_without_the_name_column_is_refused(ctx, tmp_path: Path) -> None:
    path = write_sheet(tmp_path / "list.xlsx", [["x"]], header=["名称", "地址"])
    with ctx.uow() as uow, pytest.raises(sheet.ImportFileError, match="缺少“单位名称”列"):
        sheet.import_recipients(uow.session, path)


def test_export_reads_back_and_keeps_text_as_text(ctx, tmp_path: Path) -> None:
    with ctx.uow() as uow:
        rcp.save(
            uow.session,
            rcp.RecipientInput(
                "=cmd|'/c calc'!A1 查阅点", "查阅点", "宿迁市宿城区人民路1号", "223800"
            ),
        )
        uow.commit()
    out = tmp_path / "out.xlsx"
    with ctx.uow() as uow:
        assert sheet.export_recipients(uow.session, out) == 1
    cell = load_workbook(out).active["A2"]  # type: ignore[index]
    assert cell.data_type == "s" and cell.value.startswith("=cmd")


def test_a_sheet_fills_the_address_of_a_unit_from_the_departments(ctx, tmp_path: Path) -> None:
    with ctx.uow() as uow:
        rcp.save(uow.session, rcp.RecipientInput("宿迁市财政局", "机关", contact="王堃"))
        uow.commit()
    path = write_sheet(
        tmp_path / "list.xlsx",
        [row("宿迁市财政局", "宿迁市宿城区发展大道1号", category="机关", contact="")],
    )
    report = _import(ctx, path)
    assert (report.created, report.updated) == ([], ["宿迁市财政局"])
    with ctx.uow() as uow:
        (only,) = rcp.list_recipients(uow.session)
    assert (only.address, only.contact, only.state) == ("宿迁市宿城区发展大道1号", "王堃", "正常")
