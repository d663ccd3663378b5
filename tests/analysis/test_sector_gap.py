"""The pooled private − public attendance gap (sabo_eval.analysis.sector_gap).

Reference values are computed independently here: the fixed-effects estimate by
demeaning within district-years with numpy and the cluster-robust sandwich by hand,
with statsmodels' small-sample factor G/(G−1)·(N−1)/(N−K) (K counts the district
dummies, as the dummy-variable regression does; Stata's ``xtreg`` would not, a
difference of K/N in the variance) and t(G−1) inference.
"""

import os

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from sabo_eval.analysis.sector_gap import SectorGap, sector_gap, sector_gap_trend
from sabo_eval.metrics.attendance import attendance_records
from sabo_eval.metrics.attendance_inference import sector_difference
from sabo_eval.warehouse.store import Warehouse


@pytest.fixture(scope="module")
def sample_records() -> pd.DataFrame:
    with Warehouse(os.environ["SABO_EVAL_DB"], read_only=True) as wh:
        tables = [wh.table(name) for name in ("members", "meetings", "attendance")]
    return attendance_records(*tables)


def _synthetic(rng, gap=0.08, n_districts=12, n_members=40, n_meetings=8, years=(2023,), trend=0.0) -> pd.DataFrame:
    """Districts with their own level, members with their own propensity, the same ids in every district."""
    rows = []
    for d in range(n_districts):
        level = rng.uniform(0.5, 0.75)
        share = rng.uniform(0.3, 0.8)
        for i in range(n_members):
            private = i < share * n_members
            own = rng.normal(0, 0.08)
            for year in years:
                p = level + own + (gap + trend * (year - years[0])) * private
                for m in range(n_meetings):
                    ok = bool(rng.random() < np.clip(p, 0.02, 0.98))
                    rows.append(dict(district_code=f"{11110 + d}", year=year, meeting_id=f"M{m}", member_id=f"P{i:03d}",
                                     sector="private" if private else "public", attended=ok))
    return pd.DataFrame(rows)


def _by_hand(records: pd.DataFrame, alpha=0.05) -> tuple[float, float, float, float]:
    """Demeaned OLS and the member-clustered sandwich, with numpy only."""
    cell = records["district_code"].astype(str) + "/" + records["year"].astype(str)
    y = records["attended"].astype(float)
    x = (records["sector"] == "private").astype(float)
    yd = (y - y.groupby(cell).transform("mean")).to_numpy()
    xd = (x - x.groupby(cell).transform("mean")).to_numpy()
    beta = (xd @ yd) / (xd @ xd)
    resid = yd - beta * xd
    member = records["district_code"].astype(str) + ":" + records["member_id"].astype(str)
    scores = pd.Series(xd * resid).groupby(member.to_numpy()).sum().to_numpy()
    n, g, k = len(records), len(scores), 1 + cell.nunique()
    correction = g / (g - 1) * (n - 1) / (n - k)
    se = np.sqrt(correction * (scores @ scores)) / (xd @ xd)
    t = stats.t.ppf(1 - alpha / 2, g - 1)
    return 100 * beta, 100 * (beta - t * se), 100 * (beta + t * se), 2 * stats.t.sf(abs(beta / se), g - 1)


def test_members_are_counted_per_district(sample_records):
    records = sample_records[sample_records["year"] == 2023]
    gap = sector_gap(records)
    per_district = records.groupby("district_code")["member_id"].nunique().sum()
    assert gap.n_members == per_district == 4287
    assert records["member_id"].nunique() == 287 != gap.n_members  # the naive count the issue found
    assert gap.n_districts == 27 and gap.n_records == len(records)
    assert sector_difference(records)["n_members"] == 4287


def test_fixed_effects_equal_demeaned_ols_by_hand(sample_records):
    records = sample_records[sample_records["year"] == 2023]
    gap = sector_gap(records)
    diff, low, high, p = _by_hand(records)
    assert gap.diff_pp == pytest.approx(diff, abs=1e-8)
    assert gap.ci_low == pytest.approx(low, abs=1e-8)
    assert gap.ci_high == pytest.approx(high, abs=1e-8)
    assert gap.p_value == pytest.approx(p, rel=1e-6, abs=1e-300)
    raw = records.groupby("sector")["attended"].mean() * 100
    assert gap.private_rate == pytest.approx(raw["private"]) and gap.public_rate == pytest.approx(raw["public"])


def test_a_known_gap_is_recovered_within_its_interval():
    records = _synthetic(np.random.default_rng(6))
    for method in ("fixed_effects", "mixed"):
        gap = sector_gap(records, method=method)
        assert gap.ci_low < 8.0 < gap.ci_high, method
        assert gap.ci_low > 0  # a gap of 8 pp over 480 members is detected
        assert gap.n_members == 12 * 40 and gap.n_districts == 12


def test_no_gap_gives_an_interval_around_zero():
    gap = sector_gap(_synthetic(np.random.default_rng(5), gap=0.0))
    assert gap.ci_low < 0 < gap.ci_high and gap.p_value > 0.05


def test_trend_rows_equal_each_years_gap_and_the_change_their_difference(sample_records):
    trend = sector_gap_trend(sample_records)
    assert list(trend["year"]) == [2022, 2023]
    for _, row in trend.iterrows():
        one = sector_gap(sample_records[sample_records["year"] == row["year"]])
        for field in ("diff_pp", "ci_low", "ci_high", "n_members", "n_records"):
            assert row[field] == pytest.approx(getattr(one, field), abs=1e-8)
    change = trend["diff_pp"].iloc[1] - trend["diff_pp"].iloc[0]  # two years: the model is fully interacted
    assert trend["change_pp_per_year"].iloc[0] == pytest.approx(change, abs=1e-8)
    assert trend["change_ci_low"].iloc[0] < trend["change_pp_per_year"].iloc[0] < trend["change_ci_high"].iloc[0]


def test_a_known_change_per_year_is_recovered():
    records = _synthetic(np.random.default_rng(8), gap=0.0, years=(2021, 2022, 2023), trend=0.05, n_districts=8)
    trend = sector_gap_trend(records)
    assert trend["change_ci_low"].iloc[0] < 5.0 < trend["change_ci_high"].iloc[0]
    assert trend["change_ci_low"].iloc[0] > 0


def test_reasons_instead_of_estimates():
    records = _synthetic(np.random.default_rng(1), n_districts=2)
    one_public = (records["member_id"] == "P039") & (records["district_code"] == "11110")
    gap = sector_gap(records[(records["sector"] == "private") | one_public])
    assert np.isnan(gap.diff_pp) and "2명 이상" in gap.reason
    # P039 of another district is another member: two public members, an estimate.
    both = sector_gap(records[(records["sector"] == "private") | (records["member_id"] == "P039")])
    assert both.reason == "" and not np.isnan(both.diff_pp)
    with pytest.raises(ValueError, match="method"):
        sector_gap(records, method="bayes")


def test_to_frame_has_every_field():
    frame = SectorGap(1.0, 0.5, 1.5, 0.01, 10, 4, 2, 60.0, 59.0, "m").to_frame()
    assert frame.shape == (1, 11) and frame.loc[0, "n_members"] == 4


def test_every_returned_column_has_a_korean_label():
    from sabo_eval.analysis.columns import COLUMNS

    trend = sector_gap_trend(_synthetic(np.random.default_rng(3), n_districts=3, years=(2022, 2023)))
    assert [c for c in trend.columns if c not in COLUMNS] == []
