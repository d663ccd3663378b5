"""Wild cluster bootstrap of the DiD coefficient (second opinion to randomization inference).

The restricted wild cluster bootstrap (WCR, "11" variant, Webb's six-point weights;
MacKinnon and Webb 2017; Roodman, MacKinnon, Nielsen and Webb 2019) of the TWFE model
``y ~ treated:post + C(unit) + C(period)``, clustered by unit, computed by the
``wildboottest`` package (py-econometrics, the implementation behind pyfixest's
``Feols.wildboottest``) on the statsmodels model. Its interval inverts the test: the
null β = δ is the null β = 0 on ``y - δ·treated·post``, tested with the same weights
(same seed), and the interval is the range of δ with p > α, found by bisection.

With few treated clusters the WCR is conservative (with 2–3 treated of 20–25 units its
rejection rate is well below α; MacKinnon and Webb 2017); with one treated cluster it
says nothing useful, and :func:`~sabo_eval.stats.did.pilot_effect` does not run it.

``wildboottest`` compiles its numba kernel on every call (about 0.5 s each), so the
interval (about 25 calls) is optional. The model is refitted on the full dummy design for every δ (Frisch–Waugh–Lovell does
not carry over: the bootstrap residuals multiplied by cluster weights are no longer
orthogonal to the period effects, so the partialled-out model gives other p-values).
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd
import statsmodels.api as sm
import statsmodels.formula.api as smf

__all__ = ["BootstrapResult", "wild_cluster_bootstrap"]

_FORMULA = "y ~ treated:post + C(unit) + C(period)"
_PARAM = "treated:post"


@dataclass(frozen=True)
class BootstrapResult:
    """A wild cluster bootstrap test and interval.

    Attributes
    ----------
    p_value : float
        Share of bootstrap |t*| above the observed |t| (two-sided, null β = 0 imposed).
    ci_low, ci_high : float
        The δ with p(δ) > α (infinite on a side where none is rejected within 50
        CR1 standard errors).
    draws : int
        Bootstrap replications.
    weights : str
        ``webb``.
    seed : int
    alpha : float
    """

    p_value: float
    ci_low: float
    ci_high: float
    draws: int
    weights: str
    seed: int
    alpha: float = 0.05

    def rejects(self) -> bool:
        """Whether 0 lies outside the interval."""
        return bool(self.ci_low > 0 or self.ci_high < 0)


def _p_value(exog: pd.DataFrame, y: np.ndarray, d: np.ndarray, clusters: np.ndarray, delta: float, draws: int, seed: int) -> float:
    """WCR p-value of β = δ (β = 0 on the shifted outcome y - δ·d)."""
    from wildboottest.wildboottest import wildboottest  # numba: loaded only when used

    model = sm.OLS(y - delta * d, exog)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        table = wildboottest(
            model, B=draws, cluster=clusters, param=_PARAM, weights_type="webb", seed=seed,
            show=False, parallel=False,
        )
    return float(table["p-value"].iloc[0])


def _endpoint(test, estimate: float, step: float, side: int, alpha: float, tol: float) -> float:
    """The farthest δ with p > α on one side (doubling, then bisection to ``tol``)."""
    inside, outside = estimate, estimate + side * step
    while test(outside) > alpha:
        inside, outside = outside, estimate + 2 * (outside - estimate)
        if abs(outside - estimate) > 50 * step:
            return side * math.inf
    while abs(outside - inside) > tol:
        mid = 0.5 * (inside + outside)
        if test(mid) > alpha:
            inside = mid
        else:
            outside = mid
    return float(inside)


def wild_cluster_bootstrap(
    frame: pd.DataFrame,
    estimate: float,
    se: float,
    *,
    alpha: float = 0.05,
    draws: int = 9_999,
    seed: int = 20130301,
    interval: bool = True,
) -> BootstrapResult:
    """Restricted wild cluster bootstrap (Webb weights) p-value and interval of the DiD.

    Parameters
    ----------
    frame : DataFrame
        A prepared frame (``y``, ``unit``, ``period``, ``treated``, ``post``).
    estimate, se : float
        The TWFE estimate and its CR1 standard error (they set where the interval
        search starts and its precision, 2 % of ``se``).
    alpha : float
    draws, seed : int
        Replications and the seed of the weights (the same weights for every δ).
    interval : bool
        Invert the test for an interval (about 25 more bootstraps); else NaN bounds.

    Returns
    -------
    BootstrapResult
    """
    frame = frame.assign(period=frame["period"].astype(str))
    clusters = pd.factorize(frame["unit"])[0]
    design = smf.ols(_FORMULA, data=frame)  # the dummy design, built once
    exog = pd.DataFrame(design.exog, columns=design.exog_names)
    d = exog[_PARAM].to_numpy()

    def test(delta: float) -> float:
        return _p_value(exog, design.endog, d, clusters, delta, draws, seed)

    p = test(0.0)
    low = high = float("nan")
    if interval and np.isfinite(se) and se > 0:
        low = _endpoint(test, estimate, se, -1, alpha, 0.02 * se)
        high = _endpoint(test, estimate, se, +1, alpha, 0.02 * se)
    return BootstrapResult(p_value=p, ci_low=low, ci_high=high, draws=draws, weights="webb", seed=seed, alpha=alpha)
