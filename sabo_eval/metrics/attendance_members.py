"""Member-level attendance: each member's rate and seed 000's excellent-member rule (DESIGN §4).

Works on the members of one district-year or of many. The counts behind a member's
rate come from attendance records (:func:`member_summary`) or, on the all-district
path, from DuckDB; both go through :func:`summary_of_counts`.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

__all__ = ["MEMBER_COLUMNS", "member_summary", "summary_of_counts", "excellent_candidates", "role_rank"]

#: Member columns at the head of a member summary.
MEMBER_COLUMNS = ["district_code", "year", "member_id", "name", "sector", "body", "subcommittee", "role", "joined_on", "left_on"]


def member_summary(records: pd.DataFrame, members: pd.DataFrame, evaluation_date: dt.date | str) -> pd.DataFrame:
    """Per-member attendance over the meetings they were eligible for.

    Parameters
    ----------
    records : DataFrame
        Output of :func:`sabo_eval.metrics.attendance.attendance_records`.
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
    counts = (
        records.groupby(["district_code", "year", "member_id"])
        .agg(n_eligible=("attended", "size"), n_attended=("attended", "sum"))
        .reset_index()
    )
    out = members[MEMBER_COLUMNS].merge(counts, on=["district_code", "year", "member_id"], how="left")
    out["n_eligible"] = out["n_eligible"].fillna(0)
    out["n_attended"] = out["n_attended"].fillna(0)
    return summary_of_counts(out, pd.Timestamp(evaluation_date))


def summary_of_counts(counts: pd.DataFrame, evaluation_date: pd.Timestamp | pd.Series) -> pd.DataFrame:
    """:func:`member_summary` from members with their counts.

    Parameters
    ----------
    counts : DataFrame
        The :data:`MEMBER_COLUMNS` and ``n_eligible`` (eligible meetings) and
        ``n_attended`` (attended ones) of every member, of one or many district-years.
    evaluation_date : Timestamp or Series
        Date at which tenure is measured (a Series: one per row).

    Returns
    -------
    DataFrame
        As :func:`member_summary`.
    """
    out = counts[MEMBER_COLUMNS].copy()
    eligible = counts["n_eligible"].to_numpy().astype(int)
    attended = counts["n_attended"].to_numpy().astype(int)
    out["n_eligible"], out["n_attended"] = eligible, attended
    with np.errstate(divide="ignore", invalid="ignore"):
        out["rate"] = np.where(eligible != 0, attended.astype(float) / eligible.astype(float) * 100.0, np.nan)
    joined = pd.to_datetime(out["joined_on"])
    left = pd.to_datetime(out["left_on"])
    out["tenure_days"] = (evaluation_date - joined).dt.days
    out["is_current"] = left.isna() | (left > evaluation_date)
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
