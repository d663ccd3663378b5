"""Funnel limits and overdispersion (DESIGN §4; Spiegelhalter 2005, 2012)."""

import warnings

import numpy as np
import pytest

from sabo_eval.reports.charts import funnel_chart
from sabo_eval.stats import funnel as fn


@pytest.mark.parametrize(
    ("p", "expected"),
    [(0.025, 0.356), (0.975, 0.787), (0.001, 0.226), (0.999, 0.892)],
)
def test_exact_binomial_limits_with_interpolation(p, expected):
    assert round(float(fn.binomial_limit(p, 20, 0.6)), 3) == expected


def test_wilson_limits_bracket_the_target_and_narrow_with_n():
    low_20, high_20 = fn.wilson_limit(0.025, 20, 0.6), fn.wilson_limit(0.975, 20, 0.6)
    low_2000, high_2000 = fn.wilson_limit(0.025, 2000, 0.6), fn.wilson_limit(0.975, 2000, 0.6)
    assert low_20 < low_2000 < 0.6 < high_2000 < high_20


def _simulate(rng, n_units=40, theta=0.6, tau=0.0):
    n = rng.integers(200, 5000, n_units)
    logit = np.log(theta / (1 - theta)) + rng.normal(0, tau, n_units)
    x = rng.binomial(n, 1 / (1 + np.exp(-logit)))
    return [f"U{i:02d}" for i in range(n_units)], x, n


def test_phi_near_one_without_overdispersion_and_no_tau():
    phis = []
    for seed in range(20):
        units, x, n = _simulate(np.random.default_rng(seed))
        result = fn.funnel(units, x, n)
        phis.append(result.phi)
    assert 0.6 < float(np.mean(phis)) < 1.3
    units, x, n = _simulate(np.random.default_rng(1))
    result = fn.funnel(units, x, n)
    assert result.tau2 == 0.0 or result.phi > 1
    assert result.table["outside_998"].sum() <= 2


def test_overdispersion_gives_tau2_and_wider_limits():
    units, x, n = _simulate(np.random.default_rng(7), tau=0.3)
    result = fn.funnel(units, x, n)
    assert result.phi > 2 and result.tau2 > 0 and result.random_effects
    plain = fn.funnel(units, x, n, overdispersion=False)
    assert (result.table["upper_998"] - result.table["lower_998"] > plain.table["upper_998"] - plain.table["lower_998"]).all()
    assert "τ²" in result.method


def test_a_district_far_off_is_flagged():
    units, x, n = _simulate(np.random.default_rng(3))
    x = x.copy()
    x[5] = int(n[5] * 0.35)  # target 0.6
    result = fn.funnel(units, x, n)
    flagged = result.table.set_index("unit")
    assert flagged.loc["U05", "outside_998"]
    assert flagged.loc["U05", "position"].startswith("99.8% 하한 아래")
    assert flagged["outside_998"].sum() == 1


def test_pooled_target_and_dropped_units():
    result = fn.funnel(["a", "b", "c", "d"], [10, 30, 5, 7], [100, 100, 0, None])
    assert result.theta == pytest.approx(0.2)
    assert result.n_units == 2 and list(result.table["unit"]) == ["a", "b"]
    with pytest.raises(ValueError, match="unknown method"):
        fn.funnel(["a"], [1], [2], method="normal")
    with pytest.raises(ValueError, match="no unit"):
        fn.funnel(["a"], [1], [0])


def test_chart_states_phi_tau_and_method_without_glyph_warnings():
    units, x, n = _simulate(np.random.default_rng(7), tau=0.3)
    result = fn.funnel(units, x, n)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fig = funnel_chart(result, highlight="U03", title="보편방문 상담률", labels={"U03": "종로구"})
        fig.canvas.draw()
    texts = [t.get_text() for t in fig.texts]
    assert any("φ =" in t and "τ² =" in t and "I = 40" in t for t in texts)
    assert [w for w in caught if "Glyph" in str(w.message)] == []
