"""Years side by side: a district's headline figures and main service indicators over up to five years.

Each year's figures are computed by the same functions as the year's own report
(:func:`sabo_eval.metrics.overview.headline_figures`,
:func:`sabo_eval.metrics.services.indicator_values`); this module only lines them up.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .overview import HEADLINES
from .summary import MAIN_INDICATORS

__all__ = ["MAX_YEARS", "TREND_HEADLINES", "SECTOR_FIGURES", "sector_rates", "trend_years", "trend_frame"]

#: At most this many years, the report's year included.
MAX_YEARS = 5

#: Headline figures shown over the years, in order.
TREND_HEADLINES: tuple[str, ...] = ("n_meetings", "attendance_rate", "subcommittee_rate", "achievement", "execution_rate")

#: The attendance of private and public members over the years (key → label), after the total.
SECTOR_FIGURES: dict[str, str] = {"private_rate": "민간 위원 참석률(합산)", "public_rate": "공공 위원 참석률(합산)"}


def sector_rates(records: pd.DataFrame) -> dict[str, float]:
    """Pooled attendance of private and public members: attended seats ÷ eligible seats × 100.

    Parameters
    ----------
    records : DataFrame
        :func:`sabo_eval.metrics.attendance.attendance_records` of one district-year
        (one row per eligible member and meeting, ``sector`` and ``attended``).

    Returns
    -------
    dict
        ``private_rate`` and ``public_rate`` (NaN when the sector had no eligible seat),
        computed as the total ``attendance_rate`` of the headline figures is.
    """
    out = {}
    for key, sector in (("private_rate", "private"), ("public_rate", "public")):
        seats = records.loc[records["sector"] == sector, "attended"] if len(records) else pd.Series(dtype=bool)
        out[key] = float(seats.astype(float).mean() * 100) if len(seats) else np.nan
    return out


def sector_rates_by_district(records: pd.DataFrame) -> pd.DataFrame:
    """:func:`sector_rates` of every district-year in ``records`` at once.

    Returns
    -------
    DataFrame
        Indexed by ``district_code``, columns ``private_rate`` and ``public_rate`` (NaN
        when a sector had no eligible seat); ``records`` must hold one year.
    """
    columns = ["private_rate", "public_rate"]
    if records.empty:
        return pd.DataFrame(columns=columns, index=pd.Index([], name="district_code"), dtype=float)
    seats = records.assign(attended=records["attended"].astype(float))
    rates = seats.groupby(["district_code", "sector"])["attended"].mean().mul(100).unstack("sector")
    rates = rates.reindex(columns=["private", "public"])
    rates.columns = columns
    codes = pd.Index(sorted(records["district_code"].unique()), name="district_code")
    return rates.reindex(codes).astype(float)


def trend_years(year: int, available: list[int] | set[int]) -> list[int]:
    """The years of the trend: those available within the :data:`MAX_YEARS` ending at ``year``, ascending."""
    return sorted(y for y in set(available) if year - MAX_YEARS < y <= year)


def trend_frame(figures_by_year: dict[int, dict[str, float]], indicators: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per figure and year.

    Parameters
    ----------
    figures_by_year : dict
        Year → :func:`sabo_eval.metrics.overview.headline_figures` of the district.
    indicators : DataFrame, optional
        :func:`sabo_eval.metrics.services.indicator_values` of the district over the
        years (``year, indicator_id, name, unit, value``).

    Returns
    -------
    DataFrame
        ``key, label, unit, year, value`` for :data:`TREND_HEADLINES` (with the
        :data:`SECTOR_FIGURES` after the total attendance when the figures have them) then the
        :data:`sabo_eval.metrics.summary.MAIN_INDICATORS` the district has, every
        year of ``figures_by_year`` present (NaN when a figure is missing that year).
    """
    years = sorted(figures_by_year)
    labels = {h.key: h for h in HEADLINES}
    rows = []
    shown = [(key, labels[key].label, labels[key].unit) for key in TREND_HEADLINES]
    at = TREND_HEADLINES.index("attendance_rate") + 1
    shown[at:at] = [(key, label, "%") for key, label in SECTOR_FIGURES.items()
                    if any(key in figures_by_year[y] for y in years)]
    for key, label, unit in shown:
        rows += [
            {"key": key, "label": label, "unit": unit, "year": y, "value": float(figures_by_year[y].get(key, np.nan))}
            for y in years
        ]
    if indicators is not None and len(indicators):
        for indicator in MAIN_INDICATORS:
            part = indicators[indicators["indicator_id"] == indicator]
            if part["value"].notna().sum() == 0:
                continue
            by_year = dict(zip(part["year"].astype(int), part["value"].astype(float), strict=True))
            name, unit = str(part["name"].iloc[0]), str(part["unit"].iloc[0])
            rows += [{"key": indicator, "label": name, "unit": unit, "year": y, "value": by_year.get(y, np.nan)} for y in years]
    return pd.DataFrame(rows, columns=["key", "label", "unit", "year", "value"])
