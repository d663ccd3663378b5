"""Sensitivity of the pilot effect to parallel trends: the relative-magnitudes bound.

Rambachan and Roth (2023, "A more credible approach to parallel trends", Review of
Economic Studies 90(5)) replace "the trends were exactly parallel" by "after the
start, the difference in trends changes from one month to the next by at most M̄
times the largest such change seen before the start" (the set Δ^RM(M̄)). For each
M̄ there is a robust confidence interval for the effect; the **breakdown value** is
the largest M̄ at which that interval still excludes 0. M̄ = 1 means "violations
after the start as large as the worst one before it".

The robust intervals and tests come from a maintained library, ``moderndid``
(its ``didhonest`` module, a port of the authors' R package HonestDiD); this module
only feeds it the event study's coefficients and covariance and searches M̄.

Where we differ from HonestDiD's default, on purpose:

* The breakdown value is found by bisection on M̄ with the test of θ = 0 alone
  (is 0 inside the robust confidence set?), not by scanning a grid of θ for each M̄:
  the same answer to the bisection's tolerance, at a fraction of the cost.
* The default method is ``"Conditional"`` (Andrews, Roth and Pakes), one of
  HonestDiD's two methods for Δ^RM, not its default ``"C-LF"``: C-LF simulates a
  least-favourable critical value with 1,000 linear programmes per polyhedron, and
  the pilot's monthly event study (13 leads, 10 lags) has 24 polyhedra: about 30 s
  per tested value against under 1 s. Both control size; C-LF has more power when
  several constraints bind. ``method="C-LF"`` is available.
* The covariance is the event study's unit-clustered (CR1) covariance, as in
  HonestDiD's own examples. With few treated districts that covariance is too
  small (see the pilot report's inference), so the bound errs on the optimistic
  side; the report says so.
"""

from __future__ import annotations

import logging
import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .results import EventStudyResult

__all__ = ["SensitivityResult", "breakdown_value", "excludes_zero", "relative_magnitudes", "robust_interval"]

logger = logging.getLogger(__name__)

_METHODS = {"Conditional": "ARP", "C-LF": "LF"}
_SEED = 0  # the least-favourable critical value is simulated: fixed seed, reproducible reports


@dataclass(frozen=True)
class SensitivityResult:
    """The relative-magnitudes sensitivity of the average post-start effect.

    Attributes
    ----------
    breakdown : float
        Largest M̄ (to ``tolerance``) at which the robust interval excludes 0; 0.0 when
        it already includes 0 at M̄ = 0; ``max_mbar`` when it excludes 0 up to there.
    significant_at_zero : bool
        Whether the interval excludes 0 with exactly parallel trends after the start
        (M̄ = 0).
    capped : bool
        True when 0 stays excluded up to ``max_mbar`` (the breakdown is at least that).
    tested : pandas.DataFrame
        ``m_bar``, ``excludes_zero``: every M̄ the search tested, in order.
    max_pre_change : float
        Largest change between consecutive months before the start (reference = 0):
        the yardstick M̄ multiplies, in the outcome's unit.
    n_pre, n_post : int
        Leads and lags used.
    tolerance : float
        Bisection tolerance on M̄.
    method : str
        What was computed (Korean).
    alpha : float
    """

    breakdown: float
    significant_at_zero: bool
    capped: bool
    tested: pd.DataFrame
    max_pre_change: float
    n_pre: int
    n_post: int
    tolerance: float
    method: str
    alpha: float = 0.05


def _check(betahat: np.ndarray, sigma: np.ndarray, n_pre: int, n_post: int, method: str) -> None:
    if method not in _METHODS:
        raise ValueError(f"method는 {sorted(_METHODS)} 중 하나여야 합니다 / unknown method {method!r}")
    if n_pre < 2 or n_post < 1:
        raise ValueError("상대 크기 한계에는 시작 전 계수 2개 이상과 시작 후 계수가 필요합니다 / need ≥ 2 leads and ≥ 1 lag")
    if betahat.shape != (n_pre + n_post,) or sigma.shape != (n_pre + n_post, n_pre + n_post):
        raise ValueError("계수와 공분산의 크기가 맞지 않습니다 / betahat and sigma do not conform")
    if not (np.all(np.isfinite(betahat)) and np.all(np.isfinite(sigma))):
        raise ValueError("계수나 공분산에 결측이 있습니다 / betahat or sigma is not finite")


