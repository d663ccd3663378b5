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

