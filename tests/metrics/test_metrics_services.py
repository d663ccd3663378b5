"""Service indicators from the catalogue (seed 002 definitions)."""

import numpy as np
import pandas as pd
import pytest

from sabo_eval.metrics import services as sv


def _services(rows, code="11110", year=2021):
    return pd.DataFrame(
        [dict(district_code=code, year=year, month=m, dong=None, program=p, measure=k, value=v) for p, k, v, m in rows]
    )


def _districts(code="11110", year=2021, population=100_000, old=20_000, dongs=424):
    return pd.DataFrame([dict(district_code=code, year=year, district_name="가", province="서울", population=population,
                              population_65plus=old, n_dongs=dongs)])


SEED_65 = [("보편방문-65세", "대상인원", 125_235, None), ("보편방문-65세", "상담인원", 94_781, None),
           ("보편방문-65세", "가정방문", 6_484, None), ("보편방문-65세", "내방상담", 73_068, None),
           ("보편방문-65세", "전화상담", 15_229, None)]


def test_proportion_has_wilson_interval_and_seed_per_dong_month():
    from statsmodels.stats.proportion import proportion_confint

    values = sv.indicator_values(_services(SEED_65), _districts()).set_index("indicator_id")
    row = values.loc["visit65_contact"]
    assert row["value"] == pytest.approx(94_781 / 125_235 * 100)
    low, high = proportion_confint(94_781, 125_235, method="wilson")
    assert (row["ci_low"], row["ci_high"]) == (pytest.approx(100 * low), pytest.approx(100 * high))
    # seed 002: 동별 월 24.6명 (대상) and 18.6명 (상담) with 424 dongs over 12 months
    assert round(row["denominator_per_dong_month"], 1) == 24.6
    assert round(row["numerator_per_dong_month"], 1) == 18.6


def test_ratio_may_exceed_100_and_has_no_interval():
    rows = [("보편방문-양육가정", "대상인원", 31_855, None), ("보편방문-양육가정", "상담인원", 42_619, None),
            ("정신건강", "동행요청", 246, None), ("정신건강", "동행방문", 281, None)]
    values = sv.indicator_values(_services(rows + SEED_65), _districts()).set_index("indicator_id")
    assert round(values.loc["parenting_counselling", "value"], 1) == 133.8
    assert round(values.loc["mental_accompany_rate", "value"]) == 114
    assert values.loc[["parenting_counselling", "mental_accompany_rate"], "ci_low"].isna().all()
    assert (values["reason"] == "").all()


def test_numerator_above_denominator_is_a_data_error_for_proportions():
    rows = [("위기가구", "발굴가구", 10, None), ("위기가구", "연계가구", 12, None)]
    values = sv.indicator_values(_services(rows), _districts()).set_index("indicator_id")
    assert "numerator above denominator" in values.loc["crisis_linkage_rate", "reason"]
    assert np.isnan(values.loc["crisis_linkage_rate", "ci_low"])
    assert sv.proportion_violations(_services(rows), _districts())["indicator_id"].tolist() == ["crisis_linkage_rate"]


def test_population_denominators_and_monthly_rows():
    rows = [("돌봄SOS", "일시재가", 30, m) for m in (1, 2, 3)] + [("긴급복지", "생계비 가구", 50, None)]
    values = sv.indicator_values(_services(rows), _districts(population=200_000, old=30_000)).set_index("indicator_id")
    assert values.loc["sos_per_1000_65plus", "value"] == pytest.approx(90 / 30_000 * 1000)
    assert values.loc["sos_per_1000_65plus", "n_months"] == 3
    assert np.isnan(values.loc["sos_per_1000_65plus", "denominator_per_dong_month"])
    assert values.loc["emergency_households_per_1000", "value"] == pytest.approx(0.25)


def test_previous_year_change():
    now = sv.indicator_values(_services(SEED_65, year=2022), _districts(year=2022))
    before = sv.indicator_values(_services([("보편방문-65세", "대상인원", 1000, None), ("보편방문-65세", "상담인원", 500, None)]), _districts())
    both = sv.with_previous_year(pd.concat([before, now], ignore_index=True))
    row = both[(both["year"] == 2022) & (both["indicator_id"] == "visit65_contact")].iloc[0]
    assert row["previous_value"] == pytest.approx(50.0)
    assert row["change"] == pytest.approx(94_781 / 125_235 * 100 - 50)


def test_user_catalogue_adds_and_overrides(tmp_path):
    extra = tmp_path / "my.csv"
    pd.DataFrame(
        [
            dict(id="visit65_contact", name="덮어쓴 이름", program="보편방문", numerator="보편방문-65세/상담인원",
                 denominator="보편방문-65세/대상인원", per=1, kind="proportion", direction="up", unit="비", description=""),
            dict(id="my_rate", name="우리 지표", program="x", numerator="x/a", denominator="x/b", per=100, kind="ratio",
                 direction="up", unit="%", description=""),
        ]
    ).to_csv(extra, index=False)
    catalogue = sv.load_catalogue(extra).set_index("id")
    assert catalogue.loc["visit65_contact", "name"] == "덮어쓴 이름" and catalogue.loc["visit65_contact", "per"] == 1
    assert "my_rate" in catalogue.index and len(catalogue) == len(sv.load_catalogue()) + 1


@pytest.mark.parametrize(("field", "value", "message"), [("kind", "share", "rate 또는 ratio"), ("numerator", "상담인원", "program/measure")])
def test_bad_catalogue_rows_are_refused(tmp_path, field, value, message):
    row = dict(id="bad", name="x", program="x", numerator="x/a", denominator="x/b", per=100, kind="ratio", direction="up", unit="%", description="")
    row[field] = value
    path = tmp_path / "bad.csv"
    pd.DataFrame([row]).to_csv(path, index=False)
    with pytest.raises(ValueError, match=message):
        sv.load_catalogue(path)


def test_catalogue_has_the_required_indicators():
    ids = set(sv.load_catalogue()["id"])
    for required in ("visit_contact", "visit_home_share", "visit_office_share", "visit_phone_share", "visit65_contact", "visit70_contact",
                     "parenting_counselling", "sos_per_1000_65plus", "emergency_households_per_1000", "emergency_amount_per_1000",
                     "crisis_linkage_rate", "sonamu_initial_counselling", "mental_accompany_rate"):
        assert required in ids
    kinds = sv.load_catalogue().set_index("id")["kind"]
    assert kinds["parenting_counselling"] == "ratio" and kinds["mental_accompany_rate"] == "ratio"
