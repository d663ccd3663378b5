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
from collections.abc import Iterable
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


def _plan_tables(con, params: dict, wanted: tuple[str, ...]) -> dict:
    """``indicators``, ``items``, ``strategies`` and ``budget`` of every district, as requested."""
    out: dict[str, pd.DataFrame] = {}
    plan = con.execute(reads.canonical("plan_items"), params).df()
    if {"indicators", "items", "strategies"} & set(wanted):
        indicators = con.execute(reads.canonical("indicators"), params).df()
        previous = con.execute(reads.canonical("indicators", "$year - 1"), params).df()
        scored = achievement.indicator_achievement(indicators, previous=previous)
        out["indicators"] = scored
        items = achievement.item_achievement(scored, plan)
        out["items"] = items
        out["strategies"] = achievement.strategy_achievement(items)
    if "budget" in wanted:
        out["budget"] = budget.execution_by(con.execute(reads.canonical("budget"), params).df(), plan, by_district=True)
    return out


def _headlines(con, params: dict, meetings: str) -> pd.DataFrame:
    """:func:`overview.headlines_of` of every current district (proxy never counted)."""
    tables, districts = reads.headline_inputs(con, params, meetings)
    indicators = con.execute(reads.canonical("indicators"), params).df()
    tables["items"] = achievement.item_achievement(achievement.indicator_achievement(indicators))
    return overview.headlines_of(tables, districts)


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
        An open warehouse (read-only is enough; two temporary tables are created on
        its connection and dropped before returning).
    year : int
    count_proxy : bool
        Count proxy attendance (△) as attended in ``meeting_rates``, ``monthly`` and
        ``members``. The headline figures never count it (as
        :func:`overview.headline_figures`).
    tables : iterable of str, optional
        Which of :data:`TABLES` to compute (default: all); ``("headlines",)`` is the
        quick path of :func:`sabo_eval.warehouse.district_data.compute_all_headlines`.

    Returns
    -------
    dict
        Of the requested tables:

        ``meeting_rates``
            :func:`attendance.meeting_rates` of every meeting (meetings without an
            eligible member included, with a missing rate and a reason).
        ``monthly``
            Every row of :func:`attendance.monthly_table` of every group of
            ``group_monthly_tables(..., include_council=True)``, long: ``district_code,
            year, group`` (the label: ``협의체 전체``, the subcommittee, ``대표협의체`` …),
            ``group_order`` (its place in the district's dict), ``body``,
            ``subcommittee``, then the monthly table's columns (``label`` is the month,
            ``평균``, ``전체(합산)`` or ``회의 없음``). :func:`~sabo_eval.metrics.attendance_rates.monthly_tables_of`
            gives one district's dict back.
        ``members``
            :func:`attendance.member_summary` at the submission's 평가기준일.
        ``indicators``
            :func:`achievement.indicator_achievement` with last year's indicators as
            ``previous`` (as the district report).
        ``items``, ``strategies``
            :func:`achievement.item_achievement` (with ``plan_items``) and
            :func:`achievement.strategy_achievement`.
        ``budget``
            :func:`budget.execution_by` at strategy level, with ``district_code, year``.
        ``headlines``
            :func:`overview.all_district_headlines`: one row per district, indexed by
            ``district_code`` (an empty frame when no district has data).
    """
    wanted = TABLES if tables is None else tuple(dict.fromkeys(tables))
    unknown = [t for t in wanted if t not in TABLES]
    if unknown:
        raise ValueError(f"unknown tables: {unknown}; choose from {TABLES}")
    con = wh.con
    params = {"year": int(year)}
    meetings = f"_sabo_meetings_{uuid.uuid4().hex[:16]}"
    out: dict[str, pd.DataFrame] = {}
    try:
        if {"meeting_rates", "monthly", "headlines"} & set(wanted):
            reads.create_meeting_counts(con, params, meetings)
        out.update(_attendance_tables(con, params, meetings, wanted, count_proxy))
        if {"indicators", "items", "strategies", "budget"} & set(wanted):
            out.update(_plan_tables(con, params, wanted))
        if "headlines" in wanted:
            out["headlines"] = _headlines(con, params, meetings)
    finally:
        con.execute(f"DROP TABLE IF EXISTS {meetings}")
    return {name: out[name] for name in TABLES if name in out and name in wanted}
