"""Pilots whose districts start in different months: Callaway and Sant'Anna (2021).

When districts start at different months, the two-way fixed-effects DiD compares
late starters with early starters already treated and can be biased, even in sign,
when effects grow over time (Goodman-Bacon 2021). :func:`staggered_did` instead
estimates one effect per start cohort and month, ATT(g, t), each against the
districts never treated, with the month before the cohort's start as the base
(``base_period="universal"``), and averages them by months since the start
(the "dynamic" aggregation). It calls the maintained implementation in
``moderndid`` (``att_gt`` and ``aggte``; a port of the authors' R package ``did``),
with the plain outcome-regression estimator and no covariates.

With one common start, its event-time effects equal the two-way fixed-effects event
study's coefficients (:func:`~sabo_eval.stats.pilot.estimators.event_study`) exactly,
and its overall effect is their mean over the months from the start. That overall
effect differs from :func:`~sabo_eval.stats.pilot.estimators.did` on purpose: ``did``
compares with the mean of all months before the start, this one with the month just
before it.

Standard errors are moderndid's analytical ones (influence functions, clustered by
district); like every cluster-robust error they are too small with a handful of
treated districts.
"""

from __future__ import annotations

import logging
import warnings
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from .panel import _label_of, _ordinal

__all__ = ["StaggeredResult", "staggered_did", "starts_of"]

logger = logging.getLogger(__name__)


@dataclass(frozen=True, eq=False)
class StaggeredResult:
    """Callaway–Sant'Anna effects averaged by months since each district's start.

    Attributes
    ----------
    effect, se, ci_low, ci_high, p_value : float
        Mean of the event-time effects from the start on (normal interval).
    event_times : pandas.DataFrame
        ``event_time`` (months from the district's start), ``estimate``, ``se``,
        ``ci_low``, ``ci_high``; the month before the start has estimate 0.
    cohorts : dict
        Start month → number of treated districts starting then.
    n_units, n_treated : int
    dropped : list of str
        Units left out for a missing month (the estimator needs a balanced panel).
    method : str
        What was computed (Korean, with the English name).
    alpha : float
    """

    effect: float
    se: float
    ci_low: float
    ci_high: float
    p_value: float
    event_times: pd.DataFrame
    cohorts: dict[str, int]
    n_units: int
    n_treated: int
    dropped: list[str]
    method: str
    alpha: float = 0.05

    @property
    def common_start(self) -> bool:
        """Whether every treated district starts in the same month."""
        return len(self.cohorts) == 1


def starts_of(data: pd.DataFrame, unit: str = "district_code", start: str = "start") -> dict[str, str]:
    """Each treated unit's start month from a panel's ``start`` column (missing: not treated)."""
    rows = data.dropna(subset=[start]).drop_duplicates(unit)
    return {str(u): _label_of(s) for u, s in zip(rows[unit], rows[start], strict=True)}


def _cohort_frame(
    data: pd.DataFrame, outcome: str, unit: str, period: str, starts: Mapping[str, object]
) -> pd.DataFrame:
    """``id`` (integer), ``t`` (month number), ``g`` (start month number, 0 = never), ``y``; missing rows dropped."""
    frame = pd.DataFrame({"unit": data[unit].astype(str).to_numpy(), "period": data[period].to_numpy()})
    frame["y"] = pd.to_numeric(data[outcome], errors="coerce").to_numpy(dtype=float)
    frame = frame[np.isfinite(frame["y"])].reset_index(drop=True)
    frame["t"] = _ordinal(frame["period"]).astype(int)
    g = {str(u): int(_ordinal([s])[0]) for u, s in starts.items()}
    frame["g"] = frame["unit"].map(g).fillna(0).astype(int)
    full = frame.groupby("unit")["t"].nunique() == frame["t"].nunique()
    frame = frame[frame["unit"].isin(full[full].index)].reset_index(drop=True)  # balanced: see staggered_did
    frame["id"] = pd.factorize(frame["unit"])[0] + 1
    if frame.empty or (frame["g"] == 0).all() or (frame["g"] > 0).all():
        raise ValueError("처리 단위와 한 번도 처리되지 않은 비교 단위가 모두 있어야 합니다 / need treated and never-treated units")
    return frame


