"""Poisson funnels for counts over a population (events per 1,000 people).

A unit with O events among P people is compared with its expected count E = θ₀ P,
θ₀ = ΣO ÷ ΣP (or a given ``target``). Without overdispersion the limits are PHE's
(PHEindicatormethods ``calculate_funnel_limits``/``assign_funnel_significance``,
statistic "rate" or "ratio"): a unit is flagged high when E lies below the lower end
of its own exact Poisson interval, low when E lies above the upper end
(``method="exact"``: gamma/χ² quantiles; ``method="byar"``: PHE's mixture, exact
below 10 events and Byar's approximation from 10). Being the exact test, both tails
are at or below nominal. The drawn limit at P is the count whose own interval
touches E (:func:`~sabo_eval.stats.funnel.limits.poisson_count_limit`), divided by P.

Overdispersion follows FunnelPlotR (``data_type = "SR"``, ratio r = O ÷ E, target 1):

* ``scale="sqrt"`` (CQC): z = 2(√O − √E), winsorised at ``fraction`` per tail;
  limits θ₀ (1 ± z_p √(1 ÷ 4E + τ²))². FunnelPlotR at commit 9020d49 draws
  1 ± z_p √(1 ÷ 4E + τ²) — the square-root-scale limit without squaring it back
  (``calculate_limits.R``) — which is about half as wide; we square it back.
* ``scale="log"`` (SHMI): z = √E log(O ÷ E), *truncated* (the ranks in the outer
  ``fraction`` dropped) as FunnelPlotR does for SHMI; limits θ₀ exp(±z_p √(1 ÷ E + τ²)).
  A unit with no events has no logarithm: refused, use ``"sqrt"``.

φ = mean(z²) of the units kept; when φ > 1, τ² by DerSimonian–Laird and the flags use
the widened limits, as FunnelPlotR does when ``draw_adjusted`` is on.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

from .dispersion import dersimonian_laird_tau2, truncated_phi, winsorised_phi
from .inputs import checked_counts
from .limits import LEVELS, poisson_count_limit, poisson_interval
from .proportion import overdispersion_text
from .result import FunnelResult, positions

__all__ = ["poisson_funnel"]

_NAMES = {
    "exact": "정확 포아송 한계(PHE) / exact Poisson limits (PHEindicatormethods)",
    "byar": "포아송 한계(10건 미만 정확, 이상 Byar 근사; PHE) / exact below 10 events, Byar's approximation from 10 (PHE)",
}


def _plain_limits(expected: np.ndarray, population: np.ndarray, method: str) -> dict[str, np.ndarray]:
    out = {}
    for suffix, level in LEVELS.items():
        tail = (1 - level) / 2
        out[f"lower_{suffix}"] = poisson_count_limit(tail, expected, method) / population
        out[f"upper_{suffix}"] = poisson_count_limit(1 - tail, expected, method) / population
    return out


def _adjusted_limits(expected: np.ndarray, theta: float, tau2: float, scale: str) -> dict[str, np.ndarray]:
    out = {}
    for suffix, level in LEVELS.items():
        z = stats.norm.ppf(1 - (1 - level) / 2)
        if scale == "sqrt":
            half = z * np.sqrt(1 / (4 * expected) + tau2)
            low, high = np.maximum(1 - half, 0.0) ** 2, (1 + half) ** 2
        else:
            half = z * np.sqrt(1 / expected + tau2)
            low, high = np.exp(-half), np.exp(half)
        out[f"lower_{suffix}"], out[f"upper_{suffix}"] = theta * low, theta * high
    return out


def _exact_flags(observed: np.ndarray, expected: np.ndarray, method: str) -> dict[str, np.ndarray]:
    """PHE's test as limits: ±inf where the unit is flagged, so ``positions`` can compare."""
    out = {}
    for suffix, level in LEVELS.items():
        low, high = poisson_interval(observed, level, method)
        out[f"upper_{suffix}"] = np.where(expected < low, -np.inf, np.inf)
        out[f"lower_{suffix}"] = np.where(expected > high, np.inf, -np.inf)
    return out


