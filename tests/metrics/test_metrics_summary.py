"""The 요약's facts: value, last year, change and place among the compared districts.

On the sample warehouse: 수원시 (41110) 2023 budget execution fell from 91.9 % to 78.0 %,
the lowest of the 27 districts.
"""

from __future__ import annotations

import os

import numpy as np
import pandas as pd
import pytest

from sabo_eval.metrics import overview
from sabo_eval.metrics.summary import MIN_COMPARED, callouts, place_among, place_text, summary_facts
from sabo_eval.metrics.year_figures import compute_all_headlines, compute_all_indicator_values
from sabo_eval.warehouse.district_data import evaluation_date_of, load_district_tables
from sabo_eval.warehouse.store import Warehouse


@pytest.fixture(scope="module")
def years():
    with Warehouse(os.environ["SABO_EVAL_DB"], read_only=True) as wh:
        yield {
            "h2023": compute_all_headlines(wh, 2023),
            "h2022": compute_all_headlines(wh, 2022),
            "i2023": compute_all_indicator_values(wh, 2023),
            "own2022": overview.headline_figures(
                load_district_tables(wh, "41110", 2022), evaluation_date_of(wh, "41110", 2022)
            ),
        }


def test_place_counts_ties_and_missing_values():
    values = pd.Series([5.0, 3.0, 5.0, np.nan, 1.0], index=["a", "b", "c", "d", "e"])
    assert place_among(values, "a") == (4, 1, 3)  # tied first
    assert place_among(values, "e") == (4, 4, 1)
    assert place_among(values, "d") == (4, 0, 0)  # no value: not ranked


@pytest.mark.parametrize(
    ("n", "high", "low", "text"),
    [
        (27, 27, 1, "비교 27곳 중 가장 낮음"),
        (27, 1, 27, "비교 27곳 중 가장 높음"),
        (27, 5, 23, "비교 27곳 중 5번째로 높음"),
        (27, 22, 6, "비교 27곳 중 6번째로 낮음"),
        (2, 1, 2, "비교할 시군구가 2곳뿐이라 순위를 매기지 않음"),
        (3, 1, 1, "비교 3곳이 모두 같음"),
    ],
)
def test_place_text_names_the_nearer_end(n, high, low, text):
    assert place_text(n, high, low) == text


def test_suwon_2023_budget_execution_fell_to_the_lowest_of_27(years):
    facts = summary_facts("41110", years["h2023"], years["h2022"], years["i2023"]).set_index("key")
    row = facts.loc["execution_rate"]
    assert round(row["value"], 1) == 78.0 and round(row["previous"], 1) == 91.9
    assert round(row["change"], 1) == -13.9
    assert (row["n_compared"], row["rank_low"], row["place"]) == (27, 1, "비교 27곳 중 가장 낮음")
    assert row["median"] == pytest.approx(years["h2023"]["execution_rate"].median())
    # Every headline and the main service indicators are there, each with last year.
    assert {"attendance_rate", "achievement", "execution_rate", "visit_contact"} <= set(facts.index)
    assert facts["previous"].notna().all()


def test_previous_year_from_one_district_equals_the_all_district_figures(years):
    own = pd.DataFrame([years["own2022"]], index=["41110"])
    via_own = summary_facts("41110", years["h2023"], own)
    via_all = summary_facts("41110", years["h2023"], years["h2022"])
    assert np.allclose(via_own["previous"], via_all["previous"])


def test_callouts_put_the_lowest_place_first(years):
    chosen = callouts(summary_facts("41110", years["h2023"], years["h2022"], years["i2023"]))
    assert chosen.iloc[0]["key"] == "execution_rate" and chosen.iloc[0]["reason"] == "lowest"
    assert set(chosen["reason"]) <= {"lowest", "highest", "large_change"}


def test_a_large_change_is_a_callout_without_an_extreme_place():
    headlines = pd.DataFrame(
        {"attendance_rate": [60.0, 50.0, 70.0], "achievement": [100.0, 90.0, 110.0], "execution_rate": [80.0, 70.0, 90.0]},
        index=["a", "b", "c"],
    )
    previous = pd.DataFrame({"attendance_rate": [70.0], "achievement": [101.0], "execution_rate": [80.0]}, index=["a"])
    chosen = callouts(summary_facts("a", headlines, previous))
    assert list(chosen["key"]) == ["attendance_rate"] and chosen.iloc[0]["reason"] == "large_change"


@pytest.mark.parametrize("n_districts", [1, 2])
def test_fewer_than_three_districts_give_no_rank_and_no_median(years, n_districts):
    few = years["h2023"].iloc[:n_districts]
    code = few.index[0]
    facts = summary_facts(code, few, years["h2022"])
    assert n_districts < MIN_COMPARED
    assert facts["median"].isna().all() and (facts["rank_high"] > 0).all()
    assert facts["place"].str.startswith(f"비교할 시군구가 {n_districts}곳뿐").all()


def test_a_district_without_last_year_has_no_change(years):
    facts = summary_facts("41110", years["h2023"], None)
    assert facts["previous"].isna().all() and facts["change"].isna().all()


@pytest.mark.parametrize(("n_districts", "expected"), [(1, "비교할 시군구 1곳뿐, 중앙값 없음"), (2, "비교할 시군구 2곳뿐, 중앙값 없음")])
def test_the_overview_shows_no_median_of_fewer_than_three(years, n_districts, expected):
    few = years["h2023"].iloc[:n_districts]
    table = overview.headline_table(few.iloc[0].to_dict(), few)
    assert (table["전체 시군구 중앙값"] == expected).all()
    assert overview.headline_table(years["h2023"].iloc[0].to_dict(), years["h2023"])["전체 시군구 중앙값"].str.endswith("(n=27)").all()
