"""Indicator achievement (DESIGN §4)."""

import numpy as np
import pandas as pd
import pytest

from sabo_eval.metrics import achievement as ach


def _indicators(rows):
    return pd.DataFrame(
        [dict(district_code="26530", year=2023, item_code=i, indicator=n, direction=d, target=t, actual=a) for i, n, d, t, a in rows]
    )


@pytest.mark.parametrize(
    ("direction", "target", "actual", "method", "expected"),
    [
        ("up", 100, 120, "ratio", 120.0),
        ("up", 100, 300, "ratio", 300.0),  # uncapped
        ("down", 10, 8, "ratio", 125.0),
        ("down", 10, 8, "difference", 120.0),  # 200 - 100*8/10
        ("down", 10, 12, "difference", 80.0),
        ("up", None, 5, "ratio", np.nan),
        ("up", 0, 5, "ratio", np.nan),
        ("up", 10, None, "ratio", np.nan),
        ("down", 10, 0, "ratio", np.nan),
    ],
)
def test_indicator_achievement(direction, target, actual, method, expected):
    scored = ach.indicator_achievement(_indicators([("I-1", "x", direction, target, actual)]), method=method)
    value = scored["achievement"].iloc[0]
    if np.isnan(expected):
        assert np.isnan(value)
        assert scored["reason"].iloc[0] != ""
    else:
        assert value == pytest.approx(expected)
        assert scored["reason"].iloc[0] == ""


def test_reasons_distinguish_no_target_and_no_actual():
    scored = ach.indicator_achievement(_indicators([("I-1", "a", "up", None, 3), ("I-1", "b", "up", 5, None)]))
    assert scored["reason"].tolist() == [ach.NO_TARGET, ach.NO_ACTUAL]


def test_unknown_method_rejected():
    with pytest.raises(ValueError, match="unknown method"):
        ach.indicator_achievement(_indicators([("I-1", "x", "up", 1, 1)]), method="cap")


def test_item_and_framework_means_with_counts():
    indicators = _indicators(
        [
            ("I-1", "a", "up", 100, 150),
            ("I-1", "b", "up", 100, 50),  # item I-1 = 100
            ("I-2", "c", "down", 10, 5),  # item I-2 = 200
            ("I-3", "d", "up", None, 5),  # no target: item missing
        ]
    )
    plan = pd.DataFrame(
        [
            dict(district_code="26530", year=2023, item_code=c, item_name=c, framework="F", strategy=s, key_project=k, department="d")
            for c, s, k in [("I-1", "S1", "K1"), ("I-2", "S1", "K2"), ("I-3", "S2", "K3"), ("I-4", "S2", "K3")]
        ]
    )
    items = ach.item_achievement(ach.indicator_achievement(indicators), plan)
    by_item = items.set_index("item_code")
    assert by_item.loc["I-1", "achievement"] == pytest.approx(100.0)
    assert by_item.loc["I-3", "n_no_target"] == 1
    assert by_item.loc["I-4", "n_indicators"] == 0  # kept although it has no indicator
    frame = ach.framework_achievement(items).iloc[0]
    assert frame["achievement"] == pytest.approx(150.0)
    assert (frame["n_strategies"], frame["n_key_projects"], frame["n_items"]) == (2, 3, 4)
    assert (frame["n_items_scored"], frame["n_achieved"], frame["n_with_target"]) == (2, 2, 2)
    assert (frame["n_no_target"], frame["n_no_actual"]) == (2, 0)  # I-3 (no target) and I-4 (no indicator)
    assert by_item.loc["I-4", "flags"] == "성과지표 없음"



def _plan(codes_strategies):
    return pd.DataFrame(
        [
            dict(district_code="26530", year=2023, item_code=c, item_name=f"{c} 사업", framework=f, strategy=s, key_project=k, department="d")
            for c, f, s, k in codes_strategies
        ]
    )


def test_flags_above_150_below_50_and_target_changed():
    now = _indicators([("I-1", "a", "up", 10, 20), ("I-1", "b", "up", 10, 4), ("I-2", "c", "up", 10, 10), ("I-2", "d", "up", None, 1)])
    before = _indicators([("I-1", "a", "up", 10, 9), ("I-2", "c", "up", 8, 8)]).assign(year=2022)
    scored = ach.indicator_achievement(now, previous=before).set_index("indicator")
    assert scored.loc["a", "flag_above_150"] and "목표가 낮게 설정되었을 수 있음" in scored.loc["a", "flags"]
    assert scored.loc["b", "flag_below_50"] and scored.loc["b", "flags"] == "50% 미만"
    assert scored.loc["c", "flag_target_changed"] and not scored.loc["a", "flag_target_changed"]
    assert scored.loc["d", "flags"] == "목표 없음"
    assert scored.loc["a", "achievement"] == pytest.approx(200.0)  # raw value kept, never capped


