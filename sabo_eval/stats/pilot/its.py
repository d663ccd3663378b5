"""Interrupted time series: segmented regression of one series at the pilot's start.

:func:`interrupted_time_series` estimates the level and slope change of one series
(a district's rate minus the comparison mean, in the pilot report) with Newey–West
(HAC) standard errors whose lags count months, not rows (:func:`hac_covariance`). The intervals are too narrow in short autocorrelated series,
so per-district results from two years of months are descriptive.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

from .inference import newey_west_lags
from .panel import _month_of_year, _ordinal
from .results import ItsResult

__all__ = ["hac_covariance", "interrupted_time_series"]


def hac_covariance(x: np.ndarray, resid: np.ndarray, months: np.ndarray, lags: int) -> np.ndarray:
    """Newey–West covariance with lags counted in months, not rows.

    ``S = Σᵢⱼ w(|tᵢ - tⱼ|) xᵢ eᵢ eⱼ xⱼ'`` with Bartlett weights ``w(l) = 1 - l / (L + 1)``
    for ``l ≤ L`` months (0 beyond), then ``(X'X)⁻¹ S (X'X)⁻¹ · n / (n - k)``. Without
    missing months it equals statsmodels' ``cov_type="HAC"`` with ``use_correction=True``;
    with missing months, statsmodels (which counts rows) would weigh a pair of months
    a year apart as neighbours when the months between them are missing.

    Parameters
    ----------
    x : array (n, k)
    resid : array (n,)
    months : array (n,)
        Each row's month number (or period number).
    lags : int
        L, in months.
    """
    n, k = x.shape
    distance = np.abs(months[:, None] - months[None, :])
    weights = np.where(distance <= lags, 1.0 - distance / (lags + 1.0), 0.0)
    scores = x * resid[:, None]
    meat = scores.T @ weights @ scores
    bread = np.linalg.pinv(x.T @ x)
    return bread @ meat @ bread * n / (n - k)


def _month_terms(x: pd.DataFrame, index: pd.Index) -> pd.DataFrame:
    """``x`` with month-of-year dummies (January the reference; months never seen left out)."""
    months = [_month_of_year(v) for v in index]
    if None in months:
        raise ValueError("계절 항은 'YYYY-MM' 기간에만 쓸 수 있습니다 / seasonal terms need YYYY-MM periods")
    dummies = pd.get_dummies(pd.Categorical(months, categories=range(1, 13)), prefix="m", drop_first=True, dtype=float)
    dummies.index = index
    return pd.concat([x, dummies.loc[:, dummies.sum() > 0]], axis=1)


def _its_design(series: pd.Series, start: object, seasonal: bool) -> tuple[pd.Series, pd.DataFrame, int, int, np.ndarray]:
    """The sorted series without missing values, its design matrix, the points before/from the start
    and each point's month (or period) number.

    Raises
    ------
    ValueError
        With fewer than 3 points before or 2 points from the start.
    """
    s = pd.to_numeric(pd.Series(series), errors="coerce").dropna()
    order = _ordinal(s.index)
    s = s.iloc[np.argsort(order, kind="stable")]
    order = np.sort(order)
    t0 = _ordinal([start])[0]
    t = order - order[0]
    post = (order >= t0).astype(float)
    n_pre, n_post = int((post == 0).sum()), int(post.sum())
    if n_pre < 3 or n_post < 2:
        raise ValueError(
            f"단절 시계열에는 시작 전 3개, 시작 후 2개 이상의 값이 필요합니다(지금 {n_pre}, {n_post}) / too few points"
        )
    x = pd.DataFrame({"const": 1.0, "time": t, "post": post, "time_after": (order - t0) * post}, index=s.index)
    if seasonal:
        x = _month_terms(x, s.index)
    return s, x, n_pre, n_post, order


def _its_method(lags: int, seasonal: bool, df_resid: float) -> str:
    return (
        "단절 시계열(segmented regression): y = b0 + b1·시간 + b2·시작후 + b3·(시작 후 경과)·시작후"
        + (" + 월 더미" if seasonal else "")
        + f". 수준 변화 b2, 기울기 변화 b3. 표준오차는 Newey-West(HAC, 시차 {lags}개월 — 행이 아니라 달로 셈, 소표본 보정), "
        f"t 분포(자유도 {df_resid:.0f})."
    )


class _Fit:
    """OLS estimates with a month-lag HAC covariance and t inference (what :func:`_its_result` reads)."""

    def __init__(self, y: np.ndarray, x: pd.DataFrame, months: np.ndarray, lags: int) -> None:
        values = x.to_numpy(dtype=float)
        beta, *_ = np.linalg.lstsq(values, y, rcond=None)
        self.params = pd.Series(beta, index=x.columns)
        self.fittedvalues = values @ beta
        self.df_resid = float(len(y) - np.linalg.matrix_rank(values))
        cov = hac_covariance(values, y - self.fittedvalues, months, lags)
        self.bse = pd.Series(np.sqrt(np.clip(np.diag(cov), 0, None)), index=x.columns)
        self.pvalues = pd.Series(2 * stats.t.sf(np.abs(beta / self.bse.to_numpy()), self.df_resid), index=x.columns)

    def conf_int(self, alpha: float) -> pd.DataFrame:
        q = stats.t.ppf(1 - alpha / 2, self.df_resid)
        return pd.DataFrame({0: self.params - q * self.bse, 1: self.params + q * self.bse})


def _its_result(
    fit: _Fit, s: pd.Series, x: pd.DataFrame, counts: tuple[int, int], lags: int, method: str, alpha: float
) -> ItsResult:
    """The ItsResult of a fitted segmented regression; ``counts`` is (n_pre, n_post)."""
    ci = fit.conf_int(alpha)
    counter = x.copy()
    counter[["post", "time_after"]] = 0.0
    return ItsResult(
        level_change=float(fit.params["post"]),
        level_ci=(float(ci.loc["post", 0]), float(ci.loc["post", 1])),
        level_p=float(fit.pvalues["post"]),
        slope_change=float(fit.params["time_after"]),
        slope_ci=(float(ci.loc["time_after", 0]), float(ci.loc["time_after", 1])),
        slope_p=float(fit.pvalues["time_after"]),
        pre_slope=float(fit.params["time"]),
        n_obs=len(s),
        n_pre=counts[0],
        n_post=counts[1],
        maxlags=lags,
        fitted=pd.Series(fit.fittedvalues, index=s.index),
        counterfactual=pd.Series(counter.to_numpy() @ fit.params.to_numpy(), index=s.index),
        method=method,
        alpha=alpha,
    )


def interrupted_time_series(
    series: pd.Series,
    start: object,
    *,
    maxlags: int | None = None,
    seasonal: bool = False,
    alpha: float = 0.05,
) -> ItsResult:
    """Segmented regression of one series: level and slope change at the start.

    ``y = b0 + b1·t + b2·post + b3·(t - t_start)·post (+ month-of-year terms)``, with
    t in months (or periods) since the first point; b2 is the level change, b3 the
    slope change. Standard errors are Newey–West (HAC) with ``maxlags`` lags and t
    inference.

    Parameters
    ----------
    series : pandas.Series
        Values indexed by period (``"YYYY-MM"`` labels or numbers); missing values
        are dropped.
    start : str or number
        First period after the interruption.
    maxlags : int, optional
        HAC lags in months (or periods), not rows: with missing months, two points
        are neighbours when their months are, see :func:`hac_covariance`. Default
        :func:`~sabo_eval.stats.pilot.inference.newey_west_lags` of the months the
        series spans.
    seasonal : bool
        Add month-of-year dummies (``YYYY-MM`` periods only; needs a long series).
    alpha : float

    Returns
    -------
    ItsResult

    Raises
    ------
    ValueError
        With fewer than 3 points before or 2 points from the start.

    Notes
    -----
    HAC intervals are too narrow in short autocorrelated series: with AR(1) errors
    (ρ = 0.5) our simulations cover the true level change about 87 % of the time with
    120 points, and only about 70 % with 24 monthly points (14 before, 10 after).
    Treat per-district results from two years of data as descriptive.
    """
    s, x, n_pre, n_post, months = _its_design(series, start, seasonal)
    span = int(months[-1] - months[0]) + 1  # the months the series covers, missing ones included
    lags = newey_west_lags(span) if maxlags is None else int(maxlags)
    fit = _Fit(s.to_numpy(dtype=float), x, months, lags)
    return _its_result(fit, s, x, (n_pre, n_post), lags, _its_method(lags, seasonal, fit.df_resid), alpha)
