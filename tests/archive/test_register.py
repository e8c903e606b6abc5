"""The register: expected issues from periods, 增刊, XLSX round trip, gap detection."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from archive import register, workflow
from archive.register import Period, RegisterError, expected_issues
from archive.register_xlsx import export_xlsx, import_xlsx
from gazette.db.models import Issue


def test_monthly_then_semimonthly_numbering_continues_within_the_year() -> None:
    used: dict[int, int] = {}
    first = expected_issues(Period((1998, 10), (1999, 6), "monthly", 1), used)
    second = expected_issues(Period((1999, 7), (1999, 12), "semimonthly", 10), used)
    assert [(e.year, e.number, e.serial) for e in first[:4]] == [
        (1998, 1, 1),
        (1998, 2, 2),
        (1998, 3, 3),
        (1999, 1, 4),
    ]
    assert first[-1].year == 1999 and first[-1].number == 6 and first[-1].serial == 9
    assert (second[0].number, second[0].serial, second[0].published_on) == (
        7,
        10,
        dt.date(1999, 7, 1),
    )
    assert (second[1].number, second[1].published_on) == (8, dt.date(1999, 7, 16))
    assert len(second) == 12 and second[-1].number == 18 and second[-1].serial == 21


def test_bad_period_is_explained() -> None:
    with pytest.raises(RegisterError, match="未知的刊期"):
        expected_issues(Period((2000, 1), (2000, 2), "weekly-ish", 1))
    with pytest.raises(RegisterError, match="早于"):
        expected_issues(Period((2000, 5), (2000, 2), "monthly", 1))
    with pytest.raises(RegisterError, match="YYYY-MM"):
        Period.parse_month("2000/13")


def test_register_is_idempotent_and_supplements_by_hand(ctx) -> None:
    with ctx.uow() as uow:
        res = register.register_period(uow, Period((2001, 1), (2002, 12), "monthly", 1))
        again = register.register_period(uow, Period((2001, 1), (2002, 12), "monthly", 1))
        register.add_supplement(uow, 2001, dt.date(2001, 6, 20), note="防汛专刊")
        uow.commit()
    assert (res.created, again.created, again.existing) == (24, 0, 24)
    with ctx.uow() as uow:
        all_rows = register.rows(uow)
        issues = uow.session.scalars(select(Issue).where(Issue.historical.is_(True))).all()
    assert len(all_rows) == 25 and len(issues) == 25
    sup = [r for r in all_rows if r.supplement]
    assert sup[0].label == "2001年增刊" and sup[0].serial is None
    assert all_rows[0].label == "2001年第1期" and all_rows[0].state == "to_locate"


def test_gap_detection(ctx) -> None:
    with ctx.uow() as uow:
        register.register_period(uow, Period((2003, 1), (2003, 6), "monthly", 40))
        uow.commit()
    with ctx.uow() as uow:
        s = uow.session
        by_num = {i.number: i for i in s.scalars(select(Issue).where(Issue.year == 2003))}
        by_num[3].serial = 43  # 3 → duplicate of no. 4's serial? no: make a gap and a swap
        by_num[4].serial = 45
        by_num[5].serial = 44  # out of order after 45
        by_num[6].serial = 48  # gap 46–47 after 45
        entry = register.find_entry(uow, 2003, 2)
        assert entry is not None
        workflow.mark_missing(uow, [entry], "市档案馆、市图书馆地方文献室")
        uow.commit()
    with ctx.uow() as uow:
        gaps = register.find_gaps(uow)
    assert (46, 47, "2003年第4期") in gaps.missing_serials
    assert gaps.out_of_order == [("2003年第4期", 45, "2003年第5期", 44)]
    assert gaps.missing_issues == [("2003年第2期", "市档案馆、市图书馆地方文献室")]
    text = "\n".join(gaps.lines())
    assert "总第46–47期" in text and "缺期：2003年第2期" in text


def test_gap_detection_finds_duplicates_and_nothing_on_a_clean_register(ctx) -> None:
    with ctx.uow() as uow:
        register.register_period(uow, Period((2010, 1), (2010, 12), "monthly", 100))
        uow.commit()
    with ctx.uow() as uow:
        assert register.find_gaps(uow).empty
        issue = uow.session.scalars(select(Issue).where(Issue.number == 8)).one()
        issue.serial = 106
        uow.commit()
    with ctx.uow() as uow:
        gaps = register.find_gaps(uow)
    assert gaps.duplicates == [(106, ["2010年第7期", "2010年第8期"])]


def test_xlsx_round_trip_and_row_errors(ctx, tmp_path) -> None:
    from openpyxl import load_workbook

    with ctx.uow() as uow:
        register.register_period(uow, Period((2005, 1), (2005, 3), "monthly", 1))
        uow.commit()
    path = tmp_path / "登记簿.xlsx"
    with ctx.uow() as uow:
        assert export_xlsx(uow, path) == 3
    wb = load_workbook(path)
    ws = wb.active
    ws["G2"] = "市档案馆 3 号库"
    ws["I2"] = "李档案"
    ws.append([2005, 4, None, 4, "2005-04-01", "", "", "", "", "", "", "新增一期"])
    ws.append([2005, "四", None, 5, "", "", "", "", "", "", "", ""])
    wb.save(path)
    with ctx.uow() as uow:
        res = import_xlsx(uow, path)
        uow.commit()
    assert (res.created, res.updated) == (1, 3)
    assert res.errors == ["第 6 行“期号”不是整数：四"]
    with ctx.uow() as uow:
        got = register.rows(uow)
    assert got[0].location == "市档案馆 3 号库" and got[0].assignee == "李档案"
    assert got[3].label == "2005年第4期" and got[3].note == "新增一期"
