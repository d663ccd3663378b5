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
    "monthly_table",
    "subcommittee_monthly_tables",
    "format_monthly_table",
    "member_summary",
    "excellent_candidates",
    "pooled_rate",
]

#: Output labels of the sector columns: total / private / public.
SECTORS = {"total": "합", "private": "민", "public": "관"}
MEAN_LABEL = "평균"
POOLED_LABEL = "전체(합산)"


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
        Canonical tables (from :meth:`sabo_eval.store.Warehouse.table`) of one or
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


def monthly_table(records: pd.DataFrame) -> pd.DataFrame:
    """Monthly attendance rates, total/private/public, with the 평균 and pooled rows.

    Parameters
    ----------
    records : DataFrame
        Output of :func:`attendance_records`, filtered to one group (for example one
        subcommittee of one district-year).

    Returns
    -------
    DataFrame
        One row per month (``month`` 1–12) then a ``평균`` row (mean of the monthly
        rates) and a ``전체(합산)`` row (pooled rate). Columns: ``label``, and for each
        sector ``total``, ``private``, ``public``: ``<sector>_rate`` (percent,
        unrounded), ``<sector>_attended``, ``<sector>_eligible``; plus ``n_meetings``
        and ``reason`` (why a rate is missing). The mean row's counts are the
        number of months that have a rate.
    """
    rows = []
    for month, part in records.groupby("month", sort=True):
        row: dict[str, object] = {"label": f"{int(month)}", "month": int(month), "n_meetings": part["meeting_id"].nunique()}
        reasons = []
        for sector in SECTORS:
            sel = part if sector == "total" else part[part["sector"] == sector]
            attended, eligible = int(sel["attended"].sum()), len(sel)
            row[f"{sector}_attended"] = attended
            row[f"{sector}_eligible"] = eligible
            row[f"{sector}_rate"] = _rate(attended, eligible)
            if not eligible:
                reasons.append(f"{SECTORS[sector]}: 대상 위원 없음 (no eligible members)")
        row["reason"] = "; ".join(reasons)
        rows.append(row)
    table = pd.DataFrame(rows)
    if table.empty:
        return pd.DataFrame(
            [{"label": MEAN_LABEL, "month": np.nan, "reason": "회의 없음 (no meetings)"}]
        )
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
    return pd.concat([table, pd.DataFrame([mean, pooled])], ignore_index=True)


def subcommittee_monthly_tables(records: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """:func:`monthly_table` for every subcommittee (and for each non-subcommittee body).

    Returns
    -------
    dict
        Group label (``연구기획분과``, or ``대표협의체``/``실무협의체``) → monthly table,
        subcommittees first in name order.
    """
    body_labels = {"representative": "대표협의체", "working": "실무협의체", "dong": "동협의체"}
    out: dict[str, pd.DataFrame] = {}
    subs = records[records["body"] == "subcommittee"]
    for name, part in sorted(subs.groupby("subcommittee"), key=lambda kv: str(kv[0])):
        out[str(name)] = monthly_table(part)
    for body, label in body_labels.items():
        part = records[records["body"] == body]
        if not part.empty:
            out[label] = monthly_table(part)
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
