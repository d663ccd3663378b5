"""Pilot estimators (DiD, collapsed DiD, event study, placebo), checked by simulation
with fixed seeds and by hand (panels from ``pilot_simulation``)."""

import numpy as np
import pandas as pd
import pytest
import statsmodels.formula.api as smf
from pilot_simulation import N_SIM, START, simulate

from sabo_eval.stats.pilot import aggregated_did, did, event_study, period_label, placebo

pytestmark = pytest.mark.usefixtures("one_blas_thread")


# --------------------------------------------------------------------------- coverage


def test_interval_covers_the_injected_effect_in_most_simulations():
    rng = np.random.default_rng(20130301)
    results = [did(simulate(rng, effect=1.0), "y") for _ in range(N_SIM)]
    coverage = np.mean([r.covers(1.0) for r in results])
    assert coverage >= 0.90, coverage
    assert abs(np.mean([r.effect for r in results]) - 1.0) < 0.05  # unbiased
    assert all(r.n_clusters == 25 and r.n_treated == 8 and r.df == 24 for r in results)


def test_interval_contains_zero_without_an_effect_in_most_simulations():
    rng = np.random.default_rng(20130302)
    coverage = np.mean([did(simulate(rng), "y").covers(0.0) for _ in range(N_SIM)])
    assert coverage >= 0.90, coverage


def test_collapsed_interval_keeps_its_level_with_three_treated_units():
    # The design of the sample (3 pilot districts, 20 comparison districts), where the
    # cluster-robust interval is too narrow: the report shows this one beside it.
    rng = np.random.default_rng(20130303)
    results = [aggregated_did(simulate(rng, n_units=23, n_treated=3, effect=1.0), "y") for _ in range(N_SIM)]
    coverage = np.mean([r.covers(1.0) for r in results])
    assert coverage >= 0.90, coverage
    assert all(r.n_obs == 23 and r.df == 21 for r in results)


# --------------------------------------------------------------------------- did by hand


def _means_did(data: pd.DataFrame) -> float:
    m = data.groupby(["treated", "post"])["y"].mean()
    return (m[1, 1] - m[1, 0]) - (m[0, 1] - m[0, 0])


def test_treated_post_is_estimable_and_is_the_difference_of_mean_changes():
    data = simulate(np.random.default_rng(1), effect=2.0)
    result = did(data, "y")
    assert np.isfinite(result.se) and result.se > 0
    assert result.effect == pytest.approx(_means_did(data), abs=1e-9)
    assert aggregated_did(data, "y").effect == pytest.approx(result.effect, abs=1e-9)
    assert "treated:post + C(unit) + C(period)" in result.method
    assert result.start == "2013-03" and result.n_obs == 600


def test_percent_is_relative_to_the_treated_pre_period_mean():
    data = simulate(np.random.default_rng(2), effect=2.0)
    result = did(data, "y")
    pre = data.loc[(data["treated"] == 1) & (data["post"] == 0), "y"].mean()
    assert result.pre_mean == pytest.approx(pre)
    assert result.effect_pct == pytest.approx(100 * result.effect / pre)
    assert (result.pct_ci_low, result.pct_ci_high) == pytest.approx((100 * result.ci_low / pre, 100 * result.ci_high / pre))


def test_missing_rows_are_dropped_before_clustering():
    data = simulate(np.random.default_rng(3), effect=1.0)
    holes = data.copy()
    gone = np.random.default_rng(4).choice(len(data), size=37, replace=False)
    holes.loc[gone[:30], "y"] = np.nan
    holes.loc[gone[30:], "post"] = np.nan
    result = did(holes, "y")
    clean = data.drop(index=gone).reset_index(drop=True)
    fit = smf.ols("y ~ treated:post + C(district_code) + C(period)", clean).fit(
        cov_type="cluster", cov_kwds={"groups": pd.factorize(clean["district_code"])[0]}, use_t=True
    )
    assert result.n_obs == len(clean) == 600 - 37 and result.n_dropped == 37
    assert result.effect == pytest.approx(fit.params["treated:post"], rel=1e-9)
    assert result.se == pytest.approx(fit.bse["treated:post"], rel=1e-9)
    assert result.p_value == pytest.approx(fit.pvalues["treated:post"], rel=1e-6)


