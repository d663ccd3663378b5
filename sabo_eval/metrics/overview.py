"""Headline figures of a district-year, and the same for every district (for medians).

The overview of a district report shows a handful of figures with their counts, and
beside each the median over all districts of the same year. The all-district table
is computed once per run (:func:`all_district_headlines`) and read by every notebook.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from . import achievement, attendance, budget

if TYPE_CHECKING:  # pragma: no cover
    from ..warehouse.store import Warehouse

__all__ = [
    "HEADLINES",
    "Headline",
    "headline_figures",
    "all_district_headlines",
    "warehouse_headlines",
    "headline_table",
]


@dataclass(frozen=True)
class Headline:
    """One headline figure: its key, Korean label, unit and how it is computed."""

    key: str
    label: str
    unit: str
    method: str


HEADLINES: tuple[Headline, ...] = (
    Headline("n_members", "위원 수", "명", "평가기준일 현재 위원"),
    Headline("n_meetings", "회의 수", "회", "해당 연도 개최 회의"),
    Headline("attendance_rate", "회의 참석률(합산)", "%", "전체 참석 ÷ 전체 참석 대상"),
    Headline("subcommittee_rate", "실무분과 평균 참석률", "%", "분과별 월평균 참석률의 평균"),
    Headline("n_items", "세부사업 수", "개", "연차별 시행계획 세부사업"),
    Headline("achievement", "성과지표 달성률", "%", "세부사업 달성률의 평균(상한 없음)"),
    Headline("execution_rate", "예산 집행률", "%", "집행액 ÷ 변경(없으면 계획)예산"),
    Headline("n_opinions", "모니터링 의견 수", "건", "실무분과 모니터링 의견"),
)


def headline_figures(tables: dict[str, pd.DataFrame], evaluation_date: dt.date | str) -> dict[str, float]:
    """Compute the headline figures of one district-year.

    Parameters
    ----------
    tables : dict
        Canonical tables of one district and year (``members``, ``meetings``,
        ``attendance``, ``plan_items``, ``indicators``, ``budget``, ``opinions``).
    evaluation_date : date or str
        Date at which membership is counted.

    Returns
    -------
    dict
        Figure key → value (NaN when it cannot be computed), plus ``*_n`` counts
        (e.g. ``attendance_rate_n`` eligible seats).
    """
    when = pd.Timestamp(evaluation_date)
    members = tables["members"]
    joined = pd.to_datetime(members["joined_on"])
    left = pd.to_datetime(members["left_on"])
    current = (joined.isna() | (joined <= when)) & (left.isna() | (left > when))
    out: dict[str, float] = {"n_members": float(current.sum()), "n_meetings": float(tables["meetings"]["meeting_id"].nunique())}

    records = attendance.attendance_records(members, tables["meetings"], tables["attendance"])
    rate, _attended, eligible = attendance.pooled_rate(records)
    out["attendance_rate"], out["attendance_rate_n"] = rate, float(eligible)
    summary = attendance.comparison_summary(attendance.subcommittee_comparison(records))
    out["subcommittee_rate"] = summary["council_mean"]
    out["subcommittee_rate_n"] = float(summary["n_subcommittees"])

    out["n_items"] = float(tables["plan_items"]["item_code"].nunique())
    scored = achievement.indicator_achievement(tables["indicators"])
    items = achievement.item_achievement(scored)
    valid = items["achievement"].dropna()
    out["achievement"] = float(valid.mean()) if len(valid) else np.nan
    out["achievement_n"] = float(len(valid))

    rate, _executed, base = budget.total_execution_rate(tables["budget"]) if not tables["budget"].empty else (np.nan, 0, 0)
    out["execution_rate"], out["execution_rate_n"] = rate, float(base)
    out["n_opinions"] = float(len(tables["opinions"]))
    return out


def all_district_headlines(district_tables: dict[str, tuple[dict[str, pd.DataFrame], dt.date]]) -> pd.DataFrame:
    """Headline figures of many districts, one row each.

    Parameters
    ----------
    district_tables : dict
        District code → (tables, evaluation date).

    Returns
    -------
    DataFrame
        Indexed by ``district_code``.
    """
    rows = []
    for code, (tables, when) in sorted(district_tables.items()):
        rows.append({"district_code": code, **headline_figures(tables, when)})
    return pd.DataFrame(rows).set_index("district_code") if rows else pd.DataFrame()


def warehouse_headlines(wh: Warehouse, year: int) -> pd.DataFrame:
    """:func:`all_district_headlines` of every district with a current submission for ``year``.

    The same figures, computed for all districts at once inside DuckDB (see
    :mod:`sabo_eval.metrics.all_districts`) instead of one district at a time.

    Parameters
    ----------
    wh : Warehouse
        An open warehouse.
    year : int

    Returns
    -------
    DataFrame
        Indexed by ``district_code`` (empty when no district has data for the year).
    """
    from .all_districts import all_district_tables

    return all_district_tables(wh, year, tables=("headlines",))["headlines"]


def headline_table(figures: dict[str, float], all_districts: pd.DataFrame | None = None) -> pd.DataFrame:
    """The overview table: label, value, median of all districts, and how computed.

    Values are rounded here, once, to one decimal for rates and to integers for counts.

    Parameters
    ----------
    figures : dict
        Output of :func:`headline_figures`.
    all_districts : DataFrame, optional
        Output of :func:`all_district_headlines` for the same year.

    Returns
    -------
    DataFrame
        Korean columns ``지표, 값, 전체 시군구 중앙값, 산출 방법``.
    """

    def fmt(value: float, unit: str) -> str:
        if value is None or pd.isna(value):
            return "-"
        return f"{value:.1f}%" if unit == "%" else f"{value:,.0f}{unit}"

    rows = []
    for h in HEADLINES:
        median = np.nan
        n_districts = 0
        if all_districts is not None and h.key in all_districts:
            column = all_districts[h.key].dropna()
            median, n_districts = (float(column.median()), len(column)) if len(column) else (np.nan, 0)
        rows.append(
            {
                "지표": h.label,
                "값": fmt(figures.get(h.key, np.nan), h.unit),
                "전체 시군구 중앙값": f"{fmt(median, h.unit)} (n={n_districts})" if n_districts else "-",
                "산출 방법": h.method,
            }
        )
    return pd.DataFrame(rows)
