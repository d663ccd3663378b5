"""Interrupted time series: known level and slope changes, with and without noise."""

import numpy as np
import pandas as pd
import pytest

from sabo_eval.stats.pilot import interrupted_time_series, period_label

pytestmark = pytest.mark.usefixtures("one_blas_thread")


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



# --------------------------------------------------------------------------- lags in months


def test_hac_without_missing_months_equals_statsmodels():
    import statsmodels.api as sm

    s = _series(2.0, 0.1, 1.0, n=48, start=24, seed=3)
    result = interrupted_time_series(s, "2012-01", maxlags=3)
    t = np.arange(48.0)
    post = (t >= 24).astype(float)
    x = pd.DataFrame({"const": 1.0, "time": t, "post": post, "time_after": (t - 24) * post})
    ref = sm.OLS(s.to_numpy(), x).fit(cov_type="HAC", cov_kwds={"maxlags": 3, "use_correction": True}, use_t=True)
    low, high = ref.conf_int(0.05).loc["post"]
    assert result.level_ci == pytest.approx((low, high), rel=1e-10)
    assert result.slope_p == pytest.approx(ref.pvalues["time_after"], rel=1e-9)


def test_hac_lags_count_months_not_rows():
    from sabo_eval.stats.pilot.its import hac_covariance

    s = _series(2.0, 0.1, 1.0, n=48, start=24, seed=4)
    gappy = s.drop(s.index[5:11])  # six missing months before the start
    result = interrupted_time_series(gappy, "2012-01", maxlags=2)
    # by hand: the Bartlett weight of two points is 1 - d/3 for d ≤ 2 months apart, else 0
    months = np.array([int(p[:4]) * 12 + int(p[5:]) - 1 for p in gappy.index], dtype=float)
    t = months - months[0]
    t0 = 2012 * 12
    post = (months >= t0).astype(float)
    x = np.column_stack([np.ones_like(t), t, post, (months - t0) * post])
    beta = np.linalg.lstsq(x, gappy.to_numpy(), rcond=None)[0]
    e = gappy.to_numpy() - x @ beta
    meat = np.zeros((4, 4))
    for i in range(len(e)):
        for j in range(len(e)):
            d = abs(months[i] - months[j])
            if d <= 2:
                meat += (1 - d / 3) * np.outer(x[i] * e[i], x[j] * e[j])
    bread = np.linalg.inv(x.T @ x)
    cov = bread @ meat @ bread * len(e) / (len(e) - 4)
    assert np.allclose(hac_covariance(x, e, months, 2), cov, rtol=1e-10)
    half = result.level_ci[1] - result.level_change
    from scipy import stats

    assert half == pytest.approx(stats.t.ppf(0.975, len(e) - 4) * np.sqrt(cov[2, 2]), rel=1e-9)
    # rows 4 and 5 of the gappy series are 7 months apart: counting rows would pair them
    assert months[5] - months[4] == 7


def test_default_lags_follow_the_months_spanned():
    s = _series(2.0, 0.1, 1.0, n=120, start=60, seed=5)
    gappy = s.drop(s.index[10:40])  # 90 points spanning 120 months
    assert interrupted_time_series(gappy, "2015-01").maxlags == interrupted_time_series(s, "2015-01").maxlags == 4
