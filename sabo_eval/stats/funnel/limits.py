"""Control limits of funnel plots, one function per definition.

Proportions
-----------
* :func:`binomial_limit` — exact binomial limits with Spiegelhalter's interpolation
  (Spiegelhalter 2005, *Statistics in Medicine* 24:1185, appendix A.1.1), the upper
  limit obtained by reflection, upper(p; n, θ) = 1 − lower(1 − p; n, 1 − θ)
  (Manktelow & Seaton 2012, *BMC Medical Research Methodology* 12:10, discuss the
  asymmetry of the interpolated limits). Why reflection: the interpolated p-quantile
  r − α lies in (r − 1, r], so the usual upper limit flags x = r although
  P(X ≥ r) > 1 − p — on a grid of θ and n the upper-tail rate was 7.6 % on average
  at a nominal 2.5 %. The lower limit flags x ≤ r − 1 with P(X ≤ r − 1) < p, so it
  never over-flags; reflecting it gives an upper limit with the same guarantee. A unit
  is flagged exactly when its one-sided exact binomial p-value is below the tail
  probability, so both tails are at or below nominal for every θ and n.
* :func:`wilson_limit` — PHEindicatormethods' Wilson funnel (``sigma_adjustment`` in
  ``R/utils.R``): the proportion y whose own Wilson score interval just touches θ,
  which is θ ± z √(θ(1 − θ) ÷ n), cut to [0, 1].
* :func:`arcsine_limit` — FunnelPlotR's proportion limits (``calculate_limits.R``,
  data_type "PR"): sin²(asin √θ ± z √(1 ÷ 4n + τ²)). FunnelPlotR cuts non-monotone
  limits at small n to 0 or 1; we cut the angle to [0, π ÷ 2], which gives the same
  limits wherever FunnelPlotR's are monotone.

Counts over a population (Poisson)
----------------------------------
* :func:`poisson_interval` — the exact interval of an observed count (χ² / gamma), or
  PHE's mixture (exact below 10 events, Byar's approximation from 10; ``byars_lower``,
  ``byars_upper``, ``funnel_ratio_significance`` in PHE's ``R/utils.R``).
* :func:`poisson_count_limit` — the count whose own interval just touches the expected
  count E (PHE's funnel for rates and ratios, ``poisson_funnel``), found by bisection
  on a continuous count.
* :func:`funnelplotr_poisson_limit` — FunnelPlotR's unadjusted limits for standardised
  ratios (the exact interval of a unit that observed E, divided by E). Given for
  comparison only: it is the analogue for counts of the Wilson interval *at* θ, which
  item 2 of issue 16 corrected for proportions; our flags use PHE's definition.
"""

from __future__ import annotations

import numpy as np
from scipy import stats

__all__ = [
    "LEVELS",
    "binomial_limit",
    "wilson_limit",
    "arcsine_limit",
    "normal_limit",
    "poisson_interval",
    "poisson_count_limit",
    "funnelplotr_poisson_limit",
]

#: Column suffix → coverage of the control limits.
LEVELS = {"95": 0.95, "998": 0.998}


def _lower_binomial(p: float, n: np.ndarray, theta: float) -> np.ndarray:
    """Spiegelhalter's interpolated lower p-quantile of Binomial(n, θ) ÷ n (p < 0.5)."""
    r = stats.binom.ppf(p, n, theta)
    at_r = stats.binom.cdf(r, n, theta)
    below_r = stats.binom.cdf(r - 1, n, theta)
    with np.errstate(divide="ignore", invalid="ignore"):
        alpha = np.where(at_r > below_r, (at_r - p) / (at_r - below_r), 0.0)
        return np.clip((r - alpha) / n, 0.0, 1.0)  # r = 0 would interpolate below 0


def binomial_limit(p: float, n: np.ndarray | float, theta: float) -> np.ndarray:
    """Exact binomial control limit at probability ``p`` (lower for p < 0.5, else upper).

    Parameters
    ----------
    p : float
        Probability (0.025 and 0.975 give the 95 % limits; 0.001 and 0.999 the 99.8 %).
    n : array-like
        Denominators.
    theta : float
        Target proportion.

    Returns
    -------
    ndarray
        The lower limit is Spiegelhalter's interpolated p-quantile ÷ n; the upper limit
        is its reflection 1 − lower(1 − p; n, 1 − θ), so that a unit is flagged high
        only when P(X ≥ x) < 1 − p (see the module docstring). For θ = 0.6 and n = 20:
        0.356–0.837 (95 %) and 0.226–0.942 (99.8 %).
    """
    n = np.asarray(n, dtype=float)
    if theta <= 0.0 or theta >= 1.0:  # no variation at all: the limits are the target
        return np.full_like(n, min(max(theta, 0.0), 1.0))
    if p < 0.5:
        return np.minimum(_lower_binomial(p, n, theta), theta)
    return np.maximum(1.0 - _lower_binomial(1.0 - p, n, 1.0 - theta), theta)


