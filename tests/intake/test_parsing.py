"""Tests of sabo_eval.intake.parsing: one table of cases per parser (DESIGN §3 input shapes)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from openpyxl.utils.datetime import from_excel

from sabo_eval.intake import schemas
from sabo_eval.intake.parsing import (
    TOTAL_LABELS,
    CellError,
    clean_text,
    html_to_text,
    is_blank,
    is_total_label,
    parse_code,
    parse_date,
    parse_district_code,
    parse_int,
    parse_number,
)

HANGUL = re.compile("[\uac00-\ud7a3]")
LATIN_WORD = re.compile("[A-Za-z]{3,}")


def assert_bilingual(err: CellError) -> None:
    """A CellError explains itself in Korean and in English."""
    assert HANGUL.search(err.reason_ko), err.reason_ko
    assert LATIN_WORD.search(err.reason_en), err.reason_en
    assert err.reason_ko != err.reason_en
    assert err.reason_ko in str(err) and err.reason_en in str(err)


# --------------------------------------------------------------------------- is_blank


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, True),
        (float("nan"), True),
        ("", True),
        ("   ", True),
        ("-", True),
        (" - ", True),
        ("—", True),
        ("해당없음", True),
        (0, False),
        (0.0, False),
        ("0", False),
        ("a", False),
        (False, False),
    ],
)
def test_is_blank(value, expected):
    assert is_blank(value) is expected


# --------------------------------------------------------------------------- parse_number


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1,234명", 1234.0),
        ("71.6%", 71.6),
        ("1,234", 1234.0),
        ("1.5", 1.5),
        ("  7 ", 7.0),
        ("3건", 3.0),
        ("12개소", 12.0),
        ("12개월", 12.0),
        ("1,234.5천원", 1234.5),
        ("△5", -5.0),
        ("▲1,000", 1000.0),
        ("(5)", -5.0),
        ("-5", -5.0),
        ("0", 0.0),
        (3, 3.0),
        (0, 0.0),
        (2.5, 2.5),
        (-4, -4.0),
    ],
)
def test_parse_number_reads_office_notation(value, expected):
    result = parse_number(value)
    assert isinstance(result, float)
    assert result == pytest.approx(expected)


@pytest.mark.parametrize("value", [None, "", "   ", "-", "–", "—", float("nan"), "nan", "해당없음"])
def test_parse_number_blank_is_none(value):
    assert parse_number(value) is None


@pytest.mark.parametrize(
    "value",
    [
        "다수",
        "약간",
        "1.2.3",
        "5-",
        "△",
        "()",
        "inf",
        float("inf"),
        True,
        False,
        dt.date(2022, 11, 17),
        dt.datetime(2022, 11, 17, 14, 0),
    ],
)
def test_parse_number_rejects_non_numbers(value):
    with pytest.raises(CellError) as info:
        parse_number(value)
    assert_bilingual(info.value)


def test_parse_number_error_names_the_value():
    with pytest.raises(CellError) as info:
        parse_number("다수")
    assert "'다수'" in info.value.reason_ko
    assert "'다수'" in info.value.reason_en
    assert "숫자" in info.value.reason_ko
    assert "number" in info.value.reason_en


@pytest.mark.parametrize(
    ("value", "word_ko", "word_en"),
    [(True, "참/거짓", "boolean"), (dt.date(2022, 1, 1), "날짜", "date")],
)
def test_parse_number_explains_wrong_types(value, word_ko, word_en):
    with pytest.raises(CellError) as info:
        parse_number(value)
    assert word_ko in info.value.reason_ko
    assert word_en in info.value.reason_en


# --------------------------------------------------------------------------- parse_int


@pytest.mark.parametrize(
    ("value", "expected"),
    [("1,000명", 1000), (3, 3), (3.0, 3), ("2.0", 2), ("△2", -2), ("28,123명", 28123), (0, 0)],
)
def test_parse_int(value, expected):
    result = parse_int(value)
    assert result == expected
    assert type(result) is int


@pytest.mark.parametrize("value", [None, "", "-"])
def test_parse_int_blank_is_none(value):
    assert parse_int(value) is None


@pytest.mark.parametrize("value", [1.5, "0.5", "2.25명", "많음", True])
def test_parse_int_rejects_fractions_and_text(value):
    with pytest.raises(CellError) as info:
        parse_int(value)
    assert_bilingual(info.value)


def test_parse_int_fraction_reason():
    with pytest.raises(CellError) as info:
        parse_int(1.5)
    assert "정수" in info.value.reason_ko
    assert "whole number" in info.value.reason_en
    assert "1.5" in info.value.reason_en


# --------------------------------------------------------------------------- parse_date

NOV17 = dt.date(2022, 11, 17)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2022. 11. 17.(목)", NOV17),
        ("2022.11.17", NOV17),
        ("2022.11.17.", NOV17),
        ("2022. 11. 17", NOV17),
        ("22.11.17", NOV17),
        ("2022-11-17", NOV17),
        ("2022/11/17", NOV17),
        ("2022년 11월 17일", NOV17),
        ("2022년11월17일", NOV17),
        ("20221117", NOV17),
        (20221117, NOV17),
        ("2022-11-17 00:00:00", NOV17),
        ("2022. 2. 17.(목) 14:00", dt.date(2022, 2, 17)),
        (" 2019. 3. 1.(금) ", dt.date(2019, 3, 1)),
        ("21.02.01", dt.date(2021, 2, 1)),
        (44882, NOV17),
        (44882.0, NOV17),
        ("44882", NOV17),
        (44927, dt.date(2023, 1, 1)),
        (dt.datetime(2022, 11, 17, 10, 30), NOV17),
        (NOV17, NOV17),
    ],
)
def test_parse_date_formats(value, expected):
    result = parse_date(value)
    assert result == expected
    assert type(result) is dt.date  # never a datetime


@pytest.mark.parametrize("serial", [44882, 44927, 45291, 20000, 36526])
def test_excel_serial_arithmetic(serial):
    # Excel's 1900 date system: serial 1 is 1900-01-01 and Excel counts a 1900-02-29
    # that never existed, so for serials after 60 the date is 1899-12-30 + serial.
    independent = dt.date(1900, 1, 1) + dt.timedelta(days=serial - 1 - 1)
    assert parse_date(serial) == independent
    assert parse_date(serial) == from_excel(serial).date()  # openpyxl agrees


def test_excel_serial_of_seed_date():
    # 2022-11-17 is 44,882 days after 1899-12-30.
    assert (NOV17 - dt.date(1899, 12, 30)).days == 44882
    assert parse_date(44882) == NOV17


@pytest.mark.parametrize("value", [None, "", "-", float("nan")])
def test_parse_date_blank_is_none(value):
    assert parse_date(value) is None


@pytest.mark.parametrize(
    ("value", "word_ko"),
    [
        ("2022. 2. 30.", "존재하지 않는"),
        ("2023-13-01", "존재하지 않는"),
        ("22.02.30", "존재하지 않는"),
        ("작년", "날짜"),
        ("작년 봄", "날짜"),
        ("2022.11", "날짜"),
        (44882.5, "날짜"),
        (100, "날짜"),
        (True, "날짜"),
    ],
)
def test_parse_date_rejects(value, word_ko):
    with pytest.raises(CellError) as info:
        parse_date(value)
    assert_bilingual(info.value)
    assert word_ko in info.value.reason_ko


# --------------------------------------------------------------------------- parse_code

SECTOR = schemas.SECTOR_CODES
MARKS = schemas.ATTENDANCE_MARKS


@pytest.mark.parametrize(
    ("value", "codes", "expected"),
    [
        ("민", SECTOR, "private"),
        ("민간", SECTOR, "private"),
        (" 민 ", SECTOR, "private"),
        ("관", SECTOR, "public"),
        ("공공", SECTOR, "public"),
        ("private", SECTOR, "private"),
        ("대표", schemas.BODY_CODES, "representative"),
        ("실무", schemas.BODY_CODES, "working"),
        ("분과", schemas.BODY_CODES, "subcommittee"),
        ("동", schemas.BODY_CODES, "dong"),
        ("○", MARKS, "attended"),
        ("O", MARKS, "attended"),
        ("o", MARKS, "attended"),
        ("1", MARKS, "attended"),
        (1, MARKS, "attended"),
        (1.0, MARKS, "attended"),
        ("참석", MARKS, "attended"),
        ("×", MARKS, "absent"),
        ("X", MARKS, "absent"),
        ("x", MARKS, "absent"),
        ("0", MARKS, "absent"),
        (0, MARKS, "absent"),
        ("불참", MARKS, "absent"),
        ("△", MARKS, "proxy"),
        ("◇", MARKS, "excused"),
        ("상향", schemas.DIRECTION_CODES, "up"),
        ("하향", schemas.DIRECTION_CODES, "down"),
        ("반영", schemas.RESPONSE_CODES, "reflected"),
        ("부분반영", schemas.RESPONSE_CODES, "partly"),
        ("부분 반영", schemas.RESPONSE_CODES, "partly"),
        ("미반영", schemas.RESPONSE_CODES, "not"),
        ("검토중", schemas.RESPONSE_CODES, "under_review"),
        ("중복", schemas.RESPONSE_CODES, "duplicate"),
        ("유지", schemas.CHANGE_CODES, "kept"),
        ("신규", schemas.CHANGE_CODES, "new"),
        ("폐지", schemas.CHANGE_CODES, "abolished"),
        ("변경", schemas.CHANGE_CODES, "changed"),
        ("정기", schemas.MEETING_KIND_CODES, "regular"),
        ("임시", schemas.MEETING_KIND_CODES, "extraordinary"),
    ],
)
def test_parse_code_maps_onto_canonical_codes(value, codes, expected):
    assert parse_code(value, codes, "라벨") == expected


@pytest.mark.parametrize("value", [None, "", "  ", "-", float("nan")])
def test_parse_code_blank_is_none(value):
    assert parse_code(value, SECTOR, "구분") is None


@pytest.mark.parametrize(
    ("value", "codes", "label", "must_name"),
    [
        ("기타", SECTOR, "구분", ("민", "관", "민간", "공공")),
        ("?", MARKS, "참석여부", ("○", "×", "△", "◇", "참석", "불참")),
        ("올림", schemas.DIRECTION_CODES, "지표방향", ("상향", "하향")),
        (
            "완료",
            schemas.RESPONSE_CODES,
            "반영여부",
            ("반영", "부분반영", "미반영", "검토중", "중복"),
        ),
        (2, MARKS, "참석여부", ("○", "×")),
        (True, MARKS, "참석여부", ("○",)),
        (float("inf"), MARKS, "참석여부", ("○",)),
    ],
)
def test_parse_code_unknown_names_accepted_values(value, codes, label, must_name):
    with pytest.raises(CellError) as info:
        parse_code(value, codes, label)
    err = info.value
    assert_bilingual(err)
    assert err.reason_ko.startswith(label)
    for accepted in must_name:
        assert accepted in err.reason_ko, accepted
        assert accepted in err.reason_en, accepted
    assert "허용" in err.reason_ko and "accepted" in err.reason_en


# --------------------------------------------------------------------------- parse_district_code


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("41110", "41110"),
        (41110, "41110"),
        (41110.0, "41110"),
        (" 41110 ", "41110"),
        ("26530", "26530"),
        ("４１１１０", "41110"),  # full-width digits typed with a Korean IME
        (None, None),
        ("", None),
        ("-", None),
    ],
)
def test_parse_district_code(value, expected):
    assert parse_district_code(value) == expected


@pytest.mark.parametrize(
    "value",
    ["4111", "411100", "../11", "41110.0", 41110.5, "4111O", "٤١١١٠", "41 110", float("inf")],
)
def test_parse_district_code_rejects(value):
    with pytest.raises(CellError) as info:
        parse_district_code(value)
    assert_bilingual(info.value)
    assert "5자리" in info.value.reason_ko
    assert "five digits" in info.value.reason_en


# --------------------------------------------------------------------------- html_to_text

SEED_000 = '<ul style="list-style-type: none"> <li>-a</li><li>-b</li></ul>'


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        (SEED_000, "• -a\n• -b"),
        ("<ul><li>가</li><li>나</li></ul>", "• 가\n• 나"),
        ("<ol><li> 하나 </li>\n<li>둘</li></ol>", "• 하나\n• 둘"),
        ("a<br>b", "a\nb"),
        ("a<br/>b", "a\nb"),
        ("a<BR>b", "a\nb"),
        ("<p>첫째</p><p>둘째</p>", "첫째\n둘째"),
        ("a &amp; b", "a & b"),
        ("<p>a &lt; b &gt; c</p>", "a < b > c"),
        ("<b>굵게</b> 글씨", "굵게 글씨"),
        ("<script>alert(1)</script>x", "<script>alert(1)</script>x"),  # not formatting: kept as text
        ("<SCRIPT>alert(1)</SCRIPT>y", "<SCRIPT>alert(1)</SCRIPT>y"),  # kept exactly as written
        ("<style>p { color: red }</style>ok", "<style>p { color: red }</style>ok"),
        ("<img src=x onerror=alert(1)>사진", "<img src=x onerror=alert(1)>사진"),
        ("<ul><li><script>x</script></li></ul>", "• <script>x</script>"),
        ("plain  text\nline2", "plain  text\nline2"),
        ("R&D 사업", "R&D 사업"),
        ("x < y and z > w", "x < y and z > w"),
        ("", ""),
    ],
)
def test_html_to_text(html, expected):
    assert html_to_text(html) == expected


def test_html_to_text_seed_000_items_are_separate_bullet_lines():
    lines = html_to_text(SEED_000).split("\n")
    assert lines == ["• -a", "• -b"]
    assert all(line.startswith("• ") for line in lines)


@pytest.mark.parametrize("html", [SEED_000, "<p>a</p>", "<b>x</b>y", "a<br>b"])
def test_html_to_text_leaves_no_formatting_tags(html):
    out = html_to_text(html)
    assert "<" not in out and ">" not in out


# --------------------------------------------------------------------------- clean_text


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, None),
        (float("nan"), None),
        ("", None),
        ("   ", None),
        ("  종로구  ", "종로구"),
        (3.0, "3"),
        (3.5, "3.5"),
        (7, "7"),
        (dt.date(2022, 1, 2), "2022-01-02"),
        (dt.datetime(2022, 1, 2, 3, 4), "2022-01-02"),
        ("<b>x</b>", "x"),
        ("<ul><li>가</li></ul>", "• 가"),
        ("<p> </p>", None),
        (float("inf"), "inf"),
    ],
)
def test_clean_text(value, expected):
    assert clean_text(value) == expected


# --------------------------------------------------------------------------- is_total_label


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("계", "total"),
        ("합계", "total"),
        (" 합 계 ", "total"),
        ("합\u3000계", "total"),
        ("총계", "total"),
        ("전체", "total"),
        ("소계", "subtotal"),
        ("소 계", "subtotal"),
        ("계획", None),
        ("합계액", None),
        ("회계", None),
        ("합계:", None),
        ("", None),
        (None, None),
        (3, None),
    ],
)
def test_is_total_label(value, expected):
    assert is_total_label(value) == expected


def test_total_labels_are_total_or_subtotal():
    assert set(TOTAL_LABELS.values()) == {"total", "subtotal"}
    assert all(is_total_label(label) == kind for label, kind in TOTAL_LABELS.items())


def test_nan_cell_is_empty_for_every_parser():
    assert parse_number(float("nan")) is None
    assert parse_date(float("nan")) is None
    assert parse_district_code(float("nan")) is None


@pytest.mark.parametrize("value", ["a\x00b", "x\x07y", "가" * 32_768])
def test_clean_text_refuses_control_characters_and_overlong_cells(value):
    with pytest.raises(CellError) as err:
        clean_text(value)
    assert err.value.reason_ko and err.value.reason_en