def _fit(frame: pd.DataFrame, alpha: float):
    import moderndid  # heavy import, only when used

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # moderndid warns about small groups (3 treated districts)
        fit = moderndid.att_gt(
            data=frame[["id", "t", "g", "y"]], yname="y", tname="t", idname="id", gname="g", est_method="reg",
            base_period="universal", control_group="nevertreated", boot=False, cband=False, alp=alpha,
        )
        return moderndid.aggte(fit, type="dynamic", na_rm=True)


def staggered_did(
    data: pd.DataFrame,
    outcome: str,
    starts: Mapping[str, object],
    unit: str = "district_code",
    period: str = "period",
    *,
    alpha: float = 0.05,
) -> StaggeredResult:
    """Callaway–Sant'Anna DiD with a start month per treated unit.

    Parameters
    ----------
    data : DataFrame
        Long panel, one row per unit and period (``"YYYY-MM"`` or numbers).
    outcome : str
        Outcome column.
    starts : mapping
        Treated unit → its first treated period; units not in it are never treated.
    unit, period : str
    alpha : float

    Returns
    -------
    StaggeredResult
        ``dropped`` names the units left out because a month is missing: the
        estimator runs on a balanced panel (moderndid 0.2's unbalanced-panel path
        fails on panels like ours).

    Raises
    ------
    ValueError
        Without treated or never-treated units.
    """
    starts = {str(u): s for u, s in starts.items()}
    frame = _cohort_frame(data, outcome, unit, period, starts)
    agg = _fit(frame, alpha)
    e = np.asarray(agg.event_times, dtype=float).astype(int)
    est, se = np.asarray(agg.att_by_event, dtype=float), np.asarray(agg.se_by_event, dtype=float)
    z = stats.norm.ppf(1 - alpha / 2)
    table = pd.DataFrame({"event_time": e, "estimate": est, "se": se, "ci_low": est - z * se, "ci_high": est + z * se})
    effect, overall_se = float(agg.overall_att), float(agg.overall_se)
    treated = sorted(set(frame.loc[frame["g"] > 0, "unit"]))
    dropped = sorted(set(data[unit].astype(str)) - set(frame["unit"]))
    cohorts = pd.Series([_label_of(starts[u]) for u in treated]).value_counts().sort_index().to_dict()
    return StaggeredResult(
        effect=effect, se=overall_se, ci_low=effect - z * overall_se, ci_high=effect + z * overall_se,
        p_value=float(2 * stats.norm.sf(abs(effect / overall_se))) if overall_se > 0 else float("nan"),
        event_times=table, cohorts={str(k): int(v) for k, v in cohorts.items()}, n_units=int(frame["unit"].nunique()),
        n_treated=len(treated), dropped=dropped, method=_method_text(cohorts, alpha, dropped), alpha=alpha,
    )


def _method_text(cohorts: Mapping[str, int], alpha: float, dropped: list[str]) -> str:
    groups = ", ".join(f"{k} 시작 {v}곳" for k, v in cohorts.items())
    return (
        f"시작 시점이 다른 경우의 이중차분(Callaway·Sant'Anna 2021; moderndid): 시작 달별 집단({groups})마다 "
        "한 번도 처리되지 않은 자치구와 비교해 달별 효과 ATT(g, t)를 구하고(기준은 각 집단의 시작 직전 달), 시작 뒤 "
        f"경과 개월별로 평균한 뒤 시작 이후 평균을 전체 효과로 봄. {100 * (1 - alpha):.0f}% 구간은 정규근사(자치구 군집 "
        "영향함수 표준오차)."
        + (f" 빠진 달이 있어 뺀 단위 {len(dropped)}곳: {', '.join(dropped)}." if dropped else "")
        + " / Callaway–Sant'Anna staggered DiD, dynamic aggregation."
    )
