"""Attendance rates and monthly tables from count frames, for one district or many.

A *count frame* holds, per meeting, the attended and eligible seats of each sector
(:data:`COUNT_COLUMNS`) beside the meeting's ``district_code, year, meeting_id, body,
subcommittee, held_on``. The per-district functions of :mod:`.attendance` count
attendance records into one (:func:`sabo_eval.metrics.attendance.meeting_counts`); the
all-district path counts every district's seats and marks inside DuckDB
(:mod:`sabo_eval.metrics.all_district_reads`). Both then compute rates and monthly
tables here, vectorised over districts and groups: one implementation, so a district's
figures are the same, to the bit, on both paths.

A zero denominator gives a missing rate with a reason, never 0. The 평균 row of a
monthly table is the mean of its monthly rates, the 전체(합산) row the pooled rate.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ._sums import ordered_sums

__all__ = [
    "SECTORS",
    "BODY_LABELS",
    "COUNCIL_LABEL",
    "COUNT_COLUMNS",
    "rate_percent",
    "add_rates",
    "rates_of_meetings",
    "group_catalogue",
    "monthly_rows",
    "monthly_tables_of",
    "labelled_groups",
    "subcommittee_labels",
]

#: Output labels of the sector columns: total / private / public.
SECTORS = {"total": "합", "private": "민", "public": "관"}
MEAN_LABEL = "평균"
POOLED_LABEL = "전체(합산)"
NO_MEETINGS_LABEL = "회의 없음"
BODY_LABELS = {"representative": "대표협의체", "working": "실무협의체", "dong": "동협의체"}
COUNCIL_LABEL = "협의체 전체"

#: Count columns of a count frame: ``<sector>_attended``, ``<sector>_eligible``.
COUNT_COLUMNS = [f"{s}_{k}" for s in SECTORS for k in ("attended", "eligible")]
_MONTHLY_COLUMNS = [
    "label", "month", *[f"{s}_{k}" for s in SECTORS for k in ("rate", "attended", "eligible")], "n_meetings", "reason",
]
_NO_MEETINGS_COLUMNS = [
    "label", "month", "n_meetings", "reason", *[f"{s}_{k}" for s in SECTORS for k in ("rate", "attended", "eligible")],
]
_MEAN_REASON = "월별 참석률의 평균 (mean of monthly rates)"
_POOLED_REASON = "전체 참석 ÷ 전체 대상 (pooled)"
_NO_MEETINGS_REASON = "회의 없음 (no meetings in the year)"


def rate_percent(attended: float, eligible: float) -> float:
    """Attendance rate in percent.

    Parameters
    ----------
    attended, eligible : float
        Attended and eligible seats.

    Returns
    -------
    float
        ``attended ÷ eligible × 100``; NaN when nobody was eligible (never 0).
    """
    return float(attended) / float(eligible) * 100.0 if eligible else np.nan


def _reason_table() -> np.ndarray:
    reasons = []
    for code in range(2 ** len(SECTORS)):
        parts = [f"{label}: 대상 위원 없음 (no eligible members)" for i, label in enumerate(SECTORS.values()) if code >> i & 1]
        reasons.append("; ".join(parts))
    return np.array(reasons, dtype=object)


_REASONS = _reason_table()


def add_rates(frame: pd.DataFrame) -> pd.DataFrame:
    """Add ``<sector>_rate`` and ``reason`` to a frame of counts, in place.

    Parameters
    ----------
    frame : DataFrame
        With the :data:`COUNT_COLUMNS`.

    Returns
    -------
    DataFrame
        ``frame``; a rate is missing, with a reason, where nobody was eligible.
    """
    code = np.zeros(len(frame), dtype=np.int64)
    for i, sector in enumerate(SECTORS):
        eligible = frame[f"{sector}_eligible"].to_numpy(dtype=float)
        attended = frame[f"{sector}_attended"].to_numpy(dtype=float)
        with np.errstate(divide="ignore", invalid="ignore"):
            frame[f"{sector}_rate"] = np.where(eligible != 0, attended / eligible * 100.0, np.nan)
        code |= (eligible == 0).astype(np.int64) << i
    frame["reason"] = _REASONS[code].tolist()
    return frame


def rates_of_meetings(counts: pd.DataFrame) -> pd.DataFrame:
    """Rates of every meeting of a count frame (:func:`meeting_counts`).

    Parameters
    ----------
    counts : DataFrame
        A count frame of one or many district-years.

    Returns
    -------
    DataFrame
        The count frame with ``month``, ``<sector>_rate`` and ``reason``, sorted by
        ``district_code, year, held_on, meeting_id``.
    """
    out = counts.copy()
    out["held_on"] = pd.to_datetime(out["held_on"])
    out["month"] = out["held_on"].dt.month
    out = add_rates(out)
    return out.sort_values(["district_code", "year", "held_on", "meeting_id"]).reset_index(drop=True)


def labelled_groups(groups: pd.DataFrame) -> pd.DataFrame:
    """Subcommittees and bodies named by ``groups``, labelled, with their rank and meeting key.

    Parameters
    ----------
    groups : DataFrame
        ``district_code, body, subcommittee``.

    Returns
    -------
    DataFrame
        ``district_code, key, group, body, subcommittee, _rank`` (1 for a
        subcommittee, 2… for the bodies in :data:`BODY_LABELS` order); other bodies
        are left out.
    """
    body = groups["body"].astype(object)
    names = groups["subcommittee"].astype(object)
    sub = (body == "subcommittee").to_numpy()
    keep = sub | body.isin(list(BODY_LABELS)).to_numpy()
    body, names, sub = body[keep], names[keep], sub[keep]
    unnamed = names.isna().to_numpy()
    text = names.where(~unnamed, "").astype(str).to_numpy()
    return pd.DataFrame(
        {
            "district_code": groups["district_code"].to_numpy()[keep],
            "key": np.where(sub, np.where(unnamed, "u:", "s:" + text.astype(object)), "b:" + body.astype(str).to_numpy()),
            "group": np.where(sub, np.where(unnamed, "None", text), body.map(BODY_LABELS).to_numpy()),
            "body": body.to_numpy(),
            "subcommittee": np.where(sub & ~unnamed, text, None),
            "_rank": np.where(sub, 1, 2 + body.map({b: i for i, b in enumerate(BODY_LABELS)}).fillna(0).to_numpy()),
        }
    )


def group_catalogue(groups: pd.DataFrame, codes: list[str], year: object, *, council: bool = True) -> pd.DataFrame:
    """Every district's groups, labelled and ordered as :func:`group_monthly_tables` lists them.

    Parameters
    ----------
    groups : DataFrame
        ``district_code, body, subcommittee`` of the meetings, members or records that
        name a group (duplicates allowed).
    codes : list of str
        The districts (each gets the council group when ``council``).
    year : object
        Written into the ``year`` column.
    council : bool
        List the council as a whole (``협의체 전체``) first.

    Returns
    -------
    DataFrame
        ``district_code, year, key, group, group_order, body, subcommittee``: the
        council first, then the subcommittees in name order, then the bodies; a
        subcommittee without a name is listed as ``"None"`` (and never has meetings of
        its own). ``key`` identifies a group's meetings.
    """
    catalogue = labelled_groups(groups)
    if council:
        whole = pd.DataFrame(
            {"district_code": codes, "key": "c:", "group": COUNCIL_LABEL, "body": None, "subcommittee": None, "_rank": 0}
        )
        catalogue = pd.concat([whole, catalogue], ignore_index=True)
    catalogue = catalogue.drop_duplicates(["district_code", "key"])
    catalogue["_name"] = np.where(catalogue["_rank"] == 1, catalogue["group"].astype(str), "")
    catalogue = catalogue.sort_values(["district_code", "_rank", "_name"], kind="stable").reset_index(drop=True)
    catalogue["group_order"] = catalogue.groupby("district_code", sort=False).cumcount()
    # Two groups with one label: the later one takes the earlier one's place (dict semantics).
    catalogue["group_order"] = catalogue.groupby(["district_code", "group"], sort=False)["group_order"].transform("min")
    catalogue = catalogue.drop_duplicates(["district_code", "group"], keep="last")
    catalogue["year"] = year
    columns = ["district_code", "year", "key", "group", "group_order", "body", "subcommittee"]
    return catalogue[columns].reset_index(drop=True)


def _meeting_groups(rates: pd.DataFrame, catalogue: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """(meeting row, group row) pairs: every meeting counts in its council and its own group.

    A subcommittee meeting without a subcommittee name has no group of its own, and a
    meeting without a month counts nowhere.
    """
    where = pd.Index((catalogue["district_code"].astype(str) + "\x1f" + catalogue["key"].astype(str)).to_numpy(object))
    body = rates["body"].astype(object).to_numpy()
    names = rates["subcommittee"].astype(object)
    named = names.notna().to_numpy()
    sub = body == "subcommittee"
    text = names.where(named, "").astype(str).to_numpy(object)
    own_key = np.where(sub, "s:" + text, "b:" + body.astype(str).astype(object))
    district = rates["district_code"].astype(str).to_numpy(object) + "\x1f"
    council = where.get_indexer(district + "c:")
    own = where.get_indexer(district + own_key)
    own[~np.where(sub, named, pd.Index(list(BODY_LABELS)).get_indexer(body) >= 0)] = -1
    dated = rates["month"].notna().to_numpy()
    council[~dated], own[~dated] = -1, -1
    meeting = np.concatenate([np.flatnonzero(council >= 0), np.flatnonzero(own >= 0)])
    group = np.concatenate([council[council >= 0], own[own >= 0]])
    return meeting, group


def _month_rows(rates: pd.DataFrame, meeting: np.ndarray, group: np.ndarray) -> pd.DataFrame:
    """One row per group and month: the month's meetings pooled (``bincount`` of their counts)."""
    month = rates["month"].to_numpy(dtype=float)[meeting].astype(np.int64)
    cells, cell = np.unique(group * 13 + month, return_inverse=True)
    cell = cell.reshape(-1)
    cell_group, cell_month = cells // 13, cells % 13
    table = pd.DataFrame({"_group": cell_group, "month": cell_month.astype(float)})
    for column in COUNT_COLUMNS:
        values = rates[column].to_numpy(dtype=np.int64)[meeting]
        table[column] = np.bincount(cell, weights=values, minlength=len(cells)).astype(np.int64)
    table["n_meetings"] = np.bincount(cell, minlength=len(cells)).astype(np.int64)
    table["label"] = cell_month.astype(str).tolist()
    table = add_rates(table)
    table["_row"] = 0
    return table


