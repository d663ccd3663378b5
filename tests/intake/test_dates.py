"""Dates, years, months, district codes and code synonyms as secretariats write them."""

from __future__ import annotations

import datetime as dt

import pytest

from sabo_eval.intake import dates, synonyms
from sabo_eval.intake.interpret import interpret, interpret_info
from sabo_eval.intake.notes import RuledCellError
from sabo_eval.intake.parsing import CellError, parse_date
from sabo_eval.intake.schemas import SCHEMAS

MAR7 = dt.date(2023, 3, 7)  # a Tuesday
HELD_ON = SCHEMAS["meetings"].column("held_on")
JOINED_ON = SCHEMAS["members"].column("joined_on")
MONTH = SCHEMAS["services"].column("month")
YEAR = SCHEMAS["indicators"].column("year")
SECTOR = SCHEMAS["members"].column("sector")
KIND = SCHEMAS["meetings"].column("kind")
RESPONSE = SCHEMAS["opinions"].column("response_status")


@pytest.mark.parametrize(
    "value",
    ["2023년 3월 7일", "23년 3월 7일", "2023. 3. 7.(화)", "2023.3.7 화요일", "2023. 3. 7. 오후 2시",
     "2023. 3. 7.(화) 14:00~16:00", "２０２３. ３. ７.", "2023-03-07 (Tue)", dt.datetime(2023, 3, 7, 14, 30)],
)
def test_dates_are_read_without_notes(value):
    assert dates.read_date(value) == (MAR7, ())


@pytest.mark.parametrize("value", ["3/7", "3월 7일", "3. 7."])
def test_a_date_without_a_year_takes_the_given_year(value):
    assert parse_date(value, year=2023) == MAR7
    with pytest.raises(RuledCellError) as info:
        parse_date(value)
    assert info.value.rule == "ambiguous_date" and "연도" in info.value.reason_ko


@pytest.mark.parametrize("value", ["2023년 3월", "2023.11", "2023. 3. 7. ~ 3. 9.", "3. 7. ~ 3. 9."])
def test_a_date_that_could_mean_several_days_is_refused(value):
    with pytest.raises(RuledCellError) as info:
        dates.read_date(value, year=2023)
    assert info.value.rule == "ambiguous_date"


def test_a_weekday_that_disagrees_is_noted_with_both():
    day, (note,) = dates.read_date("2023. 3. 7.(수)")
    assert day == MAR7 and note.rule == "weekday_mismatch"
    assert "화요일" in note.reason_ko and "'수'" in note.reason_ko and "Tuesday" in note.reason_en


def test_a_remark_beside_a_date_is_noted():
    day, (note,) = dates.read_date("2023. 3. 7.(화) 시청 상황실")
    assert day == MAR7 and note.rule == "date_extra_text" and "시청 상황실" in note.reason_ko


def test_yearless_dates_only_in_the_meeting_list():
    assert interpret("3/7", HELD_ON, 2023) == (MAR7, ())
    with pytest.raises(RuledCellError):
        interpret("3/7", JOINED_ON, 2023)


@pytest.mark.parametrize("value", ["1999. 3. 7.", "2202. 7. 1.", dt.date(1923, 1, 1), "99.3.7"])
def test_a_year_out_of_range_is_refused(value):
    with pytest.raises(RuledCellError) as info:
        interpret(value, JOINED_ON, 2023)
    assert info.value.rule == "year_out_of_range"


def test_the_submission_year_out_of_range_is_refused():
    assert interpret_info("23년", "year", "int", "연도") == (2023, ())
    with pytest.raises(RuledCellError):
        interpret_info(2203, "year", "int", "연도")


@pytest.mark.parametrize(("value", "expected"), [("23년", 2023), ("2023년도", 2023), ("'23", 2023), ("23", 23), (2023.0, 2023)])
def test_years(value, expected):
    assert interpret(value, YEAR, 2023)[0] == expected


@pytest.mark.parametrize(("value", "expected"), [("3월", 3), ("03월", 3), ("2023년 3월", 3), ("2023-03", 3), (3.0, 3)])
def test_months(value, expected):
    assert interpret(value, MONTH, 2023)[0] == expected


