"""Pilot evaluation statistics, checked by simulation with fixed seeds and by hand.

Simulated panels: 25 units × 24 months (2012-01 … 2013-12, start 2013-03), unit and
period effects, a common trend, AR(1) errors within units (so that clustering
matters), and a known effect added to the treated units from the start.
"""

import ctypes
import glob
import os

import numpy as np
import pandas as pd
import pytest
import statsmodels.formula.api as smf

from sabo_eval.stats.did import (
    aggregated_did,
    did,
    event_study,
    interrupted_time_series,
    newey_west_lags,
    panel_from_services,
    period_label,
    placebo,
    pretrend_test,
)

START = 14  # index of 2013-03 among 2012-01 … 2013-12
N_SIM = 200


def _numpy_openblas():
    """numpy's bundled OpenBLAS (scipy-openblas) with its thread setters, or None."""
    libdir = os.path.join(os.path.dirname(os.path.dirname(np.__file__)), "numpy.libs")
    for path in glob.glob(os.path.join(libdir, "*openblas*")):
        try:
            lib = ctypes.CDLL(path)
        except OSError:
            continue
        if hasattr(lib, "scipy_openblas_get_num_threads64_") and hasattr(lib, "scipy_openblas_set_num_threads64_"):
            return lib
    return None


@pytest.fixture(scope="module", autouse=True)
def _one_blas_thread():
    """Pin numpy's OpenBLAS to one thread while this module's simulations run.

    The module fits several hundred small regressions. With two OpenBLAS threads on a
    machine where another process keeps a core busy, every SVD waits for a
    descheduled thread and the module takes minutes instead of about ten seconds.
    Restored afterwards; a no-op when numpy does not bundle scipy-openblas (this is
    what threadpoolctl does, which the project does not depend on).
    """
    lib = _numpy_openblas()
    if lib is None:
        yield
        return
    before = lib.scipy_openblas_get_num_threads64_()
    lib.scipy_openblas_set_num_threads64_(1)
    try:
        yield
    finally:
        lib.scipy_openblas_set_num_threads64_(before)


