"""Inference for the pilot evaluation: clustered fits, intervals, the pre-trend test.

* :func:`_cluster_fit`: OLS with standard errors clustered by unit (CR1) and t-based
  inference (``use_t=True``, G - 1 degrees of freedom). It refuses a formula that
  drops rows itself, since the cluster groups would no longer line up with them.
* :func:`_result`: a :class:`~sabo_eval.stats.pilot.results.DidResult` with the
  effect also in percent of the treated units' pre-period mean.
* :func:`pretrend_test`: the joint test that every lead of the event study is zero,
  computed as Hotelling's two-sample T² on the units' pre-period paths (exact under
  normality with a common within-unit covariance, also with three treated units,
  where the cluster-robust Wald test on 13 leads rejects a true null almost always).
* :func:`newey_west_lags`: the Newey–West (1994) rule of thumb for HAC lags, used by
  the interrupted time series.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import statsmodels.formula.api as smf
from scipy import stats

from .panel import _event_frame
from .results import DidResult, PretrendResult

__all__ = ["newey_west_lags", "pretrend_test"]


def newey_west_lags(n: int) -> int:
    """Newey–West (1994) rule of thumb for HAC lags: ``floor(4 (n / 100) ** (2 / 9))``."""
    return int(math.floor(4 * (max(n, 1) / 100) ** (2 / 9)))


# --------------------------------------------------------------------------- clustered fits


def _cluster_fit(formula: str, frame: pd.DataFrame):
    """OLS with unit-clustered covariance and t inference; groups aligned with the rows."""
    model = smf.ols(formula, data=frame)
    if model.exog.shape[0] != len(frame):  # rows were dropped inside the formula: refuse
        raise RuntimeError("formula dropped rows; cluster groups would not align")
    groups = pd.factorize(frame["unit"])[0]
    return model, model.fit(cov_type="cluster", cov_kwds={"groups": groups}, use_t=True)


def _percent(value: float, base: float) -> float:
    return 100.0 * value / base if base > 0 and np.isfinite(base) else float("nan")


def _result(
    effect: float,
    se: float,
    ci: tuple[float, float],
    p: float,
    df: float,
    frame: pd.DataFrame,
    n_obs: int,
    n_dropped: int,
    start: str,
    method: str,
    alpha: float,
) -> DidResult:
    """A DidResult from an estimate, its interval and the prepared frame."""
    pre = frame.loc[(frame["treated"] == 1) & (frame["post"] == 0), "y"]
    pre_mean = float(pre.mean()) if len(pre) else float("nan")
    return DidResult(
        effect=float(effect),
        se=float(se),
        ci_low=float(ci[0]),
        ci_high=float(ci[1]),
        p_value=float(p),
        df=float(df),
        n_obs=int(n_obs),
        n_clusters=int(frame["unit"].nunique()),
        n_treated=int(frame.loc[frame["treated"] == 1, "unit"].nunique()),
        pre_mean=pre_mean,
        effect_pct=_percent(effect, pre_mean),
        pct_ci_low=_percent(ci[0], pre_mean),
        pct_ci_high=_percent(ci[1], pre_mean),
        n_dropped=int(n_dropped),
        start=start,
        method=method,
        alpha=alpha,
    )


# --------------------------------------------------------------------------- pre-trend test


def _pretrend_paths(frame: pd.DataFrame, leads: list[int]) -> pd.DataFrame | None:
    """Each unit's outcome at every lead minus at the reference (-1), most recent lead
    first; units without a complete path left out. None without a reference column."""
    wide = frame.pivot_table(index="unit", columns="rel", values="y", aggfunc="mean")
    if -1 not in wide.columns:
        return None
    cols = [k for k in sorted(leads, reverse=True) if k in wide.columns]  # most recent first
    paths = wide[cols].sub(wide[-1], axis=0)
    return paths.dropna()


def _pretrend_test(frame: pd.DataFrame, leads: list[int]) -> tuple[float, float, tuple[int, int], int, int]:
    """Hotelling's two-sample T² that the treated and comparison pre-period paths agree.

    Each unit's path is its outcome at every lead minus its outcome at the reference
    period (-1); the statistic compares the treated and comparison mean paths with
    the pooled covariance, F = (n - q - 1) / (q (n - 2)) T² ~ F(q, n - q - 1).

    Returns
    -------
    (F, p, (df1, df2), q, n_units)
    """
    nan = (float("nan"), float("nan"), (0, 0), 0, 0)
    if not leads:
        return nan
    paths = _pretrend_paths(frame, leads)
    if paths is None:
        return nan
    flags = frame.groupby("unit")["treated"].first()
    treated = flags.loc[paths.index].to_numpy() == 1
    n1, n = int(treated.sum()), len(paths)
    q = min(paths.shape[1], n - 3)
    if n1 < 1 or n - n1 < 1 or q < 1:
        return (float("nan"), float("nan"), (0, 0), 0, n)
    values = paths.to_numpy()[:, :q]
    a, b = values[treated], values[~treated]
    diff = a.mean(axis=0) - b.mean(axis=0)
    ca, cb = a - a.mean(axis=0), b - b.mean(axis=0)
    pooled = (ca.T @ ca + cb.T @ cb) / (n - 2)
    if np.linalg.matrix_rank(pooled) < q:
        return (float("nan"), float("nan"), (q, n - q - 1), q, n)
    t2 = (n1 * (n - n1) / n) * float(diff @ np.linalg.solve(pooled, diff))
    f = (n - q - 1) / (q * (n - 2)) * t2
    return f, float(stats.f.sf(f, q, n - q - 1)), (q, n - q - 1), q, n


def _pretrend_method(q: int, n_units: int, dfs: tuple[int, int]) -> str:
    return (
        f"사전추세 검정: 시작 전 {q}개 시점의 차이가 모두 0인지 보는 F 검정(단위별 시작 전 경로에 대한 Hotelling T², "
        f"단위 {n_units}개, 자유도 {dfs[0]}, {dfs[1]})."
    )


def pretrend_test(
    data: pd.DataFrame,
    outcome: str,
    start: object | None = None,
    unit: str = "district_code",
    period: str = "period",
    treated: str = "treated",
    post: str = "post",
) -> PretrendResult:
    """Joint test that the treated and comparison units moved alike before the start.

    The hypothesis is that every lead of the event study is zero. Each unit's
    pre-period path (its outcome at every lead minus its outcome in the reference
    period, the one just before the start) is compared between the treated and the
    comparison units with Hotelling's two-sample T² and the pooled covariance:
    F = (n - q - 1) / (q (n - 2)) T² ~ F(q, n - q - 1). Exact under normality with a
    within-unit covariance common to all units, however few the treated units; the
    cluster-robust Wald test on the same leads is not (with 3 treated of 23 units and
    13 leads it rejects a true null nearly always). Units without a complete path
    are left out; when units are too few for every lead, the most recent n - 3 leads
    are tested. Its power against gradual divergence is modest.

    Parameters
    ----------
    data, outcome, start, unit, period, treated, post
        As for :func:`~sabo_eval.stats.pilot.estimators.event_study`.

    Returns
    -------
    PretrendResult
    """
    frame, _start = _event_frame(data, outcome, start, unit, period, treated, post)
    leads = sorted(k for k in set(frame.loc[frame["treated"] == 1, "rel"]) if k < -1)
    f, p, dfs, q, n_units = _pretrend_test(frame, leads)
    return PretrendResult(float(f), float(p), dfs, q, n_units, _pretrend_method(q, n_units, dfs))