def _weights(n_post: int, l_vec: np.ndarray | None) -> np.ndarray:
    """The post-period weights: the average of the lags unless given."""
    return np.full(n_post, 1.0 / n_post) if l_vec is None else np.asarray(l_vec, dtype=float).ravel()


def _accepted(betahat, sigma, n_pre, n_post, l_vec, m_bar, alpha, method, grid) -> np.ndarray:
    """moderndid's conditional confidence set for Δ^RM(M̄) on ``grid``: 1 where θ is accepted."""
    from moderndid.didhonest import compute_conditional_cs_rm  # heavy import, only when used

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "CI is open at one of the endpoints" for a one-point grid
        out = compute_conditional_cs_rm(
            betahat=betahat, sigma=sigma, num_pre_periods=n_pre, num_post_periods=n_post, l_vec=l_vec,
            m_bar=float(m_bar), alpha=alpha, hybrid_flag=_METHODS[method], grid_points=len(grid),
            grid_lb=float(grid[0]), grid_ub=float(grid[-1]), seed=_SEED,
        )
    return np.asarray(out["accept"], dtype=bool)


def excludes_zero(
    betahat, sigma, n_pre: int, n_post: int, m_bar: float, *, l_vec=None, alpha: float = 0.05,
    method: str = "Conditional",
) -> bool:
    """Whether the robust confidence set for l'τ_post under Δ^RM(M̄) excludes 0.

    Parameters
    ----------
    betahat : array
        Event-study coefficients, the ``n_pre`` leads (oldest first) then the
        ``n_post`` lags; the reference period (just before the start) left out.
    sigma : array
        Their covariance.
    n_pre, n_post : int
    m_bar : float
        M̄ ≥ 0.
    l_vec : array, optional
        Weights of the post coefficients; default their average.
    alpha : float
    method : {"Conditional", "C-LF"}

    Returns
    -------
    bool
    """
    betahat, sigma = np.asarray(betahat, dtype=float), np.asarray(sigma, dtype=float)
    _check(betahat, sigma, n_pre, n_post, method)
    weights = _weights(n_post, l_vec)
    return not bool(_accepted(betahat, sigma, n_pre, n_post, weights, m_bar, alpha, method, np.zeros(2)).any())


def robust_interval(
    betahat, sigma, n_pre: int, n_post: int, m_bar: float, *, l_vec=None, alpha: float = 0.05,
    method: str = "C-LF", grid_points: int = 1000,
) -> tuple[float, float]:
    """The robust confidence interval under Δ^RM(M̄), as HonestDiD reports it.

    The interval is the smallest and largest accepted θ on HonestDiD's default grid
    (centre l'β̂_post, half-width M̄·Σₜ t|lₜ|·max pre change + 20 standard errors).
    Slow with ``"C-LF"``; the report uses :func:`breakdown_value`.

    Returns
    -------
    (float, float)
        NaN, NaN when no θ on the grid is accepted.
    """
    betahat, sigma = np.asarray(betahat, dtype=float), np.asarray(sigma, dtype=float)
    _check(betahat, sigma, n_pre, n_post, method)
    weights = _weights(n_post, l_vec)
    post = slice(n_pre, n_pre + n_post)
    sd = float(np.sqrt(weights @ sigma[post, post] @ weights))
    centre = float(betahat[post] @ weights)
    half = float(m_bar * np.arange(1, n_post + 1) @ np.abs(weights) * _max_pre_change(betahat, n_pre)) + 20 * sd
    grid = np.linspace(centre - half, centre + half, grid_points)
    accept = _accepted(betahat, sigma, n_pre, n_post, weights, m_bar, alpha, method, grid)
    if not accept.any():
        return float("nan"), float("nan")
    return float(grid[accept].min()), float(grid[accept].max())


def _max_pre_change(betahat: np.ndarray, n_pre: int) -> float:
    """Largest absolute change between consecutive pre coefficients, the reference (0) last."""
    return float(np.max(np.abs(np.diff(np.append(betahat[:n_pre], 0.0)))))


