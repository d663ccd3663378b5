"""The number grammar (intake/numbers.py), money units (intake/money.py) and message numbers."""

from decimal import Decimal

import pytest

from sabo_eval.intake.money import parse_amount, unit_factor
from sabo_eval.intake.numbers import (
    NumberError,
    format_number,
    parse_int,
    parse_number,
    read_decimal,
)
from sabo_eval.intake.parsing import CellError


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("１，２３４", 1234.0),
        ("1\u00a0234\u00a0567", 1234567.0),
        ("7\u200b67", 767.0),
        ("\ufeff42", 42.0),
        ("▲5", 5.0),  # ▲ marks an increase
        ("△5", -5.0),
        ("▽5", -5.0),
        ("(1,000)", -1000.0),
        ("－3", -3.0),
        ("21만", 210000.0),
        ("2천", 2000.0),
        ("1억2천만", 120000000.0),
        ("3만 5천명", 35000.0),
        ("1.234.567", 1234567.0),
        ("1.976", 1.976),  # not a count column: a decimal
    ],
)
def test_the_grammar_reads_office_numbers(text, expected):
    assert parse_number(text) == expected


@pytest.mark.parametrize("text", ["약 2,300", "2,300여명", "100 이상", "~50"])
def test_approximations_are_refused_naming_them(text):
    with pytest.raises(CellError) as info:
        parse_number(text)
    assert "어림값" in info.value.reason_ko and "approximate" in info.value.reason_en


@pytest.mark.parametrize(("text", "whole"), [("1.976", "1,976"), ("210.000", "210,000"), ("1.976명", "1,976")])
def test_a_dot_and_three_digits_in_a_count_names_both_readings(text, whole):
    with pytest.raises(NumberError) as info:
        parse_int(text)
    assert info.value.rule == "ambiguous_thousands"
    assert whole in info.value.reason_ko and whole in info.value.reason_en


def test_a_count_with_decimals_is_refused_naming_the_thousands_reading():
    with pytest.raises(NumberError) as info:
        parse_int(1.976)
    assert info.value.rule == "decimal_count" and "1,976" in info.value.reason_en


def test_spaces_inside_digits_are_refused():
    with pytest.raises(NumberError) as info:
        parse_number("12 34")
    assert info.value.rule == "ambiguous_number"


@pytest.mark.parametrize(
    ("text", "expected"),
    [("11.83억원", 1183000.0), ("190,325,000원", 190325.0), ("2천만원", 20000.0), ("1,234원", 1.234), (500, 500.0)],
)
def test_money_converts_exactly_to_the_declared_unit(text, expected):
    assert parse_amount(text, "amount:1000:1000") == expected


def test_plain_amounts_follow_the_unit_stated_on_the_sheet():
    assert parse_amount(190325000, "amount:1:1000") == 190325.0


def test_a_bare_multiplier_in_an_amount_column_is_refused():
    with pytest.raises(NumberError) as info:
        parse_amount("20만", "amount:1000:1000")
    assert info.value.rule == "ambiguous_amount_unit"


def test_units():
    assert unit_factor("천원") == 1000 and unit_factor("※ 단위: 원") == 1 and unit_factor("(백만원)") == 10**6
    assert unit_factor("USD") is None


def test_read_decimal_is_exact():
    assert read_decimal("11.83억원", money=True) == (Decimal("1183000000.00"), True)


@pytest.mark.parametrize(
    ("value", "text"), [(10129000.0, "10,129,000"), (1234.5, "1,234.5"), (0.1 + 0.2, "0.3"), (3, "3"), (-2500.0, "-2,500")]
)
def test_message_numbers_have_separators_never_exponents(value, text):
    assert format_number(value) == text


@pytest.mark.parametrize(("text", "word_en"), [("#DIV/0!", "error value"), ("5~10", "range"), ("95,9", "decimal point")])
def test_other_refusals_name_their_reason(text, word_en):
    with pytest.raises(CellError) as info:
        parse_number(text)
    assert word_en in info.value.reason_en


def test_a_money_unit_in_a_count_column_is_refused():
    with pytest.raises(NumberError) as info:
        parse_number("5,000,000원", count=True)
    assert info.value.rule == "money_unit_in_count"
    assert parse_number("1,234.5천원") == 1234.5  # elsewhere: the number in the unit written


def test_a_unit_note_beside_the_header_is_a_note_not_an_unknown_column():
    from pathlib import Path

    from sabo_eval.intake.validation import validate

    case = Path(__file__).resolve().parents[1] / "corpus" / "real" / "files" / "misc_unit_note_beside_header.xlsx"
    problems = validate(case).problems
    assert [p.rule for p in problems if p.rule == "unknown_column"] == []
    assert [p for p in problems if p.severity == "error"] == []
