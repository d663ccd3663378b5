"""The wild cluster bootstrap (``stats/pilot/bootstrap.py``, via ``wildboottest``), checked
against a restricted wild cluster bootstrap written out by hand with the same weights."""

import numpy as np
import pandas as pd
import pytest
from pilot_simulation import simulate

from sabo_eval.stats.pilot import did, wild_cluster_bootstrap
from sabo_eval.stats.pilot.bootstrap import _p_value
from sabo_eval.stats.pilot.panel import _prepare

COLUMNS = {"unit": "district_code", "period": "period", "treated": "treated", "post": "post"}
WEBB = np.concatenate([-np.sqrt(np.array([3, 2, 1]) / 2), np.sqrt(np.array([1, 2, 3]) / 2)])


def _design(frame: pd.DataFrame):
    unit = pd.factorize(frame["unit"])[0]
    period = pd.factorize(frame["period"])[0]
    x = np.column_stack([np.eye(unit.max() + 1)[unit], np.eye(period.max() + 1)[period][:, 1:]])
    d = (frame["treated"] * frame["post"]).to_numpy()
    return x, d, unit


def _wcr_by_hand(frame: pd.DataFrame, draws: int, seed: int) -> float:
    """WCR-11 (null β = 0 imposed), CR1 t statistics, Webb weights drawn as wildboottest draws them."""
    x, d, unit = _design(frame)
    y = frame["y"].to_numpy()
    g = unit.max() + 1
    restricted = y - x @ np.linalg.lstsq(x, y, rcond=None)[0]
    fitted = y - restricted
    v = np.random.default_rng(seed).choice(WEBB, replace=True, size=g * draws).reshape(g, draws)
    z = np.column_stack([d, x])

    def t_stats(ys: np.ndarray) -> np.ndarray:
        coef = np.linalg.lstsq(z, ys, rcond=None)[0]
        resid = ys - z @ coef
        bread = np.linalg.pinv(z.T @ z)[0]  # row of (Z'Z)⁻¹ for β
        scores = np.zeros((g, ys.shape[1]))
        np.add.at(scores, unit, (z @ bread)[:, None] * resid)
        return coef[0] / np.sqrt((scores**2).sum(axis=0))

    t_obs = t_stats(y[:, None])[0]
    t_boot = t_stats(fitted[:, None] + v[unit] * restricted[:, None])
    return float(np.mean(np.abs(t_obs) < np.abs(t_boot)))


@pytest.mark.parametrize("seed", [1, 2])
def test_p_value_matches_a_restricted_wild_cluster_bootstrap_by_hand(seed):
    data = simulate(np.random.default_rng(seed), n_units=10, n_treated=3, effect=0.8)
    frame = _prepare(data, "y", COLUMNS)[0]
    ours = wild_cluster_bootstrap(frame, 0.0, 1.0, draws=199, seed=seed, interval=False)
    assert ours.p_value == pytest.approx(_wcr_by_hand(frame, 199, seed), abs=1e-12)
    assert ours.weights == "webb" and np.isnan(ours.ci_low)


def test_interval_is_the_range_of_nulls_not_rejected():
    data = simulate(np.random.default_rng(3), n_units=12, n_treated=4, effect=1.0)
    frame = _prepare(data, "y", COLUMNS)[0]
    cr1 = did(data, "y")
    r = wild_cluster_bootstrap(frame, cr1.effect, cr1.se, draws=199, seed=3)
    assert r.ci_low < cr1.effect < r.ci_high
    frame = frame.assign(period=frame["period"].astype(str))
    import statsmodels.formula.api as smf

    design = smf.ols("y ~ treated:post + C(unit) + C(period)", frame)
    exog = pd.DataFrame(design.exog, columns=design.exog_names)
    clusters = pd.factorize(frame["unit"])[0]

    def p(delta):
        return _p_value(exog, design.endog, exog["treated:post"].to_numpy(), clusters, delta, 199, 3)

    assert p(r.ci_high) > 0.05 and p(r.ci_high + 0.02 * cr1.se) <= 0.05
    assert p(r.ci_low) > 0.05 and p(r.ci_low - 0.02 * cr1.se) <= 0.05
