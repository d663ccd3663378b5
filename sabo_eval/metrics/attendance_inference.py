"""Attendance comparisons and models: subcommittees, sectors, the year's trend, findings.

Subcommittee comparison with Wilson intervals, the private-minus-public difference and
the trend over the year (binomial GLMs with standard errors clustered by member), and
the Korean sentences that state them, for one district-year's attendance records.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .attendance import group_monthly_tables
from .attendance_rates import MEAN_LABEL, NO_MEETINGS_LABEL, rate_percent, subcommittee_labels

__all__ = ["subcommittee_comparison", "comparison_summary", "sector_difference", "attendance_trend", "findings"]


def subcommittee_comparison(
    records: pd.DataFrame,
    meetings: pd.DataFrame | None = None,
    members: pd.DataFrame | None = None,
    *,
    alpha: float = 0.05,
    monthly: dict[str, pd.DataFrame] | None = None,
) -> pd.DataFrame:
    """Each subcommittee's attendance with a Wilson interval.

    Parameters
    ----------
    records : DataFrame
        Output of :func:`attendance_records` for one district-year.
    meetings, members : DataFrame, optional
        See :func:`group_monthly_tables` (subcommittees without meetings are kept).
    alpha : float
        1 − confidence level of the interval (default 0.05: 95 %).
    monthly : dict, optional
        :func:`group_monthly_tables` of the same records, meetings and members, when
        already computed (a group's table depends on that group only, so the
        subcommittees' tables are the same).

    Returns
    -------
    DataFrame
        One row per subcommittee: ``subcommittee``, ``mean_rate`` (mean of the
        monthly rates, the 평균 of seed 000), ``pooled_rate``, ``attended``,
        ``eligible``, ``ci_low``, ``ci_high`` (Wilson interval of the pooled rate,
        statsmodels), ``n_meetings``, ``n_members`` (counted as (district, member)
        pairs), ``reason``.

    Notes
    -----
    The Wilson interval treats seats as independent; repeated attendance of the same
    members makes it somewhat narrow. :func:`sector_difference` clusters by member.
    """
    subs = records[records["body"] == "subcommittee"]
    sub_meetings = meetings[meetings["body"] == "subcommittee"] if meetings is not None else None
    sub_members = members[members["body"] == "subcommittee"] if members is not None else None
    tables = group_monthly_tables(subs, sub_meetings, sub_members) if monthly is None else {
        label: monthly[label] for label in subcommittee_labels(subs, sub_meetings, sub_members)
    }
    rows = [_comparison_row(label, table, subs[subs["subcommittee"] == label], alpha) for label, table in tables.items()]
    columns = ["subcommittee", "mean_rate", "pooled_rate", "attended", "eligible", "ci_low", "ci_high", "n_meetings", "n_members", "reason"]
    return pd.DataFrame(rows, columns=columns)


def _comparison_row(label: str, table: pd.DataFrame, part: pd.DataFrame, alpha: float) -> dict[str, object]:
    """One subcommittee's row of :func:`subcommittee_comparison` (its monthly table and records)."""
    from statsmodels.stats.proportion import proportion_confint

    mean_row = table[table["label"] == MEAN_LABEL]
    attended, eligible = int(part["attended"].sum()), len(part)
    low, high = (np.nan, np.nan)
    if eligible:
        low, high = (100.0 * v for v in proportion_confint(attended, eligible, alpha=alpha, method="wilson"))
        rate = 100.0 * attended / eligible  # floating error must not put the estimate outside
        low, high = max(0.0, min(low, rate)), min(100.0, max(high, rate))
    return {
        "subcommittee": label,
        "mean_rate": float(mean_row["total_rate"].iloc[0]) if len(mean_row) else np.nan,
        "pooled_rate": rate_percent(attended, eligible),
        "attended": attended,
        "eligible": eligible,
        "ci_low": low,
        "ci_high": high,
        "n_meetings": int(table["n_meetings"].iloc[0]) if table["label"].iloc[0] == NO_MEETINGS_LABEL else int(mean_row["n_meetings"].iloc[0]),
        "n_members": _n_members(part),
        "reason": "" if eligible else "회의 없음 또는 대상 위원 없음 (no meetings or no eligible members)",
    }


def comparison_summary(comparison: pd.DataFrame) -> dict[str, object]:
    """Council-wide mean over subcommittees and the best subcommittee.

    Parameters
    ----------
    comparison : DataFrame
        Output of :func:`subcommittee_comparison`.

    Returns
    -------
    dict
        ``n_subcommittees`` (with a rate), ``council_mean`` (mean of the
        subcommittees' 평균 rates: seed 000's "12개 실무분과 평균 출석률"),
        ``best`` and ``best_rate`` (seed 000's "우수분과"), ``n_without_meetings``.
    """
    rated = comparison.dropna(subset=["mean_rate"])
    best = rated.loc[rated["mean_rate"].idxmax()] if len(rated) else None
    return {
        "n_subcommittees": len(rated),
        "council_mean": float(rated["mean_rate"].mean()) if len(rated) else np.nan,
        "best": None if best is None else str(best["subcommittee"]),
        "best_rate": np.nan if best is None else float(best["mean_rate"]),
        "n_without_meetings": int((comparison["n_meetings"] == 0).sum()),
    }


def _n_members(records: pd.DataFrame) -> int:
    """Members counted as (district, member) pairs: member ids repeat between districts."""
    return len(records[["district_code", "member_id"]].drop_duplicates())


def _n_meetings(records: pd.DataFrame) -> int:
    """Meetings counted per district and year (meeting ids repeat between districts)."""
    return len(records[["district_code", "year", "meeting_id"]].drop_duplicates())


def _cluster_codes(records: pd.DataFrame) -> np.ndarray:
    keys = records["district_code"].astype(str) + "/" + records["member_id"].astype(str)
    return pd.factorize(keys)[0]


def sector_difference(records: pd.DataFrame, *, alpha: float = 0.05) -> dict[str, object]:
    """Private-minus-public attendance difference, in percentage points, with its interval.

    A binomial GLM (logit link) of attended on sector, with standard errors clustered
    by member (statsmodels); the difference of the two predicted rates and its
    interval come from the delta method.

    Parameters
    ----------
    records : DataFrame
        Output of :func:`attendance_records`.
    alpha : float
        1 − confidence level (default 0.05).

    Returns
    -------
    dict
        ``private_rate``, ``public_rate`` (percent), ``diff_pp`` (private − public),
        ``ci_low``, ``ci_high``, ``p_value``, ``n_records``, ``n_members``,
        ``method`` and ``reason`` (non-empty when the model could not be fitted).
        ``n_members`` counts (district, member) pairs, since member ids repeat
        between districts; for a difference adjusted for district when records span
        districts, see :func:`sabo_eval.analysis.sector_gap.sector_gap`.

    Examples
    --------
    >>> from sabo_eval.metrics.attendance_inference import sector_difference
    >>> sector_difference(records)["n_members"]  # doctest: +SKIP
    """
    import statsmodels.api as sm
    from scipy import stats

    out: dict[str, object] = {
        "private_rate": np.nan, "public_rate": np.nan, "diff_pp": np.nan, "ci_low": np.nan, "ci_high": np.nan,
        "p_value": np.nan, "n_records": len(records), "n_members": 0, "reason": "",
        "method": "이항 GLM(로짓), 위원별 군집 표준오차, 델타법 (binomial GLM, SE clustered by member, delta method)",
    }
    data = records.dropna(subset=["sector", "attended"])
    data = data[data["sector"].isin(["private", "public"])]
    clusters = _cluster_codes(data)
    out["n_members"] = _n_members(data)
    for sector in ("private", "public"):
        part = data[data["sector"] == sector]
        out[f"{sector}_rate"] = rate_percent(part["attended"].sum(), len(part))
    per_sector = pd.Series(clusters, index=data.index).groupby(data["sector"]).nunique()
    if per_sector.get("private", 0) < 2 or per_sector.get("public", 0) < 2:
        out["reason"] = "민간·공공 위원이 각각 2명 이상이어야 합니다 (need at least two members per sector)"
        return out
    rates = data.groupby("sector")["attended"].mean()
    if rates.isin([0.0, 1.0]).any():
        out["reason"] = "한 부문의 참석률이 0% 또는 100%라 모형을 적합할 수 없습니다 (a sector at 0 % or 100 %)"
        return out
    y = data["attended"].astype(float).to_numpy()
    x = sm.add_constant((data["sector"] == "public").astype(float).to_numpy())
    fit = sm.GLM(y, x, family=sm.families.Binomial()).fit(cov_type="cluster", cov_kwds={"groups": clusters})
    b0, b1 = fit.params
    p0, p1 = 1 / (1 + np.exp(-b0)), 1 / (1 + np.exp(-(b0 + b1)))
    diff = p0 - p1  # private − public
    gradient = np.array([p0 * (1 - p0) - p1 * (1 - p1), -p1 * (1 - p1)])
    se = float(np.sqrt(gradient @ np.asarray(fit.cov_params()) @ gradient))
    z = stats.norm.ppf(1 - alpha / 2)
    out.update(
        diff_pp=100 * diff,
        ci_low=100 * (diff - z * se),
        ci_high=100 * (diff + z * se),
        p_value=float(fit.pvalues[1]),
    )
    return out


def attendance_trend(records: pd.DataFrame, *, alpha: float = 0.05) -> dict[str, object]:
    """Change of attendance over the year's meetings, in percentage points per month.

    A binomial GLM (logit) of attended on sector and time (months since 1 January),
    standard errors clustered by member; the average marginal effect of time and its
    delta-method interval are reported.

    Returns
    -------
    dict
        ``pp_per_month``, ``ci_low``, ``ci_high``, ``p_value``, ``n_records``,
        ``n_meetings``, ``method``, ``reason``.
    """
    import statsmodels.api as sm
    from scipy import stats

    out: dict[str, object] = {
        "pp_per_month": np.nan, "ci_low": np.nan, "ci_high": np.nan, "p_value": np.nan,
        "n_records": len(records), "n_meetings": _n_meetings(records), "reason": "",
        "method": "이항 GLM(로짓), 위원별 군집 표준오차, 평균 한계효과 (average marginal effect)",
    }
    data = records.dropna(subset=["held_on", "attended"])
    held = pd.to_datetime(data["held_on"])
    months = ((held - pd.to_datetime(held.dt.year.astype(str) + "-01-01")).dt.days / 30.4375).to_numpy()
    if _n_meetings(data) < 3 or np.ptp(months) == 0 or _n_members(data) < 3:
        out["reason"] = "회의가 3회 미만이거나 위원이 너무 적습니다 (fewer than three meetings or too few members)"
        return out
    if data["attended"].all() or not data["attended"].any():
        out["reason"] = "참석률이 0% 또는 100%입니다 (attendance is 0 % or 100 %)"
        return out
    public = (data["sector"] == "public").astype(float).to_numpy()
    x = np.column_stack([np.ones(len(data)), public, months])
    y = data["attended"].astype(float).to_numpy()
    fit = sm.GLM(y, x, family=sm.families.Binomial()).fit(cov_type="cluster", cov_kwds={"groups": _cluster_codes(data)})
    beta = np.asarray(fit.params)
    p = 1 / (1 + np.exp(-(x @ beta)))
    w = p * (1 - p)
    ame = float(w.mean() * beta[2])
    gradient = (w * (1 - 2 * p))[:, None] * x
    gradient = gradient.mean(axis=0) * beta[2]
    gradient[2] += w.mean()
    se = float(np.sqrt(gradient @ np.asarray(fit.cov_params()) @ gradient))
    z = stats.norm.ppf(1 - alpha / 2)
    out.update(pp_per_month=100 * ame, ci_low=100 * (ame - z * se), ci_high=100 * (ame + z * se), p_value=float(fit.pvalues[2]))
    return out


def findings(summary: dict[str, object], difference: dict[str, object], trend: dict[str, object]) -> list[str]:
    """Two or three Korean sentences that state the attendance findings with numbers.

    Parameters
    ----------
    summary : dict
        Output of :func:`comparison_summary`.
    difference : dict
        Output of :func:`sector_difference`.
    trend : dict
        Output of :func:`attendance_trend`.

    Returns
    -------
    list of str
        Numbers rounded once, here, to one decimal.
    """
    sentences = []
    if summary.get("n_subcommittees"):
        sentences.append(
            f"{summary['n_subcommittees']}개 실무분과의 평균 참석률은 {summary['council_mean']:.1f}%이며, "
            f"참석률이 가장 높은 분과는 {summary['best']}({summary['best_rate']:.1f}%)입니다."
        )
        if summary.get("n_without_meetings"):
            sentences[-1] += f" 올해 회의가 없었던 분과가 {summary['n_without_meetings']}곳 있습니다."
    if not difference.get("reason"):
        diff = float(difference["diff_pp"])
        direction = "높습니다" if diff > 0 else "낮습니다"
        beyond = float(difference["ci_low"]) > 0 or float(difference["ci_high"]) < 0
        verdict = (
            "이 차이는 우연으로 보기 어렵습니다" if beyond else "이 정도 차이는 우연으로도 생길 수 있습니다"
        )
        sentences.append(
            f"민간 위원의 참석률은 {difference['private_rate']:.1f}%, 공공 위원은 {difference['public_rate']:.1f}%로 "
            f"민간 위원이 {abs(diff):.1f}%p {direction}. {verdict} (95% 신뢰구간 {difference['ci_low']:.1f}~{difference['ci_high']:.1f}%p: "
            "실제 차이가 있을 법한 범위로, 같은 위원이 여러 번 참석한 것을 감안했습니다)."
        )
    elif not np.isnan(difference.get("private_rate", np.nan)) and not np.isnan(difference.get("public_rate", np.nan)):
        sentences.append(
            f"민간 위원의 참석률은 {difference['private_rate']:.1f}%, 공공 위원은 {difference['public_rate']:.1f}%입니다 "
            f"(차이 검정 불가: {difference['reason']})."
        )
    if not trend.get("reason"):
        slope = float(trend["pp_per_month"])
        if trend["ci_low"] > 0 or trend["ci_high"] < 0:
            way = "높아지는" if slope > 0 else "낮아지는"
            sentences.append(
                f"한 해 동안 참석률이 한 달에 평균 {abs(slope):.1f}%p씩 {way} 경향이 있습니다 "
                f"(95% 신뢰구간 {trend['ci_low']:.1f}~{trend['ci_high']:.1f}%p)."
            )
        else:
            sentences.append(
                f"한 해 동안 참석률의 뚜렷한 증감 경향은 보이지 않습니다 "
                f"(월 {slope:.1f}%p, 95% 신뢰구간 {trend['ci_low']:.1f}~{trend['ci_high']:.1f}%p)."
            )
    return sentences
