"""Every numeric column has a sane range checked in validation, so nothing reaches the
warehouse's casts out of range; -0 is 0; years and Excel's 1900 serials out of range
are refused (issue 15, item 5)."""

from __future__ import annotations

import datetime as dt
import math
import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook

from sabo_eval.intake import money, numbers, parsing
from sabo_eval.intake.cells import parse_column
from sabo_eval.intake.interpret import interpret_info
from sabo_eval.intake.schemas import FLOAT, INT, SCHEMAS
from sabo_eval.intake.validation import validate

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "good"
GOOD = FIXTURES / "11110_2023_minimal.xlsx"
GOOD_CSV = FIXTURES / "11110_2023_csv_utf8"
BIGINT_MAX = 2**63 - 1


def test_every_numeric_column_has_a_range_inside_what_the_warehouse_stores():
    for schema in SCHEMAS.values():
        for col in schema.columns:
            if col.kind not in (INT, FLOAT):
                continue
            assert col.minimum is not None and col.maximum is not None, (schema.name, col.name)
            assert math.isfinite(col.minimum) and math.isfinite(col.maximum)
            if col.kind == INT:
                assert -BIGINT_MAX <= col.minimum <= col.maximum <= BIGINT_MAX


def test_the_ranges_are_documented_in_the_data_dictionary():
    readme = (Path(__file__).resolve().parents[2] / "data" / "README.md").read_text(encoding="utf-8")
    for figure in ("100,000,000", "10,000,000,000,000", "10,000,000,000", "1,000"):
        assert figure in readme, figure


def _rules(sub) -> set[tuple[str, str]]:
    return {(p.rule, p.sheet) for p in sub.problems if p.severity == "error"}


def _edited_csv(tmp_path: Path, file: str, old: str, new: str) -> Path:
    sub = tmp_path / "11110_2023"
    shutil.copytree(GOOD_CSV, sub)
    text = (sub / file).read_text(encoding="utf-8")
    assert old in text
    (sub / file).write_text(text.replace(old, new, 1), encoding="utf-8")
    return sub


@pytest.mark.parametrize(
    ("file", "old", "new", "rule", "sheet"),
    [
        ("지역현황.csv", '"141,060명"', "10000000000000000000", "above_maximum", "지역현황"),
        ("지역현황.csv", '"28,123명"', "-1", "below_minimum", "지역현황"),
        ("지역현황.csv", ",17", ",1001", "above_maximum", "지역현황"),
        ("예산.csv", "I-1-2,5000", "I-1-2,20000000000000", "above_maximum", "예산"),
        ("서비스실적.csv", ",800", ",100000000000", "above_maximum", "서비스실적"),
        ("성과지표.csv", "12%,10%,8%", "12%,10%,-99999999999999", "below_minimum", "성과지표"),
    ],
)
def test_a_value_outside_its_range_is_refused_with_its_rule(tmp_path, file, old, new, rule, sheet):
    assert (rule, sheet) in _rules(validate(_edited_csv(tmp_path, file, old, new)))


def test_a_budget_in_won_is_checked_after_conversion(tmp_path):
    # 예산단위 천원; 2경원 is 20,000,000,000,000 천원 once converted: over the limit
    sub = _edited_csv(tmp_path, "예산.csv", "I-1-2,5000", "I-1-2,20000000000000000원")
    assert ("above_maximum", "예산") in _rules(validate(sub))


def test_the_sample_sized_values_stay_accepted(tmp_path):
    sub = _edited_csv(tmp_path, "지역현황.csv", '"141,060명"', '"1,200,000명"')
    assert not _rules(validate(sub))


@pytest.mark.parametrize("written", ["-0", "-0.0", "△0", "-0명", -0.0])
def test_minus_zero_is_zero(written):
    for value in (
        numbers.parse_number(written, count=True),
        parsing.parse_number(written),
        money.parse_amount(written, "amount:1000:1000"),
        money.parse_amount(written, "amount:1:1000"),
    ):
        assert value == 0 and math.copysign(1, value) == 1


def test_typed_minus_zero_cells_are_zero():
    column = SCHEMAS["indicators"].column("actual")
    parsed, problems = parse_column([-0.0, "-0", 5.0], column)
    assert problems == [] and [math.copysign(1, v) for v in parsed] == [1, 1, 1]


def test_format_number_shows_huge_numbers_instead_of_failing():
    assert numbers.format_number(1e300) == "1.000000e+300"
    assert numbers.format_number(10**19) == "10,000,000,000,000,000,000"


@pytest.mark.parametrize("year", [1, -2023, "-2023", 99_999_999_999, "99,999,999,999", 1999, 2100])
def test_a_submission_year_out_of_range_is_refused(year):
    with pytest.raises(parsing.CellError) as caught:
        interpret_info(year, "year", INT, "연도")
    assert caught.value.rule == "year_out_of_range"


@pytest.mark.parametrize("serial", [59, 60, 61])
def test_excel_1900_serials_are_refused_as_out_of_range_dates(tmp_path, serial):
    """Serial 60 is Excel's phantom 1900-02-29 (read as 1900-02-28): refused with every date before 2000."""
    book = load_workbook(GOOD)
    book["위원명단"]["H2"] = serial
    book["위원명단"]["H2"].number_format = "yyyy-mm-dd"
    path = tmp_path / "11110_2023.xlsx"
    book.save(path)
    found = [p for p in validate(path).problems if p.severity == "error"]
    assert [(p.rule, p.sheet, p.column) for p in found] == [("year_out_of_range", "위원명단", "위촉일")]
    assert "1900" in found[0].reason_ko


def test_a_9999_date_is_refused():
    with pytest.raises(parsing.CellError) as caught:
        interpret_info(dt.date(9999, 12, 31), "prepared_on", "date", "작성일")
    assert caught.value.rule == "year_out_of_range"
