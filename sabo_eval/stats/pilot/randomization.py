"""Randomization inference for the DiD with few treated units (Fisher; Young 2019).

The headline of the pilot report asks: had the pilot gone to another set of
districts of the same size, how often would the two-way fixed-effects estimate have
been as far from zero as the one we saw? Every assignment of G₁ treated units among
the G units is enumerated when there are at most ``max_exact`` of them (C(23, 3) =
1,771 for the sample), otherwise a fixed-seed random sample of ``draws`` of them is
used. The p-value counts the assignments (the observed one included) whose estimate
is at least as large in absolute value, and a test rejects when p ≤ α, so its size
is at most α under the sharp null whatever the number of treated units: with one
treated unit among G the p-value cannot go below 1/G.

The interval inverts the test: under the sharp null "the pilot added δ to every
treated month", the outcome without the pilot is y - δ·treated·post, the same under
every assignment; the interval is the range of δ not rejected, found on a grid and
refined by bisection.

Speed (the estimate under one assignment is a ratio of two quadratic forms): by
Frisch–Waugh–Lovell, β = D̃'y / D̃'D̃ with D̃ the treated×post column residualised on
the unit and period effects. D = Σᵢ∈S Pᵢ, where Pᵢ marks unit i's post rows, so with
P̃ the residualised Pᵢ computed once, u = P̃'y and M = P̃'P̃:

    β(S; δ) = (s'u - δ s'M s_obs) / (s'M s),   s the 0/1 vector of assignment S.

Every assignment is then two matrix products. This is the TWFE coefficient exactly,
balanced panel or not. In a balanced panel (every unit seen in every period) it also
equals the difference between the treated and comparison means of each unit's
after-minus-before mean (:func:`~sabo_eval.stats.pilot.estimators.aggregated_did`),
which the tests check; with missing months the two differ, and this module uses the
TWFE coefficient.

The CR1 t statistic of every assignment is computed from the same pieces
(:func:`cr1_over_assignments`), to measure how often CR1 rejects on placebo
assignments.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from itertools import combinations

import numpy as np
import pandas as pd
from scipy import stats

from .panel import _prepare

__all__ = ["RandomizationResult", "cr1_over_assignments", "placebo_rejection_rates", "randomization_inference"]

_MAX_EXACT = 50_000
_DRAWS = 9_999
_SEED = 20130301
_GRID = 101
_RTOL = 1e-10


@dataclass(frozen=True)
class RandomizationResult:
    """Randomization inference on the DiD coefficient.

    Attributes
    ----------
    effect : float
        The TWFE estimate under the observed assignment.
    p_value : float
        Share of assignments with an estimate at least as far from 0 (observed one
        included); two-sided.
    ci_low, ci_high : float
        The δ not rejected at level α (may be infinite when too few assignments
        exist for the test to ever reject, e.g. 1 treated of fewer than 20 units).
    n_assignments : int
        Assignments compared (all of them when ``exact``, else the draws + the
        observed one).
    exact : bool
        Whether every assignment was enumerated.
    min_p : float
        The smallest p-value the design allows (1 / number of assignments).
    n_unidentified : int
        Assignments left out because they leave the effect unidentified (their
        treated units have no post-period row).
    seed : int or None
        Seed of the random sample (None when exact).
    alpha : float
    """

    effect: float
    p_value: float
    ci_low: float
    ci_high: float
    n_assignments: int
    exact: bool
    min_p: float
    n_unidentified: int
    seed: int | None
    alpha: float = 0.05

    def rejects(self) -> bool:
        """Whether 0 lies outside the interval."""
        return bool(self.ci_low > 0 or self.ci_high < 0)


@dataclass(frozen=True)
class _Design:
    """The pieces of the TWFE coefficient under any assignment (see the module docstring)."""

    units: np.ndarray  # unit labels, in the order of the columns below
    observed: np.ndarray  # 0/1 float vector of the observed assignment
    u: np.ndarray  # P̃'y
    m: np.ndarray  # P̃'P̃
    p_tilde: np.ndarray  # n × G
    y_tilde: np.ndarray  # n
    cluster: np.ndarray  # n, unit index of each row
    n_params: int  # parameters of the full TWFE model (for CR1's correction)


def _design(frame: pd.DataFrame) -> _Design:
    """Residualise each unit's post indicator (and y) on unit and period effects once."""
    unit, units = pd.factorize(frame["unit"])
    period, _labels = pd.factorize(frame["period"].astype(str))
    n, g, t = len(frame), len(units), int(period.max()) + 1
    x = np.zeros((n, g + t - 1))
    x[np.arange(n), unit] = 1.0
    later = np.flatnonzero(period > 0)
    x[later, g + period[later] - 1] = 1.0
    post = frame["post"].to_numpy() == 1
    p = np.zeros((n, g))
    p[np.flatnonzero(post), unit[post]] = 1.0
    y = frame["y"].to_numpy(dtype=float)
    rhs = np.column_stack([p, y])
    resid = rhs - x @ np.linalg.lstsq(x, rhs, rcond=None)[0]
    p_tilde, y_tilde = resid[:, :g], resid[:, g]
    observed = frame.groupby(unit)["treated"].first().sort_index().to_numpy(dtype=float)
    return _Design(
        units=np.asarray(units), observed=observed, u=p_tilde.T @ y, m=p_tilde.T @ p_tilde,
        p_tilde=p_tilde, y_tilde=y_tilde, cluster=unit, n_params=int(np.linalg.matrix_rank(x)) + 1,
    )


