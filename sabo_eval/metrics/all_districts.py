"""Every district's metric tables for one year at once (the national path).

:func:`all_district_tables` computes, for every district with a current submission
for the year, the tables that the district report computes one district at a time,
with the same functions: the metric functions of :mod:`.attendance_rates`,
:mod:`.attendance_members`, :mod:`.achievement`, :mod:`.budget` and :mod:`.overview`
work on frames of one district or of many, so a district's rows here are what those
functions give for it alone, to the bit (checked by
``tests/metrics/test_metrics_all_districts.py``). The data come from
:mod:`.all_district_reads`, which counts attendance inside DuckDB; no Python loop over
districts or groups.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

import pandas as pd

from . import achievement, budget, overview
from . import all_district_reads as reads
from .attendance_members import summary_of_counts
from .attendance_rates import group_catalogue, monthly_rows, rates_of_meetings

if TYPE_CHECKING:  # pragma: no cover
    from ..warehouse.store import Warehouse

__all__ = ["TABLES", "all_district_tables"]

#: Tables :func:`all_district_tables` can compute, in the order they are returned.
TABLES: tuple[str, ...] = (
    "meeting_rates",
    "monthly",
    "members",
    "indicators",
    "items",
    "strategies",
    "budget",
    "headlines",
)


def _attendance_tables(con, params: dict, meetings: str, wanted: tuple[str, ...], count_proxy: bool) -> dict:
    """``meeting_rates``, ``monthly`` and ``members`` of every district, as requested."""
    out: dict[str, pd.DataFrame] = {}
    if "meeting_rates" in wanted or "monthly" in wanted:
        rates = rates_of_meetings(reads.meeting_counts(con, meetings, count_proxy=count_proxy))
        if "meeting_rates" in wanted:
            out["meeting_rates"] = rates
        if "monthly" in wanted:
            codes = reads.current_districts(con, params)["district_code"].astype(str).tolist()
            catalogue = group_catalogue(reads.district_groups(con, params), codes, params["year"])
            out["monthly"] = monthly_rows(rates, catalogue)
    if "members" in wanted:
        counts, when = reads.member_counts(con, params, count_proxy=count_proxy)
        out["members"] = summary_of_counts(counts, when)
    return out


def _plan_tables(read: Callable[..., pd.DataFrame], wanted: tuple[str, ...]) -> dict:
    """``indicators``, ``items``, ``strategies`` and ``budget`` of every district, as requested."""
    out: dict[str, pd.DataFrame] = {}
    if {"indicators", "items", "strategies"} & set(wanted):
        scored = achievement.indicator_achievement(read("indicators"), previous=read("indicators", "$year - 1"))
        out["indicators"] = scored
        items = achievement.item_achievement(scored, read("plan_items"))
        out["items"] = items
        out["strategies"] = achievement.strategy_achievement(items)
    if "budget" in wanted:
        out["budget"] = budget.execution_by(read("budget"), read("plan_items"), by_district=True)
    return out


def _headlines(con, params: dict, meetings: str, read: Callable[..., pd.DataFrame], scored: pd.DataFrame | None) -> pd.DataFrame:
    """:func:`overview.headlines_of` of every current district (proxy never counted).

    ``scored``: the indicators' achievement when already computed (an item's
    achievement does not depend on last year's targets).
    """
    tables, districts = reads.headline_inputs(con, params, meetings)
    scored = achievement.indicator_achievement(read("indicators")) if scored is None else scored
    tables["items"] = achievement.item_achievement(scored)
    tables["budget"] = read("budget")
    return overview.headlines_of(tables, districts)


def _reader(con, params: dict) -> Callable[..., pd.DataFrame]:
    """``read(name, year_sql="$year")``: a canonical table of every current district, read once."""
    frames: dict[tuple[str, str], pd.DataFrame] = {}

    def read(name: str, year_sql: str = "$year") -> pd.DataFrame:
        if (name, year_sql) not in frames:
            frames[name, year_sql] = con.execute(reads.canonical(name, year_sql), params).df()
        return frames[name, year_sql]

    return read


def all_district_tables(
    wh: Warehouse,
    year: int,
    *,
    count_proxy: bool = False,
    tables: Iterable[str] | None = None,
) -> dict[str, pd.DataFrame]:
    """Metric tables of every district with a current submission for ``year``.

    Parameters
    ----------
    wh : Warehouse
        An open warehouse (read-only is enough; a temporary table is created on
        its connection and dropped before returning).
    year : int
    count_proxy : bool
        Count proxy attendance (△) as attended in ``meeting_rates``, ``monthly`` and
        ``members``. The headline figures never count it (as
        :func:`overview.headline_figures`).
    tables : iterable of str, optional
        Which of :data:`TABLES` to compute (default: all); ``("headlines",)`` is the
        quick path of :func:`sabo_eval.metrics.year_figures.compute_all_headlines`.

    Returns
    -------
    dict
        Of the requested tables: ``meeting_rates`` (:func:`attendance.meeting_rates`,
        meetings without an eligible member included), ``monthly`` (every group's
        :func:`attendance.monthly_table` rows, long: :func:`attendance_rates.monthly_rows`;
        :func:`attendance_rates.monthly_tables_of` gives one district's dict back),
        ``members`` (:func:`attendance_members.member_summary` at the submission's
        평가기준일), ``indicators`` (:func:`achievement.indicator_achievement` with last
        year's indicators as ``previous``), ``items`` and ``strategies``
        (:func:`achievement.item_achievement` with ``plan_items``,
        :func:`achievement.strategy_achievement`), ``budget``
        (:func:`budget.execution_by` at strategy level, with ``district_code, year``)
        and ``headlines`` (:func:`overview.headlines_of`: one row per district,
        indexed by ``district_code``; an empty frame when no district has data).
    """
    wanted = TABLES if tables is None else tuple(dict.fromkeys(tables))
    unknown = [t for t in wanted if t not in TABLES]
    if unknown:
        raise ValueError(f"unknown tables: {unknown}; choose from {TABLES}")
    con = wh.con
    params = {"year": int(year)}
    meetings = f"_sabo_meetings_{uuid.uuid4().hex[:16]}"
    out: dict[str, pd.DataFrame] = {}
    read = _reader(con, params)
    try:
        if {"meeting_rates", "monthly", "headlines"} & set(wanted):
            reads.create_meeting_counts(con, params, meetings)
        out.update(_attendance_tables(con, params, meetings, wanted, count_proxy))
        if {"indicators", "items", "strategies", "budget"} & set(wanted):
            out.update(_plan_tables(read, wanted))
        if "headlines" in wanted:
            out["headlines"] = _headlines(con, params, meetings, read, out.get("indicators"))
    finally:
        con.execute(f"DROP TABLE IF EXISTS {meetings}")
    return {name: out[name] for name in TABLES if name in out and name in wanted}