def wilson_limit(p: float, n: np.ndarray | float, theta: float) -> np.ndarray:
    """PHE's Wilson funnel limit: the y whose own Wilson interval touches θ.

    Solving θ = Wilson bound(y; n) for y gives y = θ ± z √(θ(1 − θ) ÷ n), the score
    test's acceptance region; cut to [0, 1] as PHE does (``max(0, ·)``, ``min(100, ·)``).
    """
    n = np.asarray(n, dtype=float)
    z = stats.norm.ppf(p)
    return np.clip(theta + z * np.sqrt(theta * (1.0 - theta) / n), 0.0, 1.0)


def arcsine_limit(p: float, n: np.ndarray | float, theta: float, tau2: float = 0.0) -> np.ndarray:
    """FunnelPlotR's proportion limit on the arcsine-square-root scale.

    sin²(asin √θ + z_p √(1 ÷ 4n + τ²)), the angle cut to [0, π ÷ 2].
    """
    n = np.asarray(n, dtype=float)
    angle = np.arcsin(np.sqrt(theta)) + stats.norm.ppf(p) * np.sqrt(1.0 / (4.0 * n) + tau2)
    return np.sin(np.clip(angle, 0.0, np.pi / 2)) ** 2


def normal_limit(p: float, n: np.ndarray | float, theta: float, tau2: float) -> np.ndarray:
    """Additive random-effects limit θ + z_p √(θ(1 − θ) ÷ n + τ²), cut to [0, 1]."""
    n = np.asarray(n, dtype=float)
    return np.clip(theta + stats.norm.ppf(p) * np.sqrt(theta * (1.0 - theta) / n + tau2), 0.0, 1.0)


def _byar(count: np.ndarray, z: float, side: str) -> np.ndarray:
    """Byar's approximation to the exact Poisson interval (PHE ``byars_lower``/``byars_upper``)."""
    if side == "low":
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(count > 0, count * (1 - 1 / (9 * count) - z / (3 * np.sqrt(count))) ** 3, 0.0)
    shifted = count + 1
    return shifted * (1 - 1 / (9 * shifted) + z / (3 * np.sqrt(shifted))) ** 3


def poisson_interval(count: np.ndarray | float, level: float, method: str = "exact") -> tuple[np.ndarray, np.ndarray]:
    """Two-sided interval for the mean of a Poisson count.

    Parameters
    ----------
    count : array-like
        Observed counts (may be non-integer for drawing curves).
    level : float
        Coverage, e.g. 0.95 or 0.998.
    method : {"exact", "byar"}
        ``"exact"``: gamma (χ²) quantiles, [Γ⁻¹(α/2; x), Γ⁻¹(1 − α/2; x + 1)].
        ``"byar"``: as PHE's ``funnel_ratio_significance``, exact below 10 events,
        Byar's approximation from 10.
    """
    count = np.asarray(count, dtype=float)
    tail = (1.0 - level) / 2
    with np.errstate(invalid="ignore"):
        low = np.where(count > 0, stats.gamma.ppf(tail, np.where(count > 0, count, 1.0)), 0.0)
    high = stats.gamma.ppf(1.0 - tail, count + 1)
    if method == "byar":
        z = stats.norm.ppf(1.0 - tail)
        big = count >= 10
        low = np.where(big, _byar(count, z, "low"), low)
        high = np.where(big, _byar(count, z, "high"), high)
    elif method != "exact":
        raise ValueError(f"unknown Poisson method: {method}")
    return low, high


def poisson_count_limit(p: float, expected: np.ndarray | float, method: str = "exact") -> np.ndarray:
    """The count x whose own Poisson interval (``level`` = |1 − 2p|) touches ``expected``.

    For p > 0.5 (upper limit): the x with lower bound(x) = E; for p < 0.5 (lower
    limit): the x with upper bound(x) = E, or 0 when even x = 0 reaches E. A unit with
    count O and expectation E is flagged high exactly when E < lower bound(O), i.e.
    when O lies above this limit (PHE's ``assign_funnel_significance``).
    """
    expected = np.asarray(expected, dtype=float)
    level = abs(1.0 - 2.0 * p)
    bound = 0 if p > 0.5 else 1

    def gap(x: np.ndarray) -> np.ndarray:
        return poisson_interval(x, level, method)[bound] - expected

    lo = np.zeros_like(expected)
    hi = expected + 20.0 * np.sqrt(expected) + 40.0
    for _ in range(100):  # bisection: the bound increases with the count
        mid = (lo + hi) / 2
        above = gap(mid) > 0
        hi, lo = np.where(above, mid, hi), np.where(above, lo, mid)
    out = (lo + hi) / 2
    if bound == 1:
        out = np.where(gap(np.zeros_like(expected)) >= 0, 0.0, out)
    return out


def funnelplotr_poisson_limit(p: float, expected: np.ndarray | float, target: float = 1.0) -> np.ndarray:
    """FunnelPlotR's unadjusted standardised-ratio limit (``calculate_limits.R``, data_type "SR").

    lower: target × χ²_{2E}(upper tail 1 − p) ÷ 2 ÷ E; upper: target × χ²_{2(E+1)}(upper tail
    1 − p) ÷ 2 ÷ E — the exact interval of a unit that observed its expectation. Given so that
    advisors can compare; :func:`poisson_count_limit` is what our funnels use.
    """
    expected = np.asarray(expected, dtype=float)
    shape = expected if p < 0.5 else expected + 1
    return target * stats.gamma.ppf(p, shape) / expected

