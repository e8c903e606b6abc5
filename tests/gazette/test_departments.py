"""Departments and liaison officers: services, XLSX import with its error report, export."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select

from gazette.context import open_context
from gazette.db import UnitOfWork
from gazette.db.models import AuditEntry, Department, Liaison
from gazette.departments import roster as deps
from gazette.departments import xlsx
from gazette.office.auth import PermissionDenied
from gazette.office.conflicts import ConflictError

HEADER = list(xlsx.TEMPLATE_COLUMNS)
GOOD = [
    "宿迁市财政局",
    "市财政局",
    "宿财发、宿财规",
    "王堃",
    "办公室主任",
    "0527-84360001",
    "13912345678",
    "czjbgs@suqian.gov.cn",
    "李喆",
    "15012345678",
]
EDU = [
    "宿迁市教育局",
    "市教育局",
    "宿教发;宿教规",
    "陈珺",
    "",
    "",
    "18012345678",
    "",
    "",
    "",
]


def write_xlsx(path: Path, rows: list[list[object]], header: list[str] | None = None) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.append(header or HEADER)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def do_import(ctx, path: Path, on: dt.date | None = None) -> xlsx.ImportReport:
    with ctx.uow() as uow:
        report = xlsx.import_departments(uow, path, on=on)
        uow.commit()
    return report


def history(ctx, name: str) -> list[deps.LiaisonRow]:
    with ctx.uow() as uow:
        dep_id = deps.find_by_name(uow, name)
        assert dep_id is not None
        return deps.liaison_history(uow, dep_id)


def test_parse_codes_accepts_both_separators() -> None:
    assert deps.parse_codes("宿财发、宿财规") == ("宿财发", "宿财规")
    assert deps.parse_codes(" 宿教发；宿教规;宿教发 ") == ("宿教发", "宿教规")
    with pytest.raises(deps.FieldError, match="SC01"):
        deps.parse_codes("宿财发、SC01")


def test_field_checks() -> None:
    assert deps.check_mobile("139 1234 5678") == "13912345678"
    assert deps.check_mobile("１３９１２３４５６７８") == "13912345678"
    assert deps.check_office_phone("（0527）84360001") == "052784360001"
    assert deps.check_office_phone("0527-84360001-806") == "0527-84360001-806"
    for bad in ("1391234567", "23912345678", "电话"):
        with pytest.raises(deps.FieldError):
            deps.check_mobile(bad)
    with pytest.raises(deps.FieldError, match="邮箱"):
        deps.check_email("wang@")


def test_import_good_rows_and_report_bad_ones(ctx, tmp_path) -> None:
    rows = [
        GOOD,
        EDU,
        ["", "市空局", "宿空发", "", "", "", "", "", "", ""],  # row 4: no name
        ["宿迁市公安局", "", "宿公发", "赵一", "", "", "1391234", "zhao@", "", ""],  # row 5
        ["宿迁市财政局", "", "", "", "", "", "", "", "", ""],  # row 6: duplicate name
        [None] * 10,  # blank row: ignored
        ["宿迁市商务局", "", "宿财发", "", "", "", "", "", "", ""],  # row 8: code of row 2
        ["宿迁市水利局", "", "宿水发", "", "", "12345", "", "", "", ""],  # row 9: office phone
    ]
    report = do_import(ctx, write_xlsx(tmp_path / "d.xlsx", rows))
    assert report.created == ["宿迁市财政局", "宿迁市教育局"]
    assert report.skipped_rows == [4, 5, 6, 8, 9]
    found = {(i.row, i.column) for i in report.issues}
    assert found == {
        (4, "单位名称"),
        (5, "手机"),
        (5, "邮箱"),
        (6, "单位名称"),
        (8, "发文机关代字"),
        (9, "办公电话"),
        (9, "联络员"),
    }
    assert "第 6 行 单位名称：与第 2 行重复" in [str(i) for i in report.issues]
    with ctx.uow() as uow:
        rows_now = deps.list_departments(uow)
    assert [r.name for r in rows_now] == ["宿迁市财政局", "宿迁市教育局"]
    fin = rows_now[0]
    assert fin.issuer_codes == ("宿财发", "宿财规")
    assert (fin.liaison, fin.liaison_mobile, fin.alternate) == ("王堃", "13912345678", "李喆")
    assert rows_now[1].issuer_codes == ("宿教发", "宿教规")


def test_code_already_used_by_another_department(ctx, tmp_path) -> None:
    do_import(ctx, write_xlsx(tmp_path / "a.xlsx", [GOOD]))
    report = do_import(
        ctx, write_xlsx(tmp_path / "b.xlsx", [["宿迁市审计局", "", "宿财规", *[""] * 7]])
    )
    assert [(i.row, i.column) for i in report.issues] == [(2, "发文机关代字")]
    assert "宿迁市财政局" in report.issues[0].reason


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.xlsx", None, "空"),
        ("header_only.xlsx", [], "没有数据行"),
        ("notes.txt", b"hello", ".xlsx"),
        ("old.xls", b"\xd0\xcf\x11\xe0", "97-2003"),
        ("broken.xlsx", b"not a zip file", "不是有效的 .xlsx"),
    ],
)
def test_whole_file_errors(ctx, tmp_path, name, content, message) -> None:
    path = tmp_path / name
    if content is None:
        Workbook().save(path)
    elif isinstance(content, list):
        write_xlsx(path, content)
    else:
        path.write_bytes(content)
    with pytest.raises(xlsx.ImportFileError, match=message) as err:
        do_import(ctx, path)
    assert name in str(err.value)


def test_missing_name_column(ctx, tmp_path) -> None:
    path = write_xlsx(tmp_path / "x.xlsx", [["宿财发"]], header=["发文机关代字"])
    with pytest.raises(xlsx.ImportFileError, match="单位名称"):
        do_import(ctx, path)


def test_reimport_records_liaison_history_and_is_idempotent(ctx, tmp_path) -> None:
    do_import(ctx, write_xlsx(tmp_path / "v1.xlsx", [GOOD, EDU]), on=dt.date(2025, 3, 1))
    changed = list(GOOD)
    changed[3:8] = ["张珺", "法规科科长", "", "13800001111", ""]  # new liaison officer
    changed[1] = "财政局"
    v2 = write_xlsx(tmp_path / "v2.xlsx", [changed, EDU])
    report = do_import(ctx, v2, on=dt.date(2026, 6, 1))
    assert report.updated == ["宿迁市财政局"]
    assert report.unchanged == ["宿迁市教育局"]
    assert report.liaison_changes == ["宿迁市财政局：联络员由王堃更换为张珺"]
    rows = history(ctx, "宿迁市财政局")
    primary = [r for r in rows if r.role == "primary"]
    assert [(r.name, r.started_on, r.ended_on) for r in primary] == [
        ("张珺", dt.date(2026, 6, 1), None),
        ("王堃", dt.date(2025, 3, 1), dt.date(2026, 6, 1)),
    ]
    # blank cells keep what was there: office phone and e-mail of the new officer stay empty,
    # the alternate is untouched
    alt = [r for r in rows if r.role == "alternate"]
    assert [(r.name, r.ended_on) for r in alt] == [("李喆", None)]

    with ctx.uow() as uow:
        audit_before = uow.session.scalar(select(func.count()).select_from(AuditEntry))
        versions = list(uow.session.execute(select(Department.id, Department.version)))
        liaison_versions = list(uow.session.execute(select(Liaison.id, Liaison.version)))
    again = do_import(ctx, v2, on=dt.date(2026, 7, 1))
    assert again.created == [] and again.updated == [] and again.liaison_changes == []
    assert again.unchanged == ["宿迁市财政局", "宿迁市教育局"]
    with ctx.uow() as uow:
        assert uow.session.scalar(select(func.count()).select_from(AuditEntry)) == audit_before
        assert list(uow.session.execute(select(Department.id, Department.version))) == versions
        assert list(uow.session.execute(select(Liaison.id, Liaison.version))) == liaison_versions


def test_export_import_round_trip(ctx, tmp_path) -> None:
    do_import(ctx, write_xlsx(tmp_path / "in.xlsx", [GOOD, EDU]))
    out = tmp_path / "out" / "部门.xlsx"
    with ctx.uow() as uow:
        assert xlsx.export_departments(uow, out) == 2
    sheet = load_workbook(out).active
    values = [
        [c if c is not None else "" for c in row] for row in sheet.iter_rows(values_only=True)
    ]
    assert values[0] == [*HEADER, *xlsx.EXPORT_EXTRA_COLUMNS]
    assert values[1][: len(GOOD)] == GOOD
    assert values[1][len(GOOD) :] == [values[1][3], ""]  # today's contact: the liaison officer
    assert values[2][2] == "宿教发、宿教规"
    assert not list(out.parent.glob("*.part"))
    # the exported file re-imports as "no change", and into an empty database as the same rows
    assert do_import(ctx, out).unchanged == ["宿迁市财政局", "宿迁市教育局"]
    with ctx.uow() as uow:
        before = deps.list_departments(uow)
    fresh = open_context(None, tmp_path / "fresh")
    try:
        report = do_import(fresh, out)
        assert report.created == ["宿迁市财政局", "宿迁市教育局"]
        with fresh.uow() as uow:
            after = deps.list_departments(uow)
    finally:
        fresh.close()
    strip = [(r.name, r.short_name, r.issuer_codes, r.liaison, r.liaison_mobile) for r in before]
    assert strip == [
        (r.name, r.short_name, r.issuer_codes, r.liaison, r.liaison_mobile) for r in after
    ]


def test_edit_service_stale_copy_and_deactivate(ctx) -> None:
    inp = deps.DepartmentInput("宿迁市水利局", "市水利局", ("宿水发",), deps.Contact("周堃"))
    with ctx.uow() as uow:
        dep_id = deps.save(uow, inp, on=dt.date(2025, 1, 2)).id
        uow.commit()
    with ctx.uow() as uow:
        detail = deps.get_detail(uow, dep_id)
    with ctx.uow() as uow:
        deps.save(uow, detail.as_input(), dep_id=dep_id, expected_version=detail.version)
        deps.set_active(uow, dep_id, False)
        uow.commit()
    with ctx.uow() as uow:
        renamed = deps.DepartmentInput("宿迁市水务局", "", ("宿水发",), None)
        with pytest.raises(ConflictError, match="已修改了这条记录"):
            deps.save(uow, renamed, dep_id=dep_id, expected_version=detail.version - 1)
        result = deps.save(uow, renamed, dep_id=dep_id, on=dt.date(2026, 1, 5))
        uow.commit()
    assert result.liaison_changes == ["宿迁市水务局：联络员周堃卸任"]
    with ctx.uow() as uow:
        assert deps.list_departments(uow, include_inactive=False) == []
        row = deps.list_departments(uow)[0]
        assert (row.name, row.active, row.liaison) == ("宿迁市水务局", False, "")
        assert deps.department_for_code(uow, "宿水发") == dep_id


def test_services_require_permission(ctx, tmp_path) -> None:
    reader = UnitOfWork(ctx.db, user="只读用户", role="reader")
    with reader as uow:
        with pytest.raises(PermissionDenied):
            deps.save(uow, deps.DepartmentInput("宿迁市统计局"))
        with pytest.raises(PermissionDenied):
            xlsx.import_departments(uow, write_xlsx(tmp_path / "p.xlsx", [GOOD]))


def test_cli_import_list_export(tmp_path) -> None:
    from tests.gazette.test_cli import gazette

    path = write_xlsx(tmp_path / "d.xlsx", [GOOD, ["", "", "", "", "", "", "", "", "", "x"]])
    proc = gazette("--data-dir", str(tmp_path / "data"), "departments", "import", str(path))
    assert proc.returncode == 1  # some rows were skipped
    assert "新增 1 个部门" in proc.stdout
    assert "第 3 行 单位名称：不能为空" in proc.stderr
    proc = gazette("--data-dir", str(tmp_path / "data"), "departments", "list")
    assert proc.returncode == 0, proc.stderr
    assert "宿迁市财政局\t宿财发、宿财规\t王堃 13912345678\t备用：李喆 15012345678" in proc.stdout
    out = tmp_path / "out.xlsx"
    proc = gazette("--data-dir", str(tmp_path / "data"), "departments", "export", str(out))
    assert proc.returncode == 0 and out.exists()


@pytest.mark.postgres
def test_import_history_and_idempotence_on_postgresql(pg_ctx, tmp_path) -> None:
    do_import(pg_ctx, write_xlsx(tmp_path / "v1.xlsx", [GOOD, EDU]), on=dt.date(2025, 3, 1))
    changed = list(GOOD)
    changed[8:10] = ["周喆", "13700001111"]  # a new alternate
    v2 = write_xlsx(tmp_path / "v2.xlsx", [changed, EDU])
    report = do_import(pg_ctx, v2, on=dt.date(2026, 1, 5))
    assert report.liaison_changes == ["宿迁市财政局：备用联络员由李喆更换为周喆"]
    assert do_import(pg_ctx, v2).unchanged == ["宿迁市财政局", "宿迁市教育局"]
    alt = [r for r in history(pg_ctx, "宿迁市财政局") if r.role == "alternate"]
    assert [(r.name, r.ended_on) for r in alt] == [("周喆", None), ("李喆", dt.date(2026, 1, 5))]


def test_bad_claim_to_a_code_does_not_block_its_owner(ctx, tmp_path) -> None:
    do_import(ctx, write_xlsx(tmp_path / "a.xlsx", [GOOD]))
    thief = ["宿迁市审计局", "", "宿财发", *[""] * 7]
    report = do_import(ctx, write_xlsx(tmp_path / "b.xlsx", [thief, GOOD]))
    assert [(i.row, i.column) for i in report.issues] == [(2, "发文机关代字")]
    assert report.unchanged == ["宿迁市财政局"]


def test_one_departments_row_alone(ctx) -> None:
    from tests.gazette.submissions_setup import make_departments

    ids = make_departments(ctx)
    with ctx.uow() as uow:
        every = {r.id: r for r in deps.list_departments(uow)}
        one = deps.list_departments(uow, only=ids["市教育局"])
        assert one == [every[ids["市教育局"]]] and one[0].liaison == "李强"
        assert deps.list_departments(uow, only=10**9) == []
