"""Funnel plots for comparing districts' proportions (Spiegelhalter 2005, 2012).

* The target is the pooled rate θ₀ = Σx ÷ Σn.
* Control limits at 95 % and 99.8 % come from the exact binomial distribution with
  interpolation (``method="exact"``; for θ₀ = 0.6 and n = 20: 0.356–0.787 and
  0.226–0.892) or from the Wilson score interval (``method="wilson"``).
* Overdispersion: z-scores zᵢ = (yᵢ − θ₀) ÷ sᵢ with sᵢ² = θ₀(1 − θ₀) ÷ nᵢ are
  winsorised at 10 % in each tail and φ = mean(z²). When φ > 1, the between-district
  variance τ² is estimated by DerSimonian–Laird from the winsorised z-scores,
  τ² = (Iφ − (I − 1)) ÷ (Σwᵢ − Σwᵢ² ÷ Σwᵢ) with wᵢ = 1 ÷ sᵢ², and the limits become
  θ₀ ± z_p √(sᵢ² + τ²) (additive random effects; FunnelPlotR does the same in R).

Every result states I, φ, τ² and the method. No ranking without uncertainty.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import stats

__all__ = ["FunnelResult", "binomial_limit", "wilson_limit", "winsorised_phi", "dersimonian_laird_tau2", "funnel"]

#: Column suffix → coverage of the control limits.
LEVELS = {"95": 0.95, "998": 0.998}


def binomial_limit(p: float, n: np.ndarray | float, theta: float) -> np.ndarray:
    """The ``p``-quantile of Binomial(n, θ) ÷ n, interpolated between integers.

    Parameters
    ----------
    p : float
        Probability (0.025 and 0.975 give the 95 % limits).
    n : array-like
        Denominators.
    theta : float
        Target proportion.
    """
    n = np.asarray(n, dtype=float)
    if theta <= 0.0 or theta >= 1.0:  # no variation at all: the limits are the target
        return np.full_like(n, min(max(theta, 0.0), 1.0))
    r = stats.binom.ppf(p, n, theta)
    upper = stats.binom.cdf(r, n, theta)
    lower = stats.binom.cdf(r - 1, n, theta)
    with np.errstate(divide="ignore", invalid="ignore"):
        alpha = np.where(upper > lower, (upper - p) / (upper - lower), 0.0)
        limit = np.clip((r - alpha) / n, 0.0, 1.0)  # r = 0 would interpolate below 0
    # at very small n the interpolation can cross the target (n = 1, θ = 0.026 gives an
    # upper 95 % limit of 0.025): a limit never lies on the wrong side of θ
    return np.maximum(limit, theta) if p > 0.5 else np.minimum(limit, theta)


def wilson_limit(p: float, n: np.ndarray | float, theta: float) -> np.ndarray:
    """Wilson score limit around θ at probability ``p`` (lower for p < 0.5, else upper)."""
    n = np.asarray(n, dtype=float)
    z = stats.norm.ppf(p)
    centre = (theta + z**2 / (2 * n)) / (1 + z**2 / n)
    half = abs(z) * np.sqrt(theta * (1 - theta) / n + z**2 / (4 * n**2)) / (1 + z**2 / n)
    return centre + np.sign(z) * half


def winsorised_phi(z: np.ndarray, fraction: float = 0.1) -> tuple[float, np.ndarray]:
    """Overdispersion φ = mean of squared z-scores winsorised at ``fraction`` per tail.

    Returns
    -------
    phi : float
    winsorised : ndarray
        The winsorised z-scores.
    """
    z = np.asarray(z, dtype=float)
    low, high = np.quantile(z, [fraction, 1 - fraction])
    clipped = np.clip(z, low, high)
    return float(np.mean(clipped**2)), clipped


def dersimonian_laird_tau2(phi: float, s2: np.ndarray) -> float:
    """Between-unit variance τ² (DerSimonian–Laird) from φ and the within variances s²."""
    w = 1.0 / np.asarray(s2, dtype=float)
    k = len(w)
    denominator = w.sum() - (w**2).sum() / w.sum()
    return max(0.0, float((k * phi - (k - 1)) / denominator)) if denominator > 0 else 0.0


@dataclass
class FunnelResult:
    """Limits and flags of one funnel.

    Attributes
    ----------
    table : DataFrame
        One row per unit: ``unit``, ``numerator``, ``denominator``, ``rate``, ``z``,
        the limits ``lower_95``, ``upper_95``, ``lower_998``, ``upper_998`` (at each
        unit's n), ``outside_95``, ``outside_998`` and ``position`` (Korean).
    theta : float
        Pooled rate.
    n_units : int
        I, the number of units with a denominator.
    phi : float
        Winsorised overdispersion.
    tau2 : float
        Between-unit variance (0 unless φ > 1 and random effects are used).
    method : str
        Korean and English description of the limits.
    curve : DataFrame
        Limits over a grid of n for drawing.
    """

    table: pd.DataFrame
    theta: float
    n_units: int
    phi: float
    tau2: float
    method: str
    random_effects: bool
    curve: pd.DataFrame = field(repr=False)


def _limits(n: np.ndarray, theta: float, tau2: float, method: str) -> dict[str, np.ndarray]:
    out = {}
    for suffix, level in LEVELS.items():
        lo_p, hi_p = (1 - level) / 2, 1 - (1 - level) / 2
        if tau2 > 0:
            half = stats.norm.ppf(hi_p) * np.sqrt(theta * (1 - theta) / n + tau2)
            lower, upper = theta - half, theta + half
        elif method == "exact":
            lower, upper = binomial_limit(lo_p, n, theta), binomial_limit(hi_p, n, theta)
        else:
            lower, upper = wilson_limit(lo_p, n, theta), wilson_limit(hi_p, n, theta)
        out[f"lower_{suffix}"], out[f"upper_{suffix}"] = lower, upper
    return out


def _counts(units, numerator, denominator) -> pd.DataFrame:
    """Units with numeric counts; units with a missing or zero denominator left out.

    Raises
    ------
    ValueError
        When no unit has a denominator.
    """
    frame = pd.DataFrame({"unit": list(units), "numerator": pd.to_numeric(pd.Series(list(numerator)), errors="coerce"),
                          "denominator": pd.to_numeric(pd.Series(list(denominator)), errors="coerce")})
    frame = frame[frame["denominator"].notna() & (frame["denominator"] > 0) & frame["numerator"].notna()].reset_index(drop=True)
    if frame.empty:
        raise ValueError("no unit with a denominator")
    return frame


def _method_text(method: str, tau2: float, random_effects: bool) -> str:
    """Korean and English description of the limits."""
    if random_effects:
        return f"무작위효과 한계: 전체 비율 ± z × sqrt(s² + τ²), τ² = {tau2:.2g} (DerSimonian-Laird) / additive random-effects limits"
    name = "정확 이항분포(보간)" if method == "exact" else "Wilson"
    return f"{name} 한계, 과대산포 없음(φ ≤ 1 또는 보정 안 함) / {method} binomial limits"


def funnel(
    units: pd.Series | list,
    numerator: pd.Series | list,
    denominator: pd.Series | list,
    *,
    method: str = "exact",
    overdispersion: bool = True,
) -> FunnelResult:
    """Funnel-plot limits and flags for proportions.

    Parameters
    ----------
    units : sequence
        Unit labels (district codes).
    numerator, denominator : sequence
        Counts; units with a missing or zero denominator are left out.
    method : {"exact", "wilson"}
        Limits without overdispersion.
    overdispersion : bool
        When φ > 1, widen the limits with τ² (additive random effects).

    Returns
    -------
    FunnelResult
    """
    if method not in ("exact", "wilson"):
        raise ValueError(f"unknown method: {method}")
    frame = _counts(units, numerator, denominator)
    x, n = frame["numerator"].to_numpy(float), frame["denominator"].to_numpy(float)
    theta = float(x.sum() / n.sum())
    rate = x / n
    s2 = theta * (1 - theta) / n
    with np.errstate(divide="ignore", invalid="ignore"):  # θ of 0 or 1: no variation, z undefined
        z = np.where(s2 > 0, (rate - theta) / np.sqrt(np.where(s2 > 0, s2, 1.0)), 0.0)
    phi, winsorised = winsorised_phi(z) if len(z) >= 3 else (float(np.mean(z**2)), z)
    tau2 = dersimonian_laird_tau2(phi, s2) if overdispersion and phi > 1 else 0.0
    random_effects = tau2 > 0
    limits = _limits(n, theta, tau2, method)
    frame["rate"] = rate
    with np.errstate(divide="ignore", invalid="ignore"):
        frame["z"] = np.where(s2 + tau2 > 0, (rate - theta) / np.sqrt(np.where(s2 + tau2 > 0, s2 + tau2, 1.0)), 0.0)
    for key, values in limits.items():
        frame[key] = values
    frame["outside_95"] = (rate < frame["lower_95"]) | (rate > frame["upper_95"])
    frame["outside_998"] = (rate < frame["lower_998"]) | (rate > frame["upper_998"])
    frame["position"] = np.select(
        [rate > frame["upper_998"], rate < frame["lower_998"], rate > frame["upper_95"], rate < frame["lower_95"]],
        ["99.8% 상한 위 (매우 높음)", "99.8% 하한 아래 (매우 낮음)", "95% 상한 위 (높음)", "95% 하한 아래 (낮음)"],
        default="한계 안 (우연 범위)",
    )
    grid = np.unique(np.geomspace(max(1.0, n.min() * 0.8), n.max() * 1.2, 200).round())
    curve = pd.DataFrame({"n": grid, **_limits(grid, theta, tau2, method)})
    return FunnelResult(frame, theta, len(frame), phi, tau2, _method_text(method, tau2, random_effects), random_effects, curve)
