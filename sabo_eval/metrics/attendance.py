"""Meeting attendance: per-meeting, monthly and member-level rates (DESIGN §4).

Pure functions: warehouse tables in, new tables out; inputs are never modified.

Definitions
-----------
* A member is **eligible** for a meeting of their own body and subcommittee when
  they joined on or before the meeting date and had not left before it
  (``joined_on <= held_on`` and ``left_on`` empty or ``>= held_on``).
* An eligible member with no attendance mark counts as absent. ``excused`` counts as
  absent; ``proxy`` counts as attended only with ``count_proxy=True``.
* The **monthly rate** pools the month's meetings: attended ÷ eligible seats over all
  meetings of that month (one meeting a month in seed 000, so it is that meeting's rate).
* The **평균 (mean) row** is the mean of the monthly rates, as seed 000 computes it;
  the **pooled rate** (all attendances ÷ all eligible seats) is reported beside it.
* A zero denominator gives a missing rate with a reason, never 0.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

__all__ = [
    "SECTORS",
    "attendance_records",
    "meeting_rates",
    "monthly_table",
    "group_monthly_tables",
    "format_monthly_table",
    "member_summary",
    "excellent_candidates",
    "pooled_rate",
    "subcommittee_comparison",
    "comparison_summary",
    "sector_difference",
    "attendance_trend",
    "findings",
]

#: Output labels of the sector columns: total / private / public.
SECTORS = {"total": "합", "private": "민", "public": "관"}
MEAN_LABEL = "평균"
POOLED_LABEL = "전체(합산)"
NO_MEETINGS_LABEL = "회의 없음"


def _as_date(value: object) -> dt.date | None:
    if value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NaT:
        return None
    return pd.Timestamp(value).date()


def attendance_records(
    members: pd.DataFrame,
    meetings: pd.DataFrame,
    attendance: pd.DataFrame,
    *,
    count_proxy: bool = False,
) -> pd.DataFrame:
    """One row per eligible (meeting, member) seat, with whether the member attended.

    Parameters
    ----------
    members, meetings, attendance : DataFrame
        Canonical tables (from :meth:`sabo_eval.warehouse.store.Warehouse.table`) of one or
        more district-years.
    count_proxy : bool
        Count proxy attendance (△) as attended.

    Returns
    -------
    DataFrame
        Columns ``district_code, year, meeting_id, body, subcommittee, held_on, month,
        member_id, name, sector, role, status, attended``.
    """
    group_keys = ["district_code", "year", "body"]
    mem = members[[*group_keys, "subcommittee", "member_id", "name", "sector", "role", "joined_on", "left_on"]].copy()
    meet = meetings[[*group_keys, "subcommittee", "meeting_id", "held_on"]].copy()
    for frame in (mem, meet):
        frame["subcommittee"] = frame["subcommittee"].astype(object).where(frame["subcommittee"].notna(), "")
    seats = meet.merge(mem, on=[*group_keys, "subcommittee"], how="inner")
    held = pd.to_datetime(seats["held_on"])
    joined = pd.to_datetime(seats["joined_on"])
    left = pd.to_datetime(seats["left_on"])
    eligible = (joined.isna() | (joined <= held)) & (left.isna() | (left >= held))
    seats = seats[eligible].copy()
    marks = attendance[["district_code", "year", "meeting_id", "member_id", "status"]]
    seats = seats.merge(marks, on=["district_code", "year", "meeting_id", "member_id"], how="left")
    attended_codes = {"attended", "proxy"} if count_proxy else {"attended"}
    seats["attended"] = seats["status"].isin(attended_codes)
    seats["held_on"] = pd.to_datetime(seats["held_on"])
    seats["month"] = seats["held_on"].dt.month
    seats["subcommittee"] = seats["subcommittee"].replace("", None)
    columns = [
        "district_code", "year", "meeting_id", "body", "subcommittee", "held_on", "month",
        "member_id", "name", "sector", "role", "status", "attended",
    ]
    return seats[columns].sort_values(["district_code", "year", "held_on", "meeting_id", "member_id"]).reset_index(drop=True)


def _rate(attended: float, eligible: float) -> float:
    return float(attended) / float(eligible) * 100.0 if eligible else np.nan


def _sector_counts(frame: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Attended and eligible seats per group and sector, wide (``total_attended`` …)."""
    out = None
    for sector in SECTORS:
        sel = frame if sector == "total" else frame[frame["sector"] == sector]
        counts = sel.groupby(keys, dropna=False)["attended"].agg(["sum", "size"])
        counts.columns = [f"{sector}_attended", f"{sector}_eligible"]
        out = counts if out is None else out.join(counts, how="outer")
    return out.fillna(0).astype(int).reset_index()


