"""Result records of the pilot evaluation: DiD, event study, pre-trend test, ITS.

Frozen dataclasses returned by :mod:`~sabo_eval.stats.pilot.estimators`,
:mod:`~sabo_eval.stats.pilot.inference` and :mod:`~sabo_eval.stats.pilot.its`; the
pilot report (:mod:`sabo_eval.reports.pilot`) reads and formats them. Each carries
a ``method`` text (Korean) describing how it was computed.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

__all__ = ["DidResult", "EventStudyResult", "ItsResult", "PretrendResult"]


@dataclass(frozen=True)
class DidResult:
    """A difference-in-differences estimate.

    Attributes
    ----------
    effect : float
        Estimated average effect on the treated, in the outcome's unit.
    se : float
        Its standard error.
    ci_low, ci_high : float
        Confidence interval at level ``1 - alpha``.
    p_value : float
        Two-sided p-value of "no effect".
    df : float
        Degrees of freedom of the t distribution used.
    n_obs : int
        Observations used (after dropping missing rows); units for
        :func:`aggregated_did`.
    n_clusters : int
        Units (clusters).
    n_treated : int
        Treated units.
    pre_mean : float
        Mean outcome of the treated units before the start.
    effect_pct, pct_ci_low, pct_ci_high : float
        Effect and interval in percent of ``pre_mean`` (the mean taken as fixed);
        NaN when ``pre_mean`` is not positive.
    n_dropped : int
        Rows dropped for a missing value.
    start : str
        First period counted as ``post``.
    method : str
        What was estimated and how (Korean, with the formula).
    alpha : float
        1 - confidence level.
    """

    effect: float
    se: float
    ci_low: float
    ci_high: float
    p_value: float
    df: float
    n_obs: int
    n_clusters: int
    n_treated: int
    pre_mean: float
    effect_pct: float
    pct_ci_low: float
    pct_ci_high: float
    n_dropped: int
    start: str
    method: str
    alpha: float = 0.05

    def covers(self, value: float) -> bool:
        """Whether the interval contains ``value``."""
        return bool(self.ci_low <= value <= self.ci_high)


@dataclass(frozen=True, eq=False)
class EventStudyResult:
    """Leads and lags around the start, with a joint pre-trend test.

    Attributes
    ----------
    coefficients : pandas.DataFrame
        One row per event time: ``event_time`` (months from the start; -1 is the
        reference), ``period`` (label of the treated units' period), ``estimate``,
        ``se``, ``ci_low``, ``ci_high``, ``p_value`` (clustered by unit, t with G - 1
        degrees of freedom) and ``kind`` (``lead``, ``reference``, ``lag``). The
        reference row has estimate 0 and no interval.
    pretrend_f, pretrend_p : float
        F statistic and p-value of the joint test that every lead is zero
        (Hotelling's T² on the units' pre-period paths); NaN when it cannot be
        computed (no lead, or too few units).
    pretrend_df : tuple of int
        Its degrees of freedom (q, n - q - 1).
    pretrend_leads : int
        Leads in the test (q); the most recent ones when units are too few for all.
    pretrend_units : int
        Units with a complete pre-period path (used by the test).
    n_obs, n_clusters, n_treated : int
        Observations, units and treated units of the regression.
    start, reference : str
        First post period and the reference period.
    method : str
        Description of the model and the tests (Korean).
    alpha : float
    vcov : pandas.DataFrame or None
        Covariance of the estimated event-time coefficients (every row of
        ``coefficients`` but the reference), indexed by event time in the same order:
        what :mod:`~sabo_eval.stats.pilot.sensitivity` needs.
    """

    coefficients: pd.DataFrame
    pretrend_f: float
    pretrend_p: float
    pretrend_df: tuple[int, int]
    pretrend_leads: int
    pretrend_units: int
    n_obs: int
    n_clusters: int
    n_treated: int
    start: str
    reference: str
    method: str
    alpha: float = 0.05
    vcov: pd.DataFrame | None = None


@dataclass(frozen=True)
class PretrendResult:
    """The joint test that every lead is zero (see :func:`pretrend_test`).

    Attributes
    ----------
    f, p_value : float
        F statistic and p-value; NaN when the test cannot be computed.
    df : tuple of int
        (q, n - q - 1).
    leads : int
        Leads tested (q), the most recent ones when units are too few for all.
    units : int
        Units with a complete pre-period path.
    method : str
    """

    f: float
    p_value: float
    df: tuple[int, int]
    leads: int
    units: int
    method: str


@dataclass(frozen=True, eq=False)
class ItsResult:
    """A segmented regression of one series at the start.

    Attributes
    ----------
    level_change, level_ci, level_p : float, tuple, float
        Jump at the start (first post period) beyond the pre-period trend.
    slope_change, slope_ci, slope_p : float, tuple, float
        Change of slope per period after the start.
    pre_slope : float
        Slope per period before the start.
    n_obs, n_pre, n_post : int
        Points used, before and from the start.
    maxlags : int
        Newey–West lags.
    fitted, counterfactual : pandas.Series
        Fitted values, and the pre-period line extended over the whole series
        (seasonal terms included when fitted), indexed like the input.
    method : str
    alpha : float
    """

    level_change: float
    level_ci: tuple[float, float]
    level_p: float
    slope_change: float
    slope_ci: tuple[float, float]
    slope_p: float
    pre_slope: float
    n_obs: int
    n_pre: int
    n_post: int
    maxlags: int
    fitted: pd.Series
    counterfactual: pd.Series
    method: str
    alpha: float = 0.05
