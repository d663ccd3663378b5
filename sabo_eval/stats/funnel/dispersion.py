"""Overdispersion of a funnel: φ from trimmed z-scores, τ² by DerSimonian–Laird.

Spiegelhalter (2005), "Handling over-dispersion of performance indicators", *Quality
and Safety in Health Care* 14:347: z-scores are winsorised (or, in the NHS SHMI,
truncated) at a fraction per tail, φ = mean(z²) over the units kept, and
τ² = (Iφ − (I − 1)) ÷ (Σwᵢ − Σwᵢ² ÷ Σwᵢ), wᵢ = 1 ÷ sᵢ². The same formulas are
FunnelPlotR's ``winsorisation``, ``truncation``, ``phi_func`` and ``tau_func``
(``R/od_adjustment.R``); quantiles are R's type 7, numpy's default.
"""

from __future__ import annotations

import numpy as np
from scipy import stats

__all__ = ["winsorised_phi", "truncated_phi", "dersimonian_laird_tau2"]


def _check_fraction(fraction: float) -> None:
    if not 0.0 <= fraction < 0.5:
        raise ValueError(f"trimming fraction must be in [0, 0.5): {fraction}")


def winsorised_phi(z: np.ndarray, fraction: float = 0.1) -> tuple[float, np.ndarray]:
    """Overdispersion φ = mean of squared z-scores winsorised at ``fraction`` per tail.

    Returns
    -------
    phi : float
    winsorised : ndarray
        The winsorised z-scores (all of them: winsorising keeps every unit).
    """
    _check_fraction(fraction)
    z = np.asarray(z, dtype=float)
    low, high = np.quantile(z, [fraction, 1 - fraction])
    clipped = np.clip(z, low, high)
    return float(np.mean(clipped**2)), clipped


def truncated_phi(z: np.ndarray, fraction: float = 0.1) -> tuple[float, np.ndarray]:
    """φ over the z-scores left after dropping ``fraction`` of the ranks at each end (SHMI).

    As FunnelPlotR's ``truncation``: with k = 1 ÷ fraction groups, a unit of average rank
    r is kept when 0 < ⌊r k ÷ (I + 1)⌋ < k − 1.

    Returns
    -------
    phi : float
    kept : ndarray of bool
        Which units were kept.
    """
    _check_fraction(fraction)
    z = np.asarray(z, dtype=float)
    if fraction == 0:
        return float(np.mean(z**2)), np.ones(len(z), dtype=bool)
    k = 1.0 / fraction
    group = np.floor(stats.rankdata(z, method="average") * k / (len(z) + 1))
    kept = (group > 0) & (group < k - 1)
    return (float(np.mean(z[kept] ** 2)) if kept.any() else float("nan")), kept


def dersimonian_laird_tau2(phi: float, s2: np.ndarray) -> float:
    """Between-unit variance τ² (DerSimonian–Laird) from φ and the within variances s².

    Zero when Iφ < I − 1, as in FunnelPlotR's ``tau_func``.
    """
    w = 1.0 / np.asarray(s2, dtype=float)
    k = len(w)
    denominator = w.sum() - (w**2).sum() / w.sum()
    return max(0.0, float((k * phi - (k - 1)) / denominator)) if denominator > 0 else 0.0
