"""Funnel limit definitions: exact tail rates on a grid (in control), Wilson, arcsine, Poisson."""

import numpy as np
import pytest
from scipy import stats

from sabo_eval.stats import funnel as fn

N = np.arange(5, 1001, dtype=float)
THETAS = np.round(np.arange(0.02, 0.981, 0.02), 2)


def _tail_rates(limit, level: float, theta: float) -> tuple[np.ndarray, np.ndarray]:
    """P(flag low), P(flag high) under Binomial(n, θ), from the pmf (no simulation)."""
    tail = (1 - level) / 2
    lower, upper = limit(tail, N, theta), limit(1 - tail, N, theta)
    # the smallest x with x / n > upper, the largest with x / n < lower, as the funnel compares floats
    k = np.floor(upper * N)
    k = np.where(k / N > upper, k, k + 1)
    k = np.where((k - 1) / N > upper, k - 1, k)
    j = np.ceil(lower * N)
    j = np.where(j / N < lower, j, j - 1)
    j = np.where((j + 1) / N < lower, j + 1, j)
    return stats.binom.cdf(j, N, theta), stats.binom.sf(k - 1, N, theta)


@pytest.mark.parametrize("level", [0.95, 0.998])
def test_exact_limits_keep_both_tails_at_or_below_nominal(level):
    """θ from 0.02 to 0.98, n from 5 to 1,000: exact binomial tail probabilities."""
    nominal = (1 - level) / 2
    for theta in THETAS:
        low, high = _tail_rates(fn.binomial_limit, level, theta)
        assert low.max() <= nominal + 1e-12, (theta, low.max())
        assert high.max() <= nominal + 1e-12, (theta, high.max())


def test_reflection_makes_the_tails_mirror_images():
    for theta in (0.02, 0.3, 0.75):
        low, _ = _tail_rates(fn.binomial_limit, 0.95, theta)
        _, high_mirror = _tail_rates(fn.binomial_limit, 0.95, 1 - theta)
        np.testing.assert_allclose(low, high_mirror, atol=1e-12)


def test_exact_upper_limit_flags_only_below_the_tail_probability():
    # θ = 0.6, n = 20: P(X ≥ 16) = 0.051 > 0.025, P(X ≥ 17) = 0.016 — 16/20 is not flagged, 17/20 is
    upper = float(fn.binomial_limit(0.975, 20, 0.6))
    assert 16 / 20 < upper < 17 / 20
    assert stats.binom.sf(15, 20, 0.6) > 0.025 > stats.binom.sf(16, 20, 0.6)


def test_wilson_funnel_is_the_y_whose_own_wilson_interval_touches_theta():
    from statsmodels.stats.proportion import proportion_confint

    theta, n = 0.3, np.array([10.0, 57.0, 400.0])
    upper = fn.wilson_limit(0.975, n, theta)
    low_of_upper, _ = proportion_confint(upper * n, n, alpha=0.05, method="wilson")
    np.testing.assert_allclose(low_of_upper, theta, rtol=1e-9)
    assert fn.wilson_limit(0.001, 5, 0.5) == 0.0  # cut at 0, so 0/5 is not "99.8 % low" at n = 5


def test_arcsine_limits_stay_in_the_unit_interval_and_widen_with_tau2():
    n = np.array([2.0, 5.0, 50.0, 5000.0])
    lo, hi = fn.arcsine_limit(0.001, n, 0.5), fn.arcsine_limit(0.999, n, 0.5)
    assert ((lo >= 0) & (hi <= 1) & (lo < 0.5) & (hi > 0.5)).all()
    assert lo[0] == 0.0 and hi[0] == 1.0  # the angle is cut, not folded back
    assert (fn.arcsine_limit(0.975, n, 0.5, tau2=0.01) > fn.arcsine_limit(0.975, n, 0.5)).all()


@pytest.mark.parametrize("level", [0.95, 0.998])
def test_poisson_count_limits_keep_both_tails_at_or_below_nominal(level):
    nominal = (1 - level) / 2
    expected = np.geomspace(0.5, 2000, 300)
    lower, upper = fn.poisson_count_limit(nominal, expected), fn.poisson_count_limit(1 - nominal, expected)
    high = stats.poisson.sf(np.floor(upper), expected)  # flagged: counts above the limit
    low = stats.poisson.cdf(np.ceil(lower) - 1, expected)  # flagged: counts below the limit
    assert high.max() <= nominal + 1e-9 and low.max() <= nominal + 1e-9
