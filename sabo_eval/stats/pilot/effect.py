"""The pilot's headline effect: the TWFE DiD with inference valid for few treated units.

:func:`pilot_effect` returns everything the pilot report's first sentence states:
the estimate, its interval and p-value from randomization inference over the
assignments of treatment to units (:mod:`.randomization`), the method in Korean and
English, the numbers of treated and comparison units, and the second opinions kept
for the methods table: the restricted wild cluster bootstrap with Webb weights
(:mod:`.bootstrap`) and the CR1 cluster-robust t interval
(:func:`~sabo_eval.stats.pilot.estimators.did`).

Why not CR1 for the headline: on placebo assignments among the sample's 20
comparison districts, the CR1 t test rejects a true zero at 5 % in 60 % of them with
1 treated district, 18 % with 2 and 10.8 % with 3 (MacKinnon and Webb 2017 explain
why: the variance of the few treated clusters' scores is estimated from those few
clusters). Randomization inference rejects in at most 5 % by construction.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from .bootstrap import BootstrapResult, wild_cluster_bootstrap
from .estimators import did
from .inference import _percent
from .panel import _check_did_design, _prepare, _start_of
from .randomization import RandomizationResult, randomization_inference
from .results import DidResult

__all__ = ["PilotEffect", "pilot_effect"]


@dataclass(frozen=True, eq=False)
class PilotEffect:
    """The headline estimate of a pilot and how it was inferred.

    Attributes
    ----------
    effect : float
        TWFE DiD estimate, in the outcome's unit.
    ci_low, ci_high : float
        Randomization-inference interval at level 1 - alpha (test inversion); may
        be infinite when the design cannot reject (too few assignments).
    p_value : float
        Randomization p-value of "no effect" (never below ``randomization.min_p``).
    alpha : float
    pre_mean : float
        Mean outcome of the treated units before the start.
    effect_pct, pct_ci_low, pct_ci_high : float
        Effect and interval in percent of ``pre_mean``.
    n_treated, n_control : int
        Treated and comparison units.
    n_obs, n_dropped : int
        Rows used, rows dropped for a missing value.
    start : str
        First period counted as ``post``.
    method, method_en : str
        The headline method in Korean and in English.
    permutation_only : bool
        True with one treated unit: the verdict rests on randomization inference
        alone (no bootstrap; CR1 shown but not to be trusted).
    randomization : RandomizationResult
    bootstrap : BootstrapResult or None
        None when not run (one treated unit, or not asked); ``bootstrap_note`` says why.
    bootstrap_note : str
    cr1 : DidResult or None
        The CR1 cluster-robust result (None when not asked).
    """

    effect: float
    ci_low: float
    ci_high: float
    p_value: float
    alpha: float
    pre_mean: float
    effect_pct: float
    pct_ci_low: float
    pct_ci_high: float
    n_treated: int
    n_control: int
    n_obs: int
    n_dropped: int
    start: str
    method: str
    method_en: str
    permutation_only: bool
    randomization: RandomizationResult
    bootstrap: BootstrapResult | None
    bootstrap_note: str
    cr1: DidResult | None

    def rejects(self) -> bool:
        """Whether the interval excludes 0 (the headline verdict)."""
        return bool(self.ci_low > 0 or self.ci_high < 0)

    def covers(self, value: float) -> bool:
        """Whether the interval contains ``value``."""
        return bool(self.ci_low <= value <= self.ci_high)


def _methods(ri: RandomizationResult, n1: int, g: int, alpha: float) -> tuple[str, str]:
    """The headline method, Korean and English."""
    level = f"{100 * (1 - alpha):.0f}%"
    if ri.exact:
        ko_set = f"가능한 배정 {ri.n_assignments:,}가지(C({g}, {n1})) 전부"
        en_set = f"all C({g}, {n1}) = {ri.n_assignments:,} assignments"
    else:
        ko_set = f"배정 {ri.n_assignments - 1:,}가지를 무작위로 뽑고(시드 {ri.seed}) 실제 배정을 더한 {ri.n_assignments:,}가지"
        en_set = f"{ri.n_assignments - 1:,} random assignments (seed {ri.seed}) plus the observed one"
    ko = (
        f"무작위화(순열) 추론: 처리 자치구 {n1}곳을 전체 {g}곳 가운데 다른 {n1}곳으로 바꾸어 배정하는 {ko_set}에서 "
        "같은 이중차분 추정치를 구하고, 실제 추정치만큼 0에서 먼 배정의 비율을 p값으로 봄(p ≤ "
        f"{alpha:g}이면 기각). {level} 신뢰구간은 효과 δ를 시범 자치구의 시작 후 값에서 빼도 기각되지 않는 δ의 범위"
        f"(검정 역산, 격자와 이분법). 처리 자치구가 적어도 크기가 정확하지만, p값은 1/{ri.n_assignments:,} = "
        f"{ri.min_p:.4f}보다 작아질 수 없음. 시범 자치구가 무작위로 뽑히지 않았으므로, 다른 자치구를 골랐을 때의 "
        "추정치들과 견주어 얼마나 드문 결과인지를 뜻함."
    )
    en = (
        f"Randomization inference over {en_set} of treatment to {n1} of {g} units: two-sided p-value of the "
        f"TWFE DiD coefficient (share of assignments at least as far from 0; p <= {alpha:g} rejects); {level} "
        "interval by test inversion under a constant additive effect (grid and bisection); smallest attainable "
        f"p-value 1/{ri.n_assignments:,}."
    )
    if ri.n_unidentified:
        ko += f" 효과를 추정할 수 없는 배정 {ri.n_unidentified:,}가지는 뺌."
        en += f" {ri.n_unidentified:,} assignments that do not identify the effect are left out."
    return ko, en


def _bootstrap(frame, n1, cr1, alpha, draws, seed, interval) -> tuple[BootstrapResult | None, str]:
    """The wild cluster bootstrap, or None and the reason it was not run."""
    if n1 < 2:
        return None, (
            "처리 자치구가 1곳뿐이라 야생 군집 부트스트랩과 군집 강건 표준오차(CR1)는 그 한 곳의 잔차로 분산을 "
            "추정하므로 믿을 수 없습니다. 판단은 순열(무작위화) 추론에만 기댑니다. / With one treated unit the "
            "wild cluster bootstrap and CR1 are not reliable; the verdict rests on permutation alone."
        )
    if not draws:
        return None, "부트스트랩은 요청하지 않음 / bootstrap not requested"
    estimate = cr1.effect if cr1 is not None else float("nan")
    se = cr1.se if cr1 is not None else float("nan")
    return wild_cluster_bootstrap(frame, estimate, se, alpha=alpha, draws=draws, seed=seed, interval=interval), ""


def pilot_effect(
    data: pd.DataFrame,
    outcome: str,
    unit: str = "district_code",
    period: str = "period",
    treated: str = "treated",
    post: str = "post",
    *,
    alpha: float = 0.05,
    max_exact: int = 50_000,
    draws: int = 9_999,
    seed: int = 20130301,
    bootstrap_draws: int | None = 9_999,
    bootstrap_interval: bool = False,
    cr1: bool = True,
) -> PilotEffect:
    """The pilot's effect with inference valid for few treated units.

    The estimate is the two-way fixed-effects DiD coefficient of
    ``y ~ treated:post + C(unit) + C(period)`` (rows with a missing value dropped
    first). Its p-value and interval come from randomization inference over the
    assignments of treatment to units (:func:`randomization_inference`: exact
    enumeration when there are at most ``max_exact`` assignments, else ``draws``
    random ones from ``seed``; interval by test inversion). The restricted wild
    cluster bootstrap (Webb weights) and the CR1 t interval are computed as second
    opinions for the methods table; with one treated unit the bootstrap is not run
    and ``permutation_only`` is True.

    Parameters
    ----------
    data, outcome, unit, period, treated, post, alpha
        As for :func:`~sabo_eval.stats.pilot.estimators.did`.
    max_exact, draws, seed : int
        Randomization inference: enumerate up to ``max_exact`` assignments, else
        sample ``draws`` of them with this seed.
    bootstrap_draws : int or None
        Wild cluster bootstrap replications (None or 0: not run).
    bootstrap_interval : bool
        Also invert the bootstrap test for an interval (about 25 more bootstraps;
        ``wildboottest`` compiles its kernel on every call, about 0.5 s each).
    cr1 : bool
        Also fit the CR1 model (statsmodels).

    Returns
    -------
    PilotEffect

    Raises
    ------
    ValueError
        When the design cannot identify the effect (see ``did``).
    """
    frame, dropped = _prepare(data, outcome, {"unit": unit, "period": period, "treated": treated, "post": post})
    _check_did_design(frame)
    frame["period"] = frame["period"].astype(str)
    ri = randomization_inference(frame, alpha=alpha, max_exact=max_exact, draws=draws, seed=seed)
    flags = frame.groupby("unit")["treated"].first()
    n1, g = int(flags.sum()), len(flags)
    cr1_result = did(frame, "y", unit="unit", period="period", alpha=alpha) if cr1 else None
    boot, note = _bootstrap(frame, n1, cr1_result, alpha, bootstrap_draws, seed, bootstrap_interval)
    pre = frame.loc[(frame["treated"] == 1) & (frame["post"] == 0), "y"]
    pre_mean = float(pre.mean()) if len(pre) else float("nan")
    ko, en = _methods(ri, n1, g, alpha)
    return PilotEffect(
        effect=ri.effect, ci_low=ri.ci_low, ci_high=ri.ci_high, p_value=ri.p_value, alpha=alpha,
        pre_mean=pre_mean, effect_pct=_percent(ri.effect, pre_mean),
        pct_ci_low=_percent(ri.ci_low, pre_mean), pct_ci_high=_percent(ri.ci_high, pre_mean),
        n_treated=n1, n_control=g - n1, n_obs=len(frame), n_dropped=dropped, start=_start_of(frame),
        method=ko, method_en=en, permutation_only=n1 == 1, randomization=ri, bootstrap=boot,
        bootstrap_note=note, cr1=cr1_result,
    )
