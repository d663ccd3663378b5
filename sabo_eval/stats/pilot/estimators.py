"""Estimators of the pilot effect: DiD, collapsed DiD, event study, placebo DiD.

* :func:`did`: two-way fixed-effects difference-in-differences,
  ``y ~ treated:post + C(unit) + C(period)`` by OLS (statsmodels), standard errors
  clustered by unit with t-based inference (G - 1 degrees of freedom).
  ``treated:post`` (not ``treated*post``): the main effects are absorbed by the unit
  and period fixed effects and would be collinear.
* :func:`aggregated_did`: the same contrast with every unit collapsed to one
  before/after difference and a pooled two-sample t test (Bertrand, Duflo and
  Mullainathan 2004); it keeps its level with a handful of treated units, where the
  cluster-robust interval is too narrow.
* :func:`event_study`: leads and lags relative to the start, the month just before
  the start as reference, clustered intervals and the joint pre-trend test of
  :func:`~sabo_eval.stats.pilot.inference.pretrend_test`.
* :func:`placebo`: the DiD on a fake start inside the pre-period, post-period rows
  dropped.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import statsmodels.api as sm

from .inference import _cluster_fit, _pretrend_method, _pretrend_test, _result
from .panel import _check_did_design, _event_frame, _label_of, _ordinal, _prepare, _start_of
from .results import DidResult, EventStudyResult

__all__ = ["aggregated_did", "did", "event_study", "placebo"]

_DID_FORMULA = "y ~ treated:post + C(unit) + C(period)"


# --------------------------------------------------------------------------- difference in differences


def _did_method(g: int, df: float, dropped: int) -> str:
    return (
        f"이중차분(DiD): 최소제곱 회귀 {_DID_FORMULA} (단위·기간 고정효과). "
        f"표준오차는 단위 군집 강건(CR1, 군집 {g}개), 신뢰구간과 p값은 t 분포(자유도 {df:.0f}). "
        f"결측 {dropped}행은 적합 전에 뺌."
    )


def did(
    data: pd.DataFrame,
    outcome: str,
    unit: str = "district_code",
    period: str = "period",
    treated: str = "treated",
    post: str = "post",
    *,
    alpha: float = 0.05,
) -> DidResult:
    """Two-way fixed-effects difference-in-differences with unit-clustered errors.

    Fits ``y ~ treated:post + C(unit) + C(period)`` by OLS; the coefficient of
    ``treated:post`` is the effect. Standard errors are clustered by unit (CR1) and
    intervals use the t distribution with G - 1 degrees of freedom (few clusters).

    Parameters
    ----------
    data : DataFrame
        Long panel, one row per unit and period.
    outcome : str
        Outcome column.
    unit, period, treated, post : str
        Columns: unit (cluster), period, treated (0/1, constant within a unit) and
        post (0/1, 1 from the start on, for every unit).
    alpha : float
        1 - confidence level.

    Returns
    -------
    DidResult

    Raises
    ------
    ValueError
        When treated or comparison rows are missing before or after the start, or
        ``treated:post`` is not identified.

    Notes
    -----
    Rows with a missing value in any of these columns are dropped first, so that
    the cluster groups stay aligned with the rows the model uses.
    """
    frame, dropped = _prepare(data, outcome, {"unit": unit, "period": period, "treated": treated, "post": post})
    _check_did_design(frame)
    frame["period"] = frame["period"].astype(str)
    model, fit = _cluster_fit(_DID_FORMULA, frame)
    if model.rank < model.exog.shape[1]:  # rank from the fit's singular values
        raise ValueError("treated:post를 추정할 수 없습니다(공선성) / treated:post is not identified")
    name = "treated:post"
    low, high = fit.conf_int(alpha).loc[name]
    g = frame["unit"].nunique()
    df = float(fit.df_resid_inference) if getattr(fit, "df_resid_inference", None) else float(g - 1)
    return _result(
        fit.params[name], fit.bse[name], (low, high), fit.pvalues[name], df, frame, len(frame), dropped,
        _start_of(frame), _did_method(g, df, dropped), alpha,
    )


def aggregated_did(
    data: pd.DataFrame,
    outcome: str,
    unit: str = "district_code",
    period: str = "period",
    treated: str = "treated",
    post: str = "post",
    *,
    alpha: float = 0.05,
) -> DidResult:
    """Difference-in-differences on units collapsed to one before/after difference.

    Every unit gives ``dᵢ = mean(after) - mean(before)``; the effect is the treated
    units' mean of ``d`` minus the comparison units' mean, with the pooled-variance
    two-sample t interval (OLS of ``d`` on ``treated``, n - 2 degrees of freedom).
    In a balanced panel the estimate equals :func:`did`'s. With few treated units its
    interval keeps its level when units share one variance, where the cluster-robust
    interval is too narrow (Bertrand, Duflo and Mullainathan 2004).

    Parameters
    ----------
    data, outcome, unit, period, treated, post, alpha
        As for :func:`did`.

    Returns
    -------
    DidResult
        ``n_obs`` counts units with rows both before and after the start.
    """
    frame, dropped = _prepare(data, outcome, {"unit": unit, "period": period, "treated": treated, "post": post})
    _check_did_design(frame)
    means = frame.groupby(["unit", "post"])["y"].mean().unstack("post")
    means = means.dropna()
    flags = frame.groupby("unit")["treated"].first().loc[means.index]
    d = (means[1.0] - means[0.0]).to_numpy()
    x = sm.add_constant(flags.to_numpy(), has_constant="add")
    n1 = int(flags.sum())
    if n1 < 1 or len(d) - n1 < 1 or len(d) < 3:
        raise ValueError("구 단위 비교에 쓸 단위가 모자랍니다 / too few units for the aggregated comparison")
    fit = sm.OLS(d, x).fit(use_t=True)
    low, high = fit.conf_int(alpha)[1]
    method = (
        f"구 단위 전후 비교(Bertrand·Duflo·Mullainathan 2004): 단위마다 시작 후 평균 - 시작 전 평균을 구하고 "
        f"처리 단위 {n1}개와 비교 단위 {len(d) - n1}개의 평균 차이를 합동분산 t 검정(자유도 {len(d) - 2})으로 봄. "
        f"단위 사이 분산이 같다고 가정함. 결측 {dropped}행은 먼저 뺌."
    )
    return _result(
        fit.params[1], fit.bse[1], (low, high), fit.pvalues[1], float(fit.df_resid), frame, len(d), dropped,
        _start_of(frame), method, alpha,
    )


# --------------------------------------------------------------------------- event study


def _event_name(k: int) -> str:
    return f"ev_m{-k}" if k < 0 else f"ev_p{k}"


def _event_coefficients(fit, treated_rel: list[int], periods: pd.Series, alpha: float) -> pd.DataFrame:
    """One row per event time; the reference (-1) with estimate 0 and no interval."""
    ci = fit.conf_int(alpha)
    rows = []
    for k in treated_rel:
        if k == -1:
            rows.append((k, periods[k], 0.0, np.nan, np.nan, np.nan, np.nan, "reference"))
            continue
        name = _event_name(k)
        rows.append(
            (
                k, periods[k], float(fit.params[name]), float(fit.bse[name]), float(ci.loc[name, 0]),
                float(ci.loc[name, 1]), float(fit.pvalues[name]), "lead" if k < -1 else "lag",
            )
        )
    return pd.DataFrame(rows, columns=["event_time", "period", "estimate", "se", "ci_low", "ci_high", "p_value", "kind"])


def event_study(
    data: pd.DataFrame,
    outcome: str,
    start: object | None = None,
    unit: str = "district_code",
    period: str = "period",
    treated: str = "treated",
    post: str = "post",
    *,
    alpha: float = 0.05,
) -> EventStudyResult:
    """Leads and lags relative to the start, and a joint pre-trend test.

    Fits ``y ~ Σₖ treated·1[event time = k] + C(unit) + C(period)`` for every event
    time k except -1 (the period just before the start, the reference), clustered by
    unit with t inference. The pre-trend test asks whether every lead (k ≤ -2) is
    zero; see :func:`~sabo_eval.stats.pilot.inference.pretrend_test`.

    Parameters
    ----------
    data, outcome, unit, period, treated, post, alpha
        As for :func:`did`; ``post`` is only read when ``start`` is not given.
    start : str or number, optional
        First treated period (``"2013-03"``); default: the first period with post = 1.

    Returns
    -------
    EventStudyResult
    """
    frame, start_label = _event_frame(data, outcome, start, unit, period, treated, post)
    treated_rel = sorted(set(frame.loc[frame["treated"] == 1, "rel"]))
    events = [k for k in treated_rel if k != -1]
    for k in events:
        frame[_event_name(k)] = ((frame["rel"] == k) & (frame["treated"] == 1)).astype(float)
    formula = "y ~ " + " + ".join(_event_name(k) for k in events) + " + C(unit) + C(period)"
    _model, fit = _cluster_fit(formula, frame)
    periods = frame.loc[frame["treated"] == 1].groupby("rel")["period"].first()
    table = _event_coefficients(fit, treated_rel, periods, alpha)
    f, p, dfs, q, n_units = _pretrend_test(frame, [k for k in events if k < -1])
    g = frame["unit"].nunique()
    method = (
        f"사건연구: 최소제곱 회귀 y ~ Σ treated×1[시작 기준 k개월] + C(unit) + C(period), 기준은 시작 직전 기간(k = -1, "
        f"{periods[-1]}). 구간은 단위 군집 강건 표준오차와 t 분포(자유도 {g - 1}). " + _pretrend_method(q, n_units, dfs)
    )
    return EventStudyResult(
        coefficients=table,
        pretrend_f=float(f),
        pretrend_p=float(p),
        pretrend_df=dfs,
        pretrend_leads=q,
        pretrend_units=n_units,
        n_obs=len(frame),
        n_clusters=g,
        n_treated=int(frame.loc[frame["treated"] == 1, "unit"].nunique()),
        start=start_label,
        reference=str(periods[-1]),
        method=method,
        alpha=alpha,
        vcov=_event_vcov(fit, events),
    )


def _event_vcov(fit, events: list[int]) -> pd.DataFrame:
    """The clustered covariance of the event-time coefficients, indexed by event time."""
    names = [_event_name(k) for k in events]
    cov = fit.cov_params().loc[names, names].to_numpy()
    return pd.DataFrame(cov, index=events, columns=events)


# --------------------------------------------------------------------------- placebo


def _fake_start(pre: pd.DataFrame, fake_start: object | None) -> tuple[str, np.ndarray]:
    """The fake start (default: the middle pre-period) and the pre rows' period numbers.

    Raises
    ------
    ValueError
        With fewer than two pre-periods, or a fake start outside the pre-period.
    """
    labels = sorted(set(pre["period"]), key=lambda v: _ordinal([v])[0])
    if len(labels) < 2:
        raise ValueError("위약 검정에는 시작 전 기간이 둘 이상 필요합니다 / need two or more pre-periods")
    fake = _label_of(fake_start) if fake_start is not None else labels[len(labels) // 2]
    fake_ord = _ordinal([fake])[0]
    order = _ordinal(pre["period"])
    if not (order.min() < fake_ord <= order.max()):
        raise ValueError(
            f"가짜 시작 {fake}은 시작 전 기간({labels[0]}~{labels[-1]}) 안에 있어야 합니다 / fake start must lie inside the pre-period"
        )
    return fake, (order >= fake_ord).astype(float)


def placebo(
    data: pd.DataFrame,
    outcome: str,
    fake_start: object | None = None,
    unit: str = "district_code",
    period: str = "period",
    treated: str = "treated",
    post: str = "post",
    *,
    alpha: float = 0.05,
) -> DidResult:
    """The DiD with a fake start inside the pre-period (post-period rows dropped).

    A clear "effect" at a date when nothing happened points to diverging trends,
    not to the pilot.

    Parameters
    ----------
    data, outcome, unit, period, treated, post, alpha
        As for :func:`did`.
    fake_start : str or number, optional
        Fake first treated period; default: the middle period of the pre-period.

    Returns
    -------
    DidResult
        ``start`` is the fake start; ``method`` says it is a placebo.

    Raises
    ------
    ValueError
        When the fake start leaves no pre-period before it or is not before the
        real start.
    """
    frame, dropped = _prepare(data, outcome, {"unit": unit, "period": period, "treated": treated, "post": post})
    real_start = _start_of(frame)
    pre = frame[frame["post"] == 0].copy()
    pre["period"] = pre["period"].astype(str)
    fake, post_flags = _fake_start(pre, fake_start)
    pre["post"] = post_flags
    result = did(pre, "y", unit="unit", period="period", treated="treated", post="post", alpha=alpha)
    method = (
        f"위약(placebo) 검정: 실제 시작({real_start}) 이후 자료를 빼고, 가짜 시작 {fake}을 시작으로 보고 같은 이중차분을 적합함. "
        + result.method
    )
    return dataclasses.replace(result, method=method, n_dropped=result.n_dropped + dropped, start=fake)
