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
from ._sums import ordered_means, ordered_sums

if TYPE_CHECKING:  # pragma: no cover
    from ..warehouse.store import Warehouse

__all__ = [
    "HEADLINES",
    "MIN_COMPARED",
    "HEADLINE_COLUMNS",
    "Headline",
    "headline_figures",
    "headlines_of",
    "all_district_headlines",
    "warehouse_headlines",
    "headline_table",
]


#: Fewer districts than this with a figure: no median, no rank (a district is not compared with itself).
MIN_COMPARED = 3


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


#: Columns of the headline table: the figures and their counts.
HEADLINE_COLUMNS: tuple[str, ...] = (
    "n_members",
    "n_meetings",
    "attendance_rate",
    "attendance_rate_n",
    "subcommittee_rate",
    "subcommittee_rate_n",
    "n_items",
    "achievement",
    "achievement_n",
    "execution_rate",
    "execution_rate_n",
    "n_opinions",
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
    records = attendance.attendance_records(tables["members"], tables["meetings"], tables["attendance"])
    inputs = {
        "members": tables["members"],
        "meetings": attendance.meeting_counts(records, tables["meetings"]),
        "items": achievement.item_achievement(achievement.indicator_achievement(tables["indicators"])),
        "budget": tables["budget"],
        "plan_items": tables["plan_items"],
        "opinions": tables["opinions"],
    }
    one = {name: frame.assign(district_code="") for name, frame in inputs.items()}  # taken as one district
    districts = pd.DataFrame({"district_code": [""], "evaluation_date": [pd.Timestamp(evaluation_date)]})
    row = headlines_of(one, districts).iloc[0]
    return {column: float(row[column]) for column in HEADLINE_COLUMNS}


def headlines_of(tables: dict[str, pd.DataFrame], districts: pd.DataFrame) -> pd.DataFrame:
    """Headline figures of one or many districts of a year, one row each.

    Parameters
    ----------
    tables : dict
        Of the districts' ``members`` (``district_code, joined_on, left_on``),
        ``meetings`` (a count frame of every meeting, proxy not counted:
        :func:`sabo_eval.metrics.attendance.meeting_counts`), ``items``
        (:func:`sabo_eval.metrics.achievement.item_achievement` of the indicators),
        ``budget`` (canonical), ``plan_items`` (``district_code, item_code``) and
        ``opinions`` (``district_code``). Rows of other districts are ignored.
    districts : DataFrame
        ``district_code`` and ``evaluation_date`` (membership is counted at it), in
        the order of the result.

    Returns
    -------
    DataFrame
        Indexed by ``district_code``, the :data:`HEADLINE_COLUMNS` (floats); an empty
        frame when there is no district.
    """
    if districts.empty:
        return pd.DataFrame()
    codes = pd.Index(districts["district_code"].astype(str).tolist())
    n = len(codes)
    meetings, place = _in_districts(tables["meetings"], codes)
    attended = np.bincount(place, weights=meetings["total_attended"].to_numpy(dtype=float), minlength=n).astype(float)
    eligible = np.bincount(place, weights=meetings["total_eligible"].to_numpy(dtype=float), minlength=n).astype(float)
    rate, n_rated = _subcommittee_rates(meetings, place, n)
    items, item_place = _in_districts(tables["items"], codes)
    achievement_mean = ordered_means(*_scored(items["achievement"], item_place), n)
    pooled = budget.pooled_execution(tables["budget"], ["district_code"])
    budget_place = codes.get_indexer(pooled["district_code"].astype(str))
    execution_rate, base = np.full(n, np.nan), np.zeros(n)
    execution_rate[budget_place[budget_place >= 0]] = pooled["execution_rate"].to_numpy()[budget_place >= 0]
    base[budget_place[budget_place >= 0]] = pooled["base"].to_numpy()[budget_place >= 0]
    with np.errstate(divide="ignore", invalid="ignore"):
        attendance_rate = np.where(eligible != 0, attended / eligible * 100.0, np.nan)
    figures = {
        "n_members": _current_members(tables["members"], districts, codes),
        "n_meetings": _distinct(meetings, place, "meeting_id", n),
        "attendance_rate": attendance_rate,
        "attendance_rate_n": eligible,
        "subcommittee_rate": rate,
        "subcommittee_rate_n": n_rated,
        "n_items": _distinct(*_in_districts(tables["plan_items"], codes), "item_code", n),
        "achievement": achievement_mean,
        "achievement_n": np.bincount(_scored(items["achievement"], item_place)[1], minlength=n).astype(float),
        "execution_rate": execution_rate,
        "execution_rate_n": base,
        "n_opinions": np.bincount(_in_districts(tables["opinions"], codes)[1], minlength=n).astype(float),
    }
    data = {"district_code": codes.tolist(), **{column: figures[column] for column in HEADLINE_COLUMNS}}
    return pd.DataFrame(data).set_index("district_code")


def _in_districts(frame: pd.DataFrame, codes: pd.Index) -> tuple[pd.DataFrame, np.ndarray]:
    """The rows of ``frame`` in one of the districts, and each row's district number."""
    place = codes.get_indexer(frame["district_code"].astype(str))
    kept = place >= 0
    return frame[kept], place[kept]


def _scored(values: pd.Series, place: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Non-missing ``values`` and their district numbers, grouped by district in row order."""
    values = values.to_numpy(dtype=float)
    kept = ~np.isnan(values)
    order = np.argsort(place[kept], kind="stable")
    return values[kept][order], place[kept][order]


def _distinct(frame: pd.DataFrame, place: np.ndarray, column: str, n: int) -> np.ndarray:
    """Number of distinct non-missing ``column`` values per district."""
    keys = pd.DataFrame({"d": place, "v": frame[column].to_numpy()})
    keys = keys[keys["v"].notna()].drop_duplicates()
    return np.bincount(keys["d"].to_numpy(dtype=np.int64), minlength=n).astype(float)


def _current_members(members: pd.DataFrame, districts: pd.DataFrame, codes: pd.Index) -> np.ndarray:
    """Members of each district at its evaluation date (joined by it, not left by it)."""
    members, place = _in_districts(members, codes)
    when = pd.Series(pd.to_datetime(districts["evaluation_date"]).to_numpy()[place], index=members.index)
    joined = pd.to_datetime(members["joined_on"])
    left = pd.to_datetime(members["left_on"])
    current = ((joined.isna() | (joined <= when)) & (left.isna() | (left > when))).to_numpy(dtype=bool)
    return np.bincount(place[current], minlength=len(codes)).astype(float)


def _subcommittee_rates(meetings: pd.DataFrame, place: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Mean over subcommittees (in name order) of each one's mean of monthly pooled rates.

    As ``comparison_summary(subcommittee_comparison(records))``: a subcommittee's
    months are those with an eligible seat; returns the mean and the number of
    subcommittees per district.
    """
    names = meetings["subcommittee"].astype(object)
    chosen = (
        (meetings["body"] == "subcommittee").to_numpy(dtype=bool)
        & names.notna().to_numpy()
        & (names != "").to_numpy(dtype=bool)
        & (meetings["total_eligible"].to_numpy() > 0)
    )
    part = pd.DataFrame(
        {
            "d": place[chosen],
            "subcommittee": names[chosen].astype(str).to_numpy(object),
            "month": pd.to_datetime(meetings["held_on"]).dt.month.to_numpy()[chosen],
            "attended": meetings["total_attended"].to_numpy()[chosen],
            "eligible": meetings["total_eligible"].to_numpy()[chosen],
        }
    )
    months = part.groupby(["d", "subcommittee", "month"], sort=True)[["attended", "eligible"]].sum().reset_index()
    rates = months["attended"].to_numpy(dtype=float) / months["eligible"].to_numpy(dtype=float) * 100.0
    district, name = months["d"].to_numpy(dtype=np.int64), months["subcommittee"].to_numpy(object)
    first = np.ones(len(months), dtype=bool)
    first[1:] = (district[1:] != district[:-1]) | (name[1:] != name[:-1])
    sub = np.cumsum(first) - 1
    n_subs = int(sub[-1]) + 1 if len(sub) else 0
    sub_mean = ordered_means(rates, sub, n_subs)
    sub_district = district[first]
    _, n_rated = ordered_sums(sub_mean, sub_district, n)
    return ordered_means(sub_mean, sub_district, n), n_rated.astype(float)


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
                "전체 시군구 중앙값": (
                    f"{fmt(median, h.unit)} (n={n_districts})" if n_districts >= MIN_COMPARED
                    else f"비교할 시군구 {n_districts}곳뿐, 중앙값 없음" if n_districts else "-"
                ),
                "산출 방법": h.method,
            }
        )
    return pd.DataFrame(rows)
