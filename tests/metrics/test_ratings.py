"""적절/보통/부적절 project ratings per stage (seed 001, issue 22) and their agreement with achievement."""

import numpy as np
import pandas as pd
import pytest

from sabo_eval.metrics import achievement as ach
from sabo_eval.metrics import ratings as rt

CODE, YEAR = "26530", 2023


def _plan(items):
    """``plan_items`` rows from (item_code, strategy, key_project)."""
    return pd.DataFrame([dict(district_code=CODE, year=YEAR, plan_period="5기", framework="지역사회보장계획", strategy=s,
                              key_project=k, item_code=c, item_name=f"사업 {c}", department="복지정책과", team=None, change=None)
                         for c, s, k in items])


def _ratings(rows, rater="모니터링분과"):
    """``project_ratings`` rows from (item_code, stage, rating[, rater])."""
    return pd.DataFrame([dict(district_code=CODE, year=YEAR, item_code=r[0], stage=r[1], rating=r[2],
                              rater=r[3] if len(r) > 3 else rater) for r in rows])


def _indicators(rows):
    """``indicators`` rows from (item_code, target, actual): one up-indicator per item."""
    return pd.DataFrame([dict(district_code=CODE, year=YEAR, item_code=c, indicator=f"지표 {c}", unit="건", direction="up",
                              target=t, actual=a) for c, t, a in rows])


def test_an_items_rating_is_the_raters_majority_and_a_tie_goes_to_the_lower_rating():
    ratings = _ratings([
        ("1-1", "결과확인", "적절", "모니터링분과"), ("1-1", "결과확인", "적절", "TF"), ("1-1", "결과확인", "부적절", "담당부서"),
        ("1-2", "결과확인", "적절", "모니터링분과"), ("1-2", "결과확인", "보통", "TF"),
        ("1-3", "결과확인", "적절", "모니터링분과"), ("1-3", "결과확인", "부적절", "TF"),
    ])
    out = rt.item_ratings(ratings).set_index("item_code")
    assert out["rating"].to_dict() == {"1-1": "적절", "1-2": "보통", "1-3": "부적절"}
    assert out["n_raters"].to_dict() == {"1-1": 3, "1-2": 2, "1-3": 2}


def test_english_codes_and_unknown_ratings():
    ratings = _ratings([("1-1", "planning", "appropriate"), ("1-2", "result", "inappropriate"), ("1-3", "결과확인", "모름")])
    out = rt.item_ratings(ratings)
    assert out[["item_code", "stage", "rating"]].values.tolist() == [["1-1", "계획수립", "적절"], ["1-2", "결과확인", "부적절"]]


def test_shares_per_stage_and_strategy_count_each_item_once():
    plan = _plan([("1-1", "전략 1", "중점 1"), ("1-2", "전략1", "중점 1"), ("1-3", "전략1", "중점 2"), ("2-1", "전략 2", "중점 3")])
    ratings = _ratings([
        ("1-1", "계획수립", "적절"), ("1-2", "계획수립", "적절"), ("1-3", "계획수립", "보통"), ("2-1", "계획수립", "부적절"),
        ("1-1", "결과확인", "부적절"), ("1-2", "결과확인", "적절"), ("1-2", "결과확인", "적절", "TF"), ("9-9", "결과확인", "보통"),
    ])
    out = rt.rating_shares(ratings, plan)
    assert out[["stage", "strategy"]].values.tolist() == [
        ["계획수립", "전략 1"], ["계획수립", "전략 2"], ["결과확인", "전략 1"], ["결과확인", "(시행계획에 없음)"]]
    first = out.iloc[0]
    assert (first["n_items"], first["n_적절"], first["n_보통"], first["n_부적절"]) == (3, 2, 1, 0)
    assert first["share_적절"] == pytest.approx(200 / 3) and first["share_부적절"] == 0
    assert out.iloc[2][["n_items", "n_적절", "n_부적절"]].tolist() == [2, 1, 1]  # 1-2 rated twice: one item
    totals = rt.rating_shares(ratings, plan, by=("stage",))
    assert totals["stage"].tolist() == ["계획수립", "결과확인"] and totals["n_items"].tolist() == [4, 3]
    strategies = ach.strategy_achievement(ach.item_achievement(ach.indicator_achievement(_indicators([("1-2", 10, 5)])), plan))
    assert set(out["strategy"]) - {"(시행계획에 없음)"} == set(strategies["strategy"])  # the same names, to set side by side
    reordered = rt.rating_shares(ratings, plan.iloc[[1, 0, 2, 3]])
    assert reordered["strategy"].tolist()[0] == "전략1"  # the plan's first spelling, not the first rated item's
    by_project = rt.rating_shares(ratings, plan, by=("stage", "strategy", "key_project"))
    assert by_project[by_project["stage"] == "계획수립"]["key_project"].tolist() == ["중점 1", "중점 2", "중점 3"]


