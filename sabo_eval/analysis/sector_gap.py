"""The private − public attendance gap pooled over districts (민관 참석률 차이, 시군구 통합).

Members are identified by ``member_key`` (``district_code:member_id``): member ids
repeat between districts, so counting ``member_id`` alone undercounts (287 instead of
4,287 members in the 2023 sample).

Models
------
``method="fixed_effects"`` (default)
    A linear probability model, ``attended ~ private + district dummies`` (one dummy
    per district-year when the records span several years), fitted by OLS with
    standard errors clustered by member (statsmodels ``cov_type="cluster"``, with its
    small-sample factor G/(G−1)·(N−1)/(N−K), K counting the dummies; inference on
    t with G−1 degrees of freedom, G = members). The coefficient of ``private`` is
    the gap in percentage points within districts, a variance-weighted average of
    the districts' own gaps. A linear model is chosen over a logit with fixed
    effects and an average marginal effect because its coefficient *is* the
    difference in percentage points (no delta method) and it can be checked by
    demeaned OLS by hand; attendance rates lie between 40 % and 90 %, where the
    linear probability model and the logit agree closely.
``method="mixed"``
    A linear mixed model (statsmodels ``MixedLM``, REML) with random intercepts for
    members, nested in districts; districts enter as fixed effects (district-year
    dummies) because a district random intercept with member variance components
    takes minutes on 35,000 records (statsmodels builds one dense matrix per
    district). The member intercept plays the role of clustering by member; its
    standard error is model-based, not robust.

``private_rate`` and ``public_rate`` are the raw pooled rates (all seats of a sector);
``diff_pp`` is the adjusted gap, so it is *not* their difference when districts differ
in both attendance and their share of private members.
"""

from __future__ import annotations

import logging
from dataclasses import asdict, dataclass

import numpy as np
import pandas as pd

__all__ = ["SectorGap", "sector_gap", "sector_gap_trend"]

logger = logging.getLogger(__name__)

METHODS = {
    "fixed_effects": "선형확률모형, 시군구 고정효과, 위원별 군집 표준오차 (linear probability model, district fixed effects, SE clustered by member)",
    "mixed": "선형혼합모형, 시군구 고정효과와 위원 무작위절편 (linear mixed model, district fixed effects, random member intercepts)",
}


@dataclass(frozen=True)
class SectorGap:
    """The pooled private − public attendance gap and its interval.

    Attributes
    ----------
    diff_pp, ci_low, ci_high : float
        Adjusted gap (private − public) in percentage points and its interval.
    p_value : float
        Two-sided p-value of no gap.
    n_records, n_members, n_districts : int
        Seats used; members counted as (district, member) pairs; districts.
    private_rate, public_rate : float
        Raw attendance rates (percent) of each sector's seats.
    method : str
        The model, in Korean and English.
    reason : str
        Why no estimate was made (empty when it was).

    Examples
    --------
    >>> gap = SectorGap(3.9, 2.5, 5.3, 0.001, 34735, 4287, 27, 70.7, 66.8, "OLS")
    >>> gap.n_members
    4287
    """

    diff_pp: float
    ci_low: float
    ci_high: float
    p_value: float
    n_records: int
    n_members: int
    n_districts: int
    private_rate: float
    public_rate: float
    method: str
    reason: str = ""

    def to_frame(self) -> pd.DataFrame:
        """One row with every field as a column.

        Returns
        -------
        DataFrame

        Examples
        --------
        >>> SectorGap(3.9, 2.5, 5.3, 0.001, 100, 10, 2, 70.7, 66.8, "OLS").to_frame()["n_members"].iloc[0]
        np.int64(10)
        """
        return pd.DataFrame([asdict(self)])


