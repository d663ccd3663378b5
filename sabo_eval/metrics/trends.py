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

__all__ = ["MAX_YEARS", "TREND_HEADLINES", "trend_years", "trend_frame"]

#: At most this many years, the report's year included.
MAX_YEARS = 5

#: Headline figures shown over the years, in order.
TREND_HEADLINES: tuple[str, ...] = ("n_meetings", "attendance_rate", "subcommittee_rate", "achievement", "execution_rate")


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
        ``key, label, unit, year, value`` for :data:`TREND_HEADLINES` then the
        :data:`sabo_eval.metrics.summary.MAIN_INDICATORS` the district has, every
        year of ``figures_by_year`` present (NaN when a figure is missing that year).
    """
    years = sorted(figures_by_year)
    labels = {h.key: h for h in HEADLINES}
    rows = []
    for key in TREND_HEADLINES:
        h = labels[key]
        rows += [
            {"key": key, "label": h.label, "unit": h.unit, "year": y, "value": float(figures_by_year[y].get(key, np.nan))}
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