def test_outcome_columns_may_have_korean_names_and_boolean_flags():
    data = simulate(np.random.default_rng(5), effect=1.0).rename(columns={"y": "상담건수"})
    data["treated"] = data["treated"].astype(bool)
    assert did(data, "상담건수").effect == pytest.approx(did(data.rename(columns={"상담건수": "y"}).astype({"treated": int}), "y").effect)


@pytest.mark.parametrize(
    "drop",
    [
        "treated == 0",  # no comparison units
        "post == 0",  # no pre-period
        "treated == 1 and post == 1",  # treated units never seen after the start
    ],
)
def test_did_refuses_designs_that_cannot_identify_the_effect(drop):
    data = simulate(np.random.default_rng(6)).query(f"not ({drop})")
    with pytest.raises(ValueError):
        did(data, "y")


# --------------------------------------------------------------------------- event study, placebo


def test_event_study_recovers_leads_and_lags_of_a_noiseless_panel():
    data = simulate(np.random.default_rng(7))
    rel = data["period"].map({period_label(2012 + i // 12, i % 12 + 1): i - START for i in range(24)})
    truth = np.where(rel >= 0, 1.0 + 0.5 * rel, 0.0)  # effect growing after the start
    # noiseless: unit effect + common period effect + the dynamic effect on treated units
    data["y"] = data["district_code"].str[1:].astype(float) + 0.1 * rel + truth * data["treated"]
    result = event_study(data, "y", start="2013-03")
    table = result.coefficients.set_index("event_time")
    assert list(table.index) == list(range(-14, 10))
    assert table.loc[-1, "kind"] == "reference" and table.loc[-1, "estimate"] == 0 and np.isnan(table.loc[-1, "ci_low"])
    assert (table.loc[:-2, "kind"] == "lead").all() and (table.loc[0:, "kind"] == "lag").all()
    expected = pd.Series(np.where(table.index >= 0, 1.0 + 0.5 * table.index, 0.0), index=table.index)
    assert np.allclose(table["estimate"], expected, atol=1e-8)
    assert table.loc[0, "period"] == "2013-03" and result.reference == "2013-02"
    assert result.pretrend_leads == 13


def test_event_study_takes_the_start_from_post_when_not_given():
    data = simulate(np.random.default_rng(8), effect=1.0)
    a, b = event_study(data, "y"), event_study(data, "y", start="2013-03")
    pd.testing.assert_frame_equal(a.coefficients, b.coefficients)
    assert a.pretrend_p == pytest.approx(b.pretrend_p)


def test_placebo_fits_the_did_on_the_pre_period_with_a_fake_start():
    data = simulate(np.random.default_rng(9), effect=5.0)
    result = placebo(data, "y")
    pre = data[data["post"] == 0].copy()
    labels = sorted(pre["period"].unique())
    assert result.start == labels[len(labels) // 2] == "2012-08"
    pre["post"] = (pre["period"] >= "2012-08").astype(int)
    direct = did(pre, "y")
    assert result.effect == pytest.approx(direct.effect) and result.se == pytest.approx(direct.se)
    assert abs(result.effect) < 1.0 < 5.0  # the real effect (+5) is not in the placebo
    assert "위약" in result.method and result.n_obs == 25 * 14


def test_placebo_shows_an_effect_when_trends_diverge():
    result = placebo(simulate(np.random.default_rng(10), trend_gap=0.5), "y")
    assert result.p_value < 0.05 and result.effect > 0


@pytest.mark.parametrize("fake", ["2012-01", "2013-03", "2014-01"])
def test_placebo_start_must_lie_inside_the_pre_period(fake):
    with pytest.raises(ValueError):
        placebo(simulate(np.random.default_rng(11)), "y", fake_start=fake)
