"""Funnel limits and overdispersion (DESIGN §4; Spiegelhalter 2005, 2012)."""

import warnings

import numpy as np
import pytest

from sabo_eval.reports.funnel_chart import funnel_chart
from sabo_eval.stats import funnel as fn


@pytest.mark.parametrize(
    ("p", "expected"),
    [(0.025, 0.356), (0.975, 0.837), (0.001, 0.226), (0.999, 0.942)],  # upper by reflection
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


def test_pooled_target_and_units_left_out_are_listed():
    result = fn.funnel(["a", "b", "c", "d"], [10, 30, None, 7], [100, 100, 50, None])
    assert result.theta == pytest.approx(0.2)
    assert result.n_units == 2 and list(result.table["unit"]) == ["a", "b"]
    assert list(result.excluded["unit"]) == ["c", "d"] and result.excluded["reason"].str.contains("missing").all()
    with pytest.raises(ValueError, match="unknown method"):
        fn.funnel(["a"], [1], [2], method="normal")
    with pytest.raises(ValueError, match="no unit"):
        fn.funnel(["a"], [None], [2])


@pytest.mark.parametrize(("numerator", "denominator", "message"), [
    ([1, 6], [5, 5], "numerator above denominator: b"),
    ([-1, 2], [5, 5], "negative numerator: a"),
    ([1, 2], [5, 0], "denominator zero or negative: b"),
    ([1, 2], [5.5, 5], "fractional denominator: a"),
    ([1.5, 2], [5, 5], "fractional numerator: a"),
    (["x", 2], [5, 5], "numerator is not a number: a"),
])
def test_impossible_counts_are_refused_by_name(numerator, denominator, message):
    with pytest.raises(ValueError, match=message):
        fn.funnel(["a", "b"], numerator, denominator)


def test_duplicate_units_refused_or_summed():
    with pytest.raises(ValueError, match="duplicate unit labels: a"):
        fn.funnel(["a", "a", "b"], [1, 2, 3], [5, 5, 5])
    result = fn.funnel(["a", "a", "b"], [1, 2, 3], [5, 5, 5], duplicates="sum")
    assert result.table.set_index("unit").loc["a", "denominator"] == 10


def test_ninety_eight_percent_target_with_eighteen_perfect_districts_flags_nobody():
    """Issue 16: 20 districts of n = 5, target 98 %, 18 at 5/5 (P = 0.90): nobody is flagged; nor the mirror."""
    units = [f"D{i:02d}" for i in range(20)]
    high = fn.funnel(units, [5] * 18 + [4, 4], [5] * 20)
    low = fn.funnel(units, [0] * 18 + [1, 1], [5] * 20)
    assert high.theta == pytest.approx(0.98) and low.theta == pytest.approx(0.02)
    for result in (high, low):
        assert not result.table["outside_95"].any()
        assert set(result.table["position"]) == {"한계 안 (우연 범위)"}


def test_random_effects_limits_are_clipped_and_unadjusted_kept():
    rng = np.random.default_rng(11)
    n = np.r_[12, rng.integers(200, 3000, 19)]
    x = rng.binomial(n, np.clip(0.2 + rng.normal(0, 0.12, 20), 0.01, 0.99))
    result = fn.funnel([f"U{i}" for i in range(20)], x, n)
    assert result.random_effects
    limits = result.table[["lower_95", "upper_95", "lower_998", "upper_998"]].to_numpy()
    assert limits.min() >= 0.0 and limits.max() <= 1.0
    assert result.table.loc[0, "lower_998"] == 0.0  # −0.16 before clipping at n = 12
    assert (result.table["lower_998_unadjusted"] >= result.table["lower_998"]).all()
    assert {"lower_95_unadjusted", "upper_998_unadjusted"} <= set(result.curve.columns)


def test_winsorising_fraction_is_a_parameter():
    units, x, n = _simulate(np.random.default_rng(7), tau=0.3)
    assert fn.funnel(units, x, n, fraction=0.0).phi > fn.funnel(units, x, n, fraction=0.2).phi
    with pytest.raises(ValueError, match="fraction"):
        fn.funnel(units, x, n, fraction=0.6)


def test_arcsine_method_is_funnelplotr_on_the_arcsine_scale():
    units, x, n = _simulate(np.random.default_rng(7), tau=0.3)
    result = fn.funnel(units, x, n, method="arcsine")
    theta = x.sum() / n.sum()
    z = 2 * np.sqrt(n) * (np.arcsin(np.sqrt(x / n)) - np.arcsin(np.sqrt(theta)))
    assert result.phi == pytest.approx(np.mean(np.clip(z, *np.quantile(z, [0.1, 0.9])) ** 2))
    w = 4 * n
    tau2 = (len(n) * result.phi - (len(n) - 1)) / (w.sum() - (w**2).sum() / w.sum())
    assert result.tau2 == pytest.approx(tau2)
    expected = np.sin(np.arcsin(np.sqrt(theta)) + 3.090232306167813 * np.sqrt(1 / (4 * n) + tau2)) ** 2
    np.testing.assert_allclose(result.table["upper_998"], expected)


def test_tidy_limits_table_has_one_row_per_unit_and_level():
    units, x, n = _simulate(np.random.default_rng(7), tau=0.3)
    result = fn.funnel(units, x, n)
    table = fn.limits_table(result, names={"U00": "종로구"})
    assert len(table) == 2 * result.n_units and set(table["level"]) == {0.95, 0.998}
    row = table[(table["unit"] == "U00") & (table["level"] == 0.998)].iloc[0]
    assert row["name"] == "종로구" and row["upper"] == pytest.approx(100 * result.table.loc[0, "upper_998"])
    assert row["outside"] == bool(result.table.loc[0, "outside_998"])


def test_chart_states_phi_tau_and_method_without_glyph_warnings():
    units, x, n = _simulate(np.random.default_rng(7), tau=0.3)
    result = fn.funnel(units, x, n)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fig = funnel_chart(result, highlight="U03", title="보편방문 상담률", labels={"U03": "종로구"}, footnote=True)
        fig.canvas.draw()
    texts = [t.get_text() for t in fig.texts]
    assert any("φ =" in t and "τ² =" in t and "I = 40" in t for t in texts)
    assert [w for w in caught if "Glyph" in str(w.message)] == []