def test_a_month_of_another_year_is_refused():
    with pytest.raises(RuledCellError) as info:
        interpret("2022년 3월", MONTH, 2023)
    assert info.value.rule == "date_outside_year"


@pytest.mark.parametrize(("value", "expected"), [("1111000000", "11110"), (4111000000, "41110"), ("41110", "41110")])
def test_ten_digit_codes_give_the_district(value, expected):
    assert dates.read_district_code(value) == expected


@pytest.mark.parametrize(("value", "word"), [("4111051000", "읍면동"), ("1100000000", "시도"), ("411105100", "5자리")])
def test_other_codes_are_refused_by_name(value, word):
    with pytest.raises(CellError) as info:
        dates.read_district_code(value)
    assert word in info.value.reason_ko


@pytest.mark.parametrize(
    ("col", "value", "expected"),
    [(SECTOR, "당연직", "public"), (KIND, "서면", None), (KIND, "서면 정기", "regular"), (RESPONSE, "반영완료", "reflected"),
     (RESPONSE, "반영 예정", "reflected"), (RESPONSE, "일부수용", "partly")],
)
def test_synonyms_are_read_and_named(col, value, expected):
    code, (note,) = interpret(value, col, 2023)
    assert code == expected and note.rule == "code_synonym" and value in note.reason_ko


@pytest.mark.parametrize(("col", "value"), [(SECTOR, "위촉직"), (SECTOR, "민(공무원)"), (RESPONSE, "반영(일부)")])
def test_ambiguous_words_are_refused(col, value):
    with pytest.raises(RuledCellError) as info:
        interpret(value, col, 2023)
    assert info.value.rule == "ambiguous_code"


def test_a_bracketed_note_beside_a_code_is_named():
    code, (note,) = interpret("정기(서면)", KIND, 2023)
    assert code == "regular" and note.rule == "code_extra_text" and "서면" in note.reason_ko
    assert interpret("정기", KIND, 2023) == ("regular", ())


def test_a_user_table_adds_and_overrides(tmp_path, monkeypatch):
    extra = tmp_path / "mine.csv"
    extra.write_text(
        "codes,written,code,reason_ko,reason_en\nsector,위촉직,private,우리 시는 위촉직이 모두 민간,all appointed are private\n",
        encoding="utf-8",
    )
    assert synonyms.load_synonyms(str(extra))["sector"]["위촉직"].code == "private"
    monkeypatch.setenv(synonyms.ENV_VARIABLE, str(extra))
    code, (note,) = interpret("위촉직", SECTOR, 2023)
    assert code == "private" and "우리 시" in note.reason_ko


@pytest.mark.parametrize(
    "row", ["sector,위촉직,nobody,a,b", "colour,빨강,red,a,b", "sector,위촉직,private,a,b,extra"]
)
def test_a_bad_user_table_is_refused(tmp_path, row):
    extra = tmp_path / "bad.csv"
    extra.write_text(f"codes,written,code,reason_ko,reason_en\n{row}\n", encoding="utf-8")
    with pytest.raises(ValueError):
        synonyms.load_synonyms(str(extra))


@pytest.mark.parametrize("value", ["'23. 3. 7.", "2023-03-07T14:00:00", "23.3.7"])
def test_more_office_forms(value):
    assert dates.read_date(value) == (MAR7, ())


def test_two_short_numbers_are_refused_naming_both_readings():
    with pytest.raises(RuledCellError) as info:
        dates.read_date("12.25", year=2023)
    assert info.value.rule == "ambiguous_date" and "월과 일" in info.value.reason_ko


def test_an_appointment_type_in_brackets_is_named_not_refused():
    code, (note,) = interpret("민간(위촉직)", SECTOR, 2023)
    assert code == "private" and note.rule == "code_extra_text"


@pytest.mark.parametrize("value", ["3.7.2023", "7. 3. 23", "3/7 2023"])
def test_a_year_written_last_is_refused(value):
    with pytest.raises(CellError) as info:
        dates.read_date(value, year=2023)
    assert "연도를 앞에" in info.value.reason_ko
