"""Randomization inference for the DiD (``stats/pilot/randomization.py``), checked against
statsmodels fits of every assignment (the reference: OLS with unit and period dummies)."""

from itertools import combinations

import numpy as np
import pandas as pd
import pytest
import statsmodels.formula.api as smf
from pilot_simulation import simulate

from sabo_eval.stats.pilot import (
    aggregated_did,
    cr1_over_assignments,
    did,
    placebo_rejection_rates,
    randomization_inference,
)
from sabo_eval.stats.pilot.panel import _prepare

pytestmark = pytest.mark.usefixtures("one_blas_thread")
COLUMNS = {"unit": "district_code", "period": "period", "treated": "treated", "post": "post"}


def _frame(data: pd.DataFrame) -> pd.DataFrame:
    return _prepare(data, "y", COLUMNS)[0]


def _twfe(data: pd.DataFrame, treated_units) -> float:
    """The reference: statsmodels OLS of y on treated:post and unit and period dummies."""
    frame = data.assign(treated=data["district_code"].isin(treated_units).astype(int))
    return smf.ols("y ~ treated:post + C(district_code) + C(period)", frame).fit().params["treated:post"]


def _small(seed: int, *, n_units=8, n_treated=2, effect=0.0, holes=0) -> pd.DataFrame:
    data = simulate(np.random.default_rng(seed), n_units=n_units, n_treated=n_treated, effect=effect)
    if holes:
        gone = np.random.default_rng(seed + 1).choice(len(data), size=holes, replace=False)
        data = data.drop(index=gone).reset_index(drop=True)
    return data


def test_the_estimate_of_every_assignment_is_the_twfe_coefficient_also_in_an_unbalanced_panel():
    data = _small(1, holes=11)
    units = list(dict.fromkeys(data["district_code"]))
    picks = [(0, 1), (2, 7), (3, 5)]
    s = np.zeros((len(picks), len(units)))
    for row, pick in enumerate(picks):
        s[row, list(pick)] = 1
    ours = cr1_over_assignments(_frame(data), s)
    for row, pick in enumerate(picks):
        assert ours["estimate"][row] == pytest.approx(_twfe(data, [units[i] for i in pick]), rel=1e-9)


def test_in_a_balanced_panel_it_is_the_difference_of_unit_mean_changes():
    data = _small(2, effect=1.0)
    ri = randomization_inference(_frame(data))
    assert ri.effect == pytest.approx(aggregated_did(data, "y").effect, rel=1e-10)
    unbalanced = _small(2, effect=1.0, holes=15)  # with missing months the two differ
    assert randomization_inference(_frame(unbalanced)).effect == pytest.approx(did(unbalanced, "y").effect, rel=1e-9)


def test_cr1_of_every_assignment_is_what_did_reports():
    data = _small(3, holes=7)
    units = list(dict.fromkeys(data["district_code"]))
    s = np.zeros((2, len(units)))
    s[0, [1, 4]] = 1
    s[1, [0, 6]] = 1
    ours = cr1_over_assignments(_frame(data), s)
    for row, pick in enumerate(([1, 4], [0, 6])):
        reference = did(data.assign(treated=data["district_code"].isin([units[i] for i in pick]).astype(int)), "y")
        assert ours["se"][row] == pytest.approx(reference.se, rel=1e-9)
        assert ours["p_value"][row] == pytest.approx(reference.p_value, rel=1e-7)


def _brute_p(data: pd.DataFrame, delta: float) -> float:
    """p(δ) by refitting statsmodels on every assignment of the shifted outcome."""
    shifted = data.assign(y=data["y"] - delta * data["treated"] * data["post"])
    units = list(dict.fromkeys(data["district_code"]))
    observed = sorted(set(data.loc[data["treated"] == 1, "district_code"]))
    t_obs = abs(_twfe(shifted, observed))
    values = [abs(_twfe(shifted, [units[i] for i in pick])) for pick in combinations(range(len(units)), len(observed))]
    return float(np.mean(np.asarray(values) >= t_obs - 1e-9))


def test_exact_p_value_and_interval_agree_with_refitting_every_assignment():
    data = _small(4, effect=1.5)
    ri = randomization_inference(_frame(data))
    assert ri.exact and ri.n_assignments == 28 and ri.min_p == pytest.approx(1 / 28)
    assert ri.p_value == pytest.approx(_brute_p(data, 0.0))
    eps = 1e-6 * (1 + abs(ri.effect))
    for end, outward in ((ri.ci_low, -1), (ri.ci_high, +1)):
        assert _brute_p(data, end - outward * eps) > 0.05  # just inside: not rejected
        assert _brute_p(data, end + outward * 1e-3) <= 0.05  # just outside: rejected
    assert ri.rejects() == (ri.p_value <= 0.05)


def test_too_many_assignments_are_sampled_with_a_fixed_seed():
    data = _small(5, n_units=12, n_treated=4, effect=1.0)  # C(12, 4) = 495
    a = randomization_inference(_frame(data), max_exact=100, draws=999, seed=7)
    b = randomization_inference(_frame(data), max_exact=100, draws=999, seed=7)
    exact = randomization_inference(_frame(data))
    assert not a.exact and a.n_assignments == 1000 and a.seed == 7 and exact.exact and exact.seed is None
    assert (a.p_value, a.ci_low, a.ci_high) == (b.p_value, b.ci_low, b.ci_high)
    assert a.p_value * 1000 == pytest.approx(round(a.p_value * 1000))  # (1 + count) / (1 + draws)
    assert abs(a.p_value - exact.p_value) < 0.05


def test_one_treated_unit_among_few_cannot_reject_and_says_so_by_an_infinite_interval():
    data = _small(6, n_units=10, n_treated=1, effect=50.0)  # p ≥ 1/10 > 0.05 whatever the effect
    ri = randomization_inference(_frame(data))
    assert ri.min_p == pytest.approx(0.1) and ri.p_value >= 0.1
    assert ri.ci_low == -np.inf and ri.ci_high == np.inf and not ri.rejects()


def test_placebo_rates_are_at_most_nominal_for_ri_and_too_high_for_cr1_on_a_simulated_panel():
    data = simulate(np.random.default_rng(8), n_units=12, n_treated=0)
    rates = placebo_rejection_rates(data, "y", (1, 2))
    assert list(rates["placebos"]) == [12, 66]
    assert (rates["ri_rate"] <= 0.05 + 1e-12).all()
    assert list(rates["ri_rejections"]) == [0, 3]  # 1/12 > 0.05 cannot reject; floor(0.05·66) = 3 of 66