def _assignments(g: int, g1: int, max_exact: int, draws: int, seed: int) -> tuple[np.ndarray, bool]:
    """0/1 matrix of assignments (rows): all C(g, g1) of them, or ``draws`` random ones."""
    if math.comb(g, g1) <= max_exact:
        chosen = np.array(list(combinations(range(g), g1)), dtype=int).reshape(-1, g1)
        exact = True
    else:
        rng = np.random.default_rng(seed)
        chosen = np.argsort(rng.random((draws, g)), axis=1)[:, :g1]
        exact = False
    s = np.zeros((len(chosen), g))
    np.put_along_axis(s, chosen, 1.0, axis=1)
    return s, exact


def _coefficients(design: _Design, s: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """β(S) for every row of ``s`` (δ = 0), and which rows identify it (s'M s > 0)."""
    den = np.einsum("ag,gh,ah->a", s, design.m, s)
    ok = den > _RTOL * max(float(np.max(den)), 1.0)
    return (s @ design.u) / np.where(ok, den, 1.0), ok


class _Test:
    """p(δ) of the sharp null "effect δ on every treated row", for any δ."""

    def __init__(self, b: np.ndarray, c: np.ndarray, b_obs: float, extra: int, alpha: float) -> None:
        self.b, self.c, self.b_obs, self.extra, self.alpha = b, c, b_obs, extra, alpha
        self.scale = float(np.std(b)) or max(abs(b_obs), 1.0)

    def p(self, delta: float | np.ndarray) -> np.ndarray:
        delta = np.atleast_1d(np.asarray(delta, dtype=float))
        observed = np.abs(self.b_obs - delta)[:, None]
        others = np.abs(self.b[None, :] - delta[:, None] * self.c[None, :])
        count = (others >= observed - _RTOL * (observed + self.scale)).sum(axis=1)
        return (count + self.extra) / (len(self.b) + self.extra)

    def accepts(self, delta: float | np.ndarray) -> np.ndarray:
        return self.p(delta) > self.alpha + 1e-12

    def endpoint(self, side: int) -> float:
        """The farthest δ not rejected on one side of the estimate (grid, then bisection)."""
        far = self.b_obs + side * self.scale
        for _ in range(60):
            if not self.accepts(far)[0]:
                break
            far = self.b_obs + 2 * (far - self.b_obs)
        else:
            return side * math.inf
        grid = self.b_obs + np.linspace(0.0, 1.0, _GRID) * (far - self.b_obs)
        ok = self.accepts(grid)
        last = int(np.flatnonzero(ok).max())
        inside, outside = grid[last], grid[last + 1]
        while abs(outside - inside) > _RTOL * (abs(inside) + self.scale):
            mid = 0.5 * (inside + outside)
            if self.accepts(mid)[0]:
                inside = mid
            else:
                outside = mid
        return float(inside)


def randomization_inference(
    frame: pd.DataFrame,
    *,
    alpha: float = 0.05,
    max_exact: int = _MAX_EXACT,
    draws: int = _DRAWS,
    seed: int = _SEED,
) -> RandomizationResult:
    """Randomization p-value and test-inversion interval of the TWFE DiD coefficient.

    Parameters
    ----------
    frame : DataFrame
        A prepared frame (columns ``y``, ``unit``, ``period``, ``treated``, ``post``,
        no missing value), as :func:`~sabo_eval.stats.pilot.panel._prepare` makes it.
    alpha : float
        1 - confidence level; a δ is rejected when p(δ) ≤ α.
    max_exact : int
        Enumerate every assignment when there are at most this many.
    draws, seed : int
        Otherwise, this many random assignments from ``numpy.random.default_rng(seed)``;
        the p-value is then (1 + count) / (1 + draws).

    Returns
    -------
    RandomizationResult

    Notes
    -----
    Exact under the sharp null when treatment was assigned to G₁ of the G units at
    random (or the units are exchangeable). The pilot districts were chosen by
    application, not at random: the p-value then says how unusual the estimate is
    among the estimates other choices of districts would have given. The interval
    is the range between the lowest and the highest δ not rejected.
    """
    design = _design(frame)
    s, exact = _assignments(len(design.units), int(design.observed.sum()), max_exact, draws, seed)
    b, ok = _coefficients(design, s)
    return _infer(design, s[ok], b[ok], design.observed, exact, int((~ok).sum()), alpha, seed)


def _infer(
    design: _Design, s: np.ndarray, b: np.ndarray, observed: np.ndarray, exact: bool, unidentified: int,
    alpha: float, seed: int,
) -> RandomizationResult:
    """The test of ``observed`` against the (identified) assignments ``s`` with estimates ``b``."""
    den = np.einsum("ag,gh,ah->a", s, design.m, s)
    c = (s @ (design.m @ observed)) / den
    b_obs = float(design.u @ observed / (observed @ design.m @ observed))
    test = _Test(b, c, b_obs, 0 if exact else 1, alpha)
    n = len(b) + test.extra
    return RandomizationResult(
        effect=b_obs,
        p_value=float(test.p(0.0)[0]),
        ci_low=test.endpoint(-1),
        ci_high=test.endpoint(+1),
        n_assignments=n,
        exact=exact,
        min_p=1.0 / n,
        n_unidentified=unidentified,
        seed=None if exact else seed,
        alpha=alpha,
    )


def cr1_over_assignments(frame: pd.DataFrame, assignments: np.ndarray) -> pd.DataFrame:
    """The TWFE estimate and its CR1 t test under each of many assignments.

    Parameters
    ----------
    frame : DataFrame
        A prepared frame (see :func:`randomization_inference`); its ``treated``
        column is ignored.
    assignments : ndarray
        0/1 matrix, one row per assignment, one column per unit in order of first
        appearance in ``frame``.

    Returns
    -------
    DataFrame
        ``estimate``, ``se`` (CR1: G/(G-1)·(n-1)/(n-k), as statsmodels and
        :func:`~sabo_eval.stats.pilot.estimators.did`) and ``p_value`` (t with G - 1
        degrees of freedom), one row per assignment.
    """
    design = _design(frame.assign(treated=0.0))
    s = np.asarray(assignments, dtype=float)
    g, n = len(design.units), len(frame)
    onehot = np.zeros((n, g))
    onehot[np.arange(n), design.cluster] = 1.0
    q = (design.p_tilde * design.y_tilde[:, None]).T @ onehot  # [i, g]
    r = np.einsum("ri,rj,rg->ijg", design.p_tilde, design.p_tilde, onehot)
    den = np.einsum("ag,gh,ah->a", s, design.m, s)
    beta = (s @ design.u) / den
    score = s @ q - beta[:, None] * np.einsum("ai,ijg,aj->ag", s, r, s)
    factor = g / (g - 1) * (n - 1) / (n - design.n_params)
    se = np.sqrt(factor * (score**2).sum(axis=1)) / den
    p = 2 * stats.t.sf(np.abs(beta / se), g - 1)
    return pd.DataFrame({"estimate": beta, "se": se, "p_value": p})


def placebo_rejection_rates(
    data: pd.DataFrame,
    outcome: str,
    sizes: tuple[int, ...] = (1, 2, 3),
    unit: str = "district_code",
    period: str = "period",
    post: str = "post",
    *,
    alpha: float = 0.05,
    max_exact: int = _MAX_EXACT,
    draws: int = _DRAWS,
    seed: int = _SEED,
) -> pd.DataFrame:
    """How often randomization inference and CR1 reject a true zero on placebo assignments.

    Every unit of ``data`` is taken as untreated (pass the comparison units only);
    for each size k in ``sizes``, every assignment of a fake treatment to k units (or
    a fixed-seed sample of ``draws`` when there are more than ``max_exact``) is
    tested against all the others as :func:`randomization_inference` would, and with
    CR1 (:func:`cr1_over_assignments`).

    Parameters
    ----------
    data, outcome, unit, period, post
        As for :func:`~sabo_eval.stats.pilot.estimators.did` (no ``treated``
        column: every unit is a comparison unit). Rows with a missing value are
        dropped first.
    sizes : tuple of int
        Numbers of fake treated units.
    alpha, max_exact, draws, seed
        As for :func:`randomization_inference`.

    Returns
    -------
    DataFrame
        One row per size: ``n_treated``, ``n_units``, ``placebos``, ``ri_rejections``
        (95 % interval excludes 0), ``ri_rate``, ``ri_min_p``, ``cr1_rejections``
        (CR1 t test, p < α), ``cr1_rate``.
    """
    frame, _dropped = _prepare(data.assign(_untreated=0.0), outcome,
                               {"unit": unit, "period": period, "treated": "_untreated", "post": post})
    design = _design(frame)
    g = len(design.units)
    rows = []
    for k in sizes:
        s, exact = _assignments(g, k, max_exact, draws, seed)
        b, ok = _coefficients(design, s)
        s, b = s[ok], b[ok]
        ri = [_infer(design, s, b, row, exact, 0, alpha, seed).rejects() for row in s]
        cr1 = cr1_over_assignments(frame, s)["p_value"].to_numpy() < alpha
        rows.append(
            {
                "n_treated": k, "n_units": g, "placebos": len(s), "ri_rejections": int(np.sum(ri)),
                "ri_rate": float(np.mean(ri)), "ri_min_p": 1.0 / (len(s) + (0 if exact else 1)),
                "cr1_rejections": int(cr1.sum()), "cr1_rate": float(cr1.mean()),
            }
        )
    return pd.DataFrame(rows)
