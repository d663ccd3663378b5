"""Poisson funnels for counts per population."""

import numpy as np
import pytest
from scipy import stats

from sabo_eval.stats import funnel as fn


def _districts(seed: int, tau: float = 0.0):
    rng = np.random.default_rng(seed)
    population = rng.integers(20_000, 600_000, 25).astype(float)
    rate = 0.004 * np.exp(rng.normal(0, tau, 25))
    return [f"D{i:02d}" for i in range(25)], rng.poisson(rate * population), population


def test_flags_are_the_exact_poisson_test_and_limits_bracket_the_target():
    units, observed, population = _districts(1)
    observed[4] = int(observed[4] * 1.6)
    result = fn.poisson_funnel(units, observed, population, per=1000, overdispersion=False)
    expected = result.theta * population
    p_high = stats.poisson.sf(observed - 1, expected)  # P(X ≥ O)
    p_low = stats.poisson.cdf(observed, expected)  # P(X ≤ O)
    assert list(result.table["outside_998"]) == list((p_high < 0.001) | (p_low < 0.001))
    assert result.table.loc[4, "position"] == "99.8% 상한 위 (매우 높음)"
    t = result.table
    assert ((t["lower_998"] < result.theta) & (result.theta < t["upper_998"])).all()
    assert result.kind == "rate" and result.scale == 1000
    assert fn.limits_table(result)["target"].iloc[0] == pytest.approx(1000 * result.theta)


def test_byar_agrees_with_exact_for_large_counts():
    units, observed, population = _districts(2)
    exact = fn.poisson_funnel(units, observed, population, overdispersion=False)
    byar = fn.poisson_funnel(units, observed, population, method="byar", overdispersion=False)
    np.testing.assert_allclose(byar.table["upper_95"], exact.table["upper_95"], rtol=1e-3)


@pytest.mark.parametrize("scale", ["sqrt", "log"])
def test_overdispersion_widens_the_limits_on_its_scale(scale):
    units, observed, population = _districts(3, tau=0.25)
    result = fn.poisson_funnel(units, observed, population, scale=scale)
    assert result.random_effects and result.phi > 1 and result.tau2 > 0
    e, z = result.theta * population, 3.090232306167813
    if scale == "sqrt":
        expected = result.theta * (1 + z * np.sqrt(1 / (4 * e) + result.tau2)) ** 2
    else:
        expected = result.theta * np.exp(z * np.sqrt(1 / e + result.tau2))
    np.testing.assert_allclose(result.table["upper_998"], expected)
    assert (result.table["upper_998"] > result.table["upper_998_unadjusted"]).all()
    assert result.curve["n"].is_monotonic_increasing and "upper_95_unadjusted" in result.curve


def test_log_scale_refuses_zero_counts_and_missing_populations_are_listed():
    with pytest.raises(ValueError, match="다룰 수 없습니다: b .*no events"):
        fn.poisson_funnel(["a", "b", "c"], [3, 0, 5], [1000, 1000, 1000], scale="log")
    result = fn.poisson_funnel(["a", "b", "c"], [3, 4, 5], [1000, None, 1000])
    assert list(result.excluded["unit"]) == ["b"]
    with pytest.raises(ValueError, match="denominator zero or negative: c"):
        fn.poisson_funnel(["a", "b", "c"], [3, 4, 5], [1000, 10, 0])