def _summary_rows(table: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The 평균 and 전체(합산) rows of every group of the month rows.

    The 평균 is ``Series.mean`` of the month rates, summed in month order like it; its
    ``_eligible`` counts are the number of months with a rate.
    """
    cell_group = table["_group"].to_numpy()
    held = np.unique(cell_group)
    position = np.searchsorted(held, cell_group)
    n_meetings = np.bincount(position, weights=table["n_meetings"].to_numpy(), minlength=len(held)).astype(np.int64)
    mean = pd.DataFrame({"_group": held, "n_meetings": n_meetings})
    pooled = mean.copy()
    for sector in SECTORS:
        rate = table[f"{sector}_rate"].to_numpy(dtype=float)
        rated = ~np.isnan(rate)
        total, count = ordered_sums(rate[rated], position[rated], len(held))
        with np.errstate(divide="ignore", invalid="ignore"):
            mean[f"{sector}_rate"] = np.where(count > 0, total / count, np.nan)
        mean[f"{sector}_attended"] = np.nan
        mean[f"{sector}_eligible"] = count
        attended, eligible = (
            np.bincount(position, weights=table[f"{sector}_{k}"].to_numpy(), minlength=len(held)).astype(np.int64)
            for k in ("attended", "eligible")
        )
        pooled[f"{sector}_attended"] = attended
        pooled[f"{sector}_eligible"] = eligible
        with np.errstate(divide="ignore", invalid="ignore"):
            pooled[f"{sector}_rate"] = np.where(eligible != 0, attended / eligible * 100.0, np.nan)
    mean = mean.assign(label=MEAN_LABEL, month=np.nan, reason=_MEAN_REASON, _row=1)
    pooled = pooled.assign(label=POOLED_LABEL, month=np.nan, reason=_POOLED_REASON, _row=2)
    return mean, pooled


def _empty_rows(groups: np.ndarray) -> pd.DataFrame:
    """The single 회의 없음 row of every group without meetings."""
    empty = pd.DataFrame({"_group": groups}).assign(
        label=NO_MEETINGS_LABEL, month=np.nan, n_meetings=0, reason=_NO_MEETINGS_REASON, _row=3
    )
    for sector in SECTORS:
        empty[f"{sector}_rate"] = np.nan
        empty[f"{sector}_attended"] = 0
        empty[f"{sector}_eligible"] = 0
    return empty


def monthly_rows(rates: pd.DataFrame, catalogue: pd.DataFrame) -> pd.DataFrame:
    """The rows of :func:`monthly_table` of every group of every district, long.

    Parameters
    ----------
    rates : DataFrame
        Per-meeting rates (:func:`rates_of_meetings`) of one or many district-years.
    catalogue : DataFrame
        Their groups (:func:`group_catalogue`).

    Returns
    -------
    DataFrame
        ``district_code, year, group, group_order, body, subcommittee``, then the
        monthly table's columns (``label`` is the month, ``평균``, ``전체(합산)`` or
        ``회의 없음``); groups in the catalogue's order. :func:`monthly_tables_of`
        gives one district's dict back.
    """
    n_groups = len(catalogue)
    table = _month_rows(rates, *_meeting_groups(rates, catalogue))
    mean, pooled = _summary_rows(table)
    empty = _empty_rows(np.setdiff1d(np.arange(n_groups), mean["_group"].to_numpy()))
    parts = [part for part in (table, mean, pooled, empty) if len(part)]
    out = pd.concat(parts or [table], ignore_index=True)
    place = np.empty(n_groups, dtype=np.int64)  # each group's place: district, then group_order
    place[np.lexsort((catalogue["group_order"].to_numpy(), catalogue["district_code"].astype(str).to_numpy()))] = np.arange(n_groups)
    group_of = out["_group"].to_numpy()
    order = np.lexsort((np.nan_to_num(out["month"].to_numpy(), nan=0.0), out["_row"].to_numpy(), place[group_of]))
    out = out.iloc[order].reset_index(drop=True)
    info = catalogue[["district_code", "year", "group", "group_order", "body", "subcommittee"]].iloc[out["_group"].to_numpy()]
    return pd.concat([info.reset_index(drop=True), out[_MONTHLY_COLUMNS]], axis=1)


def monthly_tables_of(monthly: pd.DataFrame, district_code: str) -> dict[str, pd.DataFrame]:
    """One district's monthly tables as :func:`group_monthly_tables` returns them.

    Parameters
    ----------
    monthly : DataFrame
        Output of :func:`monthly_rows` (the ``monthly`` table of
        :func:`sabo_eval.metrics.all_districts.all_district_tables`).
    district_code : str

    Returns
    -------
    dict
        Group label → table with the columns of :func:`monthly_table`, in the order of
        ``group_monthly_tables(..., include_council=True)``.
    """
    part = monthly[monthly["district_code"] == str(district_code)]
    return {str(label): _monthly_table(rows) for label, rows in part.groupby("group", sort=False)}


def _monthly_table(rows: pd.DataFrame) -> pd.DataFrame:
    """One group's rows as :func:`monthly_table` returns them (columns, dtypes)."""
    if len(rows) == 1 and rows["label"].iloc[0] == NO_MEETINGS_LABEL:
        table = rows[_NO_MEETINGS_COLUMNS].reset_index(drop=True)
        counts = ["n_meetings", *COUNT_COLUMNS]
        return table.astype({column: "int64" for column in counts})
    return rows[_MONTHLY_COLUMNS].reset_index(drop=True)


def subcommittee_labels(*frames: pd.DataFrame | None) -> list[str]:
    """Subcommittee labels in the order ``group_monthly_tables`` gives them.

    Parameters
    ----------
    *frames : DataFrame or None
        Records, meetings or members (``body``, ``subcommittee``) of one district-year.

    Returns
    -------
    list of str
        Every subcommittee they name, in name order (an unnamed one as ``"None"``).
    """
    named = [f[["body", "subcommittee"]] for f in frames if f is not None and not f.empty]
    if not named:
        return []
    groups = labelled_groups(pd.concat(named, ignore_index=True).assign(district_code=""))
    return sorted(groups.loc[groups["_rank"] == 1].drop_duplicates("key")["group"].astype(str).tolist())