def _dispersion(observed, expected, scale: str, fraction: float) -> tuple[np.ndarray, float, np.ndarray]:
    """z-scores, φ and the within variances of the units φ kept."""
    if scale == "sqrt":
        z, s2 = 2 * (np.sqrt(observed) - np.sqrt(expected)), 1 / (4 * expected)
        if len(z) < 3:
            return z, float(np.mean(z**2)), s2
        return z, winsorised_phi(z, fraction)[0], s2
    z, s2 = np.sqrt(expected) * np.log(observed / expected), 1 / expected
    if len(z) < 3:
        return z, float(np.mean(z**2)), s2
    phi, kept = truncated_phi(z, fraction)
    return z, phi, s2[kept]


def poisson_funnel(
    units: pd.Series | list,
    observed: pd.Series | list,
    population: pd.Series | list,
    *,
    per: float = 1000,
    method: str = "exact",
    scale: str = "sqrt",
    overdispersion: bool = True,
    fraction: float = 0.1,
    target: float | None = None,
    duplicates: str = "refuse",
) -> FunnelResult:
    """Funnel-plot limits and flags for counts per population.

    Parameters
    ----------
    units : sequence
        Unit labels (district codes).
    observed : sequence
        Event counts (whole numbers).
    population : sequence
        People at risk (or expected counts with ``target=1``, for standardised ratios).
    per : float
        Display multiplier (1,000: events per 1,000 people).
    method : {"exact", "byar"}
        Limits without overdispersion.
    scale : {"sqrt", "log"}
        Scale of the overdispersion adjustment (FunnelPlotR's CQC and SHMI methods).
    overdispersion : bool
        When φ > 1, widen the limits with τ².
    fraction : float
        Winsorising (sqrt) or truncation (log) fraction per tail.
    target : float, optional
        Events per person to compare with; the pooled rate when omitted.
    duplicates : {"refuse", "sum"}

    Returns
    -------
    FunnelResult
        ``kind="rate"``; ``rate`` and the limits are events per person (× ``scale`` = ``per``
        for display).
    """
    if method not in _NAMES or scale not in ("sqrt", "log"):
        raise ValueError(f"unknown method or scale: {method}, {scale}")
    counts, excluded = checked_counts(units, observed, population, proportion=False, whole_numerators=True,
                                      whole_denominators=False, duplicates=duplicates)
    o, p = counts["numerator"].to_numpy(float), counts["denominator"].to_numpy(float)
    theta = float(target) if target is not None else float(o.sum() / p.sum())
    if not theta > 0:
        raise ValueError("사건이 하나도 없어 비교할 수 없습니다 / no events: nothing to compare")
    if scale == "log" and (o == 0).any():
        raise ValueError(f"로그 척도는 0건인 단위를 다룰 수 없습니다: {', '.join(map(str, counts.loc[o == 0, 'unit']))} "
                         "/ the log scale cannot take units with no events; use scale='sqrt'")
    e = theta * p
    z, phi, s2 = _dispersion(o, e, scale, fraction)
    tau2 = dersimonian_laird_tau2(phi, s2) if overdispersion and phi > 1 else 0.0
    plain = _plain_limits(e, p, method)
    limits = _adjusted_limits(e, theta, tau2, scale) if tau2 > 0 else plain
    flags = positions(o / p, limits if tau2 > 0 else _exact_flags(o, e, method))
    table = counts.assign(rate=o / p, z=z / np.sqrt(1 + tau2 / (1 / (4 * e) if scale == "sqrt" else 1 / e)), **limits,
                          **{f"{k}_unadjusted": v for k, v in plain.items()}, **flags)
    grid = np.geomspace(p.min() * 0.8, p.max() * 1.2, 200)
    adjusted = _adjusted_limits(theta * grid, theta, tau2, scale) if tau2 > 0 else _plain_limits(theta * grid, grid, method)
    curve = pd.DataFrame({"n": grid, **adjusted,
                          **{f"{k}_unadjusted": v for k, v in _plain_limits(theta * grid, grid, method).items()}})
    text = _NAMES[method]
    if tau2 > 0:
        text = overdispersion_text(phi, tau2, fraction, "제곱근 척도" if scale == "sqrt" else "로그 척도") + f"; 보정 전: {text}"
    else:
        text += "; 과대산포 보정 없음(φ ≤ 1 또는 보정 안 함)"
    return FunnelResult(table, theta, len(table), phi, tau2, text, tau2 > 0, curve, excluded=excluded, kind="rate",
                        scale=float(per), fraction=fraction)