def _prepared(records: pd.DataFrame) -> pd.DataFrame:
    """Seats with a sector and a mark, ``member_key`` added when missing, ``private`` and ``y`` as floats."""
    data = records.dropna(subset=["sector", "attended"])
    data = data[data["sector"].isin(["private", "public"])].copy()
    if "member_key" not in data:
        data["member_key"] = data["district_code"].astype(str) + ":" + data["member_id"].astype(str)
    data["y"] = data["attended"].astype(float)
    data["private"] = (data["sector"] == "private").astype(float)
    data["cell"] = data["district_code"].astype(str) + "/" + data["year"].astype(str)
    return data.reset_index(drop=True)


def _why_not(data: pd.DataFrame) -> str:
    """The reason no gap can be estimated, or ``""``."""
    per_sector = data.groupby("sector")["member_key"].nunique()
    if per_sector.get("private", 0) < 2 or per_sector.get("public", 0) < 2:
        return "민간·공공 위원이 각각 2명 이상이어야 합니다 (need at least two members per sector)"
    within = data.groupby("cell")["private"].agg(["min", "max"])
    if not (within["min"] < within["max"]).any():
        return "두 부문 위원이 함께 있는 시군구가 없습니다 (no district has members of both sectors)"
    return ""


def _design(data: pd.DataFrame, extra: list[np.ndarray]) -> np.ndarray:
    """Regressors ``extra`` then one dummy per district-year (the first absorbed by the constant)."""
    dummies = pd.get_dummies(data["cell"], drop_first=True, dtype=float).to_numpy()
    return np.column_stack([np.ones(len(data)), *extra, dummies])


def _ols_clustered(data: pd.DataFrame, x: np.ndarray, alpha: float):
    """OLS of ``y`` on ``x`` with member-clustered standard errors; params, conf_int, pvalues."""
    import statsmodels.api as sm

    groups = pd.factorize(data["member_key"])[0]
    fit = sm.OLS(data["y"].to_numpy(), x).fit(cov_type="cluster", cov_kwds={"groups": groups}, use_t=True)
    return np.asarray(fit.params), np.asarray(fit.conf_int(alpha)), np.asarray(fit.pvalues)


def _mixed(data: pd.DataFrame, x: np.ndarray, alpha: float):
    """REML mixed model of ``y`` on ``x`` with random member intercepts; params, conf_int, pvalues."""
    import warnings

    import statsmodels.api as sm

    model = sm.MixedLM(data["y"].to_numpy(), x, groups=data["member_key"].to_numpy())
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # boundary warnings when members barely differ
        fit = model.fit(reml=True)
    k = x.shape[1]
    return np.asarray(fit.params)[:k], np.asarray(fit.conf_int(alpha))[:k], np.asarray(fit.pvalues)[:k]


def _fit(data: pd.DataFrame, extra: list[np.ndarray], method: str, alpha: float):
    """The chosen model's parameters, intervals and p-values of ``extra`` (after the constant)."""
    if method not in METHODS:
        raise ValueError(f"method는 {sorted(METHODS)} 중 하나입니다 (method must be one of {sorted(METHODS)}): {method!r}")
    x = _design(data, extra)
    params, conf, pvalues = (_ols_clustered if method == "fixed_effects" else _mixed)(data, x, alpha)
    wanted = slice(1, 1 + len(extra))
    return params[wanted], conf[wanted], pvalues[wanted]


def _rate(data: pd.DataFrame, sector: str) -> float:
    part = data.loc[data["sector"] == sector, "y"]
    return 100.0 * float(part.mean()) if len(part) else np.nan


def _gap(data: pd.DataFrame, method: str, alpha: float) -> SectorGap:
    """:func:`sector_gap` of prepared seats."""
    counts = dict(
        n_records=len(data),
        n_members=int(data["member_key"].nunique()),
        n_districts=int(data["district_code"].nunique()),
        private_rate=_rate(data, "private"),
        public_rate=_rate(data, "public"),
        method=METHODS.get(method, method),
    )
    reason = _why_not(data)
    if reason:
        return SectorGap(np.nan, np.nan, np.nan, np.nan, **counts, reason=reason)
    params, conf, pvalues = _fit(data, [data["private"].to_numpy()], method, alpha)
    return SectorGap(100 * params[0], 100 * conf[0, 0], 100 * conf[0, 1], float(pvalues[0]), **counts)


