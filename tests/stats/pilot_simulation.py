"""Simulated panels for the pilot evaluation tests (imported by ``test_pilot_*.py``).

25 units × 24 months (2012-01 … 2013-12, start 2013-03), unit and period effects, a
common trend, AR(1) errors within units (so that clustering matters), and a known
effect added to the treated units from the start.
"""

import numpy as np
import pandas as pd

from sabo_eval.stats.pilot import period_label

START = 14  # index of 2013-03 among 2012-01 … 2013-12
N_SIM = 200


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
