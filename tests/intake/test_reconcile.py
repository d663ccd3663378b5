"""Published-table reconciliation on seed 002's tables, as published."""

from pathlib import Path

import pandas as pd
import pytest

from sabo_eval.intake.reconcile import read_published_table, reconcile

PUBLISHED = Path(__file__).resolve().parents[1] / "fixtures" / "published"


def test_dolbom_sos_table_reconciles():
    table = read_published_table(PUBLISHED / "seed002_dolbom_sos.csv")
    assert table.iloc[0, 0] == "총 계" and reconcile(table).empty


def test_emergency_table_reports_only_the_published_2018_inconsistency():
    """The 5-year table's 2018 총계 households leave out 6,851 특별교부금 households
    (the 2018 amount includes theirs, and 2017 includes both): that is what it says."""
    table = read_published_table(PUBLISHED / "seed002_emergency_5yr.csv", header_rows=2)
    found = reconcile(table)
    assert found[["axis", "row", "column", "published", "computed"]].values.tolist() == [
        ["열", "계", "총계 / 가구", 96107.0, 102958.0],
        ["열", "2018", "총계 / 가구", 10090.0, 16941.0],
    ]


@pytest.mark.parametrize(
    ("row", "column", "value", "expected"),
    [
        (2, 3, "5,000", [("열", "2020년 (13개구)", "계"), ("행", "총 계", "단기시설")]),  # a part changed: both totals disagree
        (0, 1, "147,196", [("행", "총 계", "계"), ("열", "총 계", "계")]),  # the grand total itself changed
        (3, 6, "26,059", [("열", "2021년 (25개구)", "계"), ("행", "총 계", "식사지원")]),
    ],
)
def test_an_altered_cell_is_reported_exactly(row, column, value, expected):
    table = read_published_table(PUBLISHED / "seed002_dolbom_sos.csv")
    table.iat[row, column] = value
    found = reconcile(table)
    assert sorted(found[["axis", "row", "column"]].itertuples(index=False, name=None)) == sorted(expected)
    assert (found["published"] != found["computed"]).all()


def test_altered_emergency_amount_adds_exactly_that_total():
    table = read_published_table(PUBLISHED / "seed002_emergency_5yr.csv", header_rows=2)
    table.iat[1, 2] = "10,083"  # 2021 총계 금액
    found = reconcile(table)
    extra = found[found["column"] == "총계 / 금액"]
    assert extra[["axis", "row", "published", "computed"]].values.tolist() == [
        ["행", "계", 47289.0, 47290.0],
        ["열", "2021", 10083.0, 10082.0],
    ]


def test_subtotal_rows_sum_their_own_section():
    table = pd.DataFrame(
        [["가", "1"], ["나", "2"], ["소계", "3"], ["다", "4"], ["소계", "5"], ["합계", "7"]], columns=["구분", "값"]
    )
    found = reconcile(table)
    assert found[["row", "published", "computed"]].values.tolist() == [["소계", 5.0, 4.0]]