def _add_rates(frame: pd.DataFrame) -> pd.DataFrame:
    reasons = [[] for _ in range(len(frame))]
    for sector, label in SECTORS.items():
        eligible = frame[f"{sector}_eligible"].to_numpy()
        attended = frame[f"{sector}_attended"].to_numpy()
        frame[f"{sector}_rate"] = [_rate(a, e) for a, e in zip(attended, eligible, strict=True)]
        for i, e in enumerate(eligible):
            if not e:
                reasons[i].append(f"{label}: 대상 위원 없음 (no eligible members)")
    frame["reason"] = ["; ".join(r) for r in reasons]
    return frame


def meeting_rates(records: pd.DataFrame, meetings: pd.DataFrame | None = None) -> pd.DataFrame:
    """Attendance rate of every meeting, total/private/public.

    Parameters
    ----------
    records : DataFrame
        Output of :func:`attendance_records`.
    meetings : DataFrame, optional
        Canonical ``meetings`` of the same scope. When given, a meeting that had no
        eligible member is kept with a missing rate (and a reason), never 0 %.

    Returns
    -------
    DataFrame
        One row per meeting: ``district_code, year, meeting_id, body, subcommittee,
        held_on, month``, ``<sector>_attended``, ``<sector>_eligible``,
        ``<sector>_rate`` for ``total``, ``private``, ``public``, and ``reason``.
    """
    keys = ["district_code", "year", "meeting_id"]
    counts = _sector_counts(records, keys) if not records.empty else pd.DataFrame(columns=keys)
    if meetings is not None:
        info = meetings[[*keys, "body", "subcommittee", "held_on"]].copy()
    else:
        info = records[[*keys, "body", "subcommittee", "held_on"]].drop_duplicates(keys)
    info["held_on"] = pd.to_datetime(info["held_on"])
    out = info.merge(counts, on=keys, how="left")
    count_columns = [f"{s}_{k}" for s in SECTORS for k in ("attended", "eligible")]
    for column in count_columns:
        out[column] = pd.to_numeric(out.get(column, 0), errors="coerce")
        out[column] = out[column].fillna(0).astype(int)
    out["month"] = out["held_on"].dt.month
    out = _add_rates(out)
    return out.sort_values(["district_code", "year", "held_on", "meeting_id"]).reset_index(drop=True)


def monthly_table(records: pd.DataFrame, meetings: pd.DataFrame | None = None) -> pd.DataFrame:
    """Monthly attendance rates, total/private/public, with the 평균 and pooled rows.

    A month with several meetings is pooled over them: the month's rate is its
    attended seats ÷ its eligible seats (a month with one meeting, as in seed 000,
    gets that meeting's rate).

    Parameters
    ----------
    records : DataFrame
        Output of :func:`attendance_records`, filtered to one group (for example one
        subcommittee of one district-year).
    meetings : DataFrame, optional
        The group's meetings; months whose meetings had no eligible member then
        appear with a missing rate instead of being left out.

    Returns
    -------
    DataFrame
        One row per month (``month`` 1–12) then a ``평균`` row (mean of the monthly
        rates) and a ``전체(합산)`` row (pooled rate). Columns: ``label``, and for each
        sector ``total``, ``private``, ``public``: ``<sector>_rate`` (percent,
        unrounded), ``<sector>_attended``, ``<sector>_eligible``; plus ``n_meetings``
        and ``reason`` (why a rate is missing). The mean row's ``_eligible`` counts
        are the number of months that have a rate. A group without meetings gives a
        single ``회의 없음`` row.
    """
    return _monthly_from_meetings(meeting_rates(records, meetings))