def simulate(
    rng: np.random.Generator,
    *,
    n_units: int = 25,
    n_periods: int = 24,
    n_treated: int = 8,
    effect: float = 0.0,
    rho: float = 0.4,
    trend_gap: float = 0.0,
) -> pd.DataFrame:
    """A long panel: y = unit + period + AR(1) error + effect·treated·post + trend_gap·treated·(t - start)."""
    periods = [period_label(2012 + i // 12, i % 12 + 1) for i in range(n_periods)]
    units = [f"U{i:02d}" for i in range(n_units)]
    a = rng.normal(10, 2, n_units)
    g = rng.normal(0, 1, n_periods) + 0.05 * np.arange(n_periods)
    e = np.empty((n_units, n_periods))
    e[:, 0] = rng.normal(0, 1, n_units)
    for t in range(1, n_periods):
        e[:, t] = rho * e[:, t - 1] + rng.normal(0, np.sqrt(1 - rho**2), n_units)
    treated = np.zeros(n_units, dtype=bool)
    treated[rng.permutation(n_units)[:n_treated]] = True
    t = np.arange(n_periods)
    post = t >= START
    y = (
        a[:, None]
        + g[None, :]
        + e
        + effect * (treated[:, None] & post[None, :])
        + trend_gap * treated[:, None] * (t - START)[None, :]
    )
    return pd.DataFrame(
        {
            "district_code": np.repeat(units, n_periods),
            "period": np.tile(periods, n_units),
            "y": y.ravel(),
            "treated": np.repeat(treated.astype(int), n_periods),
            "post": np.tile(post.astype(int), n_units),
        }
    )


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


def test_pretrend_check_catches_a_broken_parallel_trend():
    # Treated units drift 0.3 error-SDs per month faster: over the 14 pre-period months
    # the gap grows by about 4 SDs.
    rng = np.random.default_rng(20130304)
    p = np.array([pretrend_test(simulate(rng, trend_gap=0.3), "y").p_value for _ in range(100)])
    assert np.mean(p < 0.05) >= 0.8, np.mean(p < 0.05)


def test_pretrend_check_rarely_flags_parallel_trends_even_with_three_treated_units():
    # A cluster-robust Wald test on 13 leads with 3 treated clusters rejects a true
    # null almost always; the pooled Hotelling test keeps its 5 % level.
    rng = np.random.default_rng(20130305)
    results = [pretrend_test(simulate(rng, n_units=23, n_treated=3, effect=1.0), "y") for _ in range(200)]
    rate = np.mean([r.p_value < 0.05 for r in results])
    assert rate <= 0.10, rate
    assert {r.df for r in results} == {(13, 9)} and {r.units for r in results} == {23}


def test_event_study_reports_the_pretrend_test():
    data = simulate(np.random.default_rng(12), n_treated=5, trend_gap=0.2)
    result, test = event_study(data, "y"), pretrend_test(data, "y")
    assert (result.pretrend_f, result.pretrend_p, result.pretrend_df) == (test.f, test.p_value, test.df)
    assert result.pretrend_leads == test.leads == 13 and "Hotelling" in result.method


def test_pretrend_test_uses_the_most_recent_leads_when_units_are_few():
    data = simulate(np.random.default_rng(13), n_units=10, n_treated=3)
    test = pretrend_test(data, "y")
    assert (test.leads, test.units, test.df) == (7, 10, (7, 2)) and 0 <= test.p_value <= 1


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


# --------------------------------------------------------------------------- interrupted time series


def _series(level: float, slope: float, noise: float, n: int = 120, start: int = 60, seed: int = 0) -> pd.Series:
    rng = np.random.default_rng(seed)
    t = np.arange(n)
    e = np.zeros(n)
    for i in range(1, n):
        e[i] = 0.5 * e[i - 1] + rng.normal(0, noise)
    y = 20 + 0.1 * t + level * (t >= start) + slope * np.clip(t - start, 0, None) + e
    index = [period_label(2010 + i // 12, i % 12 + 1) for i in t]
    return pd.Series(y, index=index)


def test_its_recovers_a_known_level_and_slope_change_exactly_without_noise():
    result = interrupted_time_series(_series(5.0, 0.3, 0.0), "2015-01")
    assert result.level_change == pytest.approx(5.0) and result.slope_change == pytest.approx(0.3)
    assert result.pre_slope == pytest.approx(0.1)
    assert (result.n_obs, result.n_pre, result.n_post, result.maxlags) == (120, 60, 60, 4)
    assert np.allclose(result.counterfactual.to_numpy(), 20 + 0.1 * np.arange(120))


def test_its_intervals_cover_the_known_changes_with_autocorrelated_noise():
    # 120 months, AR(1) errors with ρ = 0.5. Newey-West intervals are known to be a
    # little narrow in series this short (about 87 % coverage here), hence 0.80.
    results = [interrupted_time_series(_series(5.0, 0.3, 1.0, seed=s), "2015-01") for s in range(100)]
    level = np.mean([r.level_ci[0] <= 5.0 <= r.level_ci[1] for r in results])
    slope = np.mean([r.slope_ci[0] <= 0.3 <= r.slope_ci[1] for r in results])
    assert level >= 0.80 and slope >= 0.80, (level, slope)
    assert abs(np.mean([r.level_change for r in results]) - 5.0) < 0.2
    assert "Newey-West" in results[0].method


def test_its_with_month_terms_and_unsorted_input():
    s = _series(5.0, 0.0, 0.0)
    s = s + np.tile(np.linspace(-1, 1, 12), 10)  # a seasonal pattern
    result = interrupted_time_series(s.sample(frac=1, random_state=1), "2015-01", seasonal=True)
    assert result.level_change == pytest.approx(5.0) and result.slope_change == pytest.approx(0.0, abs=1e-9)


def test_its_needs_points_on_both_sides():
    with pytest.raises(ValueError):
        interrupted_time_series(_series(1.0, 0.0, 0.0, n=61), "2015-01")


@pytest.mark.parametrize(("n", "lags"), [(24, 2), (100, 4), (120, 4), (500, 5)])
def test_newey_west_rule_of_thumb(n, lags):
    assert newey_west_lags(n) == lags


# --------------------------------------------------------------------------- panel


def _services() -> pd.DataFrame:
    rows = []
    for code in ("11110", "11140", "11170", "11200"):
        for year in (2012, 2013):
            for month in range(1, 13):
                rows.append((code, year, month, None, "복지상담", "상담건수", 100.0 + month))
                rows.append((code, year, month, None, "사례관리", "사례관리건수", 9.0))
    # 11230 reports per dong only; 11260 has dong rows and a district total (use the total)
    for year in (2012, 2013):
        for month in range(1, 13):
            rows += [("11230", year, month, d, "복지상담", "상담건수", 30.0) for d in ("가동", "나동")]
            rows += [("11260", year, month, d, "복지상담", "상담건수", 40.0) for d in ("가동", "나동")]
            rows.append(("11260", year, month, None, "복지상담", "상담건수", 80.0))
    rows.append(("11110", 2013, None, None, "복지상담", "상담건수", 9999.0))  # an annual row: ignored
    return pd.DataFrame(rows, columns=["district_code", "year", "month", "dong", "program", "measure", "value"])


def _districts() -> pd.DataFrame:
    codes = ("11110", "11140", "11170", "11200", "11230", "11260")
    return pd.DataFrame(
        [(c, y, f"구{c}", 200_000 if c != "11170" else 0) for c in codes for y in (2012, 2013)],
        columns=["district_code", "year", "district_name", "population"],
    )


def test_panel_rates_flags_and_periods():
    services, districts = _services(), _districts()
    before = services.copy()
    panel = panel_from_services(services, districts, "복지상담", "상담건수", ["11110", "11140"], "2013-03")
    pd.testing.assert_frame_equal(services, before)  # the input is not changed
    assert len(panel) == 6 * 24
    row = panel[(panel["district_code"] == "11110") & (panel["period"] == "2013-03")].iloc[0]
    assert row["value"] == 103 and row["rate"] == pytest.approx(103 / 200_000 * 1000)
    assert row["treated"] == 1 and row["post"] == 1 and row["district_name"] == "구11110"
    assert panel.loc[panel["period"] == "2013-02", "post"].eq(0).all()
    assert set(panel.loc[panel["treated"] == 1, "district_code"]) == {"11110", "11140"}
    assert panel.loc[panel["district_code"] == "11170", "rate"].isna().all()  # population 0: missing, not inf
    by_code = panel[panel["period"] == "2012-01"].set_index("district_code")["value"]
    assert by_code["11230"] == 60 and by_code["11260"] == 80  # dong rows summed; total row not double counted


def test_panel_end_and_exclusions():
    panel = panel_from_services(
        _services(), _districts(), "복지상담", "상담건수", ["11110"], "2013-03", "2013-06", exclude=["11140"]
    )
    assert panel["period"].max() == "2013-06" and "11140" not in set(panel["district_code"])
    assert panel.loc[panel["post"] == 1, "period"].unique().tolist() == ["2013-03", "2013-04", "2013-05", "2013-06"]


@pytest.mark.parametrize(
    ("program", "pilot", "start"),
    [("없는사업", ["11110"], "2013-03"), ("복지상담", ["99999"], "2013-03"), ("복지상담", ["11110"], "2013.03")],
)
def test_panel_refuses_missing_data_and_bad_dates(program, pilot, start):
    with pytest.raises(ValueError):
        panel_from_services(_services(), _districts(), program, "상담건수", pilot, start)
