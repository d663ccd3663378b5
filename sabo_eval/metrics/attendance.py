"""Meeting attendance: eligible seats, per-meeting and monthly rates (DESIGN §4).

Pure functions: warehouse tables in, new tables out; inputs are never modified. Every
function works on the tables of one district-year or of many: the rates and monthly
tables are computed from *count frames* (attended and eligible seats per meeting and
sector), which :func:`meeting_counts` makes from attendance records and which the
all-district path counts inside DuckDB; both then go through the same functions of
:mod:`~sabo_eval.metrics.attendance_rates`. Member summaries are in
:mod:`~sabo_eval.metrics.attendance_members`, comparisons and models in
:mod:`~sabo_eval.metrics.attendance_inference`.

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

import pandas as pd

from .attendance_rates import (
    BODY_LABELS,
    COUNCIL_LABEL,
    COUNT_COLUMNS,
    MEAN_LABEL,
    NO_MEETINGS_LABEL,
    POOLED_LABEL,
    SECTORS,
    group_catalogue,
    monthly_rows,
    monthly_tables_of,
    rate_percent,
    rates_of_meetings,
)

__all__ = [
    "SECTORS",
    "BODY_LABELS",
    "COUNCIL_LABEL",
    "MEAN_LABEL",
    "NO_MEETINGS_LABEL",
    "POOLED_LABEL",
    "attendance_records",
    "meeting_counts",
    "meeting_rates",
    "monthly_table",
    "group_monthly_tables",
    "format_monthly_table",
    "pooled_rate",
]

_INFO = ["district_code", "year", "meeting_id", "body", "subcommittee", "held_on"]


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


def meeting_counts(records: pd.DataFrame, meetings: pd.DataFrame | None = None) -> pd.DataFrame:
    """Attended and eligible seats of every meeting, per sector: the count frame.

    Parameters
    ----------
    records : DataFrame
        Output of :func:`attendance_records`.
    meetings : DataFrame, optional
        Canonical ``meetings`` of the same scope; a meeting without an eligible member
        is then kept with zero counts.

    Returns
    -------
    DataFrame
        ``district_code, year, meeting_id, body, subcommittee, held_on`` and the
        :data:`COUNT_COLUMNS` (integers).
    """
    keys = ["district_code", "year", "meeting_id"]
    counts = _sector_counts(records, keys) if not records.empty else pd.DataFrame(columns=keys)
    info = meetings[_INFO].copy() if meetings is not None else records[_INFO].drop_duplicates(keys)
    info["held_on"] = pd.to_datetime(info["held_on"])
    out = info.merge(counts, on=keys, how="left")
    for column in COUNT_COLUMNS:
        out[column] = pd.to_numeric(out.get(column, 0), errors="coerce")
        out[column] = out[column].fillna(0).astype(int)
    return out


def _sector_counts(frame: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Attended and eligible seats per group and sector, wide (``total_attended`` …)."""
    out = None
    for sector in SECTORS:
        sel = frame if sector == "total" else frame[frame["sector"] == sector]
        counts = sel.groupby(keys, dropna=False)["attended"].agg(["sum", "size"])
        counts.columns = [f"{sector}_attended", f"{sector}_eligible"]
        out = counts if out is None else out.join(counts, how="outer")
    return out.fillna(0).astype(int).reset_index()


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
        held_on``, ``<sector>_attended``, ``<sector>_eligible`` for ``total``,
        ``private``, ``public``, ``month``, ``<sector>_rate`` and ``reason``.
    """
    return rates_of_meetings(meeting_counts(records, meetings))


def _one_district(rates: pd.DataFrame, *frames: pd.DataFrame | None, council: bool) -> dict[str, pd.DataFrame]:
    """Monthly tables of the rates and groups of ``frames`` taken as one district (as given)."""
    named = [f[["body", "subcommittee"]] for f in frames if f is not None and not f.empty]
    groups = pd.concat(named, ignore_index=True) if named else pd.DataFrame({"body": [], "subcommittee": []})
    catalogue = group_catalogue(groups.assign(district_code=""), [""], None, council=council)
    return monthly_tables_of(monthly_rows(rates.assign(district_code=""), catalogue), "")


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
    return _one_district(meeting_rates(records, meetings), council=True)[COUNCIL_LABEL]


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
    rates = meeting_rates(records, meetings)
    return _one_district(rates, records, meetings, members, council=include_council)


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
    return rate_percent(attended, eligible), attended, eligible