def _monthly_from_meetings(per_meeting: pd.DataFrame) -> pd.DataFrame:
    """:func:`monthly_table` from the group's per-meeting rates (:func:`meeting_rates`)."""
    if per_meeting.empty:
        empty = {"label": NO_MEETINGS_LABEL, "month": np.nan, "n_meetings": 0, "reason": "회의 없음 (no meetings in the year)"}
        for sector in SECTORS:
            empty.update({f"{sector}_rate": np.nan, f"{sector}_attended": 0, f"{sector}_eligible": 0})
        return pd.DataFrame([empty])
    count_columns = [f"{s}_{k}" for s in SECTORS for k in ("attended", "eligible")]
    table = per_meeting.groupby("month")[count_columns].sum().reset_index()
    table["n_meetings"] = per_meeting.groupby("month")["meeting_id"].nunique().to_numpy()
    table["label"] = table["month"].astype(int).astype(str)
    table = _add_rates(table)
    mean = {"label": MEAN_LABEL, "month": np.nan, "n_meetings": int(table["n_meetings"].sum()), "reason": "월별 참석률의 평균 (mean of monthly rates)"}
    pooled = {"label": POOLED_LABEL, "month": np.nan, "n_meetings": int(table["n_meetings"].sum()), "reason": "전체 참석 ÷ 전체 대상 (pooled)"}
    for sector in SECTORS:
        rates = table[f"{sector}_rate"].dropna()
        mean[f"{sector}_rate"] = float(rates.mean()) if len(rates) else np.nan
        mean[f"{sector}_attended"] = np.nan
        mean[f"{sector}_eligible"] = len(rates)
        attended, eligible = table[f"{sector}_attended"].sum(), table[f"{sector}_eligible"].sum()
        pooled[f"{sector}_attended"] = int(attended)
        pooled[f"{sector}_eligible"] = int(eligible)
        pooled[f"{sector}_rate"] = _rate(attended, eligible)
    columns = ["label", "month", *[f"{s}_{k}" for s in SECTORS for k in ("rate", "attended", "eligible")], "n_meetings", "reason"]
    return pd.concat([table, pd.DataFrame([mean, pooled])], ignore_index=True)[columns]


BODY_LABELS = {"representative": "대표협의체", "working": "실무협의체", "dong": "동협의체"}
COUNCIL_LABEL = "협의체 전체"


def _groups(*frames: pd.DataFrame | None) -> list[tuple[str, str | None]]:
    seen: set[tuple[str, str | None]] = set()
    for frame in frames:
        if frame is None or frame.empty:
            continue
        for body, sub in zip(frame["body"], frame["subcommittee"], strict=True):
            seen.add((str(body), None if sub is None or pd.isna(sub) or body != "subcommittee" else str(sub)))
    subs = sorted((g for g in seen if g[0] == "subcommittee"), key=lambda g: str(g[1]))
    bodies = [g for b in BODY_LABELS for g in seen if g[0] == b]
    return subs + bodies


def _subcommittee_labels(*frames: pd.DataFrame | None) -> list[str]:
    """Subcommittee labels in the order :func:`group_monthly_tables` gives them."""
    return [str(sub) for body, sub in _groups(*frames) if body == "subcommittee"]


def _in_group(frame: pd.DataFrame, body: str, sub: str | None) -> pd.DataFrame:
    mask = frame["body"] == body
    if body == "subcommittee":
        mask &= frame["subcommittee"] == sub
    return frame[mask]


def group_monthly_tables(
    records: pd.DataFrame,
    meetings: pd.DataFrame | None = None,
    members: pd.DataFrame | None = None,
    *,
    include_council: bool = False,
) -> dict[str, pd.DataFrame]:
    """:func:`monthly_table` of every subcommittee and body (and of the whole council).

    Parameters
    ----------
    records : DataFrame
        Output of :func:`attendance_records` for one district-year.
    meetings, members : DataFrame, optional
        When given, subcommittees that have members but held no meeting in the year
        are listed (with a single ``회의 없음`` row) instead of silently dropped.
    include_council : bool
        Add the council as a whole (every body pooled) first, labelled ``협의체 전체``.

    Returns
    -------
    dict
        Group label (``연구기획분과``, ``대표협의체``, …) → monthly table; the council
        first when requested, then subcommittees in name order, then the bodies.
    """
    out: dict[str, pd.DataFrame] = {}
    per_meeting = meeting_rates(records, meetings)  # once; a group's months come from its meetings
    if include_council:
        out[COUNCIL_LABEL] = _monthly_from_meetings(per_meeting)
    for body, sub in _groups(records, meetings, members):
        label = sub if body == "subcommittee" else BODY_LABELS[body]
        out[str(label)] = _monthly_from_meetings(_in_group(per_meeting, body, sub))
    return out


