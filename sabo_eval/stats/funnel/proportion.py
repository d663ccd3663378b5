"""Funnel plots for comparing districts' proportions (Spiegelhalter 2005, 2012).

* The target is the pooled rate θ₀ = Σx ÷ Σn.
* Limits at 95 % and 99.8 % without overdispersion (``method``):
  ``"exact"`` — exact binomial with interpolation, the upper limit by reflection so
  that both tails stay at or below nominal (for θ₀ = 0.6 and n = 20: 0.356–0.837 and
  0.226–0.942; :func:`~sabo_eval.stats.funnel.limits.binomial_limit`);
  ``"wilson"`` — PHEindicatormethods' Wilson funnel, θ₀ ± z √(θ₀(1 − θ₀) ÷ n);
  ``"arcsine"`` — FunnelPlotR's limits on the arcsine-square-root scale.
* Overdispersion (Spiegelhalter 2005, *QSHC* 14:347): z-scores are winsorised at
  ``fraction`` (10 %) per tail and φ = mean(z²); when φ > 1, τ² by DerSimonian–Laird
  and the flags use the widened limits (the unadjusted ones stay in the table and are
  drawn beside them).

Where we differ from the references, on purpose
------------------------------------------------
* FunnelPlotR (``data_type = "PR"``) works on the arcsine scale throughout: z-scores
  2√n (asin √y − asin √θ₀), τ² added on that scale, limits
  sin²(asin √θ₀ ± z √(1 ÷ 4n + τ²)). That is ``method="arcsine"`` here. Our default
  (``"exact"``/``"wilson"``) uses z-scores on the proportion scale,
  (y − θ₀) ÷ √(θ₀(1 − θ₀) ÷ n), and random-effects limits θ₀ ± z √(θ₀(1 − θ₀) ÷ n + τ²)
  cut to [0, 1] — Spiegelhalter's additive model on the natural scale, which the
  council reports explain in percentage points. Near 0 or 1 the two differ; the
  arcsine scale keeps limits inside [0, 1] without cutting.
* FunnelPlotR always sums units given twice; we refuse them unless
  ``duplicates="sum"``.
* PHEindicatormethods accepts fractional numerators; so do we for ``"wilson"`` and
  ``"arcsine"``, not for ``"exact"`` (the binomial needs whole counts).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .dispersion import dersimonian_laird_tau2, winsorised_phi
from .inputs import checked_counts
from .limits import LEVELS, arcsine_limit, binomial_limit, normal_limit, wilson_limit
from .result import FunnelResult, positions

__all__ = ["funnel", "METHODS"]

METHODS = ("exact", "wilson", "arcsine")

_NAMES = {
    "exact": "정확 이항분포 한계(보간, 상한은 반사) / exact binomial limits, interpolated, upper limit by reflection",
    "wilson": "Wilson 한계(PHE: 자기 Wilson 구간이 전체 비율에 닿는 값) / Wilson score funnel (PHEindicatormethods)",
    "arcsine": "아크사인 변환 한계(FunnelPlotR) / arcsine-square-root limits (FunnelPlotR)",
}


def _limits(n: np.ndarray, theta: float, tau2: float, method: str) -> dict[str, np.ndarray]:
    out = {}
    for suffix, level in LEVELS.items():
        for side, p in (("lower", (1 - level) / 2), ("upper", 1 - (1 - level) / 2)):
            if method == "arcsine":
                limit = arcsine_limit(p, n, theta, tau2)
            elif tau2 > 0:
                limit = normal_limit(p, n, theta, tau2)
            elif method == "exact":
                limit = binomial_limit(p, n, theta)
            else:
                limit = wilson_limit(p, n, theta)
            out[f"{side}_{suffix}"] = limit
    return out


def _z_scores(rate: np.ndarray, n: np.ndarray, theta: float, method: str) -> tuple[np.ndarray, np.ndarray]:
    """Unadjusted z-scores and within-unit variances on the working scale."""
    if method == "arcsine":
        return (np.arcsin(np.sqrt(rate)) - np.arcsin(np.sqrt(theta))) * 2 * np.sqrt(n), 1.0 / (4 * n)
    s2 = theta * (1 - theta) / n
    with np.errstate(divide="ignore", invalid="ignore"):  # θ of 0 or 1: no variation, z undefined
        return np.where(s2 > 0, (rate - theta) / np.sqrt(np.where(s2 > 0, s2, 1.0)), 0.0), s2


def overdispersion_text(phi: float, tau2: float, fraction: float, scale: str) -> str:
    """Korean and English description of the random-effects adjustment."""
    return (
        f"무작위효과 한계: τ² = {tau2:.2g} ({scale}, DerSimonian-Laird), φ = {phi:.2f} (z점수 양쪽 {100 * fraction:.0f}% 조정) "
        f"/ additive random-effects limits, τ² on the {scale} scale, φ from z-scores trimmed {100 * fraction:.0f}% per tail"
    )


def _method_text(method: str, phi: float, tau2: float, fraction: float) -> str:
    if tau2 > 0:
        scale = "아크사인 척도" if method == "arcsine" else "비율 척도"
        return overdispersion_text(phi, tau2, fraction, scale) + f"; 보정 전: {_NAMES[method]}"
    return f"{_NAMES[method]}; 과대산포 보정 없음(φ ≤ 1 또는 보정 안 함)"


def funnel(
    units: pd.Series | list,
    numerator: pd.Series | list,
    denominator: pd.Series | list,
    *,
    method: str = "exact",
    overdispersion: bool = True,
    fraction: float = 0.1,
    duplicates: str = "refuse",
) -> FunnelResult:
    """Funnel-plot limits and flags for proportions.

    Parameters
    ----------
    units : sequence
        Unit labels (district codes).
    numerator, denominator : sequence
        Counts. Units with a missing value are left out and listed in
        ``result.excluded``; impossible values raise (see
        :func:`~sabo_eval.stats.funnel.inputs.checked_counts`).
    method : {"exact", "wilson", "arcsine"}
        Limits without overdispersion (see the module docstring).
    overdispersion : bool
        When φ > 1, widen the limits with τ² (additive random effects).
    fraction : float
        Winsorising fraction per tail for φ (FunnelPlotR's ``trim_by``); with fewer
        than three units nothing is winsorised.
    duplicates : {"refuse", "sum"}

    Returns
    -------
    FunnelResult
    """
    if method not in METHODS:
        raise ValueError(f"unknown method: {method}")
    counts, excluded = checked_counts(units, numerator, denominator, proportion=True, whole_numerators=method == "exact",
                                      whole_denominators=True, duplicates=duplicates)
    x, n = counts["numerator"].to_numpy(float), counts["denominator"].to_numpy(float)
    theta = float(x.sum() / n.sum())
    rate = x / n
    z, s2 = _z_scores(rate, n, theta, method)
    phi = winsorised_phi(z, fraction)[0] if len(z) >= 3 else float(np.mean(z**2))
    tau2 = dersimonian_laird_tau2(phi, s2) if overdispersion and phi > 1 else 0.0
    plain = _limits(n, theta, 0.0, method)
    limits = _limits(n, theta, tau2, method) if tau2 > 0 else plain
    table = counts.assign(rate=rate)
    with np.errstate(divide="ignore", invalid="ignore"):
        table["z"] = np.where(s2 + tau2 > 0, z * np.sqrt(s2 / np.where(s2 + tau2 > 0, s2 + tau2, 1.0)), 0.0)
    table = table.assign(**limits, **{f"{k}_unadjusted": v for k, v in plain.items()}, **positions(rate, limits))
    grid = np.unique(np.geomspace(max(1.0, n.min() * 0.8), n.max() * 1.2, 200).round())
    curve = pd.DataFrame({"n": grid, **_limits(grid, theta, tau2, method),
                          **{f"{k}_unadjusted": v for k, v in _limits(grid, theta, 0.0, method).items()}})
    return FunnelResult(table, theta, len(table), phi, tau2, _method_text(method, phi, tau2, fraction), tau2 > 0, curve,
                        excluded=excluded, kind="proportion", scale=100.0, fraction=fraction)