def test_cap_applies_to_scoring_only_and_weights_change_the_mean():
    scored = ach.indicator_achievement(_indicators([("I-1", "a", "up", 10, 30), ("I-2", "b", "up", 10, 8)]))
    plan = _plan([("I-1", "F", "S", "K"), ("I-2", "F", "S", "K")])
    capped = ach.item_achievement(scored, plan, cap=150).set_index("item_code")
    assert capped.loc["I-1", "achievement"] == pytest.approx(150.0)
    assert capped.loc["I-1", "achievement_uncapped"] == pytest.approx(300.0)
    plain = ach.framework_achievement(ach.item_achievement(scored, plan)).iloc[0]["achievement"]
    assert plain == pytest.approx((300 + 80) / 2)
    weighted = ach.framework_achievement(ach.item_achievement(scored, plan), weights={"I-1": 1, "I-2": 3}).iloc[0]["achievement"]
    assert weighted == pytest.approx((300 + 3 * 80) / 4)


def test_rollup_levels_group_names_ignoring_spaces():
    scored = ach.indicator_achievement(_indicators([(c, "x", "up", 100, v) for c, v in (("A", 120), ("B", 80), ("C", 100), ("D", 50))]))
    plan = _plan([("A", "체계", "지역발전전략1", "K1"), ("B", "체계", "지역발전 전략1", "K1"), ("C", "체계", "전략2", "K2"), ("D", "체계", "전략2", "K3")])
    items = ach.item_achievement(scored, plan)
    strategies = ach.strategy_achievement(items)
    assert strategies["strategy"].tolist() == ["지역발전전략1", "전략2"]  # first spelling shown
    assert strategies["achievement"].round(1).tolist() == [100.0, 75.0]
    projects = ach.rollup(items, "key_project")
    assert len(projects) == 3 and projects["n_items"].tolist() == [2, 1, 1]
    frame = ach.framework_achievement(items).iloc[0]
    assert (frame["n_strategies"], frame["n_key_projects"], frame["n_items"], frame["n_achieved"]) == (2, 3, 4, 2)
    with pytest.raises(ValueError, match="unknown level"):
        ach.rollup(items, "team")


@pytest.mark.parametrize(
    ("framework", "rate", "expected"),
    [
        ("지자체 사회보장사업 전략체계", 121.6, "지자체 사회보장사업 전략체계 5대 추진전략, 10개 중점사업, 29개 세부사업의 목표 달성률 121.6%로 목표대비 향상된 성과 지표를 보이고 있음."),
        ("지역사회보장 발전 전략체계", 110.7, "지역사회보장 발전 전략체계 5대 추진전략, 10개 대표 과업, 29개 세부과업의 목표 달성률 110.7%로 목표대비 향상된 성과 지표를 보이고 있음."),
        ("지자체 사회보장사업 전략체계", 92.34, "지자체 사회보장사업 전략체계 5대 추진전략, 10개 중점사업, 29개 세부사업의 목표 달성률 92.3%로 목표에 미치지 못한 성과 지표를 보이고 있음."),
        ("지자체 사회보장사업 전략체계", float("nan"), "지자체 사회보장사업 전략체계 5대 추진전략, 10개 중점사업, 29개 세부사업의 목표 달성률은 목표와 실적이 있는 지표가 없어 산출할 수 없음."),
    ],
)
def test_headline_sentence_wording(framework, rate, expected):
    row = {"framework": framework, "achievement": rate, "n_strategies": 5, "n_key_projects": 10, "n_items": 29}
    assert ach.headline_sentence(row) == expected


def test_year_over_year_pairs_the_same_indicator():
    now = ach.indicator_achievement(_indicators([("I-1", "a", "up", 100, 120), ("I-1", "new", "up", 5, 5)]))
    before = ach.indicator_achievement(_indicators([("I-1", "a", "up", 80, 80)]).assign(year=2022))
    yoy = ach.year_over_year(now.assign(unit="명"), before).set_index("indicator")
    assert yoy.loc["a", "change_pp"] == pytest.approx(20.0)
    assert bool(yoy.loc["a", "target_changed"]) is True
    assert np.isnan(yoy.loc["new", "previous_achievement"])