def format_monthly_table(table: pd.DataFrame, *, include_pooled: bool = True) -> pd.DataFrame:
    """Render a monthly table as seed 000 prints it: 월 | 합 | 민 | 관, one decimal, '%'.

    Parameters
    ----------
    table : DataFrame
        Output of :func:`monthly_table`.
    include_pooled : bool
        Keep the pooled row (labelled ``전체(합산)``, with n) under the 평균 row.

    Returns
    -------
    DataFrame
        Text cells (``"68.4%"``; ``"-"`` when a rate is missing); rounding happens here
        and only here.
    """
    out = pd.DataFrame({"월": table["label"].astype(str)})
    for sector, label in SECTORS.items():
        out[label] = table[f"{sector}_rate"].map(lambda v: "-" if pd.isna(v) else f"{v:.1f}%")
    if include_pooled:
        pooled = table["label"] == POOLED_LABEL
        n = table.loc[pooled, "total_eligible"]
        out.loc[pooled, "월"] = [f"{POOLED_LABEL} (n={int(v)})" for v in n]
    else:
        out = out[table["label"] != POOLED_LABEL]
    return out.reset_index(drop=True)


def pooled_rate(records: pd.DataFrame) -> tuple[float, int, int]:
    """Return (rate in percent, attended, eligible seats) over all records."""
    attended, eligible = int(records["attended"].sum()), len(records)
    return _rate(attended, eligible), attended, eligible


def member_summary(records: pd.DataFrame, members: pd.DataFrame, evaluation_date: dt.date | str) -> pd.DataFrame:
    """Per-member attendance over the meetings they were eligible for.

    Parameters
    ----------
    records : DataFrame
        Output of :func:`attendance_records`.
    members : DataFrame
        Canonical ``members`` table of the same district-years.
    evaluation_date : date or str
        Date at which tenure is measured.

    Returns
    -------
    DataFrame
        ``district_code, year, member_id, name, sector, body, subcommittee, role,
        joined_on, left_on, n_eligible, n_attended, rate, tenure_days, is_current``.
    """
    when = pd.Timestamp(evaluation_date)
    counts = (
        records.groupby(["district_code", "year", "member_id"])
        .agg(n_eligible=("attended", "size"), n_attended=("attended", "sum"))
        .reset_index()
    )
    out = members[
        ["district_code", "year", "member_id", "name", "sector", "body", "subcommittee", "role", "joined_on", "left_on"]
    ].merge(counts, on=["district_code", "year", "member_id"], how="left")
    out["n_eligible"] = out["n_eligible"].fillna(0).astype(int)
    out["n_attended"] = out["n_attended"].fillna(0).astype(int)
    out["rate"] = [_rate(a, e) for a, e in zip(out["n_attended"], out["n_eligible"], strict=True)]
    joined = pd.to_datetime(out["joined_on"])
    left = pd.to_datetime(out["left_on"])
    out["tenure_days"] = (when - joined).dt.days
    out["is_current"] = left.isna() | (left > when)
    return out.reset_index(drop=True)


def excellent_candidates(
    summary: pd.DataFrame,
    *,
    min_tenure_days: int = 365,
    min_rate: float = 70.0,
) -> pd.DataFrame:
    """Members who meet seed 000's excellent-member rule.

    Tenure of at least ``min_tenure_days`` at the evaluation date, still a member at
    that date, and attendance of at least ``min_rate`` percent over the meetings they
    were eligible for.

    Parameters
    ----------
    summary : DataFrame
        Output of :func:`member_summary`.
    min_tenure_days : int
        Default 365 (one year).
    min_rate : float
        Default 70 (percent).

    Returns
    -------
    DataFrame
        The qualifying rows of ``summary``, in the order of the input.
    """
    ok = (
        summary["is_current"].astype(bool)
        & (summary["tenure_days"] >= min_tenure_days)
        & (summary["n_eligible"] > 0)
        & (summary["rate"] >= min_rate - 1e-9)
    )
    chosen = summary[ok].copy()
    chosen["_order"] = chosen["role"].map(role_rank)
    chosen = chosen.sort_values(["district_code", "year", "subcommittee", "_order", "name"], na_position="last", kind="stable")
    return chosen.drop(columns="_order").reset_index(drop=True)


def role_rank(role: object) -> int:
    """Order roles as councils list them: chair, co-chair or vice chair, secretary, members.

    ``민간분과장`` (private co-chair) comes before ``공공분과장`` (public co-chair).
    """
    text = "" if role is None or (isinstance(role, float) and np.isnan(role)) else str(role).strip()
    if text in ("위원장", "분과장") or (text.startswith("민간") and text.endswith("장")):
        return 0
    if text.endswith("장"):
        return 1
    if text in ("총무", "간사"):
        return 2
    return 9


