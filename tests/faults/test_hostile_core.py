"""Hostile input to the core's importers: a clear error naming the file, nothing stored."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gazette.calendar.store import NoticeError, parse_notice
from gazette.departments.xlsx import import_departments
from tests.faults.hostile import KINDS, TRIED

JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(
            st.sampled_from(["year", "papers", "days", "date", "isOffDay", "name"]),
            children,
            max_size=4,
        )
    ),
    max_leaves=20,
)


@given(JSON_VALUES)
def test_holiday_notice_any_json_is_refused_cleanly_or_parsed(value) -> None:
    TRIED["节假日 JSON · 随机结构（hypothesis）"] += 1
    raw = json.dumps(value).encode()
    try:
        notice = parse_notice("通知.json", data=raw)
    except NoticeError as exc:
        assert "通知.json" in str(exc)
    else:
        assert 1949 <= notice.year <= 2200 and notice.days


@given(st.binary(max_size=300))
def test_holiday_notice_any_bytes(raw: bytes) -> None:
    TRIED["节假日 JSON · 随机字节（hypothesis）"] += 1
    try:
        parse_notice("任意.json", data=raw)
    except NoticeError as exc:
        assert "任意.json" in str(exc)


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_holiday_notice_hostile_files(kind, tmp_path) -> None:
    path = KINDS[kind](tmp_path, ".json")
    with pytest.raises(NoticeError) as err:
        parse_notice(path)
    assert path.name in str(err.value)


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_department_xlsx_hostile_files(kind, ctx, tmp_path) -> None:
    path = KINDS[kind](tmp_path, ".xlsx")
    with ctx.uow() as uow, pytest.raises(ValueError) as err:
        import_departments(uow, path)
    assert path.name in str(err.value)
    assert not (tmp_path.parent / "outside.txt").exists()
    from gazette.departments.roster import list_departments

    with ctx.uow() as uow:
        assert list_departments(uow) == []
