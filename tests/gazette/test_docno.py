"""发文字号 parsing and normalising, with property tests."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gazette.texts.docno import DocNumber, DocNumberError, find_all, normalise, parse

HAN = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF)
codes = st.text(HAN, min_size=1, max_size=8)
years = st.integers(1949, 2100)
serials = st.integers(1, 99999)
opens = st.sampled_from("[(（【［﹝〔")
closes = st.sampled_from("])）】］﹞〕")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("宿政办发〔2018〕56号", "宿政办发〔2018〕56号"),
        ("宿政办发[2018]56号", "宿政办发〔2018〕56号"),
        ("宿政办发（２０１８）０５６号", "宿政办发〔2018〕56号"),
        ("苏政办发﹝2017﹞151号", "苏政办发〔2017〕151号"),
        (" 宿财规 【2024】 3 号 ", "宿财规〔2024〕3号"),
        ("宿政发〔2020〕7", "宿政发〔2020〕7号"),
    ],
)
def test_normalise_examples(raw: str, expected: str) -> None:
    assert normalise(raw) == expected


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("", "为空"),
        ("宿政办发2018年56号", "括号"),
        ("ABC〔2018〕56号", "汉字"),
        ("宿政办发〔18〕56号", "四位"),
        ("宿政办发〔1850〕56号", "1850"),
        ("宿政办发〔2018〕", "序号"),
        ("宿政办发〔2018〕0号", "0"),
        ("关于做好政务公开工作的通知", "括号"),
    ],
)
def test_rejects_with_reason(raw: str, reason: str) -> None:
    with pytest.raises(DocNumberError) as err:
        parse(raw)
    assert reason in str(err.value)


@given(codes, years, serials, opens, closes, st.booleans())
def test_round_trip_any_brackets_and_widths(code, year, serial, op, cl, fullwidth) -> None:
    digits = str(year)
    if fullwidth:
        digits = "".join(chr(0xFF10 + int(c)) for c in digits)
    number = parse(f"{code} {op}{digits}{cl}{serial}号")
    assert number == DocNumber(code, year, serial)
    assert normalise(str(number)) == str(number)
    assert "〔" in str(number) and "〕" in str(number)


@given(st.text(max_size=40))
def test_never_crashes_on_any_text(text: str) -> None:
    try:
        number = parse(text)
    except DocNumberError as exc:
        assert str(exc)
    else:
        assert MIN_OK(number)


def MIN_OK(number: DocNumber) -> bool:
    return 1949 <= number.year <= 2100 and number.serial > 0


def test_find_all_in_running_text() -> None:
    text = "根据《通知》（苏政办发﹝2017﹞151号）、《意见》（宿政办发〔2018〕56号）"
    assert [str(n) for n in find_all(text)] == ["苏政办发〔2017〕151号", "宿政办发〔2018〕56号"]
