"""District comparison on the sample (Seoul 2021) and on hand-made values."""

import os

import pandas as pd
import pytest

from sabo_eval.metrics import comparison
from sabo_eval.metrics.year_figures import compute_all_indicator_values
from sabo_eval.warehouse.district_data import district_names
from sabo_eval.warehouse.store import Warehouse

SEED_002_CITY = {  # seed 002: (numerator, denominator) of the 합계/65세/70세 rows and 양육가정
    "visit_contact": (166_635, 232_520),
    "visit_home_share": (13_564, 232_520),
    "visit_office_share": (103_971, 232_520),
    "visit_phone_share": (49_100, 232_520),
    "visit65_contact": (94_781, 125_235),
    "visit70_contact": (29_235, 75_430),
    "parenting_counselling": (42_619, 31_855),
    "sos_per_1000_65plus": (120_332, None),
    "emergency_households_per_1000": (22_170, None),
    "emergency_amount_per_1000": (10_082, None),
    "crisis_found_per_1000": (45_701, None),
    "mental_accompany_rate": (281, 246),
}


@pytest.fixture(scope="module")
def seoul_2021():
    with Warehouse(os.environ["SABO_EVAL_DB"], read_only=True) as wh:
        return compute_all_indicator_values(wh, 2021), district_names(wh, 2021)


def test_seoul_2021_indicator_sums_are_seed_002_city_totals(seoul_2021):
    values, _names = seoul_2021
    sums = values.groupby("indicator_id")[["numerator", "denominator"]].sum()
    for indicator, (numerator, denominator) in SEED_002_CITY.items():
        assert sums.loc[indicator, "numerator"] == numerator, indicator
        if denominator is not None:
            assert sums.loc[indicator, "denominator"] == denominator, indicator
    assert values["district_code"].nunique() == 25


def test_funnels_cover_the_proportions_and_state_their_numbers(seoul_2021):
    values, names = seoul_2021
    funnels = comparison.indicator_funnels(values)
    assert "visit_contact" in funnels and "parenting_counselling" not in funnels  # ratios are not funnelled
    result = funnels["visit_contact"]
    assert result.n_units == 25 and result.theta == pytest.approx(166_635 / 232_520)
    sentence = comparison.funnel_sentence(result, "보편방문 상담률")
    assert sentence.startswith("보편방문 상담률: 25개 시군구 전체 비율은 71.7%") and "99.8% 한계 밖" in sentence
    table = comparison.outside_limits(funnels, names, values)
    assert list(table.columns) == ["지표", "시군구", "비율", "전체 비율", "99.8% 한계", "위치"]
    flagged = {(r.지표, r.시군구) for r in table.itertuples()}
    expected = {
        (values.loc[values["indicator_id"] == i, "name"].iloc[0], names[u])
        for i, f in funnels.items() for u in f.table.loc[f.table["outside_998"], "unit"]
    }
    assert flagged == expected
    positions = comparison.district_positions(funnels, "11110")
    assert set(positions) == set(funnels)


def test_a_far_off_district_is_flagged_in_its_funnel():
    rows = [dict(district_code=f"{11000 + i}", year=2023, indicator_id="x", name="지표", kind="proportion", reason="",
                 numerator=600, denominator=1000) for i in range(10)]
    rows[3]["numerator"] = 400
    values = pd.DataFrame(rows)
    funnels = comparison.indicator_funnels(values)
    assert comparison.district_positions(funnels, "11003")["x"].startswith("99.8% 하한 아래")
    sentence = comparison.funnel_sentence(funnels["x"], "지표", {"11003": "가구"})
    assert sentence.endswith("99.8% 한계 밖 1곳: 가구 40.0%(낮음).")
    assert "깔때기 모양" not in sentence  # the general explanation is said once on the page, not per indicator


def test_per_population_indicators_get_poisson_funnels_and_ratios_say_why_not(seoul_2021):
    values, names = seoul_2021
    funnels = comparison.indicator_funnels(values)
    for indicator in ("sos_per_1000_65plus", "emergency_households_per_1000", "crisis_found_per_1000"):
        assert funnels[indicator].kind == "rate" and funnels[indicator].scale == 1000, indicator
    result = funnels["crisis_found_per_1000"]
    assert result.theta == pytest.approx(45_701 / values.loc[values["indicator_id"] == "crisis_found_per_1000", "denominator"].sum())
    assert "천 명당" in comparison.funnel_sentence(result, "위기가구 발굴") and "포아송" in comparison.TERMS["이항분포·포아송 분포"]
    assert "emergency_amount_per_1000" not in funnels and "parenting_counselling" not in funnels
    assert "100%를 넘을 수 있는" in comparison.not_compared_reason("ratio", "%")
    assert "금액은 건수가 아니어서" in comparison.not_compared_reason("ratio", "백만원/천 명")
    table = comparison.advisor_table(funnels, names, {})
    assert len(table) == 2 * sum(f.n_units for f in funnels.values())


def test_districts_with_a_reason_are_listed_not_dropped():
    rows = [dict(district_code=f"{11000 + i}", year=2023, indicator_id="x", name="지표", kind="proportion", reason="",
                 numerator=600, denominator=1000) for i in range(5)]
    rows[2].update(reason="분모 없음 (no denominator)", denominator=float("nan"))
    funnels = comparison.indicator_funnels(pd.DataFrame(rows))
    assert list(funnels["x"].excluded["unit"]) == ["11002"]
    assert comparison.district_positions(funnels, "11002")["x"].startswith("비교에서 뺌: 분모 없음")


def test_shared_funnels_are_computed_once_per_table_content():
    with Warehouse(os.environ["SABO_EVAL_DB"], read_only=True) as wh:
        values = compute_all_indicator_values(wh, 2023)
    comparison._FUNNEL_MEMO.clear()
    first = comparison.shared_indicator_funnels(values)
    again = comparison.shared_indicator_funnels(values.copy())  # equal content, another frame
    assert again is first
    fresh = comparison.indicator_funnels(values)
    assert list(fresh) == list(first)
    for key, result in fresh.items():
        pd.testing.assert_frame_equal(result.table, first[key].table)
        assert result.phi == first[key].phi
    changed = values.copy()
    changed.loc[changed.index[0], "numerator"] = changed.loc[changed.index[0], "numerator"] + 1
    assert comparison.shared_indicator_funnels(changed) is not first
    for _ in range(comparison._FUNNEL_MEMO_SIZE + 2):  # the memo stays bounded
        changed.loc[changed.index[0], "numerator"] += 1
        comparison.shared_indicator_funnels(changed)
    assert len(comparison._FUNNEL_MEMO) == comparison._FUNNEL_MEMO_SIZE