def breakdown_value(
    betahat, sigma, n_pre: int, n_post: int, *, l_vec=None, alpha: float = 0.05, method: str = "Conditional",
    tolerance: float = 0.02, max_mbar: float = 8.0,
) -> SensitivityResult:
    """The largest M̄ at which the robust interval still excludes 0 (bisection).

    Tests M̄ = 0 first; when 0 is excluded, doubles M̄ from 0.5 until 0 is inside
    (or ``max_mbar`` is reached), then bisects to ``tolerance``. The robust set grows
    with M̄ (Δ^RM(M̄) are nested), so the search is monotone.

    Parameters
    ----------
    betahat, sigma, n_pre, n_post, l_vec, alpha, method
        As for :func:`excludes_zero`.
    tolerance : float
        Width of the final bracket on M̄; the lower end is reported.
    max_mbar : float
        Largest M̄ searched.

    Returns
    -------
    SensitivityResult
    """
    betahat, sigma = np.asarray(betahat, dtype=float), np.asarray(sigma, dtype=float)
    tested: list[tuple[float, bool]] = []

    def test(m: float) -> bool:
        out = excludes_zero(betahat, sigma, n_pre, n_post, m, l_vec=l_vec, alpha=alpha, method=method)
        tested.append((m, out))
        return out

    at_zero = test(0.0)
    low, high, capped = 0.0, None, False
    m = 0.5
    while at_zero and high is None and not capped:
        if m >= max_mbar:
            capped = test(max_mbar)
            low, high = (max_mbar, None) if capped else (low, max_mbar)
        elif test(m):
            low, m = m, 2 * m
        else:
            high = m
    while high is not None and high - low > tolerance:
        mid = (low + high) / 2
        low, high = (mid, high) if test(mid) else (low, mid)
    result = SensitivityResult(
        breakdown=float(low), significant_at_zero=at_zero, capped=capped,
        tested=pd.DataFrame(tested, columns=["m_bar", "excludes_zero"]),
        max_pre_change=_max_pre_change(betahat, n_pre), n_pre=n_pre, n_post=n_post, tolerance=tolerance,
        method=_method_text(method, n_pre, n_post, alpha), alpha=alpha,
    )
    logger.info("relative-magnitudes breakdown %.3f after %d tests", result.breakdown, len(tested))
    return result


def _method_text(method: str, n_pre: int, n_post: int, alpha: float) -> str:
    name = {"Conditional": "조건부 검정(Andrews·Roth·Pakes)", "C-LF": "조건부-최소유리 혼합 검정(C-LF)"}[method]
    return (
        f"평행추세 민감도(Rambachan·Roth 2023, 상대 크기 제한 Δ^RM): 시작 후 추세 차이의 달마다 변화가 시작 전 최대 변화의 "
        f"M̄배를 넘지 않는다고 할 때, 시작 후 {n_post}개월 평균 효과의 {100 * (1 - alpha):.0f}% 강건 신뢰구간이 0을 빼는 "
        f"가장 큰 M̄(한계값)를 이분법으로 찾음. 시작 전 계수 {n_pre}개, {name}, moderndid(HonestDiD의 파이썬 이식). "
        "공분산은 사건연구의 자치구 군집 공분산. / Relative-magnitudes sensitivity (Rambachan & Roth 2023): "
        "the breakdown M̄ for the average post-start effect."
    )


def relative_magnitudes(
    events: EventStudyResult, *, alpha: float | None = None, method: str = "Conditional", tolerance: float = 0.02,
    max_mbar: float = 8.0,
) -> SensitivityResult:
    """The breakdown value of an event study's average post-start effect.

    Parameters
    ----------
    events : EventStudyResult
        From :func:`~sabo_eval.stats.pilot.estimators.event_study` (its ``vcov``).
    alpha : float, optional
        Default: the event study's.
    method, tolerance, max_mbar
        As for :func:`breakdown_value`.

    Returns
    -------
    SensitivityResult

    Raises
    ------
    ValueError
        Without a covariance, with fewer than two leads or no lag.
    """
    if events.vcov is None:
        raise ValueError("사건연구의 공분산이 없습니다 / the event study has no covariance")
    coef = events.coefficients.set_index("event_time")
    order = list(events.vcov.index)
    if -1 not in coef.index:
        raise ValueError("기준 기간(-1)이 없습니다 / the event study has no reference period")
    n_pre = sum(1 for k in order if k < -1)
    n_post = sum(1 for k in order if k >= 0)
    betahat = coef.loc[order, "estimate"].to_numpy(dtype=float)
    return breakdown_value(
        betahat, events.vcov.to_numpy(dtype=float), n_pre, n_post,
        alpha=events.alpha if alpha is None else alpha, method=method, tolerance=tolerance, max_mbar=max_mbar,
    )