def _comparison():
    plan = _plan([(c, "전략 1", "중점 1") for c in ("1-1", "1-2", "1-3", "1-4", "1-5", "1-6")])
    indicators = _indicators([("1-1", 100, 30), ("1-2", 100, 120), ("1-3", 100, 80), ("1-4", 100, 10), ("1-5", 100, None)])
    items = ach.item_achievement(ach.indicator_achievement(indicators), plan)
    ratings = _ratings([("1-1", "계획수립", "적절"), ("1-1", "이행점검", "적절"), ("1-1", "결과확인", "적절"),
                        ("1-2", "계획수립", "적절"), ("1-2", "이행점검", "부적절"),
                        ("1-3", "계획수립", "보통"), ("1-3", "결과확인", "보통"),
                        ("1-4", "결과확인", "적절"), ("1-5", "결과확인", "적절"), ("1-6", "이행점검", "부적절")])
    return rt.ratings_vs_achievement(ratings, items)


def test_ratings_beside_achievement_compare_the_latest_stage_with_the_achievement_band():
    table = _comparison().set_index("item_code")
    assert table.loc["1-2", ["rating_계획수립", "rating_이행점검", "rating", "stage"]].tolist() == ["적절", "부적절", "부적절", "이행점검"]
    assert pd.isna(table.loc["1-2", "rating_결과확인"])
    assert table.loc["1-1", "achievement"] == pytest.approx(30.0) and table.loc["1-1", "item_name"] == "사업 1-1"
    assert table["agreement"].to_dict() == {"1-1": "불일치", "1-2": "불일치", "1-3": "일치", "1-4": "불일치",
                                            "1-5": rt.NO_ACHIEVEMENT, "1-6": rt.NO_ACHIEVEMENT}
    assert table["disagreement"].to_dict() == pytest.approx({"1-1": 70.0, "1-2": 70.0, "1-3": 0.0, "1-4": 90.0,
                                                             "1-5": np.nan, "1-6": np.nan}, nan_ok=True)
    assert table.loc["1-6", "strategy"] == "전략 1" and np.isnan(table.loc["1-6", "achievement"])  # kept, said so


def test_the_disagreement_list_is_rated_appropriate_under_50_or_inappropriate_at_100_sorted_by_gap():
    table = _comparison()
    out = rt.rating_disagreements(table)
    assert out["item_code"].tolist() == ["1-4", "1-1", "1-2"]
    assert out["disagreement"].tolist() == [90.0, 70.0, 70.0]
    assert rt.rating_disagreements(table, top=1)["item_code"].tolist() == ["1-4"]


def test_a_district_without_ratings_gets_empty_tables_with_their_columns():
    ratings = _ratings([]).reindex(columns=["district_code", "year", "item_code", "stage", "rating", "rater"])
    plan = _plan([("1-1", "전략 1", "중점 1")])
    assert rt.rating_shares(ratings, plan).columns.tolist()[:4] == ["district_code", "year", "stage", "strategy"]
    table = rt.ratings_vs_achievement(ratings, plan.assign(achievement=[50.0]))
    assert table.empty and {"rating_결과확인", "agreement", "disagreement"} <= set(table.columns)
    assert rt.rating_disagreements(table).empty