def sector_gap(records: pd.DataFrame, *, method: str = "fixed_effects", alpha: float = 0.05) -> SectorGap:
    """Private − public attendance gap pooled over districts, adjusted for district.

    Parameters
    ----------
    records : DataFrame
        Attendance records (:func:`sabo_eval.attendance`, or
        :func:`sabo_eval.metrics.attendance.attendance_records`) of any districts and
        years; ``member_key`` is made from ``district_code`` and ``member_id`` when
        absent. Seats without a private/public sector are left out.
    method : {"fixed_effects", "mixed"}
        See the module docstring: a linear probability model with district(-year)
        fixed effects and SE clustered by member, or a linear mixed model with random
        member intercepts.
    alpha : float
        1 − confidence level of the interval (default 0.05: 95 %).

    Returns
    -------
    SectorGap
        ``n_members`` counts (district, member) pairs. When the gap cannot be
        estimated (fewer than two members in a sector, no district with both
        sectors) the estimate is missing and ``reason`` says why.

    Examples
    --------
    >>> import sabo_eval as se
    >>> gap = se.sector_gap(se.attendance(years=2023))  # doctest: +SKIP
    >>> round(gap.diff_pp, 1), gap.n_members  # doctest: +SKIP
    (4.4, 4287)
    """
    return _gap(_prepared(records), method, alpha)


def _change(data: pd.DataFrame, method: str, alpha: float) -> dict[str, float]:
    """The gap's change per year: the ``private × (year − first year)`` coefficient."""
    empty = dict(change_pp_per_year=np.nan, change_ci_low=np.nan, change_ci_high=np.nan, change_p_value=np.nan)
    if data["year"].nunique() < 2 or _why_not(data):
        return empty
    years = data["year"].to_numpy(dtype=float)
    private = data["private"].to_numpy()
    params, conf, pvalues = _fit(data, [private, private * (years - years.min())], method, alpha)
    return dict(
        change_pp_per_year=100 * params[1], change_ci_low=100 * conf[1, 0], change_ci_high=100 * conf[1, 1], change_p_value=float(pvalues[1])
    )


def sector_gap_trend(records: pd.DataFrame, *, method: str = "fixed_effects", alpha: float = 0.05) -> pd.DataFrame:
    """The pooled private − public gap of each year, and how it changes per year.

    Parameters
    ----------
    records : DataFrame
        Attendance records of several years (see :func:`sector_gap`).
    method : {"fixed_effects", "mixed"}
        As in :func:`sector_gap`.
    alpha : float
        1 − confidence level (default 0.05).

    Returns
    -------
    DataFrame
        One row per year: ``year`` and the fields of :class:`SectorGap` (each equal to
        ``sector_gap`` of that year's records), then ``change_pp_per_year``,
        ``change_ci_low``, ``change_ci_high``, ``change_p_value`` (the same on every
        row): the coefficient of ``private × (year − first year)`` in one model of all
        years with district-year fixed effects, clustered by member across years (a
        member seen in two years is one cluster). With two years it equals the
        difference of the two years' gaps. Missing with fewer than two years.

    Examples
    --------
    >>> import sabo_eval as se
    >>> trend = se.sector_gap_trend(se.attendance())  # doctest: +SKIP
    >>> trend[["year", "diff_pp", "change_pp_per_year"]]  # doctest: +SKIP
    """
    data = _prepared(records)
    rows = [_gap(part.reset_index(drop=True), method, alpha).to_frame().assign(year=int(year)) for year, part in data.groupby("year")]
    columns = ["year", *SectorGap.__dataclass_fields__]
    frame = pd.concat(rows, ignore_index=True)[columns] if rows else pd.DataFrame(columns=columns)
    change = _change(data, method, alpha)
    logger.debug("sector gap change per year: %s", change)
    return frame.assign(**change)