# --------------------------------------------------------------------------- comparison


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
        statsmodels), ``n_meetings``, ``n_members``, ``reason``.

    Notes
    -----
    The Wilson interval treats seats as independent; repeated attendance of the same
    members makes it somewhat narrow. :func:`sector_difference` clusters by member.
    """
    from statsmodels.stats.proportion import proportion_confint

    rows = []
    subs = records[records["body"] == "subcommittee"]
    sub_meetings = meetings[meetings["body"] == "subcommittee"] if meetings is not None else None
    sub_members = members[members["body"] == "subcommittee"] if members is not None else None
    tables = group_monthly_tables(subs, sub_meetings, sub_members) if monthly is None else {
        label: monthly[label] for label in _subcommittee_labels(subs, sub_meetings, sub_members)
    }
    for label, table in tables.items():
        part = subs[subs["subcommittee"] == label]
        mean_row = table[table["label"] == MEAN_LABEL]
        attended, eligible = int(part["attended"].sum()), len(part)
        low, high = (np.nan, np.nan)
        if eligible:
            low, high = (100.0 * v for v in proportion_confint(attended, eligible, alpha=alpha, method="wilson"))
            rate = 100.0 * attended / eligible  # floating error must not put the estimate outside
            low, high = max(0.0, min(low, rate)), min(100.0, max(high, rate))
        rows.append(
            {
                "subcommittee": label,
                "mean_rate": float(mean_row["total_rate"].iloc[0]) if len(mean_row) else np.nan,
                "pooled_rate": _rate(attended, eligible),
                "attended": attended,
                "eligible": eligible,
                "ci_low": low,
                "ci_high": high,
                "n_meetings": int(table["n_meetings"].iloc[0]) if table["label"].iloc[0] == NO_MEETINGS_LABEL else int(mean_row["n_meetings"].iloc[0]),
                "n_members": part["member_id"].nunique(),
                "reason": "" if eligible else "회의 없음 또는 대상 위원 없음 (no meetings or no eligible members)",
            }
        )
    columns = ["subcommittee", "mean_rate", "pooled_rate", "attended", "eligible", "ci_low", "ci_high", "n_meetings", "n_members", "reason"]
    return pd.DataFrame(rows, columns=columns)


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
    out["n_members"] = data["member_id"].nunique()
    for sector in ("private", "public"):
        part = data[data["sector"] == sector]
        out[f"{sector}_rate"] = _rate(part["attended"].sum(), len(part))
    per_sector = data.groupby("sector")["member_id"].nunique()
    if per_sector.get("private", 0) < 2 or per_sector.get("public", 0) < 2:
        out["reason"] = "민간·공공 위원이 각각 2명 이상이어야 합니다 (need at least two members per sector)"
        return out
    rates = data.groupby("sector")["attended"].mean()
    if rates.isin([0.0, 1.0]).any():
        out["reason"] = "한 부문의 참석률이 0% 또는 100%라 모형을 적합할 수 없습니다 (a sector at 0 % or 100 %)"
        return out
    y = data["attended"].astype(float).to_numpy()
    x = sm.add_constant((data["sector"] == "public").astype(float).to_numpy())
    fit = sm.GLM(y, x, family=sm.families.Binomial()).fit(cov_type="cluster", cov_kwds={"groups": _cluster_codes(data)})
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
        "n_records": len(records), "n_meetings": records["meeting_id"].nunique(), "reason": "",
        "method": "이항 GLM(로짓), 위원별 군집 표준오차, 평균 한계효과 (average marginal effect)",
    }
    data = records.dropna(subset=["held_on", "attended"])
    held = pd.to_datetime(data["held_on"])
    months = ((held - pd.to_datetime(held.dt.year.astype(str) + "-01-01")).dt.days / 30.4375).to_numpy()
    if data["meeting_id"].nunique() < 3 or np.ptp(months) == 0 or data["member_id"].nunique() < 3:
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
            f"민간 위원이 {abs(diff):.1f}%p {direction} (95% 신뢰구간 {difference['ci_low']:.1f}~{difference['ci_high']:.1f}%p, "
            f"위원별 군집 보정, p = {difference['p_value']:.3f}). {verdict}."
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
